using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Http
{
    /// <summary>Writes each attempt to the verbose stream (method, URL, status, time) and, for -Debug,
    /// the headers and JSON bodies with every credential and secret field redacted.</summary>
    public sealed class TraceHandler : DelegatingHandler
    {
        static readonly Regex SecretHeader = new Regex("key|auth|secret|token|signature|cookie", RegexOptions.IgnoreCase | RegexOptions.Compiled);
        static readonly Regex SecretField = new Regex(
            "(\"[^\"]*(password|privatekey|private_key|secret|token|apikey|api_key|consoleurl|console_url)[^\"]*\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        public static string RedactBody(string body) => SecretField.Replace(body, "$1\"***\"");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = CloudVmLog.Current;
            if (log == null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            log.Verbose($"{request.Method} {request.RequestUri}");
            log.Debug("Request headers: " + Headers(request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<System.Collections.Generic.KeyValuePair<string, System.Collections.Generic.IEnumerable<string>>>())));
            if (request.Content != null)
                log.Debug("Request body: " + Truncate(RedactBody(await request.Content.ReadAsStringAsync().ConfigureAwait(false))));

            var watch = Stopwatch.StartNew();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log.Verbose($"{(int)response.StatusCode} {response.ReasonPhrase} from {request.Method} {request.RequestUri?.AbsolutePath} in {watch.ElapsedMilliseconds} ms");
            if (response.Content != null)
            {
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                log.Debug("Response body: " + Truncate(RedactBody(await response.Content.ReadAsStringAsync().ConfigureAwait(false))));
            }
            return response;
        }

        static string Headers(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, System.Collections.Generic.IEnumerable<string>>> headers)
        {
            var sb = new StringBuilder();
            foreach (var h in headers)
            {
                if (sb.Length > 0) sb.Append("; ");
                sb.Append(h.Key).Append(": ").Append(SecretHeader.IsMatch(h.Key) ? "***" : string.Join(",", h.Value));
            }
            return sb.ToString();
        }

        static string Truncate(string s) => s.Length <= 4000 ? s : s.Substring(0, 4000) + $"… ({s.Length} chars)";
    }
}
