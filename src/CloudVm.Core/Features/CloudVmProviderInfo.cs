using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudVm
{
    /// <summary>Get-CloudVmProvider's view of a provider's feature descriptor.</summary>
    public sealed class CloudVmProviderInfo
    {
        /// <summary>A read-only copy of the descriptor: nothing done to what Get-CloudVmProvider returns reaches the
        /// descriptor sessions send by.</summary>
        public CloudVmProviderInfo(ProviderFeatures features)
        {
            Features = features.Snapshot();
        }

        public CloudProvider Provider => Features.Provider;
        public string Name => Features.DisplayName;
        public string Endpoint => Features.EndpointTemplate;
        public IReadOnlyList<string> Regions => Features.Regions;
        /// <summary>The cmdlets (with their switches) that work on this provider.</summary>
        public IReadOnlyList<string> Cmdlets => Features.Operations.Select(CloudVmOperations.Cmdlet).Distinct().OrderBy(c => c).ToList();
        /// <summary>The operations the module knows that this provider does not have.</summary>
        public IReadOnlyList<string> NotSupported => Enum.GetValues(typeof(CloudVmOperation)).Cast<CloudVmOperation>().Where(o => !Features.Supports(o)).Select(CloudVmOperations.Cmdlet).Distinct().OrderBy(c => c).ToList();
        public IReadOnlyCollection<PowerAction> PowerActions => Features.PowerActions;
        public IReadOnlyCollection<PowerAction> BulkPowerActions => Features.BulkPowerActions;
        public int MaxBulkSize => Features.MaxBulkSize;
        public string CreateParameters => Features.CreateFields.ToString();
        public string ResizeParameters => Features.ResizeFields.ToString();
        public string ConnectParameters => Features.ConnectionSettings.ToString();
        public PagingStyle Paging => Features.Paging;
        public IReadOnlyList<string> SortFields => Features.SortFields;
        public string StatusWords => string.Join(", ", Features.StatusWords.Select(kv => $"{kv.Key}={kv.Value}"));
        public string VmIds => Features.VmIdDescription;
        public bool DeleteRequiresStop => Features.DeleteRequiresStop;
        public ProviderFeatures Features { get; }
        public override string ToString() => Name;
    }
}
