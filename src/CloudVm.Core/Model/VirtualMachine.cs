using System;
using System.Collections.Generic;

namespace CloudVm
{
    /// <summary>A virtual machine on any provider. Emitted by Get-CloudVm; every cmdlet that acts on
    /// a VM takes it from the pipeline, and it remembers the session it came from.</summary>
    public sealed class VirtualMachine
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public CloudVmStatus Status { get; set; }
        /// <summary>The provider's own status word, unchanged.</summary>
        public string? ProviderStatus { get; set; }
        public CloudProvider Provider { get; set; }
        /// <summary>Named size (GPCN configuration, VPS247 package, Magalu machine type, VMgen package).</summary>
        public string? Size { get; set; }
        /// <summary>The provider's id for <see cref="Size"/>, where it has one.</summary>
        public string? SizeId { get; set; }
        public int? Cpu { get; set; }
        public double? MemoryGB { get; set; }
        public int? DiskGB { get; set; }
        public string? Image { get; set; }
        public string? Location { get; set; }
        public string? LocationId { get; set; }
        public string? PublicIp { get; set; }
        public string? PrivateIp { get; set; }
        /// <summary>GPCN resource group (team) id.</summary>
        public string? ResourceGroup { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        /// <summary>Provider-only facts (consoleEnabled, networkHotplug, last task, …) by the provider's own names.</summary>
        public IDictionary<string, object?> ProviderData { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        /// <summary>The session this VM was read through; cmdlets that act on it use this session.</summary>
        public CloudVmSession? Session { get; set; }

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : Name;
    }
}
