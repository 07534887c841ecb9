using System;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CloudVm.Http
{
    /// <summary>The module's one IHttpClientFactory: a named client whose handler chain is
    /// retry (Polly) → redacting trace → the platform handler. Handlers are pooled and rotated by the
    /// factory; sessions create cheap HttpClient instances on top of them.</summary>
    public static class CloudVmHttp
    {
        public const string ClientName = "CloudVm";
        static readonly Lazy<IHttpClientFactory> Factory = new Lazy<IHttpClientFactory>(Build);

        static IHttpClientFactory Build()
        {
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
                .AddHttpMessageHandler(() => new RetryHandler())
                .AddHttpMessageHandler(() => new TraceHandler())
                .SetHandlerLifetime(TimeSpan.FromMinutes(5));
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }

        public static HttpClient CreateClient(TimeSpan timeout)
        {
            var client = Factory.Value.CreateClient(ClientName);
            client.Timeout = timeout;
            return client;
        }

        /// <summary>Marks a request as safe to send again after a 429/503 or a dropped connection.</summary>
        public static void MarkIdempotent(HttpRequestMessage request) => request.Properties[IdempotentKey] = true;

        internal const string IdempotentKey = "CloudVm.Idempotent";

        internal static bool IsIdempotent(HttpRequestMessage request) =>
            request.Properties.TryGetValue(IdempotentKey, out var v) && v is true;
    }
}
