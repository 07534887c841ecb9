using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Http;
using CloudVm.Json;

namespace CloudVm.Providers.E24Cloud
{
    /// <summary>e24cloud (https://{region}.api.e24cloud.com/v2): the page's operations plus what its three
    /// independent public clients use (poweron/poweroff, the regions and templates catalog, SSH keys from the
    /// account). Every request is signed over the exact bytes sent. Decisions: docs/providers/e24cloud.md.</summary>
    public sealed class E24CloudClient : ProviderClient
    {
        const string Vms = "virtual-machines";
        /// <summary>The page's example wait_for for a graceful shutdown, in minutes.</summary>
        public const int DefaultShutdownMinutes = 4;

        public static readonly ProviderFeatures Descriptor = new ProviderFeatures
        {
            TakesCatalogNames = true,
            Provider = CloudProvider.E24Cloud,
            EndpointTemplate = "https://{region}.api.e24cloud.com/v2",
            ConnectionSettings = ConnectionSetting.ApiSecret | ConnectionSetting.Region,
            RegionRequired = true,
            Regions = new[] { "eu-poland-1poznan", "eu-poland-1warszawa", "eu-poland-1poznan2" },
            // A single DNS label: it can never change the endpoint's host or path.
            RegionPattern = "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\z",
            Operations = new[]
            {
                CloudVmOperation.ListVms, CloudVmOperation.GetVm, CloudVmOperation.CreateVm, CloudVmOperation.DeleteVm,
                CloudVmOperation.Start, CloudVmOperation.Stop, CloudVmOperation.ForceStop, CloudVmOperation.Restart, CloudVmOperation.Reset,
                CloudVmOperation.Resize, CloudVmOperation.Rename, CloudVmOperation.GetConsole,
                CloudVmOperation.ListLocations, CloudVmOperation.ListImages, CloudVmOperation.ListSshKeys,
            },
            ShutdownTimeout = true,
            DeleteOptions = DeleteOption.DeleteResources,
            CreateFields = CreateField.Cpu | CreateField.MemoryGB | CreateField.Location | CreateField.Image | CreateField.Iso | CreateField.Password | CreateField.SshKey | CreateField.UserData,
            CreateHints = new Dictionary<CreateField, string>
            {
                [CreateField.Size] = "e24cloud sizes a VM by -Cpu and -MemoryGB.",
                [CreateField.MarketplaceItem] = "Give cloud-init text with -UserData.",
                [CreateField.UserDataScript] = "Give cloud-init text with -UserData.",
            },
            ResizeFields = ResizeField.Cpu | ResizeField.MemoryGB | ResizeField.ShutdownTimeoutMinutes,
            ResizeMayRestart = true,
            Paging = PagingStyle.None,
            StatusWords = new Dictionary<string, CloudVmStatus>
            {
                ["online"] = CloudVmStatus.Running, ["running"] = CloudVmStatus.Running, ["offline"] = CloudVmStatus.Stopped, ["stopped"] = CloudVmStatus.Stopped,
                ["building"] = CloudVmStatus.Creating, ["creating"] = CloudVmStatus.Creating, ["installing"] = CloudVmStatus.Creating,
                ["starting"] = CloudVmStatus.Starting, ["booting"] = CloudVmStatus.Starting, ["shutting_down"] = CloudVmStatus.Stopping, ["stopping"] = CloudVmStatus.Stopping,
                ["rebooting"] = CloudVmStatus.Rebooting, ["resizing"] = CloudVmStatus.Resizing, ["deleting"] = CloudVmStatus.Deleting, ["error"] = CloudVmStatus.Error,
            },
        };

        public E24CloudClient(CloudVmSession session, TimeProvider clock)
            : base(session, Descriptor, session.Options.Endpoint ?? ProviderRegistry.DefaultEndpoint(Descriptor, session.Options.Region), clock)
        {
            if (!session.Options.Credential.HasSecret)
                throw CloudVmException.Invalid("e24cloud signs requests with a key and a secret: give -Credential (key as user name, secret as password), -ApiKey with -ApiSecret, or set $env:CLOUDVM_E24CLOUD_API_KEY and $env:CLOUDVM_E24CLOUD_API_SECRET.");
        }

        /// <summary>X-Date and Authorization: key:base64(HMAC-SHA256(secret, METHOD\nHOST\nX-Date\nPATH\nBODY)), HOST with the
        /// port when it is not the scheme's default, PATH as sent and without the query string (as all three public
        /// clients sign; CloudVm sends no query to e24cloud, so the page's reading gives the same signature).</summary>
        protected override IEnumerable<KeyValuePair<string, string>> Authenticate(HttpRequestMessage request, byte[]? body)
        {
            var date = Now.ToString("r", CultureInfo.InvariantCulture);
            request.Content ??= new ByteArrayContent(Array.Empty<byte>());
            request.Content.Headers.ContentType ??= new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var cred = Session.Options.Credential;
            var signature = Sign(cred.RevealSecret(), request.Method.Method, request.RequestUri!, date, body ?? Array.Empty<byte>());
            return new[] { Header("X-Date", date), Header("Authorization", cred.RevealKey() + ":" + signature) };
        }

        public static string Sign(string secret, string method, Uri uri, string date, byte[] body)
        {
            var host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port;
            var head = Encoding.UTF8.GetBytes($"{method}\n{host}\n{date}\n{uri.AbsolutePath}\n");
            var data = new byte[head.Length + body.Length];
            Buffer.BlockCopy(head, 0, data, 0, head.Length);
            Buffer.BlockCopy(body, 0, data, head.Length, body.Length);
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            return Convert.ToBase64String(hmac.ComputeHash(data));
        }

        protected override (string? code, string? message) ReadError(JsonElement body)
        {
            var err = body.Get("error");
            var message = body.Str("message") ?? err.Str("message") ?? (err is JsonElement e && e.ValueKind == JsonValueKind.String ? e.GetString() : null)
                ?? (body.Arr("errors") is JsonElement list && list.GetArrayLength() > 0 ? list[0].Str() ?? list[0].Str("message") : null);
            return (body.Str("code") ?? err.Str("code"), message ?? (body.Bool("success") == false ? "the request failed (success: false)" : null));
        }

        /// <summary>Sends, and treats {"success": false} as a failure whatever the HTTP status (a refused state change: Conflict).</summary>
        async Task<T> CallAsync<T>(ApiRequest request, Func<ApiResponse, JsonElement, T> read, CancellationToken ct)
        {
            using var r = await SendAsync(request, ct).ConfigureAwait(false);
            var root = Shape.RootObject(r);
            if (!Shape.Succeeded(r, root, required: false)) throw BodyError(r, request.StateChange ? CloudVmErrorKind.Conflict : CloudVmErrorKind.ProviderError);
            return Parse(r, x => read(x, root));
        }

        static ApiRequest Post(string path, RepeatSafety safety, JsonNode? body, string target) => new ApiRequest(HttpMethod.Post, path, safety) { Body = body, Target = target, StateChange = true };

        // ---- VMs ----

        public override Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct) =>
            CallAsync(Get(Vms), (r, root) =>
            {
                var list = Shape.Array(r, root, "virtual_machines");
                var vms = list.EnumerateArray().Select(o => { Shape.Id(r, o); return ParseVm(o); }).ToList();
                return new ItemPage<VirtualMachine>(query.SortLocally(vms), false, vms.Count);
            }, ct);

        public override Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(id)}", id), (r, root) =>
            {
                // The page shows virtual_machine as an array on get; an object is accepted too.
                var o = root.ObjOrFirst("virtual_machine") ?? throw Shape.Invalid(r, "no virtual_machine");
                Shape.Id(r, o);
                return ParseVm(o);
            }, ct);

        VirtualMachine ParseVm(JsonElement o)
        {
            var state = o.Str("state");
            var system = o.Obj("system");
            var zone = o.Obj("zone");
            JsonElement? disk = null;
            if (o.Arr("storage_volumes") is JsonElement vols)
                foreach (var v in vols.EnumerateArray())
                    if (disk == null || v.Bool("system_disk") == true) { disk = v; if (v.Bool("system_disk") == true) break; }
            var vm = new VirtualMachine
            {
                Id = o.Str("id")!,
                Name = o.Str("label", "name") ?? "",
                ProviderStatus = state,
                Status = Descriptor.Normalize(state),
                Provider = Kind,
                Cpu = o.Whole("cores", "cpus"),
                MemoryGB = o.Num("ram") is double mb ? Math.Round(mb / 1024.0, 3) : (double?)null,
                DiskGB = disk.Whole("size"),
                Image = system.Str("name"),
                Location = zone.Str("name", "label"),
                LocationId = zone.Str("id"),
                PublicIp = o.Obj("public_interface").Str("primary_ip_ipv4address"),
                Owner = Session,
            };
            if (system.Str("id") is string sid) vm.ProviderData["systemId"] = sid;
            if (o.Num("cost_per_hour") is double cost) vm.ProviderData["costPerHour"] = cost;
            if (o.Num("transfer_used") is double t) vm.ProviderData["transferUsed"] = t;
            if (o.Bool("adm") is bool adm) vm.ProviderData["managed"] = adm;
            if (o.Obj("owner").Str("name") is string owner) vm.ProviderData["owner"] = owner;
            if (o.Arr("groups") is JsonElement groups) vm.ProviderData["groups"] = string.Join(", ", groups.EnumerateArray().Select(g => g.Str("name")).Where(n => n != null));
            if (o.Arr("networks") is JsonElement nets) vm.ProviderData["networks"] = string.Join(", ", nets.EnumerateArray().Select(n => n.Str("label")).Where(n => n != null));
            return vm;
        }

        public override void ValidateCreate(VmCreateRequest request) => Check(request);

        static void Check(VmCreateRequest r)
        {
            Descriptor.CheckCreate(r);
            if (r.Cpu == null || r.MemoryGB == null) throw CloudVmException.Invalid("e24cloud sizes a VM by -Cpu and -MemoryGB; give both.");
            if (string.IsNullOrWhiteSpace(r.Location)) throw CloudVmException.Invalid("e24cloud needs the compute zone as -Location: its id or label (see Get-CloudVmLocation).");
            if ((r.Image == null) == (r.Iso == null)) throw CloudVmException.Invalid("e24cloud boots from an OS template (-Image) or from an ISO (-Iso): give exactly one.");
            if (r.Iso != null && (r.Password != null || r.SshKeys.Count > 0 || r.UserData != null))
                throw CloudVmException.Invalid("-Password, -SshKey and -UserData apply only when booting from an image (-Image), not from an ISO.");
            if (r.SshKeys.Count > 1) throw CloudVmException.Invalid("e24cloud installs one SSH key (key_id); give one -SshKey (its name or id, see Get-CloudVmSshKey).");
        }

        /// <summary>The body with names already resolved to ids: both zone fields (the page's compute_zone_id and the
        /// public clients' zone_id; the server ignores the one it does not know) and key_id as an integer.</summary>
        internal static JsonObject BuildCreateBody(VmCreateRequest r, string zoneId, string? template, int? keyId)
        {
            var vm = new JsonObject
            {
                ["cpus"] = r.Cpu,
                ["ram"] = (int)Math.Round(r.MemoryGB!.Value * 1024),
                ["compute_zone_id"] = zoneId,
                ["zone_id"] = zoneId,
                ["name"] = r.Name,
                ["boot_type"] = r.Iso != null ? "cdrom" : "image",
            };
            if (r.Iso != null) vm["cdrom"] = r.Iso;
            else vm["os"] = template;
            if (r.Password != null) vm["password"] = ApiCredential.Reveal(r.Password);
            if (keyId != null) vm["key_id"] = keyId;
            if (r.UserData != null) vm["user_data"] = r.UserData;
            return new JsonObject { ["create_vm"] = vm };
        }

        public override async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct)
        {
            Check(request);
            var zone = await ResolveAsync(request.Location!, "compute zone", "-Location", ListLocationsAsync, l => (l.Id, l.Name), ct).ConfigureAwait(false);
            var template = request.Image == null ? null : await ResolveAsync(request.Image, "OS template", "-Image", c => ListImagesAsync(null, c), i => (i.Id, i.Name), ct).ConfigureAwait(false);
            int? keyId = null;
            if (request.SshKeys.Count == 1)
            {
                var key = await ResolveAsync(request.SshKeys[0], "SSH key", "-SshKey", ListSshKeysAsync, k => (k.Id, k.Name), ct).ConfigureAwait(false);
                if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var k)) throw CloudVmException.Invalid($"e24cloud's SSH key ids are integers; '{key}' is not one.");
                keyId = k;
            }
            var call = new ApiRequest(HttpMethod.Put, Vms, RepeatSafety.Create) { Body = BuildCreateBody(request, zone, template, keyId), Target = request.Name };
            return await CallAsync(call, (resp, root) =>
            {
                var id = root.ObjOrFirst("virtual_machine").Str("id");
                if (string.IsNullOrEmpty(id))
                    throw Shape.AcceptedWithoutId(resp, "no virtual_machine id", $"create of '{request.Name}'", request.Name);
                return (IReadOnlyList<CloudVmJob>)new[] { StateJob(CloudVmJobOperation.Create, new VmRef(id!, request.Name), CloudVmStatus.Running) };
            }, ct).ConfigureAwait(false);
        }

        /// <summary>An id as given, or the id of the catalog entry with that name.</summary>
        static async Task<string> ResolveAsync<T>(string value, string what, string parameter, Func<CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, (string id, string name)> key, CancellationToken ct)
        {
            var entries = (await list(ct).ConfigureAwait(false)).Select(key).ToList();
            var byId = entries.FirstOrDefault(e => string.Equals(e.id, value, StringComparison.OrdinalIgnoreCase));
            if (byId.id != null) return byId.id;
            var byName = entries.Where(e => string.Equals(e.name, value, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byName.Count == 1) return byName[0].id;
            if (byName.Count > 1) throw CloudVmException.Invalid($"e24cloud has {byName.Count} {what}s named '{value}'; give the id for {parameter}: {string.Join(", ", byName.Select(e => e.id))}.");
            throw CloudVmException.Invalid($"e24cloud has no {what} '{value}' for {parameter}; known: {string.Join(", ", entries.Select(e => $"{e.name} ({e.id})"))}.");
        }

        public override async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct)
        {
            Descriptor.CheckPower(action, options);
            var op = CloudVmOperations.JobOperation(action);
            var id = VmSeg(vm.Id);
            switch (action)
            {
                case PowerAction.Start:
                    return await ConvergingAsync(c => CallAsync(Post($"{Vms}/{id}/poweron", RepeatSafety.Converging, null, vm.Id), (r, _) => PowerJob(action, vm), c),
                        vm, op, CloudVmStatus.Running, CloudVmStatus.Starting, ct).ConfigureAwait(false);
                case PowerAction.ForceStop:
                    return await ConvergingAsync(c => CallAsync(Post($"{Vms}/{id}/poweroff", RepeatSafety.Converging, null, vm.Id), (r, _) => PowerJob(action, vm), c),
                        vm, op, CloudVmStatus.Stopped, CloudVmStatus.Stopping, ct).ConfigureAwait(false);
                case PowerAction.Stop:
                    var minutes = options.ShutdownTimeoutMinutes ?? DefaultShutdownMinutes;
                    return await ConvergingAsync(c => CallAsync(Post($"{Vms}/{id}/shutdown", RepeatSafety.Converging, new JsonObject { ["wait_for"] = minutes }, vm.Id), (r, _) => PowerJob(action, vm), c),
                        vm, op, CloudVmStatus.Stopped, CloudVmStatus.Stopping, ct).ConfigureAwait(false);
                default:
                    var verb = action == PowerAction.Restart ? "reboot" : "reset";
                    return await CallAsync(Post($"{Vms}/{id}/{verb}", RepeatSafety.Action, null, vm.Id), (r, _) => PowerJob(action, vm), ct).ConfigureAwait(false);
            }
        }

        public override Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            Descriptor.CheckDelete(options);
            var request = new ApiRequest(HttpMethod.Delete, $"{Vms}/{VmSeg(vm.Id)}", RepeatSafety.Converging) { Body = new JsonObject { ["deleteResources"] = options.DeleteResources ? 1 : 0 }, Target = vm.Id, StateChange = true };
            return ConvergingAsync(c => CallAsync(request, (r, _) => StateJob(CloudVmJobOperation.Delete, vm, CloudVmStatus.Deleted), c), vm, CloudVmJobOperation.Delete, CloudVmStatus.Deleted, CloudVmStatus.Deleting, ct);
        }

        // ---- resize, rename, console ----

        public override async Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct)
        {
            Descriptor.CheckResize(request);
            int? cores = request.Cpu;
            int? ram = request.MemoryGB is double gb ? (int)Math.Round(gb * 1024) : (int?)null;
            if (cores == null || ram == null)
            {
                var current = await GetVmAsync(vm.Id, ct).ConfigureAwait(false);
                cores ??= current.Cpu;
                ram ??= current.MemoryGB is double m ? (int)Math.Round(m * 1024) : (int?)null;
            }
            var body = new JsonObject { ["cores"] = cores, ["ram"] = ram, ["wait_for"] = request.ShutdownTimeoutMinutes ?? DefaultShutdownMinutes };
            return await CallAsync(Post($"{Vms}/{VmSeg(vm.Id)}/resize", RepeatSafety.Action, body, vm.Id), (r, _) =>
                UntilJob(CloudVmJobOperation.Resize, vm, v => v.Cpu == cores && v.MemoryGB is double m2 && (int)Math.Round(m2 * 1024) == ram && (v.Status == CloudVmStatus.Running || v.Status == CloudVmStatus.Stopped)), ct).ConfigureAwait(false);
        }

        public override async Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct)
        {
            if (request.ResourceGroup != null || request.ClearResourceGroup) throw Descriptor.Unsupported(CloudVmOperation.SetResourceGroup);
            if (string.IsNullOrWhiteSpace(request.NewName)) throw CloudVmException.Invalid("The new name is empty.");
            var req = new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/rename", RepeatSafety.Read) { Body = new JsonObject { ["name"] = request.NewName }, Target = vm.Id };
            await CallAsync(req, (r, _) => true, ct).ConfigureAwait(false);
            return Done(CloudVmJobOperation.Rename, new VmRef(vm.Id, request.NewName));
        }

        public override Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/console", RepeatSafety.Read) { Target = vm.Id }, (r, root) =>
            {
                var c = Shape.Member(r, root, "console");
                return new CloudVmConsole
                {
                    VmId = vm.Id, VmName = vm.Name, Host = c.Str("host"), Port = c.Whole("port"),
                    Password = c.Str("password") is string pw ? ApiCredential.Protect(pw) : null, Provider = Kind,
                };
            }, ct);

        // ---- catalog (what the public clients read) ----

        /// <summary>GET /v2/regions: regions[].zones[].{id,label}; one location per compute zone.</summary>
        public override Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            CallAsync(Get("regions"), (r, root) =>
            {
                var regions = Shape.Array(r, root, "regions");
                var zones = new List<CloudVmLocation>();
                foreach (var region in regions.EnumerateArray())
                {
                    if (region.ValueKind != JsonValueKind.Object) throw Shape.Invalid(r, "a region that is not an object");
                    var regionName = region.Str("label", "name", "id");
                    foreach (var z in (region.Arr("zones") ?? throw Shape.Invalid(r, "a region without zones")).EnumerateArray())
                        zones.Add(new CloudVmLocation { Id = Shape.Id(r, z), Name = z.Str("label", "name") ?? "", Region = regionName, Provider = Kind, Owner = Session });
                }
                return (IReadOnlyList<CloudVmLocation>)zones;
            }, ct);

        /// <summary>GET /v2/templates.</summary>
        public override Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct) =>
            CallAsync(Get("templates"), (r, root) => (IReadOnlyList<CloudVmImage>)Shape.Array(r, root, "templates").EnumerateArray().Select(t => new CloudVmImage
            {
                Id = Shape.Id(r, t), Name = t.Str("label", "name") ?? "", Platform = t.Str("os", "family", "type"), Provider = Kind, Owner = Session,
            }).ToList(), ct);

        /// <summary>GET /v2/account: account.sshkeys[] (the key_id of a create).</summary>
        public override Task<IReadOnlyList<CloudVmSshKey>> ListSshKeysAsync(CancellationToken ct) =>
            CallAsync(Get("account"), (r, root) =>
            {
                var account = Shape.Member(r, root, "account");
                return (IReadOnlyList<CloudVmSshKey>)Shape.Array(r, account, "sshkeys", "ssh_keys").EnumerateArray().Select(k => new CloudVmSshKey
                {
                    Id = Shape.Id(r, k), Name = k.Str("label", "name") ?? "", PublicKey = k.Str("key", "public_key", "content"), Provider = Kind, Owner = Session,
                }).ToList();
            }, ct);
    }
}
