using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Gets a VM's console: a temporary URL (GPCN noVNC) or host, port and password (e24cloud).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmConsole", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmConsole))]
    public sealed class GetCloudVmConsoleCommand : VmCmdlet
    {
        /// <summary>Also fills PlainTextPassword with the console password as text.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.GetConsole);
                    var console = Run(ct => t.Session.Api.GetConsoleAsync(t.Vm, ct));
                    if (AsPlainText && console.Password != null) console.PlainTextPassword = ApiCredential.Reveal(console.Password);
                    WriteObject(console);
                });
        }
    }
}
