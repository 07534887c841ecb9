using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Plans a fault on the in-process emulator, to rehearse what real clouds do: the next -Count requests to the
    /// provider whose path matches -Path wait -LatencyMs, then get -Status (with -RetryAfter), or are served and their
    /// answer lost (-LoseAnswer: the provider acted, the client never hears).</summary>
    [Cmdlet(VerbsCommon.Add, "CloudVmEmulatorFault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CloudVmEmulatorFault))]
    public sealed class AddCloudVmEmulatorFaultCommand : CloudVmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public CloudProvider Provider { get; set; }

        /// <summary>The status to answer with (429, 500, 503, …) instead of serving the request.</summary>
        [Parameter]
        [ValidateRange(100, 599)]
        public int? Status { get; set; }

        /// <summary>With -Status: a Retry-After header of this many seconds.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int? RetryAfter { get; set; }

        /// <summary>How many matching requests get the fault (default 1).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; } = 1;

        /// <summary>A wildcard pattern for the request path, whole or within the provider ('*/virtual-machines*'); default: every request.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "*";

        /// <summary>Only requests with this method.</summary>
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE")]
        public string? Method { get; set; }

        /// <summary>Wait this long before answering (on the emulator's clock; Ctrl+C stops the wait).</summary>
        [Parameter]
        [ValidateRange(0, 3600000)]
        public int LatencyMs { get; set; }

        /// <summary>Serve the request (the provider acts), then close the connection before the answer.</summary>
        [Parameter]
        public SwitchParameter LoseAnswer { get; set; }

        protected override void ProcessRecord()
        {
            if (LoseAnswer && Status != null)
                ThrowCloudError(CloudVmException.Invalid("-LoseAnswer serves the request and loses its answer; it does not go with -Status."), Status);
            if (!LoseAnswer && Status == null && LatencyMs == 0)
                ThrowCloudError(CloudVmException.Invalid("Say what the fault does: -Status, -LatencyMs or -LoseAnswer."), null);
            if (RetryAfter != null && Status == null)
                ThrowCloudError(CloudVmException.Invalid("-RetryAfter goes with -Status."), RetryAfter);
            var fault = new CloudVmEmulatorFault
            {
                Provider = Provider, Status = Status, RetryAfterSeconds = RetryAfter, Count = Count, Path = Path,
                Method = Method?.ToUpperInvariant(), LatencyMs = LatencyMs, LoseAnswer = LoseAnswer,
            };
            if (!ShouldProcess(fault.ToString(), "Plan fault on the in-process emulator")) return;
            CloudVmEmulator.AddFault(fault);
            WriteObject(fault);
        }
    }
}
