using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the sessions of this process (shared by every runspace), the default first.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSession")]
    [OutputType(typeof(CloudVmSession))]
    public sealed class GetCloudVmSessionCommand : CloudVmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the default session.</summary>
        [Parameter]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var s in Store.Sessions.OrderByDescending(s => s.IsDefault))
            {
                if (Default && !s.IsDefault) continue;
                if (Name != null && !Name.Any(n => Wildcard.IsMatch(s.Name, n))) continue;
                WriteObject(s);
            }
        }
    }
}
