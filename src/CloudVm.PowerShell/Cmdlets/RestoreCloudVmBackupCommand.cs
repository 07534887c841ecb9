using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a new VM from a backup. Checks first that the backup is ready and that the machine type's disk is large enough.</summary>
    [Cmdlet(VerbsData.Restore, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestoreCloudVmBackupCommand : BackupCmdlet
    {
        /// <summary>The new VM's name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string Name { get; set; } = "";

        /// <summary>The new VM's machine type, by id or name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Size { get; set; } = "";

        /// <summary>The SSH key name to install.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string SshKey { get; set; } = "";

        [Parameter]
        public string? AvailabilityZone { get; set; }

        /// <summary>The VPC, by id or name (default: the default VPC).</summary>
        [Parameter]
        public CloudVmNetworkSpec? Network { get; set; }

        [Parameter]
        public SwitchParameter PublicIp { get; set; }

        /// <summary>User data text (sent base64-encoded).</summary>
        [Parameter]
        public string? UserData { get; set; }

        protected override void ProcessRecord()
        {
            var request = RestoreParameters.Build(Name, Size, SshKey, AvailabilityZone, Network, MyInvocation.BoundParameters.ContainsKey("PublicIp") ? PublicIp.IsPresent : (bool?)null, UserData);
            foreach (var (s, id, label, input) in Items())
                Try(input, () =>
                {
                    var api = s.Require<IVmBackups>("restoring backups");
                    if (!ShouldProcess(label, $"Restore to a new VM '{Name}' ({Size})")) return;
                    var job = Run(ct => api.RestoreBackupAsync(id, request, ct));
                    Finish(job, $"Restoring {label}", async ct => await s.Api.GetVmAsync(job.VmId!, ct));
                });
        }
    }
}
