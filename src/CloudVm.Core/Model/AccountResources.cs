using System;

namespace CloudVm
{
    /// <summary>A VM's bandwidth use on one day (VMgen).</summary>
    public sealed class CloudVmUsage
    {
        public string VmId { get; set; } = "";
        public string? VmName { get; set; }
        public DateTime Date { get; set; }
        public double InMB { get; set; }
        public double OutMB { get; set; }
        public CloudProvider Provider { get; set; }
        public override string ToString() => $"{Date:yyyy-MM-dd}: in {InMB} MB, out {OutMB} MB";
    }

    /// <summary>A ready-made deployment (VMgen marketplace); New-CloudVm -MarketplaceItem takes its id.</summary>
    public sealed class CloudVmMarketplaceItem
    {
        public string Id { get; set; } = "";
        public string Description { get; set; } = "";
        public string? OsDescription { get; set; }
        public string? Type { get; set; }
        public string? ScriptContent { get; set; }
        public bool Base64 { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Description;
    }

    /// <summary>An SSH public key stored in the account.</summary>
    public sealed class CloudVmSshKey
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? PublicKey { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>A saved user-data script version; New-CloudVm -UserDataScript takes its VersionId.</summary>
    public sealed class CloudVmUserDataScript
    {
        public string VersionId { get; set; } = "";
        public string? Description { get; set; }
        public string? Type { get; set; }
        public string? Content { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Description ?? VersionId;
    }

    /// <summary>The account behind a session (VMgen): credit, invoicing model, billing address.</summary>
    public sealed class CloudVmAccount
    {
        public string? Credit { get; set; }
        public string? InvoicingModel { get; set; }
        public string? BillingAddress { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
    }

    public sealed class CloudVmInvoice
    {
        public string Id { get; set; } = "";
        public string? Date { get; set; }
        public string? Status { get; set; }
        public decimal? TotalCost { get; set; }
        public CloudProvider Provider { get; set; }
        public override string ToString() => Id;
    }

    /// <summary>A support ticket that was sent.</summary>
    public sealed class CloudVmSupportTicket
    {
        public string? Id { get; set; }
        public string Topic { get; set; } = "";
        public string ReplyTo { get; set; } = "";
        public CloudProvider Provider { get; set; }
        public override string ToString() => Topic;
    }
}
