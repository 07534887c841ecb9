using System;
using System.Linq;

namespace CloudVm
{
    /// <summary>What kind of failure; becomes the ErrorRecord's stable error id ("CloudVm." + kind) and category.
    /// docs/errors.md lists which condition gives which id, the same on every provider.</summary>
    public enum CloudVmErrorKind
    {
        InvalidArgument,
        NotFound,
        Unauthorized,
        Forbidden,
        /// <summary>The VM (or copy) is in a state that does not allow the request, or is busy.</summary>
        Conflict,
        RateLimited,
        ServerError,
        /// <summary>The request did not get an answer (refused, dropped, timed out, TLS).</summary>
        Network,
        NotSupported,
        JobFailed,
        Timeout,
        /// <summary>A 2xx (or 3xx) answer that is not the documented shape: never read as an empty result.</summary>
        InvalidResponse,
        ProviderError,
        NoSession,
    }

    /// <summary>Every failure the module reports. Carries the provider's own error code, message and the
    /// HTTP status; never a credential (messages from servers are redacted by the credential's value).</summary>
    public class CloudVmException : Exception
    {
        public CloudVmException(CloudVmErrorKind kind, string message, Exception? inner = null) : base(message, inner)
        {
            Kind = kind;
        }

        string? redacted;

        /// <summary>The message, with every secret of the process hidden (see <see cref="Redactor.Process"/>): whatever text an
        /// error was built from — a server's message, an id it sent, a value a user typed — no credential leaves in it.</summary>
        public override string Message => redacted ??= Redactor.Process.Redact(base.Message);

        public CloudVmErrorKind Kind { get; }
        public CloudProvider? Provider { get; set; }
        public int? HttpStatus { get; set; }
        public string? ProviderCode { get => field; set => field = value == null ? null : Redactor.Process.Redact(value); }
        public string? ProviderMessage { get => field; set => field = value == null ? null : Redactor.Process.Redact(value); }
        /// <summary>What the error is about (a VM id, a job id, a name).</summary>
        public object? Target { get => field; set => field = value is string s ? Redactor.Process.Redact(s) : value; }
        /// <summary>What the user can do about it, shown as the ErrorRecord's recommended action.</summary>
        public string? RecommendedAction { get => field; set => field = value == null ? null : Redactor.Process.Redact(value); }
        /// <summary>True when the request may have reached the provider and acted (a lost answer to an action).</summary>
        public bool MayHaveActed { get; set; }

        /// <summary>Stable error id, e.g. "CloudVm.NotFound".</summary>
        public string ErrorId => "CloudVm." + Kind;

        /// <summary>Transient conditions a wait rides out: rate limits, server errors, dropped connections.</summary>
        public bool IsTransient => Kind == CloudVmErrorKind.RateLimited || Kind == CloudVmErrorKind.ServerError || (Kind == CloudVmErrorKind.Network && !Permanent);

        /// <summary>A network failure that trying again cannot fix (TLS, a bad host name).</summary>
        public bool Permanent { get; set; }

        public static CloudVmException NotSupported(CloudProvider provider, string operation, string? hint = null) =>
            new CloudVmException(CloudVmErrorKind.NotSupported, $"{provider.DisplayName} does not support {operation}." + (hint == null ? "" : " " + hint))
            { Provider = provider, RecommendedAction = hint };

        public static CloudVmException Invalid(string message, object? target = null) =>
            new CloudVmException(CloudVmErrorKind.InvalidArgument, message) { Target = target };

        /// <summary>Maps an HTTP status to a kind (providers refine it for state conflicts).</summary>
        public static CloudVmErrorKind KindFor(int status) => status switch
        {
            400 or 422 => CloudVmErrorKind.InvalidArgument,
            406 => CloudVmErrorKind.Conflict,
            401 => CloudVmErrorKind.Unauthorized,
            403 => CloudVmErrorKind.Forbidden,
            404 or 410 => CloudVmErrorKind.NotFound,
            409 or 423 => CloudVmErrorKind.Conflict,
            429 => CloudVmErrorKind.RateLimited,
            >= 500 => CloudVmErrorKind.ServerError,
            _ => CloudVmErrorKind.ProviderError,
        };
    }
}
