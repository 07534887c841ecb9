using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace CloudVm.Emulator;

/// <summary>The emulator served over HTTP by Kestrel: the same <see cref="Emulation"/> the module runs in process, on a
/// loopback port, for the tests that need a wire (sockets, TLS, dropped connections, slow bodies) and for `dotnet run`.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    readonly WebApplication app;

    EmulatorHost(WebApplication app, EmulatorOptions options)
    {
        this.app = app;
        Emulation = new Emulation(options);
    }

    /// <summary>What is served: worlds, routes, faults, request logs.</summary>
    public Emulation Emulation { get; }
    /// <summary>World 0, at the root: what `dotnet run` and the playground use.</summary>
    public World Default => Emulation.Default;
    public Uri BaseAddress => Emulation.BaseAddress;
    public bool Https { get; private set; }

    // World 0's parts, for the playground and simple tests (a provider's store and endpoint: Default.Gpcn, Default.Profile(…)).
    public EmulatorOptions Options => Default.Options;
    public FaultInjector Faults => Default.Faults;
    public ConcurrentQueue<RecordedRequest> Requests => Default.Requests;
    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPart, string? method = null) => Default.RequestsTo(pathPart, method);

    /// <summary>A new world with its own state, clock and faults, served under /w/{n}.</summary>
    public World AddWorld(EmulatorOptions options) => Emulation.AddWorld(options);

    public void RemoveWorld(World w) => Emulation.RemoveWorld(w);

    /// <summary>Starts on the given URL (port 0 picks a free one); with <paramref name="https"/>, on https with a
    /// self-signed certificate no machine trusts (for the TLS tests).</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, string url = "http://127.0.0.1:0", bool https = false)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        if (https)
        {
            var cert = SelfSigned();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(cert)));
        }
        else builder.WebHost.UseUrls(url);
        if (options.Quiet) builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new EmulatorHost(app, options) { Https = https };

        // Every request goes to the emulation; what it answers is written here, and what only a wire can do (drop the
        // connection before or after serving, stream a slow huge body) is done here.
        app.Run(async ctx =>
        {
            var rq = ctx.Request;
            using var buffer = new MemoryStream();
            await rq.Body.CopyToAsync(buffer, ctx.RequestAborted);
            var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (rq.Path + rq.QueryString).ToString();
            var headers = rq.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? "")));
            var request = new Web.HttpRequest(rq.Method, raw, headers, buffer.ToArray());
            var answer = await host.Emulation.HandleAsync(request, ctx.RequestAborted);
            if (answer.Drop != EmulatorDrop.None) { ctx.Abort(); return; }
            ctx.Response.StatusCode = answer.StatusCode;
            foreach (var h in answer.Headers) ctx.Response.Headers.Append(h.Key, h.Value);
            if (answer.ContentType != null) ctx.Response.ContentType = answer.ContentType;
            if (answer.HugeBodyBytes != null)
            {
                try { await answer.WriteHugeBodyAsync(ctx.Response.Body, answer.Clock, ctx.RequestAborted); }
                catch (OperationCanceledException) { }
                catch (IOException) { }
                return;
            }
            if (answer.Body != null) await ctx.Response.WriteAsync(answer.Body, ctx.RequestAborted);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Emulation.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/') + "/");
        return host;
    }

    static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=cloudvm-emulator-untrusted", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public Task RunUntilStoppedAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
