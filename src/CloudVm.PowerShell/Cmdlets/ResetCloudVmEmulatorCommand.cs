using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>A clean emulated world for the next test: the example world again (or -VmCount VMs named vm-1, vm-2, …), of
    /// one provider or all, with that provider's request log and planned faults gone. Sessions on the emulator keep
    /// working. -JobSeconds sets how long emulated work takes from now on (0: done at once, for fast tests).</summary>
    [Cmdlet(VerbsCommon.Reset, "CloudVmEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ResetCloudVmEmulatorCommand : CloudVmCmdlet
    {
        /// <summary>Only this provider's world; default: all five.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public CloudProvider? Provider { get; set; }

        /// <summary>This many VMs (named vm-1, vm-2, …) instead of the example world; 0 for none.</summary>
        [Parameter]
        [ValidateRange(0, 10000)]
        public int? VmCount { get; set; }

        /// <summary>How long emulated work (creates, power changes, resizes, copies) takes, in seconds; 0 completes it at once.
        /// Kept for later resets (3 at first).</summary>
        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double? JobSeconds { get; set; }

        protected override void ProcessRecord()
        {
            var what = Provider == null ? "every provider" : Provider.Value.DisplayName;
            if (!ShouldProcess($"the emulated world of {what}", "Reset")) return;
            CloudVmEmulator.Reset(Provider, VmCount, JobSeconds);
        }
    }
}
