using System.Management.Automation;

namespace OneCmdlet
{
    [Cmdlet(VerbsCommon.Get, "One")]
    public sealed class GetOneCommand : PSCmdlet
    {
        protected override void ProcessRecord() => WriteObject(1);
    }
}
