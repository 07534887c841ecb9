using System;
using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Forgets sessions: the ones given, the ones named, or (with neither) the default one. It never removes a
    /// session the user did not name, and says what the default is afterwards.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = "BySession")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "BySession", Position = 0, ValueFromPipeline = true)]
        [SessionTransformation]
        public CloudVmSession[]? Session { get; set; }

        [Parameter(ParameterSetName = "ByName", Mandatory = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            CloudVmSession[] sessions;
            if (ParameterSetName == "ByName")
            {
                sessions = Store.Sessions.Where(s => Name.Any(n => Wildcard.IsMatch(s.Name, n))).ToArray();
                foreach (var n in Name.Where(n => !Wildcard.HasWildcard(n) && !sessions.Any(s => string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))))
                    WriteCloudError(new CloudVmException(CloudVmErrorKind.NotFound, $"There is no session named '{n}'."), n);
            }
            else if (Session != null) sessions = Session;
            else if (Store.Default is CloudVmSession d) sessions = new[] { d };
            else
            {
                WriteVerbose("There is no default session to disconnect.");
                return;
            }
            foreach (var s in sessions)
            {
                if (!ShouldProcess(s.ToString(), "Disconnect")) continue;
                var change = Store.Remove(s);
                if (change.Changed && change.After == null)
                {
                    var left = Store.Sessions;
                    if (left.Count > 0) WriteWarning($"'{s.Name}' was the default session; there is no default now (connected: {string.Join(", ", left.Select(x => x.Name))}). Pass -Session, or run Connect-CloudVm to make one the default.");
                    else WriteVerbose($"Disconnected '{s.Name}'; no sessions are left.");
                }
                else WriteVerbose($"Disconnected '{s.Name}'.");
            }
        }
    }
}
