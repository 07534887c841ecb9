using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>What the in-process emulator received, oldest first: for tests of a user's own scripts ("my nightly task
    /// stopped three VMs and deleted none"). Secret-named body fields are masked; headers are not kept.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmEmulatorRequest", DefaultParameterSetName = "Provider")]
    [OutputType(typeof(CloudVmEmulatorRequest))]
    public sealed class GetCloudVmEmulatorRequestCommand : CloudVmCmdlet
    {
        /// <summary>Only the requests to this provider.</summary>
        [Parameter(ParameterSetName = "Provider", Position = 0)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public CloudProvider? Provider { get; set; }

        /// <summary>Only the requests sent through this emulated session (its provider, and its region's endpoint).</summary>
        [Parameter(ParameterSetName = "Session", Mandatory = true, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            if (Session != null && !Session.IsEmulated)
                ThrowCloudError(CloudVmException.Invalid($"Session '{Session.Name}' is not on the emulator (its endpoint is {Session.Endpoint}); Get-CloudVmEmulatorRequest shows what the in-process emulator received.", Session.Name), Session.Name);
            var requests = Session != null ? CloudVmEmulator.Requests(Session.Provider, Session.Endpoint.AbsolutePath) : CloudVmEmulator.Requests(Provider);
            foreach (var r in requests) WriteObject(r);
        }
    }
}
