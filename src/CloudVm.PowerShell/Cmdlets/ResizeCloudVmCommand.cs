using System.Collections.Generic;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Changes a VM's size: a named size (-Size) or cores and memory (-Cpu/-MemoryGB) where the provider
    /// takes those. GPCN allows upgrades only and may restart the VM.</summary>
    [Cmdlet(VerbsCommon.Resize, "CloudVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class ResizeCloudVmCommand : VmJobCmdlet
    {
        /// <summary>The new size (GPCN: configuration id).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
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

        protected override void BeginProcessing()
        {
            if (Size == null && Cpu == null && MemoryGB == null)
                ThrowCloudError(CloudVmException.Invalid("Give the new size with -Size, or -Cpu and/or -MemoryGB."), null);
        }

        protected override void ProcessRecord()
        {
            var jobs = new List<CloudVmJob>();
            foreach (var t in Targets())
            {
                var request = new VmResizeRequest { Size = Size, Cpu = Cpu, MemoryGB = MemoryGB, ShutdownTimeoutMinutes = ShutdownTimeoutMinutes };
                var to = Size != null ? "size " + Size : $"{Cpu} CPU, {MemoryGB} GB";
                Try(t.Input, () =>
                {
                    var resize = t.Session.Require<IVmResize>("resizing a VM");
                    if (ShouldProcess(t.ToString(), $"Resize to {to}")) jobs.Add(Run(ct => resize.ResizeAsync(t.Vm, request, ct)));
                });
            }
            Emit(jobs, "Resizing");
        }
    }
}
