using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Gets a VM's console: a temporary URL (GPCN noVNC) or host, port and password.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmConsole", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmConsole))]
    public sealed class GetCloudVmConsoleCommand : VmTargetCmdlet
    {
        /// <summary>Also fills PlainTextPassword with the console password as text.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    var console = Run(ct => t.Session.Require<IVmConsole>("consoles").GetConsoleAsync(t.Vm, ct));
                    if (AsPlainText && console.Password != null) console.PlainTextPassword = ApiCredential.Reveal(console.Password);
                    WriteObject(console);
                });
        }
    }
}
