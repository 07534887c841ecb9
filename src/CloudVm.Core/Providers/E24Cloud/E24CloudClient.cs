using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers.E24Cloud
{
    /// <summary>e24cloud (https://{region}.api.e24cloud.com/v2), every operation on its page. Every request is
    /// signed over the exact bytes sent. Decisions: docs/providers/e24cloud.md.</summary>
    public sealed class E24CloudClient : ProviderClient, ICloudProvider, IVmResize, IVmUpdate, IVmConsole
    {
        public static readonly string[] Regions = { "eu-poland-1poznan", "eu-poland-1warszawa", "eu-poland-1poznan2" };
        const string Vms = "virtual-machines";
        /// <summary>The page's example wait_for for a graceful shutdown, in minutes.</summary>
        public const int DefaultShutdownMinutes = 4;

        public E24CloudClient(CloudVmSession session) : base(session, () => DefaultEndpoint(session.Options.Region))
        {
            if (!session.Options.Credential.HasSecret)
                throw CloudVmException.Invalid("e24cloud signs requests with a key and a secret: give -Credential (key as user name, secret as password), or set $env:CLOUDVM_E24CLOUD_API_KEY and $env:CLOUDVM_E24CLOUD_API_SECRET.");
        }

        static Uri DefaultEndpoint(string? region)
        {
            if (string.IsNullOrEmpty(region)) throw CloudVmException.Invalid($"e24cloud needs -Region, one of {string.Join(", ", Regions)}.");
            return new Uri($"https://{region}.api.e24cloud.com/v2/");
        }

        public override CloudProvider Kind => CloudProvider.E24Cloud;
        /// <summary>The page has no start call; ForceStop is a shutdown with wait_for 0 (turned off at once).</summary>
        public IReadOnlyCollection<PowerAction> PowerActions { get; } = new[] { PowerAction.Stop, PowerAction.ForceStop, PowerAction.Restart, PowerAction.Reset };
        public bool DeleteRequiresStop => false;
        public bool SupportsResourceGroup => false;

        /// <summary>X-Date and Authorization: key:base64(HMAC-SHA256(secret, METHOD\nHOST\nX-Date\nPATH[?query]\nBODY)),
        /// HOST with the port when it is not the scheme's default, PATH and query exactly as sent.</summary>
        protected override void Authenticate(HttpRequestMessage request, byte[]? body)
        {
            var date = DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
            request.Headers.TryAddWithoutValidation("X-Date", date);
            if (request.Content == null)
            {
                request.Content = new ByteArrayContent(Array.Empty<byte>());
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            }
            var cred = Session.Options.Credential;
            var signature = Sign(cred.RevealSecret(), request.Method.Method, request.RequestUri!, date, body ?? Array.Empty<byte>());
            request.Headers.TryAddWithoutValidation("Authorization", cred.RevealKey() + ":" + signature);
        }

        public static string Sign(string secret, string method, Uri uri, string date, byte[] body)
        {
            var host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port;
            var head = Encoding.UTF8.GetBytes($"{method}\n{host}\n{date}\n{uri.PathAndQuery}\n");
            var data = new byte[head.Length + body.Length];
            Buffer.BlockCopy(head, 0, data, 0, head.Length);
            Buffer.BlockCopy(body, 0, data, head.Length, body.Length);
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            return Convert.ToBase64String(hmac.ComputeHash(data));
        }

        protected override (string? code, string? message) ReadError(ApiResponse r)
        {
            var err = r.Body.Get("error");
            var message = r.Body.Str("message") ?? err.Str("message") ?? (err is JsonValue ? err.Str() : null) ?? r.Body.Arr("errors")?.FirstOrDefault().Str();
            return (r.Body.Str("code") ?? err.Str("code"), message ?? (r.Body.Bool("success") == false ? "the request failed (success: false)" : null));
        }

        /// <summary>Sends, and treats {"success": false} as a failure whatever the HTTP status.</summary>
        async Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, CancellationToken ct, object? target = null)
        {
            var r = await SendAsync(method, path, body, idempotent, ct, target).ConfigureAwait(false);
            if (r.Body.Bool("success") == false) throw ErrorFromBody(r, method, path, target);
            return r.Body;
        }

        // ---- VMs ----

        public async Task<Page<VirtualMachine>> ListVmsAsync(VmQuery query, string? pageToken, CancellationToken ct)
        {
            var body = await CallAsync(HttpMethod.Get, Vms, null, true, ct).ConfigureAwait(false);
            return query.OnePage((body.Arr("virtual_machines") ?? new JsonArray()).OfType<JsonObject>().Select(ParseVm));
        }

        public override async Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct)
        {
            var body = await CallAsync(HttpMethod.Get, $"{Vms}/{Esc(id)}", null, true, ct, id).ConfigureAwait(false);
            // The page shows virtual_machine as an array on get; an object is accepted too.
            var o = body.ObjOrFirst("virtual_machine") ?? throw new CloudVmException(CloudVmErrorKind.NotFound, $"e24cloud: virtual machine {id} not found.") { Provider = Kind, Target = id };
            return ParseVm(o);
        }

        VirtualMachine ParseVm(JsonObject o)
        {
            var state = o.Str("state");
            var system = o.Obj("system");
            var zone = o.Obj("zone");
            var disk = o.Arr("storage_volumes")?.OfType<JsonObject>().FirstOrDefault(v => v.Bool("system_disk") == true) ?? o.Arr("storage_volumes")?.OfType<JsonObject>().FirstOrDefault();
            var vm = new VirtualMachine
            {
                Id = o.Str("id") ?? "",
                Name = o.Str("label", "name") ?? "",
                ProviderStatus = state,
                Status = StatusMap.Normalize(state),
                Provider = Kind,
                Cpu = o.Int("cores", "cpus"),
                MemoryGB = o.Num("ram") is double mb ? Math.Round(mb / 1024.0, 3) : (double?)null,
                DiskGB = disk.Int("size"),
                Image = system.Str("name"),
                Location = zone.Str("name"),
                LocationId = zone.Str("id"),
                PublicIp = o.Obj("public_interface").Str("primary_ip_ipv4address"),
                Session = Session,
            };
            if (system.Str("id") is string sid) vm.ProviderData["systemId"] = sid;
            if (o.Num("cost_per_hour") is double cost) vm.ProviderData["costPerHour"] = cost;
            if (o.Num("transfer_used") is double t) vm.ProviderData["transferUsed"] = t;
            if (o.Bool("adm") is bool adm) vm.ProviderData["managed"] = adm;
            if (o.Obj("owner").Str("name") is string owner) vm.ProviderData["owner"] = owner;
            if (o.Arr("groups") is JsonArray groups) vm.ProviderData["groups"] = string.Join(", ", groups.Select(g => g.Str("name")).Where(n => n != null));
            if (o.Arr("networks") is JsonArray nets) vm.ProviderData["networks"] = string.Join(", ", nets.Select(n => n.Str("label")).Where(n => n != null));
            return vm;
        }

        public void ValidateCreate(VmCreateRequest r) => BuildCreateBody(r);

        internal static JsonObject BuildCreateBody(VmCreateRequest r)
        {
            const CloudProvider p = CloudProvider.E24Cloud;
            if (string.IsNullOrWhiteSpace(r.Name)) throw CloudVmException.Invalid("e24cloud needs a VM name (-Name).");
            if (r.Size != null) throw CloudVmException.NotSupported(p, "named sizes (-Size)", "Give -Cpu and -MemoryGB.");
            if (r.Cpu == null || r.MemoryGB == null) throw CloudVmException.Invalid("e24cloud sizes a VM by -Cpu and -MemoryGB; give both.");
            if (r.Count != 1) throw CloudVmException.NotSupported(p, "-Count above 1", "It creates one VM per request; run New-CloudVm once per VM.");
            if (r.DiskGB != null) throw CloudVmException.NotSupported(p, "-DiskGB at create");
            if (r.Networks.Count > 0 || r.PublicIp != null) throw CloudVmException.NotSupported(p, "-Network or -PublicIp at create");
            if (r.ResourceGroup != null) throw CloudVmException.NotSupported(p, "resource groups");
            if (r.PrivateNetworking || r.IPv6) throw CloudVmException.NotSupported(p, "-PrivateNetworking or -IPv6");
            if (r.MarketplaceItem != null || r.UserDataScript != null) throw CloudVmException.NotSupported(p, "-MarketplaceItem or -UserDataScript", "Give cloud-init text with -UserData.");
            if (string.IsNullOrWhiteSpace(r.Location)) throw CloudVmException.Invalid("e24cloud needs the compute zone id as -Location.");
            if ((r.Image == null) == (r.Iso == null)) throw CloudVmException.Invalid("e24cloud boots from an OS template (-Image) or from an ISO (-Iso): give exactly one.");
            if (r.Iso != null && (r.Password != null || r.SshKeys.Count > 0 || r.UserData != null))
                throw CloudVmException.Invalid("-Password, -SshKey and -UserData apply only when booting from an image (-Image), not from an ISO.");
            if (r.SshKeys.Count > 1) throw CloudVmException.Invalid("e24cloud installs one SSH key (key_id); give one -SshKey.");
            var vm = new JsonObject
            {
                ["cpus"] = r.Cpu,
                ["ram"] = (int)Math.Round(r.MemoryGB.Value * 1024),
                ["compute_zone_id"] = r.Location,
                ["name"] = r.Name,
                ["boot_type"] = r.Iso != null ? "cdrom" : "image",
            };
            if (r.Iso != null) vm["cdrom"] = r.Iso;
            else vm["os"] = r.Image;
            if (r.Password != null) vm["password"] = ApiCredential.Reveal(r.Password);
            if (r.SshKeys.Count == 1) vm["key_id"] = r.SshKeys[0];
            if (r.UserData != null) vm["user_data"] = r.UserData;
            return new JsonObject { ["create_vm"] = vm };
        }

        public async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest r, CancellationToken ct)
        {
            var body = await CallAsync(HttpMethod.Put, Vms, BuildCreateBody(r), idempotent: false, ct, r.Name).ConfigureAwait(false);
            var id = body.Obj("virtual_machine").Str("id") ?? body.ObjOrFirst("virtual_machine").Str("id")
                ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"e24cloud accepted the create of '{r.Name}' but returned no id; check with Get-CloudVm -Name '{r.Name}' before trying again.") { Provider = Kind };
            return new[] { StateJob("Create", new VmRef(id, r.Name), CloudVmStatus.Running) };
        }

        public async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions? options, CancellationToken ct)
        {
            switch (action)
            {
                case PowerAction.Stop:
                case PowerAction.ForceStop:
                    var minutes = action == PowerAction.ForceStop ? 0 : options?.ShutdownTimeoutMinutes ?? DefaultShutdownMinutes;
                    await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/shutdown", new JsonObject { ["wait_for"] = minutes }, true, ct, vm).ConfigureAwait(false);
                    return StateJob(action == PowerAction.ForceStop ? "ForceStop" : "Stop", vm, CloudVmStatus.Stopped);
                case PowerAction.Restart:
                case PowerAction.Reset:
                    if (options?.ShutdownTimeoutMinutes != null) throw CloudVmException.NotSupported(Kind, "-ShutdownTimeoutMinutes on a restart");
                    var verb = action == PowerAction.Restart ? "reboot" : "reset";
                    await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/{verb}", null, true, ct, vm).ConfigureAwait(false);
                    return StateJob(action == PowerAction.Restart ? "Restart" : "Reset", vm, CloudVmStatus.Running);
                case PowerAction.Start:
                    throw CloudVmException.NotSupported(Kind, "starting a VM", "Its API has no start call; a stopped e24cloud VM is started from its control panel.");
                default:
                    throw CloudVmException.NotSupported(Kind, action.ToString().ToLowerInvariant());
            }
        }

        public async Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            if (options.DeletePublicIp) throw CloudVmException.NotSupported(Kind, "-DeletePublicIp", "Use -DeleteResources to delete (rather than detach) attached resources.");
            await CallAsync(HttpMethod.Delete, $"{Vms}/{Esc(vm.Id)}", new JsonObject { ["deleteResources"] = options.DeleteResources ? 1 : 0 }, true, ct, vm).ConfigureAwait(false);
            return StateJob("Delete", vm, CloudVmStatus.Deleted);
        }

        public Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct) => RefreshByVmStateAsync(jobs, ct);

        // ---- resize, rename, console ----

        public async Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct)
        {
            if (request.Size != null) throw CloudVmException.NotSupported(Kind, "named sizes (-Size)", "Give -Cpu and/or -MemoryGB.");
            int? cores = request.Cpu;
            int? ram = request.MemoryGB is double gb ? (int)Math.Round(gb * 1024) : (int?)null;
            if (cores == null || ram == null)
            {
                var current = await GetVmAsync(vm.Id, ct).ConfigureAwait(false);
                cores ??= current.Cpu;
                ram ??= current.MemoryGB is double m ? (int)Math.Round(m * 1024) : (int?)null;
            }
            var body = new JsonObject { ["cores"] = cores, ["ram"] = ram, ["wait_for"] = request.ShutdownTimeoutMinutes ?? DefaultShutdownMinutes };
            await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/resize", body, true, ct, vm).ConfigureAwait(false);
            var job = StateJob("Resize", vm, CloudVmStatus.Running);
            job.TargetStatus = null;
            job.Until = v => v.Cpu == cores && v.MemoryGB is double m2 && (int)Math.Round(m2 * 1024) == ram && (v.Status == CloudVmStatus.Running || v.Status == CloudVmStatus.Stopped);
            return job;
        }

        public async Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct)
        {
            if (request.ResourceGroup != null || request.ClearResourceGroup) throw CloudVmException.NotSupported(Kind, "resource groups");
            if (string.IsNullOrWhiteSpace(request.NewName)) throw CloudVmException.Invalid("The new name is empty.");
            await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/rename", new JsonObject { ["name"] = request.NewName }, true, ct, vm).ConfigureAwait(false);
            return NewJob("Rename", new VmRef(vm.Id, request.NewName), JobTracking.Immediate);
        }

        public async Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct)
        {
            var body = await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/console", null, true, ct, vm).ConfigureAwait(false);
            var c = body.Obj("console") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"e24cloud returned no console for {vm}.") { Provider = Kind };
            return new CloudVmConsole
            {
                VmId = vm.Id, VmName = vm.Name, Host = c.Str("host"), Port = c.Int("port"),
                Password = c.Str("password") is string pw ? ApiCredential.Protect(pw) : null, Provider = Kind,
            };
        }

        static string Esc(string s) => Uri.EscapeDataString(s);
    }
}
