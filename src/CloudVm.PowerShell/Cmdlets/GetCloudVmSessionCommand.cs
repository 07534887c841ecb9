using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the sessions of this process, or the default one with -Default.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSession", DefaultParameterSetName = "All")]
    [OutputType(typeof(CloudVmSession))]
    public sealed class GetCloudVmSessionCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "All", Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        [Parameter(ParameterSetName = "Default", Mandatory = true)]
        public SwitchParameter Default { get; set; }

        protected override void EndProcessing()
        {
            if (Default)
            {
                if (CloudVmSessionStore.Default is CloudVmSession d) WriteObject(d);
                return;
            }
            foreach (var s in CloudVmSessionStore.Sessions.Where(s => Name == null || Wildcard.IsMatch(s.Name, Name)))
                WriteObject(s);
        }
    }
}
