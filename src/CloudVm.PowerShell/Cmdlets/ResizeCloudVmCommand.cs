using System.Collections.Generic;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Changes a VM's size: a named size (-Size) or cores and memory (-Cpu/-MemoryGB) where the provider takes
    /// those. Where a resize may shut down or restart the VM (GPCN, e24cloud, Magalu), it asks unless -Force or -Confirm:$false.</summary>
    [Cmdlet(VerbsCommon.Resize, "CloudVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class ResizeCloudVmCommand : VmJobCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SizeCompleter))]
        public string? Size { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int? Cpu { get; set; }

        [Parameter]
        [ValidateRange(0.25, 16384)]
        public double? MemoryGB { get; set; }

        /// <summary>Minutes to wait for a graceful shutdown before the resize forces one (e24cloud).</summary>
        [Parameter]
        [ValidateRange(0, 1440)]
        public int? ShutdownTimeoutMinutes { get; set; }

        /// <summary>Does not ask, even where the resize restarts the VM.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        readonly List<CloudVmJob> jobs = new List<CloudVmJob>();

        protected override void BeginProcessing()
        {
            if (Size == null && Cpu == null && MemoryGB == null)
                ThrowCloudError(CloudVmException.Invalid("Give the new size with -Size, or -Cpu and/or -MemoryGB."), null);
        }

        protected override void ProcessRecord()
        {
            var request = new VmResizeRequest { Size = Size, Cpu = Cpu, MemoryGB = MemoryGB, ShutdownTimeoutMinutes = ShutdownTimeoutMinutes };
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    var f = t.Session.Features;
                    f.CheckResize(request);
                    var action = $"Resize to {request}";
                    var go = f.ResizeMayRestart
                        ? Confirmed(t.ToString(), action, $"Resizing {t} on {f.DisplayName} may shut it down or restart it. Go on?", skipQuestion: Force)
                        : ShouldProcess(t.ToString(), action);
                    if (go) jobs.Add(Run(ct => t.Session.Api.ResizeAsync(t.Vm, request, ct)));
                });
        }

        protected override void EndProcessing() => Emit(jobs, "Resizing");
    }
}
