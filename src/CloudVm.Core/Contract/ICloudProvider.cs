using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm
{
    /// <summary>The provider contract: one client per session, whose <see cref="Features"/> say which of these
    /// operations it has. Cmdlets check the descriptor first (<see cref="ProviderFeatures.Require"/>), so an
    /// operation the provider lacks is refused before any request; the clients implement only what they declare.</summary>
    public interface ICloudProvider
    {
        ProviderFeatures Features { get; }
        Uri Endpoint { get; }

        // ---- VMs ----
        /// <summary>One answer of the VM list, in the provider's order, with the server-side filters applied.</summary>
        Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct);
        Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct);
        /// <summary>Checks a create against the provider's rules without sending anything.</summary>
        void ValidateCreate(VmCreateRequest request);
        /// <summary>Validates, then sends the create exactly once. Returns one job per VM being made.</summary>
        Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct);
        Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct);
        Task<IReadOnlyList<BulkOutcome>> BulkPowerAsync(IReadOnlyList<VmRef> vms, PowerAction action, CancellationToken ct);
        Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct);
        Task<IReadOnlyList<BulkOutcome>> BulkDeleteAsync(IReadOnlyList<VmRef> vms, CancellationToken ct);
        Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct);
        Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct);
        Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct);
        Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct);

        // ---- networks ----
        Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct);
        /// <summary>Attaches <paramref name="attachId"/>: a network (a new interface on it) where the provider creates interfaces, an existing interface (port) where it attaches them.</summary>
        Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string attachId, CancellationToken ct);
        Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<CloudVmJob> SetPrimaryNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<CloudVmJob> AddPublicIpAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<CloudVmJob> RemovePublicIpAsync(VmRef vm, string nicId, CancellationToken ct);
        Task<IReadOnlyList<CloudVmNetwork>> ListAvailableNetworksAsync(VmRef vm, CancellationToken ct);

        // ---- catalog ----
        Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct);
        /// <summary>The images, of one location where the provider keeps them per location (GPCN).</summary>
        Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct);
        /// <summary>The sizes a VM can be resized to in place (GPCN's sizes ?vmId=).</summary>
        Task<IReadOnlyList<CloudVmSize>> ListResizeTargetsAsync(VmRef vm, CancellationToken ct);

        // ---- jobs ----
        /// <summary>Brings the jobs' state up to date (one or a few requests for many jobs where the API allows).</summary>
        Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct);
        /// <summary>Reads jobs by the provider's own job ids (GPCN; VMgen's "vm/job" ids).</summary>
        Task<IReadOnlyList<CloudVmJob>> LookupJobsAsync(IReadOnlyList<string> ids, CancellationToken ct);
        Task<IReadOnlyList<CloudVmJob>> ListVmJobsAsync(VmRef vm, CancellationToken ct);
        Task<CloudVmJob> GetVmStatusAsync(VmRef vm, CancellationToken ct);
        Task<IReadOnlyList<CloudVmUsage>> ListUsageAsync(VmRef vm, CancellationToken ct);

        // ---- account and deployment catalog (VMgen, e24cloud keys) ----
        Task<IReadOnlyList<CloudVmMarketplaceItem>> ListMarketplaceItemsAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmSshKey>> ListSshKeysAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmUserDataScript>> ListUserDataScriptsAsync(CancellationToken ct);
        Task<CloudVmUserDataScript> CreateUserDataScriptAsync(string description, string content, bool base64, string type, CancellationToken ct);
        Task<CloudVmAccount> GetAccountAsync(CancellationToken ct);
        Task<IReadOnlyList<CloudVmInvoice>> ListInvoicesAsync(CancellationToken ct);
        Task<CloudVmSupportTicket> CreateSupportTicketAsync(string topic, string text, string replyTo, CancellationToken ct);

        // ---- snapshots and backups (one family: the kind says which) ----
        Task<ItemPage<CloudVmCopy>> ReadCopyPageAsync(CloudVmCopyKind kind, PageRequest page, CancellationToken ct);
        Task<CloudVmCopy> GetCopyAsync(CloudVmCopyKind kind, string id, CancellationToken ct);
        Task<CloudVmJob> CreateCopyAsync(CloudVmCopyKind kind, VmRef vm, string name, CancellationToken ct);
        Task<CloudVmJob> DeleteCopyAsync(CloudVmCopyKind kind, string id, CancellationToken ct);
        Task<CloudVmJob> RenameCopyAsync(CloudVmCopyKind kind, string id, string newName, CancellationToken ct);
        Task<CloudVmJob> RestoreCopyAsync(CloudVmCopyKind kind, string id, RestoreRequest request, CancellationToken ct);
        Task<CloudVmJob> CopyCopyAsync(CloudVmCopyKind kind, string id, string region, CancellationToken ct);
    }
}
