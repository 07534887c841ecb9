using System;

namespace CloudVm
{
    /// <summary>A snapshot of a VM (Magalu Cloud). Ready to restore when State is available.</summary>
    public sealed class CloudVmSnapshot
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? VmId { get; set; }
        public string? VmName { get; set; }
        public string? State { get; set; }
        public string? Status { get; set; }
        public double? SizeGB { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>A backup of a VM (Magalu Cloud). Ready to restore when Status is completed.</summary>
    public sealed class CloudVmBackup
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? VmId { get; set; }
        public string? VmName { get; set; }
        public string? Type { get; set; }
        public string? State { get; set; }
        public string? Status { get; set; }
        public double? SizeGB { get; set; }
        public int? MinDiskGB { get; set; }
        public string? Region { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }
}
