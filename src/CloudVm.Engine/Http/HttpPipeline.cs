using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
#if !NET8_0_OR_GREATER
using Microsoft.Extensions.DependencyInjection;
#endif
using Polly;
using Polly.Retry;

namespace CloudVm.Http
{
    /// <summary>A session's HTTP: one shared handler (Microsoft.Extensions.Http's factory rotates it for DNS changes),
    /// Polly retries decided by each request's <see cref="RepeatSafety"/>, a per-attempt timeout from the session's
    /// clock, a rate gate that slows every request of the session after a 429, answers read within a size limit,
    /// redirects refused, and a trace that costs nothing unless -Verbose or -Debug is on.</summary>
    public sealed class HttpPipeline
    {
        readonly CloudProvider provider;
        readonly ProviderFeatures features;
        readonly Uri endpoint;
        readonly CloudVmSessionOptions options;
        readonly TimeProvider clock;
        readonly Func<HttpRequestMessage, byte[]?, IEnumerable<KeyValuePair<string, string>>> authenticate;
        readonly ResiliencePipeline<Attempt> retry;
        readonly RateGate gate;
        readonly string? authHeader;

        static readonly ResiliencePropertyKey<ApiRequest> RequestKey = new ResiliencePropertyKey<ApiRequest>("cloudvm.request");
        static readonly ResiliencePropertyKey<Flag> ActedKey = new ResiliencePropertyKey<Flag>("cloudvm.acted");
        static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new ResiliencePropertyKey<DateTimeOffset>("cloudvm.deadline");

        public HttpPipeline(ProviderFeatures features, Uri endpoint, CloudVmSessionOptions options, TimeProvider clock, Func<HttpRequestMessage, byte[]?, IEnumerable<KeyValuePair<string, string>>> authenticate, Redactor redactor)
        {
            this.features = features;
            provider = features.Provider;
            this.endpoint = endpoint;
            this.options = options;
            this.clock = clock;
            this.authenticate = authenticate;
            Redactor = redactor;
            authHeader = options.AuthHeader;
            gate = new RateGate(clock);
            var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = clock };
            // One attempt (MaxAttempts = 1) is a valid setting: no retry strategy at all (Polly refuses zero retries).
            if (options.MaxAttempts > 1)
                builder.AddRetry(new RetryStrategyOptions<Attempt>
                {
                    MaxRetryAttempts = options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(500),
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result is Attempt a && ShouldRetry(a, args.Context)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.RetryAfter),
                    OnRetry = args =>
                    {
                        var a = args.Outcome.Result!;
                        if (CloudVmLog.VerboseEnabled)
                            CloudVmLog.Verbose($"{Display}: {a.Describe()}; trying again in {args.RetryDelay.TotalSeconds:0.##} s (attempt {args.AttemptNumber + 2} of {options.MaxAttempts}).");
                        a.Response?.Dispose();
                        return default;
                    },
                });
            retry = builder.Build();
        }

        public Redactor Redactor { get; }
        string Display => provider.DisplayName;

        /// <summary>Sends the request (and repeats it as far as its safety allows). The answer may be an error
        /// status: the client reads its error body. Failures without an answer are CloudVm.Network errors.</summary>
        public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken ct)
        {
            var body = request.BodyBytes();
            var context = ResilienceContextPool.Shared.Get(ct);
            var acted = new Flag();
            context.Properties.Set(RequestKey, request);
            context.Properties.Set(ActedKey, acted);
            var total = options.TotalRequestTime;
            acted.Deadline = total >= TimeSpan.FromDays(1) ? DateTimeOffset.MaxValue : clock.GetUtcNow() + total;
            context.Properties.Set(DeadlineKey, acted.Deadline);
            Attempt result;
            try
            {
                // The state is a class, so Polly's generic code is shared (and JIT-compiled once per process, not per shape).
                result = await retry.ExecuteAsync(static (ctx, s) => s.Pipeline.AttemptAsync(s.Request, s.Body, s.Acted, ctx.CancellationToken),
                    context, new Send(this, request, body, acted)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && acted.Sending && MustNotRepeat(request.Safety))
            {
                // Ctrl+C (or a caller's cancellation) after the request went out: the provider may be doing it right now.
                CloudVmLog.Warning($"Stopped while {Display} had {request.Method} {PathOf(request)}: {LostAnswer.Advice(Display, request)}");
                throw;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
            if (result.Response != null) return result.Response;
            throw NetworkError(request, result, acted.Value);
        }

        static bool MustNotRepeat(RepeatSafety s) => s == RepeatSafety.Action || s == RepeatSafety.Create;

        static string PathOf(ApiRequest r) => r.Path.Split('?')[0];

        /// <summary>The provider refuses with this status before doing anything (429; what the provider declares).</summary>
        bool RefusedBeforeActing(int status) => status == 429 || features.RefusedBeforeActing.Contains(status);

        /// <summary>A status that can stand in for an answer lost after the provider acted: a 5xx (a gateway that gave up, a
        /// server that failed after doing the work) other than 501 (not implemented) and what the provider declares a refusal.</summary>
        bool MayFollowActing(int status) => status >= 500 && status != 501 && !RefusedBeforeActing(status);

        bool ShouldRetry(Attempt a, ResilienceContext ctx)
        {
            if (ctx.CancellationToken.IsCancellationRequested || a.Fatal != null) return false;
            var safety = ctx.Properties.GetValue(RequestKey, null!).Safety;
            var acted = ctx.Properties.GetValue(ActedKey, null!);
            // The request's total time is bounded: no attempt starts once its wait would reach the deadline.
            var deadline = ctx.Properties.GetValue(DeadlineKey, DateTimeOffset.MaxValue);
            if (deadline != DateTimeOffset.MaxValue && clock.GetUtcNow() + (a.RetryAfter ?? TimeSpan.Zero) >= deadline) return false;
            if (a.Response is ApiResponse r)
            {
                if (RefusedBeforeActing(r.Status))
                {
                    if (a.RetryAfter is TimeSpan wait && wait > options.MaxRetryAfter) return false;
                    if (r.Status == 429 && a.RetryAfter is TimeSpan w) gate.Hold(w);
                    return true;
                }
                switch (r.Status)
                {
                    case 502:
                    case 503:
                    case 504:
                        // A gateway may have passed the request on before it gave up: it may have acted. Reads and converging
                        // calls are sent again; what must not repeat is not.
                        if (a.RetryAfter is TimeSpan w5 && w5 > options.MaxRetryAfter) return false;
                        if (safety == RepeatSafety.Read || safety == RepeatSafety.Converging) return true;
                        acted.Value = true;
                        return false;
                    default:
                        if (MayFollowActing(r.Status)) acted.Value = true;
                        return false;
                }
            }
            if (a.Tls) return false;
            if (a.NotSent) return true;
            acted.Value = true;
            return safety == RepeatSafety.Read || safety == RepeatSafety.Converging;
        }

        async ValueTask<Attempt> AttemptAsync(ApiRequest r, byte[]? body, Flag acted, CancellationToken ct)
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            var uri = new Uri(endpoint, r.Path);
            using var message = new HttpRequestMessage(r.Method, uri);
            if (body != null)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            else if (r.Safety == RepeatSafety.Action || r.Safety == RepeatSafety.Create) message.Content = new ByteArrayContent(Array.Empty<byte>());
            message.Headers.Accept.Add(Json);
            message.Headers.UserAgent.Add(UserAgent);
            // .NET Framework's HttpClient (Windows PowerShell 5.1) sends "Expect: 100-continue" with every body unless told
            // not to: a wasted round trip, or a stall with servers that never answer 100. No request of CloudVm's expects it.
            message.Headers.ExpectContinue = false;
            // The transport guard: every header a provider adds, its credentials included, and the URL, pass here.
            CheckUrl(uri, r);
            if (r.Headers != null) foreach (var h in r.Headers) AddHeader(message, h.Key, h.Value, r);
            foreach (var h in authenticate(message, body)) AddHeader(message, h.Key, h.Value, r);
            bool verbose = CloudVmLog.VerboseEnabled, debug = CloudVmLog.DebugEnabled;
            int attempt = Interlocked.Increment(ref acted.Attempts);
            if (verbose) CloudVmLog.Verbose($"{r.Method} {Redactor.Redact(uri.ToString())}{(attempt > 1 ? $" (attempt {attempt} of {options.MaxAttempts})" : "")}");
            if (debug) TraceRequest(message, body);
            var watch = verbose ? Stopwatch.StartNew() : null;

            // Each attempt gets the request timeout, cut to what is left of the request's total time.
            var attemptTimeout = options.RequestTimeout;
            if (acted.Deadline != DateTimeOffset.MaxValue)
            {
                var left = acted.Deadline - clock.GetUtcNow();
                if (left < attemptTimeout) attemptTimeout = left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
            }
            using var timeout = Clocks.CancelAfter(clock, attemptTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            HttpResponseMessage response;
            acted.Sending = true;
            try
            {
                response = await (options.Emulated ? CloudVmEmulator.Client() : Client.Value).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                return Attempt.Failed(uri, timedOut: true, notSent: false, tls: false, error: null, timeout: attemptTimeout);
            }
            catch (HttpRequestException e)
            {
                return Attempt.Failed(uri, timedOut: false, notSent: NotSent(e), tls: IsTls(e), error: e, timeout: options.RequestTimeout);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var retryAfter = RetryAfter(response);
                if (status >= 300 && status < 400)
                {
                    var location = response.Headers.Location?.ToString();
                    return Attempt.Fail(new CloudVmException(CloudVmErrorKind.InvalidResponse,
                        $"{Display} answered {r.Method} {uri.AbsolutePath} with a redirect (HTTP {status}{(location == null ? "" : " to " + Redactor.Redact(location))}), which CloudVm does not follow.")
                    {
                        Provider = provider, HttpStatus = status, Target = r.Target,
                        RecommendedAction = $"Check -Endpoint ({endpoint}): it should be the API's base URL itself.",
                    });
                }
                byte[] bytes;
                int length;
                try
                {
                    (bytes, length) = await ReadBodyAsync(response, options.MaxResponseBytes, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException)
                {
                    return Attempt.Failed(uri, timedOut: true, notSent: false, tls: false, error: null, timeout: attemptTimeout);
                }
                catch (InvalidDataException)
                {
                    // A body its Content-Encoding does not decode (gzip on plain text; the handler has taken the header off by now).
                    return Attempt.Fail(new CloudVmException(CloudVmErrorKind.InvalidResponse,
                        $"{Display} answered {r.Method} {uri.AbsolutePath} with a compressed body (Content-Encoding) that does not decode (HTTP {status}). CloudVm does not guess what such an answer means.")
                    {
                        Provider = provider, HttpStatus = status, Target = r.Target, MayHaveActed = MustNotRepeat(r.Safety),
                        RecommendedAction = MustNotRepeat(r.Safety) ? LostAnswer.Advice(Display, r) : "Try again later; if it persists, a proxy may be rewriting the provider's answers (check -Endpoint).",
                    });
                }
                catch (TooLarge big)
                {
                    return Attempt.Fail(new CloudVmException(CloudVmErrorKind.InvalidResponse,
                        $"{Display} answered {r.Method} {uri.AbsolutePath} with more than {options.MaxResponseBytes / (1024 * 1024.0):0.#} MB{(big.Declared is long d ? $" ({d / (1024 * 1024.0):0.#} MB announced)" : "")}; CloudVm refuses answers over the session's limit.")
                    {
                        Provider = provider, HttpStatus = status, Target = r.Target,
                        RecommendedAction = "Raise the limit with Connect-CloudVm -MaxResponseSizeMB if the answer is expected to be this large.",
                    });
                }
                catch (Exception e) when (e is IOException || e is HttpRequestException)
                {
                    return Attempt.Failed(uri, timedOut: false, notSent: false, tls: false, error: e, timeout: attemptTimeout);
                }
                if (retryAfter == null && (status == 429 || status == 503) && features.RetryAfterField != null) retryAfter = RetryAfterInBody(bytes, length, features.RetryAfterField);
                if (verbose) CloudVmLog.Verbose($"{status} {response.ReasonPhrase} from {r.Method} {uri.AbsolutePath} in {watch!.ElapsedMilliseconds} ms ({length} bytes)");
                if (debug) TraceResponse(response, bytes, length);
                var api = new ApiResponse(status, response.Content?.Headers.ContentType?.MediaType, bytes, length, r, Redactor, provider,
                    MustNotRepeat(r.Safety) && (acted.Value || MayFollowActing(status)), retryAfter);
                return Attempt.Of(api, retryAfter);
            }
        }

        /// <summary>Adds one header: its name must be an RFC 9110 token and its value free of control characters (CR, LF,
        /// NUL, other C0, DEL), or nothing is sent — a CR/LF in a value would start a new header or a new request on the
        /// wire. The error names the header, never its value (it may be a key).</summary>
        void AddHeader(HttpRequestMessage message, string name, string value, ApiRequest r)
        {
            if (!Input.IsToken(name))
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"{Display}: a header name that is not a token ('{Input.Neutralize(name)}') was refused before {r.Method} {PathOf(r)} was sent.") { Provider = provider, Target = r.Target };
            if (!Input.IsHeaderValue(value))
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"{Display}: the {name} header holds a control character (such as a line break) or a character beyond ASCII, so {r.Method} {PathOf(r)} was not sent.")
                {
                    Provider = provider, Target = r.Target,
                    RecommendedAction = "Check the value's source: the parameter, the environment variable or the saved connection that set it.",
                };
            message.Headers.TryAddWithoutValidation(name, value);
        }

        /// <summary>A URL with a raw control character in it is never sent (paths are built from escaped segments; this
        /// holds whatever a client builds).</summary>
        void CheckUrl(Uri uri, ApiRequest r)
        {
            if (Input.HasControl(uri.OriginalString) || Input.HasControl(uri.AbsoluteUri))
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"{Display}: a request URL held a control character and was not sent ({r.Method}).") { Provider = provider, Target = r.Target };
        }

        CloudVmException NetworkError(ApiRequest r, Attempt a, bool mayHaveActed)
        {
            if (a.Fatal != null) return a.Fatal;
            var path = a.Uri?.AbsolutePath ?? r.Path;
            string what;
            if (a.Tls) what = $"could not make a trusted TLS connection to {a.Uri?.Host}: {Redactor.Redact(a.Error?.GetBaseException().Message)}";
            else if (a.TimedOut) what = $"did not answer {r.Method} {path} within {options.RequestTimeout.TotalSeconds:0.#} s"
                + (a.Timeout < options.RequestTimeout ? $" (the request's {options.TotalRequestTime.TotalSeconds:0.#} s across attempts ran out)" : "");
            else if (a.NotSent) what = $"could not be reached at {a.Uri?.GetLeftPart(UriPartial.Authority)} ({Redactor.Redact(a.Error?.GetBaseException().Message)})";
            else what = $"{r.Method} {path} failed without an answer ({Redactor.Redact(a.Error?.GetBaseException().Message)})";
            var acted = !a.NotSent && !a.Tls && r.Safety != RepeatSafety.Read && (mayHaveActed || a.TimedOut || !a.NotSent);
            var e = new CloudVmException(CloudVmErrorKind.Network, $"{Display} {what}.", a.Error)
            {
                Provider = provider,
                Target = r.Target,
                Permanent = a.Tls,
                MayHaveActed = acted && (r.Safety == RepeatSafety.Action || r.Safety == RepeatSafety.Create),
            };
            if (e.MayHaveActed)
                e.RecommendedAction = LostAnswer.Advice(Display, r);
            else if (a.Tls)
                e.RecommendedAction = "CloudVm accepts only certificates this machine trusts. Check -Endpoint, or install the certificate authority that signed the server's certificate.";
            else if (a.TimedOut)
                e.RecommendedAction = "The provider may be slow; Connect-CloudVm -RequestTimeoutSeconds sets how long one request may take.";
            return e;
        }

        // ---- the shared handler ----

        static readonly MediaTypeWithQualityHeaderValue Json = new MediaTypeWithQualityHeaderValue("application/json");
        static readonly ProductInfoHeaderValue UserAgent = new ProductInfoHeaderValue("CloudVm-PowerShell", typeof(HttpPipeline).Assembly.GetName().Version?.ToString(3) ?? "0");

        /// <summary>One client for the process. On PowerShell 7 (.NET 8+): a SocketsHttpHandler whose pooled connections
        /// live at most 5 minutes, so DNS changes are seen — what .NET recommends for a long-lived client, and what
        /// IHttpClientFactory's handler rotation does, without building a DI container on the first request (that alone cost
        /// ~100 ms of a fresh process's first Connect-CloudVm). On Windows PowerShell 5.1 (.NET Framework, no pooled-connection
        /// lifetime): Microsoft.Extensions.Http's factory rotates the handler every 5 minutes. Either way redirects are not
        /// followed and no cookies are kept.</summary>
        static readonly Lazy<HttpClient> Client = new Lazy<HttpClient>(() =>
        {
#if NET8_0_OR_GREATER
            var client = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
                ConnectTimeout = TimeSpan.FromSeconds(30),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
#else
            var services = new ServiceCollection();
            services.AddHttpClient("CloudVm")
                .ConfigurePrimaryHttpMessageHandler(() =>
                {
                    var h = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
                    try { h.MaxConnectionsPerServer = 64; } catch (PlatformNotSupportedException) { }
                    return h;
                })
                .SetHandlerLifetime(TimeSpan.FromMinutes(5));
            var client = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("CloudVm");
#endif
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            return client;
        });

        // ---- reading ----

        sealed class TooLarge : Exception
        {
            public TooLarge(long? declared) => Declared = declared;
            public long? Declared { get; }
        }

        /// <summary>The body, read within the limit into a buffer from the shared pool (the answer gives it back when it
        /// is disposed): a list page's bytes are read, parsed and dropped, so they need not be garbage.</summary>
        static async Task<(byte[], int)> ReadBodyAsync(HttpResponseMessage response, long limit, CancellationToken ct)
        {
            if (response.Content == null) return (Array.Empty<byte>(), 0);
            limit = Math.Max(0, Math.Min(limit, int.MaxValue - 1024));   // one array holds the answer
            var declared = response.Content.Headers.ContentLength;
            if (declared > limit) throw new TooLarge(declared);
#if NET8_0_OR_GREATER
            using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#else
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            var pool = System.Buffers.ArrayPool<byte>.Shared;
            var buffer = pool.Rent(declared is long d && d > 0 ? (int)d + 1 : 16 * 1024);
            int total = 0;
            try
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        if (buffer.Length > limit) throw new TooLarge(declared);
                        var bigger = pool.Rent((int)Math.Min(Math.Max(buffer.Length * 2L, 4096), limit + 1));
                        Buffer.BlockCopy(buffer, 0, bigger, 0, total);
                        pool.Return(buffer);
                        buffer = bigger;
                    }
#if NET8_0_OR_GREATER
                    var n = await stream.ReadAsync(buffer.AsMemory(total, buffer.Length - total), ct).ConfigureAwait(false);
#else
                    var n = await stream.ReadAsync(buffer, total, buffer.Length - total, ct).ConfigureAwait(false);
#endif
                    if (n == 0) break;
                    total += n;
                    if (total > limit) throw new TooLarge(declared);
                }
                return (buffer, total);
            }
            catch
            {
                pool.Return(buffer);
                throw;
            }
        }

        /// <summary>Seconds to wait as the body says (a provider's declared field, such as GPCN's error.retryAfter), when a
        /// small JSON body has a non-negative number there; anything else is no advice.</summary>
        internal static TimeSpan? RetryAfterInBody(byte[] bytes, int length, string path)
        {
            if (length == 0 || length > 64 * 1024) return null;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, 0, length));
                var e = doc.RootElement;
                foreach (var part in path.Split('.'))
                {
                    if (e.ValueKind != System.Text.Json.JsonValueKind.Object || !e.TryGetProperty(part, out e)) return null;
                }
                double seconds;
                if (e.ValueKind == System.Text.Json.JsonValueKind.Number && e.TryGetDouble(out seconds)) { }
                else if (e.ValueKind == System.Text.Json.JsonValueKind.String && double.TryParse(e.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out seconds)) { }
                else return null;
                return seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        internal static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta is TimeSpan d) return d < TimeSpan.Zero ? TimeSpan.Zero : d;
            if (header.Date is DateTimeOffset when)
            {
                var wait = when - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        /// <summary>The connection was refused or the host not found: nothing reached the provider.</summary>
        static bool NotSent(HttpRequestException e)
        {
#if NET8_0_OR_GREATER
            if (e.HttpRequestError == HttpRequestError.ConnectionError || e.HttpRequestError == HttpRequestError.NameResolutionError) return true;
#endif
            for (Exception? x = e; x != null; x = x.InnerException)
                if (x is SocketException s && (s.SocketErrorCode == SocketError.ConnectionRefused || s.SocketErrorCode == SocketError.HostNotFound
                    || s.SocketErrorCode == SocketError.NetworkUnreachable || s.SocketErrorCode == SocketError.HostUnreachable || s.SocketErrorCode == SocketError.TryAgain))
                    return true;
            return false;
        }

        static bool IsTls(HttpRequestException e)
        {
#if NET8_0_OR_GREATER
            if (e.HttpRequestError == HttpRequestError.SecureConnectionError) return true;
#endif
            for (Exception? x = e; x != null; x = x.InnerException)
                if (x is AuthenticationException) return true;
            return false;
        }

        // ---- trace (only with -Debug) ----

        void TraceRequest(HttpRequestMessage m, byte[]? body)
        {
            CloudVmLog.Debug("Request headers: " + Headers(m.Headers.Concat(m.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())));
            if (body != null) CloudVmLog.Debug("Request body: " + BodyText(body, body.Length));
        }

        void TraceResponse(HttpResponseMessage m, byte[] body, int length)
        {
            CloudVmLog.Debug("Response headers: " + Headers(m.Headers.Concat(m.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())));
            if (length > 0) CloudVmLog.Debug("Response body: " + BodyText(body, length));
        }

        string Headers(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
        {
            var sb = new StringBuilder();
            foreach (var h in headers)
            {
                if (sb.Length > 0) sb.Append("; ");
                bool secret = Redactor.IsSecretHeader(h.Key) || (authHeader != null && string.Equals(h.Key, authHeader, StringComparison.OrdinalIgnoreCase));
                sb.Append(h.Key).Append(": ").Append(secret ? Redactor.Mask : Redactor.Redact(string.Join(",", h.Value)));
            }
            return sb.ToString();
        }

        /// <summary>Redacted first, then cut (a key across the cut is hidden whole): the cost does not grow with the body, and
        /// it is paid only with -Debug on.</summary>
        string BodyText(byte[] body, int length)
        {
            const int Max = 4000;
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(length, Max * 2 + 4096));
            var redacted = Redactor.Redact(text, Max, out var cut);
            return Input.Neutralize(redacted) + (cut || text.Length < length ? $"… ({length} bytes)" : "");
        }

        // ---- attempts ----

        sealed class Flag
        {
            /// <summary>An earlier attempt, or this answer, may have reached the provider and acted.</summary>
            public bool Value;
            /// <summary>An attempt was handed to the transport (its request may be on the wire).</summary>
            public volatile bool Sending;
            /// <summary>Attempts started.</summary>
            public int Attempts;
            /// <summary>When the request's total time runs out.</summary>
            public DateTimeOffset Deadline = DateTimeOffset.MaxValue;
        }

        sealed class Send
        {
            public Send(HttpPipeline pipeline, ApiRequest request, byte[]? body, Flag acted)
            {
                Pipeline = pipeline;
                Request = request;
                Body = body;
                Acted = acted;
            }

            public readonly HttpPipeline Pipeline;
            public readonly ApiRequest Request;
            public readonly byte[]? Body;
            public readonly Flag Acted;
        }

        sealed class Attempt
        {
            public ApiResponse? Response;
            public TimeSpan? RetryAfter;
            public CloudVmException? Fatal;
            public Exception? Error;
            public Uri? Uri;
            public bool TimedOut, NotSent, Tls;
            public TimeSpan Timeout;

            public static Attempt Of(ApiResponse r, TimeSpan? retryAfter) => new Attempt { Response = r, RetryAfter = retryAfter };
            public static Attempt Fail(CloudVmException e) => new Attempt { Fatal = e };
            public static Attempt Failed(Uri uri, bool timedOut, bool notSent, bool tls, Exception? error, TimeSpan timeout) =>
                new Attempt { Uri = uri, TimedOut = timedOut, NotSent = notSent, Tls = tls, Error = error, Timeout = timeout };

            public string Describe() => Response != null ? $"HTTP {Response.Status}" : TimedOut ? "no answer in time" : NotSent ? "connection refused" : Error?.GetBaseException().GetType().Name ?? "failure";
        }
    }

    /// <summary>After a 429 with Retry-After, every request of the session waits until then, so requests in flight
    /// together slow down together instead of each running into the limit.</summary>
    sealed class RateGate
    {
        readonly TimeProvider clock;
        long notBeforeTicks;

        public RateGate(TimeProvider clock) => this.clock = clock;

        public void Hold(TimeSpan wait)
        {
            var until = clock.GetUtcNow().Add(wait).UtcTicks;
            long seen;
            do
            {
                seen = Interlocked.Read(ref notBeforeTicks);
                if (seen >= until) return;
            } while (Interlocked.CompareExchange(ref notBeforeTicks, until, seen) != seen);
        }

        public Task WaitAsync(CancellationToken ct)
        {
            var until = Interlocked.Read(ref notBeforeTicks);
            if (until == 0) return Task.CompletedTask;
            var wait = new DateTimeOffset(until, TimeSpan.Zero) - clock.GetUtcNow();
            return wait <= TimeSpan.Zero ? Task.CompletedTask : Clocks.Delay(clock, wait, ct);
        }
    }

    /// <summary>TimeProvider helpers for both target frameworks.</summary>
    public static class Clocks
    {
        public static CancellationTokenSource CancelAfter(TimeProvider clock, TimeSpan delay)
        {
            if (delay == System.Threading.Timeout.InfiniteTimeSpan || delay >= TimeSpan.FromDays(1)) return new CancellationTokenSource();
#if NET8_0_OR_GREATER
            return new CancellationTokenSource(delay, clock);
#else
            return clock.CreateCancellationTokenSource(delay);
#endif
        }

        public static Task Delay(TimeProvider clock, TimeSpan delay, CancellationToken ct)
        {
            if (delay <= TimeSpan.Zero) return Task.CompletedTask;
#if NET8_0_OR_GREATER
            return Task.Delay(delay, clock, ct);
#else
            return clock.Delay(delay, ct);
#endif
        }
    }
}
