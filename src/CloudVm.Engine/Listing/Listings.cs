using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.Listing
{
    /// <summary>What one listing did, for -IncludeTotalCount, -Verbose and tests.</summary>
    public sealed class ListingStats
    {
        public int Requests { get; internal set; }
        public int Resyncs { get; internal set; }
        /// <summary>The provider's total, where it reports one.</summary>
        public long? Total { get; internal set; }
    }

    /// <summary>The cmdlets' way into the listing guarantee (see <see cref="PagedLister{T}"/>).</summary>
    public static class Listings
    {
        public const int ReadAhead = 4;

        public static async Task<ListingStats> VmsAsync(CloudVmSession session, VmQuery query, Func<IReadOnlyList<VirtualMachine>, Task<bool>> emit, CancellationToken ct)
        {
            var client = (ProviderClient)session.Api;
            var lister = await client.ListVmsAsync(query, emit, Math.Min(ReadAhead, session.ThrottleLimit), ct).ConfigureAwait(false);
            return new ListingStats { Requests = lister.Requests, Resyncs = lister.Resyncs, Total = lister.Total };
        }

        public static async Task<bool> CopiesAsync(ICloudProvider api, CloudVmCopyKind kind, int readAhead, Func<IReadOnlyList<CloudVmCopy>, Task<bool>> emit, CancellationToken ct)
        {
            var lister = new PagedLister<CloudVmCopy>(api.Features, (req, c) => api.ReadCopyPageAsync(kind, req, c), c => c.Id, Math.Min(ReadAhead, readAhead), kind == CloudVmCopyKind.Snapshot ? "snapshots" : "backups", PagingStyle.Offset);
            await lister.ListAsync(emit, ct).ConfigureAwait(false);
            return true;
        }
    }
}
