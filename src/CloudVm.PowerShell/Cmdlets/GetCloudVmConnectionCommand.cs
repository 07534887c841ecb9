using System.Linq;
using System.Management.Automation;
using CloudVm.Connections;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the saved connections (Connect-CloudVm -SaveAs): their settings and where their secret is, never the secret.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmConnection")]
    [OutputType(typeof(CloudVmConnection))]
    public sealed class GetCloudVmConnectionCommand : CloudVmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public string[]? Name { get; set; }

        protected override void EndProcessing()
        {
            Try(null, () =>
            {
                foreach (var c in ConnectionFile.Read())
                    if (Name == null || Name.Any(n => Wildcard.IsMatch(c.Name, n))) WriteObject(c);
            });
        }
    }
}
