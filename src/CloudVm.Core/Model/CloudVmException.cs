using System;

namespace CloudVm
{
    /// <summary>What kind of failure; becomes the ErrorRecord's stable error id and category.</summary>
    public enum CloudVmErrorKind
    {
        InvalidArgument,
        NotFound,
        Unauthorized,
        Forbidden,
        Conflict,
        RateLimited,
        ServerError,
        Network,
        NotSupported,
        JobFailed,
        Timeout,
        ProviderError,
        NoSession,
    }

    /// <summary>Every failure the module reports. Carries the provider's own error code, message and the
    /// HTTP status; never a credential.</summary>
    public class CloudVmException : Exception
    {
        public CloudVmException(CloudVmErrorKind kind, string message, Exception? inner = null) : base(message, inner)
        {
            Kind = kind;
        }

        public CloudVmErrorKind Kind { get; }
        public CloudProvider? Provider { get; set; }
        public int? HttpStatus { get; set; }
        public string? ProviderCode { get; set; }
        public string? ProviderMessage { get; set; }
        /// <summary>What the error is about (a VM, an id, a job).</summary>
        public object? Target { get; set; }

        /// <summary>Stable error id, e.g. "CloudVm.NotFound".</summary>
        public string ErrorId => "CloudVm." + Kind;

        public static CloudVmException NotSupported(CloudProvider provider, string operation, string? hint = null) =>
            new CloudVmException(CloudVmErrorKind.NotSupported,
                $"{Providers.ProviderCatalog.DisplayName(provider)} does not support {operation}." + (hint == null ? "" : " " + hint))
            { Provider = provider };

        public static CloudVmException Invalid(string message, object? target = null) =>
            new CloudVmException(CloudVmErrorKind.InvalidArgument, message) { Target = target };

        /// <summary>Maps an HTTP status to a kind.</summary>
        public static CloudVmErrorKind KindFor(int status) => status switch
        {
            400 or 422 => CloudVmErrorKind.InvalidArgument,
            406 => CloudVmErrorKind.Conflict,
            401 => CloudVmErrorKind.Unauthorized,
            403 => CloudVmErrorKind.Forbidden,
            404 or 410 => CloudVmErrorKind.NotFound,
            409 => CloudVmErrorKind.Conflict,
            429 => CloudVmErrorKind.RateLimited,
            >= 500 => CloudVmErrorKind.ServerError,
            _ => CloudVmErrorKind.ProviderError,
        };
    }
}
