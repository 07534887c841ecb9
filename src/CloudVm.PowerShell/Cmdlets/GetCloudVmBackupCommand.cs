using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists backups (streamed page by page), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmBackup", DefaultParameterSetName = "List")]
    [OutputType(typeof(CloudVmBackup))]
    public sealed class GetCloudVmBackupCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "List", Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        /// <summary>Only backups of this VM (id).</summary>
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
                    var api = s.Require<IVmBackups>("backups");
                    if (ParameterSetName == "ById")
                    {
                        foreach (var id in Id) Try(id, () => WriteObject(Run(ct => api.GetBackupAsync(id, ct))));
                        return;
                    }
                    string? token = null;
                    do
                    {
                        var page = Run(ct => api.ListBackupsAsync(token, ct));
                        foreach (var item in page.Items)
                            if ((Name == null || Wildcard.IsMatch(item.Name, Name)) && (VmId == null || item.VmId == VmId)) WriteObject(item);
                        token = page.NextPageToken;
                    } while (token != null);
                });
        }
    }
}
