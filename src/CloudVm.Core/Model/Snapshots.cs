using System;

namespace CloudVm
{
    /// <summary>A point-in-time copy of a VM: a snapshot or a backup (Magalu Cloud).</summary>
    public abstract class CloudVmCopy
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string? VmId { get; internal set; }
        public string? VmName { get; internal set; }
        public string? State { get; internal set; }
        public string? Status { get; internal set; }
        public double? SizeGB { get; internal set; }
        public string? Region { get; internal set; }
        public DateTimeOffset? CreatedAt { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public abstract CloudVmCopyKind Kind { get; }
        /// <summary>Ready to restore: a snapshot when available, a backup when completed.</summary>
        public abstract bool IsReady { get; }
        public override string ToString() => Name;
    }

    /// <summary>A snapshot of a VM (Magalu Cloud). Ready to restore when State is available.</summary>
    public sealed class CloudVmSnapshot : CloudVmCopy
    {
        public override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
        public override bool IsReady => string.Equals(State, "available", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A backup of a VM (Magalu Cloud). Ready to restore when Status is completed.</summary>
    public sealed class CloudVmBackup : CloudVmCopy
    {
        public string? Type { get; internal set; }
        public int? MinDiskGB { get; internal set; }
        public override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
        public override bool IsReady => string.Equals(Status, "completed", StringComparison.OrdinalIgnoreCase);
    }
}
