using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Forgets sessions (the default one when none is named). Objects read through them can no longer act.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = "BySession")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "BySession", Position = 0, ValueFromPipeline = true)]
        public CloudVmSession[]? Session { get; set; }

        [Parameter(ParameterSetName = "ByName", Mandatory = true)]
        [SupportsWildcards]
        public string[] Name { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            var sessions = ParameterSetName == "ByName"
                ? CloudVmSessionStore.Sessions.Where(s => Name.Any(n => Wildcard.IsMatch(s.Name, n))).ToArray()
                : Session ?? (CloudVmSessionStore.Default is CloudVmSession d ? new[] { d } : new CloudVmSession[0]);
            foreach (var s in sessions)
                if (ShouldProcess(s.ToString(), "Disconnect")) CloudVmSessionStore.Remove(s);
        }
    }
}
