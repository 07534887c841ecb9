using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace CloudVm.Emulator;

/// <summary>The emulator in process: an <see cref="HttpMessageHandler"/> that answers every request from an
/// <see cref="Emulation"/>, so the whole client stack above it (auth, retries, paging, redaction) runs unchanged and no
/// socket is ever opened. A request for any other host is refused as a name that does not resolve: a session on the
/// emulator can reach nothing else. A fault that drops the connection, before or after serving, is the
/// HttpRequestException a reset connection gives.</summary>
public sealed class EmulatorHandler : HttpMessageHandler
{
    public EmulatorHandler(Emulation emulation) => Emulation = emulation;

    public Emulation Emulation { get; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var message = request;
        var uri = message.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        if (!string.Equals(uri.Host, Emulation.BaseAddress.Host, StringComparison.OrdinalIgnoreCase))
            throw new HttpRequestException($"The in-process emulator answers only {Emulation.BaseAddress.Host}; nothing was sent to {uri.Host}.",
                new SocketException((int)SocketError.HostNotFound));
        var body = message.Content == null ? Array.Empty<byte>() : await message.Content.ReadAsByteArrayAsync(
#if NET8_0_OR_GREATER
            cancellationToken
#endif
            ).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", uri.IsDefaultPort ? uri.Host : uri.Authority),
        };
        foreach (var h in message.Headers) foreach (var v in h.Value) headers.Add(new(h.Key, v));
        if (message.Content != null) foreach (var h in message.Content.Headers) foreach (var v in h.Value) headers.Add(new(h.Key, v));
        var emulated = new Web.HttpRequest(message.Method.Method, uri.PathAndQuery, headers, body);
        var answer = await Emulation.HandleAsync(emulated, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (answer.Drop != EmulatorDrop.None)
            throw new HttpRequestException("The emulator closed the connection without an answer (an emulated fault).",
                new IOException("The response ended prematurely."));

        var response = new HttpResponseMessage((HttpStatusCode)answer.StatusCode) { RequestMessage = message };
        HttpContent content;
        if (answer.HugeBodyBytes != null)
        {
            var buffer = new MemoryStream();
            await answer.WriteHugeBodyAsync(buffer, answer.Clock, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            content = new StreamContent(buffer);
        }
        else content = new ByteArrayContent(answer.Body == null ? Array.Empty<byte>() : System.Text.Encoding.UTF8.GetBytes(answer.Body));
        if (answer.ContentType != null && MediaTypeHeaderValue.TryParse(answer.ContentType, out var type)) content.Headers.ContentType = type;
        foreach (var h in answer.Headers)
            if (!response.Headers.TryAddWithoutValidation(h.Key, h.Value)) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        response.Content = content;
        return response;
    }
}
