using System.Linq;
using System.Management.Automation;
using System.Security;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Creates VMs. Checks the provider's rules before sending, and sends the create exactly once:
    /// a create whose answer is lost is reported, never re-sent.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVm", SupportsShouldProcess = true)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class NewCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>The size: GPCN configuration id.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Size { get; set; }

        /// <summary>The image: GPCN image id.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Image { get; set; }

        /// <summary>Where: GPCN data center id (UUID).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Location { get; set; }

        /// <summary>How many identical VMs (GPCN: 1 to 10).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Count { get; set; } = 1;

        /// <summary>Allocate a public IP.</summary>
        [Parameter]
        public SwitchParameter PublicIp { get; set; }

        /// <summary>Networks to attach: ids (the first is primary) or @{NetworkId=…; Primary=$true} (GPCN: 1 to 5, one primary).</summary>
        [Parameter]
        public CloudVmNetworkSpec[]? Network { get; set; }

        /// <summary>SSH key ids (or names, where the provider uses names).</summary>
        [Parameter]
        public string[]? SshKey { get; set; }

        /// <summary>GPCN resource group (team) id.</summary>
        [Parameter]
        public string? ResourceGroup { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int? Cpu { get; set; }

        [Parameter]
        [ValidateRange(0.25, 16384)]
        public double? MemoryGB { get; set; }

        [Parameter]
        [ValidateRange(1, 65536)]
        public int? DiskGB { get; set; }

        [Parameter]
        public SecureString? Password { get; set; }

        [Parameter]
        public string? UserData { get; set; }

        /// <summary>Boot from this ISO instead of an image (e24cloud).</summary>
        [Parameter]
        public string? Iso { get; set; }

        /// <summary>A marketplace item id to deploy instead of an image (VMgen).</summary>
        [Parameter]
        public string? MarketplaceItem { get; set; }

        /// <summary>A saved user-data script's version id (VMgen).</summary>
        [Parameter]
        public string? UserDataScript { get; set; }

        /// <summary>Private networking (VPS247).</summary>
        [Parameter]
        public SwitchParameter PrivateNetworking { get; set; }

        /// <summary>IPv6 (VPS247).</summary>
        [Parameter]
        public SwitchParameter IPv6 { get; set; }

        [Parameter]
        public CloudVmSession? Session { get; set; }

        /// <summary>Waits until the VMs are made and returns them.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected override void ProcessRecord()
        {
            var session = ResolveSession(Session);
            var request = new VmCreateRequest
            {
                Name = Name, Size = Size, Image = Image, Location = Location, Count = Count, PublicIp = MyInvocation.BoundParameters.ContainsKey("PublicIp") ? PublicIp.IsPresent : (bool?)null,
                Networks = Network?.ToList() ?? new System.Collections.Generic.List<CloudVmNetworkSpec>(),
                SshKeys = SshKey?.ToList() ?? new System.Collections.Generic.List<string>(),
                ResourceGroup = ResourceGroup, Cpu = Cpu, MemoryGB = MemoryGB, DiskGB = DiskGB, Password = Password, UserData = UserData,
                Iso = Iso, PrivateNetworking = PrivateNetworking, IPv6 = IPv6, MarketplaceItem = MarketplaceItem, UserDataScript = UserDataScript,
            };
            var what = Count == 1 ? $"VM '{Name}'" : $"{Count} VMs '{Name}'";
            if (!Try(Name, () => session.Api.ValidateCreate(request))) return;
            if (!ShouldProcess($"{what} (size {Size}, image {Image}, location {Location}) on {session}", "Create")) return;
            Try(Name, () =>
            {
                var jobs = Run(ct => session.Api.CreateVmAsync(request, ct));
                EmitJobs(jobs, Wait, Timeout, $"Creating {what}");
            });
        }
    }
}
