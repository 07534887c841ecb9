using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists VM sizes: packages (VPS247, VMgen per location), machine types (Magalu), a data center's sizes (GPCN,
    /// -Location or a piped location), or the sizes a VM can be resized to (-Vm, GPCN). A piped location or VM is read
    /// through the session it came from.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSize", DefaultParameterSetName = ByLocation)]
    [OutputType(typeof(CloudVmSize))]
    public sealed class GetCloudVmSizeCommand : SessionListCmdlet
    {
        const string ByLocation = "ByLocation";
        const string ByVm = "ByVm";

        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only the sizes of this location (GPCN and VMgen keep sizes per location). A piped location binds -InputObject; a piped VM, -Vm.</summary>
        [Parameter(ParameterSetName = ByLocation)]
        [Alias("LocationId")]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        /// <summary>Locations to list the sizes of (from Get-CloudVmLocation), each through its own session.</summary>
        [Parameter(ParameterSetName = ByLocation, ValueFromPipeline = true)]
        public CloudVmLocation? InputObject { get; set; }

        /// <summary>A VM: the sizes it can be resized to in place (GPCN), through the VM's session.</summary>
        [Parameter(ParameterSetName = ByVm, Mandatory = true, ValueFromPipeline = true)]
        [VmTransformation]
        public VirtualMachine[] Vm { get; set; } = System.Array.Empty<VirtualMachine>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByVm)
            {
                foreach (var vm in Vm)
                {
                    var session = vm.Owner != null && !(Session?.Length > 0) ? Connected(vm.Owner) : Sessions().First();
                    Try(vm, () =>
                    {
                        session.Features.Require(CloudVmOperation.ListResizeTargets);
                        session.Features.CheckVmId(vm.Id);
                        foreach (var s in Run(ct => session.Api.ListResizeTargetsAsync(VmRef.From(vm), ct)))
                            if (NameMatches(Name, s.Name, s.Id)) WriteObject(s);
                    });
                }
                return;
            }
            var location = InputObject?.Id ?? Location;
            Input.CheckNoControl(location, "-Location");
            ListFromSessions(CloudVmOperation.ListSizes, (api, ct) => api.ListSizesAsync(location, ct), s => NameMatches(Name, s.Name, s.Id), InputObject?.Owner);
        }
    }
}
