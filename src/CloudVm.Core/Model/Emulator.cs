using System;

namespace CloudVm
{
    /// <summary>One request the in-process emulator received (Get-CloudVmEmulatorRequest): what a test of a user's own
    /// script asserts on ("my nightly task stopped three VMs and deleted none"). Secret-named fields of the body are
    /// masked, and no header is kept.</summary>
    public sealed class CloudVmEmulatorRequest
    {
        public CloudProvider? Provider { get; internal set; }
        public string Method { get; internal set; } = "";
        /// <summary>The path as it was sent, from the provider's first segment (/gpcn/v1/resource/virtual-machines).</summary>
        public string Path { get; internal set; } = "";
        /// <summary>The raw query, with its leading '?', or empty.</summary>
        public string Query { get; internal set; } = "";
        public string Body { get; internal set; } = "";
        /// <summary>The status the emulator answered; null when the connection was dropped without one.</summary>
        public int? Status { get; internal set; }
        /// <summary>When it arrived.</summary>
        public DateTimeOffset Time { get; internal set; }

        public override string ToString() => Input.Neutralize($"{Method} {Path}{Query} -> {(Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer")}");
    }

    /// <summary>A fault planned on the in-process emulator (Add-CloudVmEmulatorFault): the next <see cref="Count"/>
    /// requests to <see cref="Provider"/> whose path matches <see cref="Path"/> wait <see cref="LatencyMs"/>, then are
    /// answered <see cref="Status"/> (with Retry-After), or served and their answer lost.</summary>
    public sealed class CloudVmEmulatorFault
    {
        public CloudProvider Provider { get; set; }
        /// <summary>A wildcard pattern for the path within the provider (* matches every request).</summary>
        public string Path { get; set; } = "*";
        /// <summary>Only requests with this method (GET, POST, …); null: any.</summary>
        public string? Method { get; set; }
        public int? Status { get; set; }
        public int? RetryAfterSeconds { get; set; }
        public int Count { get; set; } = 1;
        public int LatencyMs { get; set; }
        /// <summary>The request is served (the provider acts), then the connection closes before the answer.</summary>
        public bool LoseAnswer { get; set; }

        public override string ToString() =>
            Input.Neutralize($"{Provider} {Method ?? "*"} {Path}: " + (LoseAnswer ? "answer lost" : Status is int s ? $"HTTP {s}" : "served")
                + (LatencyMs > 0 ? $" after {LatencyMs} ms" : "") + $", {Count} time(s)");
    }
}
