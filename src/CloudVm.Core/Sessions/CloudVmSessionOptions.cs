using System;

namespace CloudVm
{
    /// <summary>Everything Connect-CloudVm was told: provider, endpoint, region, credentials, limits.</summary>
    public sealed class CloudVmSessionOptions
    {
        public CloudProvider Provider { get; set; }
        public string? Name { get; set; }
        public Uri? Endpoint { get; set; }
        public string? Region { get; set; }
        public string? TenantId { get; set; }
        /// <summary>Header that carries the key where the provider's page does not name one (VMgen).</summary>
        public string? AuthHeader { get; set; }
        public ApiCredential Credential { get; set; } = null!;
        /// <summary>The session talks to the in-process emulator (Connect-CloudVm -Emulator, or $env:CLOUDVM_EMULATOR): its
        /// endpoint and credentials are the emulator's, and nothing it sends leaves the process.</summary>
        public bool Emulated { get; set; }
        /// <summary>Longest pause between two polls of a job. Waits start fast and slow down to this.</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>How long one HTTP attempt may take, its body included (a body that trickles counts against it; a wait's
        /// -Timeout cuts it further).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
        /// <summary>How long one request may take across all its attempts and the waits between them; no attempt starts, and
        /// none runs, past it. Unset: twice <see cref="RequestTimeout"/> (200 s with the defaults).</summary>
        public TimeSpan? MaxRequestTime { get; set; }
        /// <summary>The bound that holds: <see cref="MaxRequestTime"/>, else twice <see cref="RequestTimeout"/>.</summary>
        public TimeSpan TotalRequestTime => MaxRequestTime ?? (RequestTimeout >= TimeSpan.FromDays(1) ? RequestTimeout : TimeSpan.FromTicks(RequestTimeout.Ticks * 2));
        /// <summary>Answers larger than this are refused while they stream in.</summary>
        public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;
        /// <summary>Attempts of a request that may be repeated (429, 5xx, dropped connections), the first included.</summary>
        public int MaxAttempts { get; set; } = 5;
        /// <summary>A Retry-After longer than this is not waited for: the error says how long the provider asked.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(120);
        /// <summary>Requests of one session in flight together (pages read ahead, bulk chunks, job polls, per-VM calls).</summary>
        public int ThrottleLimit { get; set; } = 8;

        public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

        internal CloudVmSessionOptions Clone() => (CloudVmSessionOptions)MemberwiseClone();
    }
}
