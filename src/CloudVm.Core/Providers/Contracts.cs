using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers
{
    /// <summary>A VM a call is about: its id, and its name when known (for messages and jobs).</summary>
    public sealed class VmRef
    {
        public VmRef(string id, string? name = null)
        {
            Id = id;
            Name = name;
        }

        public string Id { get; }
        public string? Name { get; }
        public static VmRef From(VirtualMachine vm) => new VmRef(vm.Id, vm.Name);
        public override string ToString() => Name ?? Id;
    }

    /// <summary>One page of a list and the token for the next (null on the last page).</summary>
    public sealed class Page<T>
    {
        public Page(IReadOnlyList<T> items, string? next, long? total = null)
        {
            Items = items;
            NextPageToken = next;
            Total = total;
        }

        public IReadOnlyList<T> Items { get; }
        public string? NextPageToken { get; }
        /// <summary>How many items the whole list had when this page was read, where the API says.</summary>
        public long? Total { get; }
    }

    /// <summary>What Get-CloudVm asked for. Providers send what their API can filter on and may return more;
    /// <see cref="Matches"/> is applied to every VM afterwards so the result is the same everywhere.</summary>
    public sealed class VmQuery
    {
        public string? Name { get; set; }
        public CloudVmStatus? Status { get; set; }
        public string? Location { get; set; }
        public string? Image { get; set; }
        public string? Search { get; set; }
        public string? Sort { get; set; }
        public string? ResourceGroup { get; set; }
        /// <summary>Items per page asked of the provider (clamped to what it allows).</summary>
        public int? PageSize { get; set; }

        public bool Matches(VirtualMachine vm)
        {
            if (Name != null && !Wildcard.IsMatch(vm.Name, Name)) return false;
            if (Status != null && vm.Status != Status) return false;
            return true;
        }

        /// <summary>The filters a provider without server-side filtering applies itself: location (name or id),
        /// image, resource group and free-text search (name or IP).</summary>
        public bool MatchesLocally(VirtualMachine vm)
        {
            if (!string.IsNullOrEmpty(Location) && !Wildcard.IsMatch(vm.Location ?? "", Location!) && !string.Equals(vm.LocationId, Location, StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.IsNullOrEmpty(Image) && !Wildcard.IsMatch(vm.Image ?? "", Image!)) return false;
            if (!string.IsNullOrEmpty(ResourceGroup) && !string.Equals(vm.ResourceGroup, ResourceGroup, StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.IsNullOrEmpty(Search) && !new[] { vm.Name, vm.PublicIp, vm.PrivateIp }.Any(v => v != null && v.IndexOf(Search, StringComparison.OrdinalIgnoreCase) >= 0)) return false;
            return true;
        }

        /// <summary>Sorts a whole list locally (providers without paging): field:asc|desc over name, createdAt, status, size, location.</summary>
        public IReadOnlyList<VirtualMachine> SortLocally(IEnumerable<VirtualMachine> vms)
        {
            if (string.IsNullOrEmpty(Sort)) return vms.ToList();
            var parts = Sort!.Split(':');
            Func<VirtualMachine, object?> key = parts[0].ToLowerInvariant() switch
            {
                "name" => v => v.Name,
                "createdat" or "created_at" => v => v.CreatedAt,
                "status" or "state" => v => v.Status,
                "size" => v => v.Size,
                "location" => v => v.Location,
                _ => throw CloudVmException.Invalid($"Cannot sort by '{parts[0]}': use name, createdAt, status, size or location, then :asc or :desc."),
            };
            bool desc = parts.Length > 1 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            return (desc ? vms.OrderByDescending(key) : vms.OrderBy(key)).ToList();
        }

        /// <summary>A provider without paging returns its whole list as one page, filtered and sorted here.</summary>
        public Page<VirtualMachine> OnePage(IEnumerable<VirtualMachine> vms) => new Page<VirtualMachine>(SortLocally(vms.Where(v => Matches(v) && MatchesLocally(v))), null);

        /// <summary>The name when it has no wildcard, for an exact server-side search.</summary>
        public string? LiteralNamePrefix => Name == null ? null : Wildcard.LiteralPrefix(Name);
    }

    /// <summary>Everything New-CloudVm can ask for; each provider uses what its API takes and refuses,
    /// before sending, what it cannot.</summary>
    public sealed class VmCreateRequest
    {
        public string Name { get; set; } = "";
        public string? Size { get; set; }
        public string? Image { get; set; }
        public string? Location { get; set; }
        public int Count { get; set; } = 1;
        /// <summary>Allocate a public IP; null leaves the provider's default.</summary>
        public bool? PublicIp { get; set; }
        public IList<CloudVmNetworkSpec> Networks { get; set; } = new List<CloudVmNetworkSpec>();
        public IList<string> SshKeys { get; set; } = new List<string>();
        public string? ResourceGroup { get; set; }
        public int? Cpu { get; set; }
        public double? MemoryGB { get; set; }
        public int? DiskGB { get; set; }
        public SecureString? Password { get; set; }
        public string? UserData { get; set; }
        /// <summary>Boot from this ISO instead of an image (e24cloud cdrom boot).</summary>
        public string? Iso { get; set; }
        /// <summary>VPS247 private networking.</summary>
        public bool PrivateNetworking { get; set; }
        /// <summary>VPS247 IPv6.</summary>
        public bool IPv6 { get; set; }
        /// <summary>VMgen marketplace item id, instead of an image.</summary>
        public string? MarketplaceItem { get; set; }
        /// <summary>VMgen user-data script version id.</summary>
        public string? UserDataScript { get; set; }
        public IDictionary<string, object?> Extra { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Options of a power call.</summary>
    public sealed class PowerOptions
    {
        /// <summary>Minutes to wait for a graceful ACPI shutdown before the provider forces one (e24cloud's wait_for).</summary>
        public int? ShutdownTimeoutMinutes { get; set; }
    }

    public sealed class VmResizeRequest
    {
        public string? Size { get; set; }
        public int? Cpu { get; set; }
        public double? MemoryGB { get; set; }
        /// <summary>Minutes a provider waits for a graceful shutdown before forcing one (e24cloud).</summary>
        public int? ShutdownTimeoutMinutes { get; set; }
    }

    public sealed class VmUpdateRequest
    {
        public string? NewName { get; set; }
        public string? ResourceGroup { get; set; }
        public bool ClearResourceGroup { get; set; }
    }

    public sealed class VmDeleteOptions
    {
        /// <summary>Delete (rather than detach) attached resources, where the provider asks (e24cloud).</summary>
        public bool DeleteResources { get; set; }
        /// <summary>Also release the public IP (Magalu).</summary>
        public bool DeletePublicIp { get; set; }
    }

    /// <summary>The result for one VM of a bulk call: a job, or the error for that VM alone.</summary>
    public sealed class BulkOutcome
    {
        public BulkOutcome(VmRef vm, CloudVmJob? job, CloudVmException? error)
        {
            Vm = vm;
            Job = job;
            Error = error;
        }

        public VmRef Vm { get; }
        public CloudVmJob? Job { get; }
        public CloudVmException? Error { get; }
    }

    /// <summary>What every cloud has: list, get, create, power, delete, and a way to follow its jobs.</summary>
    public interface ICloudProvider
    {
        CloudProvider Kind { get; }
        Uri Endpoint { get; }
        /// <summary>The power actions this provider has; others are refused before any request.</summary>
        IReadOnlyCollection<PowerAction> PowerActions { get; }

        Task<Page<VirtualMachine>> ListVmsAsync(VmQuery query, string? pageToken, CancellationToken ct);
        Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct);
        /// <summary>Checks a create against the provider's rules without sending anything.</summary>
        void ValidateCreate(VmCreateRequest request);
        /// <summary>Validates, then sends the create exactly once. Returns one job per VM being made.</summary>
        Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct);
        Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions? options, CancellationToken ct);
        /// <summary>True when the provider deletes only stopped VMs (VPS247): Remove-CloudVm -Force stops them first.</summary>
        bool DeleteRequiresStop { get; }
        Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct);
        /// <summary>Brings the jobs' state up to date (one or a few requests for many jobs where the API allows).</summary>
        Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct);
    }

    /// <summary>Power and delete for many VMs in one request.</summary>
    public interface IBulkVmOperations
    {
        int MaxBulkSize { get; }
        IReadOnlyCollection<PowerAction> BulkPowerActions { get; }
        Task<IReadOnlyList<BulkOutcome>> BulkPowerAsync(IReadOnlyList<VmRef> vms, PowerAction action, CancellationToken ct);
        Task<IReadOnlyList<BulkOutcome>> BulkDeleteAsync(IReadOnlyList<VmRef> vms, CancellationToken ct);
    }

    public interface IVmResize
    {
        Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct);
    }

    /// <summary>Rename (and, on GPCN, resource group).</summary>
    public interface IVmUpdate
    {
        bool SupportsResourceGroup { get; }
        Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct);
    }

    public interface IVmConsole
    {
        Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct);
    }

    public interface IVmSecrets
    {
        IReadOnlyCollection<CloudVmSecretType> SecretTypes { get; }
        Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct);
    }

    public interface IVmNetworkInterfaces
    {
        Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct);
    }

    /// <summary>Attach, change and detach NICs and public IPs (GPCN).</summary>
    public interface IVmNetworkInterfaceChanges
    {
        Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string networkId, CancellationToken ct);
        Task<CloudVmJob> SetPrimaryNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<CloudVmJob> AddPublicIpAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<CloudVmJob> RemovePublicIpAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<IReadOnlyList<CloudVmNetwork>> ListAvailableNetworksAsync(VmRef vm, CancellationToken ct);
    }

    /// <summary>Where VMs can be made, in what sizes, from what images.</summary>
    public interface ICatalog
    {
        Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct);
        Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(CancellationToken ct);
    }

    /// <summary>A VM's recent jobs and its current operation (VMgen).</summary>
    public interface IVmJobHistory
    {
        Task<IReadOnlyList<CloudVmJob>> ListVmJobsAsync(VmRef vm, CancellationToken ct);
        Task<CloudVmJob> GetVmStatusAsync(VmRef vm, CancellationToken ct);
    }

    public interface IVmUsage
    {
        Task<IReadOnlyList<CloudVmUsage>> ListUsageAsync(VmRef vm, CancellationToken ct);
    }

    /// <summary>Marketplace, SSH keys and user-data scripts (VMgen).</summary>
    public interface IDeploymentCatalog
    {
        Task<IReadOnlyList<CloudVmMarketplaceItem>> ListMarketplaceItemsAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmSshKey>> ListSshKeysAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmUserDataScript>> ListUserDataScriptsAsync(CancellationToken ct);
        Task<CloudVmUserDataScript> CreateUserDataScriptAsync(string description, string content, bool base64, string type, CancellationToken ct);
    }

    /// <summary>Account, invoices and support (VMgen).</summary>
    public interface IAccountOperations
    {
        Task<CloudVmAccount> GetAccountAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmInvoice>> ListInvoicesAsync(CancellationToken ct);
        Task<CloudVmSupportTicket> CreateSupportTicketAsync(string topic, string text, string replyTo, CancellationToken ct);
    }

    /// <summary>What a restore makes: the new VM's settings.</summary>
    public sealed class RestoreRequest
    {
        public string Name { get; set; } = "";
        public string Size { get; set; } = "";
        public string SshKey { get; set; } = "";
        public string? AvailabilityZone { get; set; }
        public CloudVmNetworkSpec? Network { get; set; }
        public bool? PublicIp { get; set; }
        public string? UserData { get; set; }
    }

    /// <summary>Snapshots (Magalu Cloud).</summary>
    public interface IVmSnapshots
    {
        Task<Page<CloudVmSnapshot>> ListSnapshotsAsync(string? pageToken, CancellationToken ct);
        Task<CloudVmSnapshot> GetSnapshotAsync(string id, CancellationToken ct);
        Task<CloudVmJob> CreateSnapshotAsync(VmRef vm, string name, CancellationToken ct);
        Task<CloudVmJob> DeleteSnapshotAsync(string id, CancellationToken ct);
        Task<CloudVmJob> RenameSnapshotAsync(string id, string newName, CancellationToken ct);
        /// <summary>Makes a new VM from the snapshot; checks the machine type's disk first.</summary>
        Task<CloudVmJob> RestoreSnapshotAsync(string id, RestoreRequest request, CancellationToken ct);
    }

    /// <summary>Backups (Magalu Cloud).</summary>
    public interface IVmBackups
    {
        Task<Page<CloudVmBackup>> ListBackupsAsync(string? pageToken, CancellationToken ct);
        Task<CloudVmBackup> GetBackupAsync(string id, CancellationToken ct);
        Task<CloudVmJob> CreateBackupAsync(VmRef vm, string name, CancellationToken ct);
        Task<CloudVmJob> DeleteBackupAsync(string id, CancellationToken ct);
        Task<CloudVmJob> RenameBackupAsync(string id, string newName, CancellationToken ct);
        Task<CloudVmJob> RestoreBackupAsync(string id, RestoreRequest request, CancellationToken ct);
        Task<CloudVmJob> CopyBackupAsync(string id, string region, CancellationToken ct);
    }

    /// <summary>Jobs read back by id (GPCN's job endpoint).</summary>
    public interface IJobLookup
    {
        Task<IReadOnlyList<CloudVmJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken ct);
    }
}
