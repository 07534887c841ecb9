using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace CloudVm.PowerShell
{
    /// <summary>Creates VMs. Checks the provider's rules before sending, and sends the create exactly once:
    /// a create whose answer is lost is reported, never re-sent.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVm", SupportsShouldProcess = true)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class NewCloudVmCommand : JobCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SizeCompleter))]
        public string? Size { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ImageCompleter))]
        public string? Image { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        [Parameter]
        [ValidateRange(1, 100)]
        public int Count { get; set; } = 1;

        [Parameter]
        public SwitchParameter PublicIp { get; set; }

        [Parameter]
        public CloudVmNetworkSpec[]? Network { get; set; }

        [Parameter]
        public string[]? SshKey { get; set; }

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

        /// <summary>The login user and password (GPCN's password login).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The login user to create (GPCN, with -SshKey).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        [Parameter]
        public string? UserData { get; set; }

        [Parameter]
        public string? Iso { get; set; }

        [Parameter]
        public string? MarketplaceItem { get; set; }

        [Parameter]
        public string? UserDataScript { get; set; }

        [Parameter]
        public SwitchParameter PrivateNetworking { get; set; }

        [Parameter]
        public SwitchParameter IPv6 { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession(Session);
            if (Credential != null && (Password != null || UserName != null))
                ThrowCloudError(CloudVmException.Invalid("-Credential gives the user name and password: do not add -Password or -UserName."), Name);
            var request = new VmCreateRequest
            {
                Name = Name, Size = Size, Image = Image, Location = Location, Count = Count,
                PublicIp = MyInvocation.BoundParameters.ContainsKey(nameof(PublicIp)) ? PublicIp.IsPresent : (bool?)null,
                Networks = Network?.ToList() ?? new List<CloudVmNetworkSpec>(),
                SshKeys = SshKey?.ToList() ?? new List<string>(),
                ResourceGroup = ResourceGroup, Cpu = Cpu, MemoryGB = MemoryGB, DiskGB = DiskGB, Password = Credential?.Password ?? Password, UserData = UserData,
                UserName = Credential?.UserName ?? UserName,
                Iso = Iso, PrivateNetworking = PrivateNetworking, IPv6 = IPv6, MarketplaceItem = MarketplaceItem, UserDataScript = UserDataScript,
            };
            var what = Count == 1 ? $"VM '{Name}'" : $"{Count} VMs '{Name}'";
            if (!Try(Name, () => session.Api.ValidateCreate(request))) return;
            var spec = string.Join(", ", new[] { Size != null ? "size " + Size : null, Cpu != null ? $"{Cpu} CPU" : null, MemoryGB != null ? $"{MemoryGB} GB" : null, Image != null ? "image " + Image : null, Location != null ? "location " + Location : null }.Where(x => x != null));
            if (!ShouldProcess($"{what} ({spec}) on {session}", "Create")) return;
            Try(Name, () => Emit(Run(ct => session.Api.CreateVmAsync(request, ct)), $"Creating {what}"));
        }
    }
}
