using System;

namespace CloudVm
{
    /// <summary>A VM's bandwidth use on one day (VMgen).</summary>
    public sealed class CloudVmUsage
    {
        public string VmId { get; internal set; } = "";
        public string? VmName { get; internal set; }
        public DateTime Date { get; internal set; }
        public double InMB { get; internal set; }
        public double OutMB { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        public override string ToString() => $"{Date:yyyy-MM-dd}: in {InMB} MB, out {OutMB} MB";
    }

    /// <summary>A ready-made deployment (VMgen marketplace); New-CloudVm -MarketplaceItem takes its id.</summary>
    public sealed class CloudVmMarketplaceItem
    {
        public string Id { get; internal set; } = "";
        public string Description { get; internal set; } = "";
        public string? OsDescription { get; internal set; }
        public string? Type { get; internal set; }
        public string? ScriptContent { get; internal set; }
        public bool Base64 { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Description;
    }

    /// <summary>An SSH public key stored in the account.</summary>
    public sealed class CloudVmSshKey
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string? PublicKey { get; internal set; }
        public DateTimeOffset? CreatedAt { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Name;
    }

    /// <summary>A saved user-data script version; New-CloudVm -UserDataScript takes its VersionId.</summary>
    public sealed class CloudVmUserDataScript
    {
        public string VersionId { get; internal set; } = "";
        public string? Description { get; internal set; }
        public string? Type { get; internal set; }
        public string? Content { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Description ?? VersionId;
    }

    /// <summary>The account behind a session (VMgen): credit, invoicing model, billing address.</summary>
    public sealed class CloudVmAccount
    {
        public string? Credit { get; internal set; }
        public string? InvoicingModel { get; internal set; }
        public string? BillingAddress { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
    }

    public sealed class CloudVmInvoice
    {
        public string Id { get; internal set; } = "";
        public string? Date { get; internal set; }
        public string? Status { get; internal set; }
        public decimal? TotalCost { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        public override string ToString() => Id;
    }

    /// <summary>A support ticket that was sent.</summary>
    public sealed class CloudVmSupportTicket
    {
        public string? Id { get; internal set; }
        public string Topic { get; internal set; } = "";
        public string ReplyTo { get; internal set; } = "";
        public CloudProvider Provider { get; internal set; }
        public override string ToString() => Topic;
    }
}
