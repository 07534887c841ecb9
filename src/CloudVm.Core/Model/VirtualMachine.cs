using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudVm
{
    /// <summary>A virtual machine on any provider. Emitted by Get-CloudVm; every cmdlet that acts on
    /// a VM takes it from the pipeline, and it remembers the session it came from.</summary>
    public sealed class VirtualMachine
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public CloudVmStatus Status { get; internal set; }
        /// <summary>The provider's own status word, unchanged.</summary>
        public string? ProviderStatus { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        /// <summary>Named size (GPCN configuration, VPS247 package, Magalu machine type, VMgen package).</summary>
        public string? Size { get; internal set; }
        /// <summary>The provider's id for <see cref="Size"/>, where it has one.</summary>
        public string? SizeId { get; internal set; }
        public int? Cpu { get; internal set; }
        public double? MemoryGB { get; internal set; }
        public int? DiskGB { get; internal set; }
        public string? Image { get; internal set; }
        public string? Location { get; internal set; }
        public string? LocationId { get; internal set; }
        public string? PublicIp { get; internal set; }
        public string? PrivateIp { get; internal set; }
        /// <summary>GPCN resource group (team) id.</summary>
        public string? ResourceGroup { get; internal set; }
        public DateTimeOffset? CreatedAt { get; internal set; }
        public DateTimeOffset? UpdatedAt { get; internal set; }

        CloudVmProviderData? data;
        /// <summary>Provider-only facts (consoleEnabled, networkHotplug, last task, …) by the provider's own names.</summary>
        public CloudVmProviderData ProviderData => data ??= new CloudVmProviderData();
        internal bool HasProviderData => data != null && data.Count > 0;

        /// <summary>The session this VM was read through; cmdlets that act on it use this session.</summary>
        public CloudVmSession? Session { get; internal set; }

        /// <summary>True when this object stands for a VM given only by id (a string, a job, a NIC): nothing was read.</summary>
        internal bool IsReference { get; set; }

        /// <summary>A stand-in for a VM known only by id (and maybe name), for cmdlets given ids or module objects that point at a VM.</summary>
        internal static VirtualMachine Reference(string id, string? name, CloudProvider? provider, CloudVmSession? session) =>
            new VirtualMachine { Id = id, Name = name ?? "", Provider = provider ?? session?.Provider ?? default, Session = session, IsReference = true };

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : Name;
    }

    /// <summary>Provider-only facts of an object, by the provider's own names. Shown as "name=value; …".</summary>
    public sealed class CloudVmProviderData : Dictionary<string, object?>
    {
        public CloudVmProviderData() : base(StringComparer.OrdinalIgnoreCase) { }

        public override string ToString() => string.Join("; ", this.Select(kv => $"{kv.Key}={kv.Value}"));
    }
}
