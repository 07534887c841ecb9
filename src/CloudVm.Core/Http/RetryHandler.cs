using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace CloudVm.Http
{
    /// <summary>Retries 429, 502, 503, 504 and dropped connections, honouring Retry-After, but only for
    /// requests marked idempotent: a create that may have reached the server is never sent again.</summary>
    public sealed class RetryHandler : DelegatingHandler
    {
        /// <summary>A Retry-After longer than this is not waited for: the error goes to the user.</summary>
        public static TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(120);
        public static int MaxAttempts { get; set; } = 4;

        static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new ResiliencePropertyKey<HttpRequestMessage>("request");

        static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var what = args.Outcome.Result != null ? $"HTTP {(int)args.Outcome.Result.StatusCode}" : args.Outcome.Exception?.GetType().Name;
                    CloudVmLog.Verbose($"Retrying after {what}; waiting {args.RetryDelay.TotalSeconds:0.##} s (attempt {args.AttemptNumber + 2}).");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();

        static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            if (context.CancellationToken.IsCancellationRequested) return false;
            if (!context.Properties.TryGetValue(RequestKey, out var request) || !CloudVmHttp.IsIdempotent(request)) return false;
            if (outcome.Exception != null) return outcome.Exception is HttpRequestException || outcome.Exception is TaskCanceledException;
            var response = outcome.Result!;
            var status = (int)response.StatusCode;
            if (status != 429 && status != 502 && status != 503 && status != 504) return false;
            var after = RetryAfter(response);
            return after == null || after <= MaxRetryAfter;
        }

        internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
        {
            var header = response?.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta is TimeSpan d) return d < TimeSpan.Zero ? TimeSpan.Zero : d;
            if (header.Date is DateTimeOffset when)
            {
                var wait = when - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestKey, request);
            try
            {
                return await Pipeline.ExecuteAsync(
                    static async (ctx, state) => await state.self.SendOnce(state.request, ctx.CancellationToken).ConfigureAwait(false),
                    context, (self: this, request)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        Task<HttpResponseMessage> SendOnce(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
    }
}
