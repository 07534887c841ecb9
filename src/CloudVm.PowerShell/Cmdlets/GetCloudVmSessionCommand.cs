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
            var found = new System.Collections.Generic.HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var s in Store.Sessions.OrderByDescending(s => s.IsDefault))
            {
                if (Default && !s.IsDefault) continue;
                if (Name != null && !Name.Any(n => Wildcard.IsMatch(s.Name, n))) continue;
                found.Add(s.Name);
                WriteObject(s);
            }
            // Like Get-Process -Name: a name without wildcards that matches no session is an ObjectNotFound error.
            if (Name != null)
                foreach (var n in Name)
                    if (!Wildcard.HasWildcard(n) && !found.Contains(n))
                        WriteCloudError(new CloudVmException(CloudVmErrorKind.NotFound, $"There is no session named '{Input.Neutralize(n)}'.") { RecommendedAction = "Get-CloudVmSession lists the sessions; Connect-CloudVm makes one." }, n);
        }
    }
}
