using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists snapshots (streamed page by page), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSnapshot", DefaultParameterSetName = "List")]
    [OutputType(typeof(CloudVmSnapshot))]
    public sealed class GetCloudVmSnapshotCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "List", Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        /// <summary>Only snapshots of this VM (id).</summary>
        [Parameter(ParameterSetName = "List", ValueFromPipelineByPropertyName = true)]
        public string? VmId { get; set; }

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter]
        public CloudVmSession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var s in Session ?? new[] { ResolveSession(null) })
                Try(s, () =>
                {
                    var api = s.Require<IVmSnapshots>("snapshots");
                    if (ParameterSetName == "ById")
                    {
                        foreach (var id in Id) Try(id, () => WriteObject(Run(ct => api.GetSnapshotAsync(id, ct))));
                        return;
                    }
                    string? token = null;
                    do
                    {
                        var page = Run(ct => api.ListSnapshotsAsync(token, ct));
                        foreach (var item in page.Items)
                            if ((Name == null || Wildcard.IsMatch(item.Name, Name)) && (VmId == null || item.VmId == VmId)) WriteObject(item);
                        token = page.NextPageToken;
                    } while (token != null);
                });
        }
    }
}
