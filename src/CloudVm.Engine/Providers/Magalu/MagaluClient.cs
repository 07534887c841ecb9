using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Http;
using CloudVm.Jobs;
using CloudVm.Json;
using CloudVm.Listing;

namespace CloudVm.Providers.Magalu
{
    /// <summary>Magalu Cloud's Virtual Machine API v1 (https://api.magalu.cloud/{region}/compute): the page's 27 operations
    /// with the paths, regions and defaults of the official Go SDK, CLI and OpenAPI spec where the page is silent or wrong
    /// (snapshot restore at POST /v1/snapshots/{id}, snapshot copy, br-mgl1, an optional tenant and SSH key, no VPC
    /// unless one is named). No job ids: changes are followed by polling the instance or the copy. docs/providers/magalu.md.</summary>
    public sealed class MagaluClient : ProviderClient
    {
        const string Instances = "v1/instances";
        const string Expand = "expand=image&expand=machine-type&expand=network";
        public static readonly string[] BackupCopyRegions = { "br-se1", "br-se-1", "br-ne1", "br-ne-1" };

        public static readonly ProviderFeatures Descriptor = new ProviderFeatures
        {
            TakesCatalogNames = true,
            Provider = CloudProvider.Magalu,
            EndpointTemplate = "https://api.magalu.cloud/{region}/compute",
            ConnectionSettings = ConnectionSetting.Region | ConnectionSetting.TenantId,
            RegionRequired = true,
            Regions = new[] { "br-se1", "br-ne1", "br-mgl1" },
            RegionUrlSegments = new Dictionary<string, string> { ["br-mgl1"] = "br-se-1" },   // as Magalu's SDK has it
            Operations = new[]
            {
                CloudVmOperation.ListVms, CloudVmOperation.GetVm, CloudVmOperation.CreateVm, CloudVmOperation.DeleteVm,
                CloudVmOperation.Start, CloudVmOperation.Stop, CloudVmOperation.Restart, CloudVmOperation.Suspend,
                CloudVmOperation.Resize, CloudVmOperation.Rename,
                CloudVmOperation.ListNetworkInterfaces, CloudVmOperation.AddNetworkInterface, CloudVmOperation.RemoveNetworkInterface,
                CloudVmOperation.ListSizes, CloudVmOperation.ListImages,
                CloudVmOperation.ListSnapshots, CloudVmOperation.GetSnapshot, CloudVmOperation.NewSnapshot, CloudVmOperation.RemoveSnapshot,
                CloudVmOperation.RenameSnapshot, CloudVmOperation.RestoreSnapshot, CloudVmOperation.CopySnapshot,
                CloudVmOperation.ListBackups, CloudVmOperation.GetBackup, CloudVmOperation.NewBackup, CloudVmOperation.RemoveBackup,
                CloudVmOperation.RenameBackup, CloudVmOperation.RestoreBackup, CloudVmOperation.CopyBackup,
            },
            DeleteOptions = DeleteOption.DeletePublicIp,
            CreateFields = CreateField.Size | CreateField.Image | CreateField.SshKey | CreateField.Location | CreateField.Network | CreateField.PublicIp | CreateField.UserData,
            CreateHints = new Dictionary<CreateField, string>
            {
                [CreateField.Cpu] = "Choose a machine type with -Size.", [CreateField.MemoryGB] = "Choose a machine type with -Size.", [CreateField.DiskGB] = "Choose a machine type with -Size.",
                [CreateField.Password] = "Windows images get a generated password; Linux images take an SSH key (-SshKey).",
            },
            ResizeFields = ResizeField.Size,
            ResizeMayRestart = true,
            Paging = PagingStyle.Offset,
            MaxPageSize = 100,
            SortFields = new[] { "created_at", "updated_at", "name", "state", "status" },
            DefaultSort = "created_at:asc",
            StatusWords = new Dictionary<string, CloudVmStatus>
            {
                ["running"] = CloudVmStatus.Running, ["stopped"] = CloudVmStatus.Stopped, ["suspended"] = CloudVmStatus.Suspended, ["deleted"] = CloudVmStatus.Deleted,
                ["creating"] = CloudVmStatus.Creating, ["provisioning"] = CloudVmStatus.Creating, ["pending"] = CloudVmStatus.Creating,
                ["starting"] = CloudVmStatus.Starting, ["stopping"] = CloudVmStatus.Stopping, ["suspending"] = CloudVmStatus.Stopping,
                ["rebooting"] = CloudVmStatus.Rebooting, ["retyping"] = CloudVmStatus.Resizing, ["deleting"] = CloudVmStatus.Deleting,
                ["error"] = CloudVmStatus.Error, ["failed"] = CloudVmStatus.Error,
            },
            VmIdPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\z",
            VmIdDescription = "UUIDs",
        };

        public MagaluClient(CloudVmSession session, TimeProvider clock)
            : base(session, Descriptor, session.Options.Endpoint ?? ProviderRegistry.DefaultEndpoint(Descriptor, session.Options.Region), clock)
        {
            if (session.Options.Endpoint != null && string.IsNullOrEmpty(session.Options.Region))
                throw CloudVmException.Invalid($"Magalu Cloud needs -Region (one of {string.Join(", ", Descriptor.Regions)}) with -Endpoint too: snapshots, backups and copies are per region.");
        }

        string Region => Session.Options.Region!;

        /// <summary>x-api-key always; x-tenant-id only when -TenantId was given (the official SDK sends none);
        /// x-api-version 1.1 on instance reads, as the SDK does.</summary>
        protected override IEnumerable<KeyValuePair<string, string>> Authenticate(HttpRequestMessage request, byte[]? body)
        {
            yield return Header("x-api-key", Session.Options.Credential.RevealKey());
            if (!string.IsNullOrEmpty(Session.Options.TenantId)) yield return Header("x-tenant-id", Session.Options.TenantId!);
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/instances")) yield return Header("x-api-version", "1.1");
        }

        /// <summary>{slug, message, details}, FastAPI's {detail: [{loc, msg}]} for 422, or {error} (the SDK's test doubles).</summary>
        protected override (string? code, string? message) ReadError(JsonElement body)
        {
            var message = body.Str("message");
            if (body.Obj("details") is JsonElement d)
            {
                var parts = d.EnumerateObject().Select(p => $"{p.Name}: {p.Value.Str() ?? p.Value.GetRawText()}").ToList();
                if (parts.Count > 0) message = (message ?? "validation failed") + ": " + string.Join("; ", parts);
            }
            if (body.Arr("detail") is JsonElement list && list.GetArrayLength() > 0)
                message = (message == null ? "" : message + ": ") + string.Join("; ", list.EnumerateArray().Select(e => $"{string.Join(".", e.Arr("loc") is JsonElement loc ? loc.EnumerateArray().Select(x => x.Str()) : Enumerable.Empty<string?>())}: {e.Str("msg")}"));
            var error = body.Get("error") is JsonElement err ? err.Str() ?? err.Str("message") : null;
            return (body.Str("slug") ?? body.Obj("error").Str("slug"), message ?? body.Str("detail") ?? error);
        }

        static JsonObject Ref(string idOrName) => Guid.TryParse(idOrName, out _) ? new JsonObject { ["id"] = idOrName } : new JsonObject { ["name"] = idOrName };

        // ---- instances ----

        public override Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct)
        {
            var path = $"{Instances}?_limit={page.Limit}&_offset={page.Offset}&{Expand}";
            if (!string.IsNullOrEmpty(query.Sort)) path += "&_sort=" + Uri.EscapeDataString(query.Sort);
            return CallAsync(Get(path), r =>
            {
                var list = Shape.Array(r, Shape.RootObject(r), "instances");
                var vms = list.EnumerateArray().Select(o => { Shape.Id(r, o); return ParseVm(o); }).ToList();
                return new ItemPage<VirtualMachine>(vms, null);
            }, ct);
        }

        public override Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct) => CallAsync(Get($"{Instances}/{VmSeg(id)}?{Expand}", id), r => ParseVm(Instance(r)), ct);

        static JsonElement Instance(ApiResponse r)
        {
            var o = Shape.RootObject(r);
            Shape.Id(r, o);
            return o;
        }

        /// <summary>RAM is MB in the spec's schema and GB in some of its examples (ram: 2): below 1024 it is GB (no machine
        /// type has less than 1 GB), else MB.</summary>
        internal static double? RamGB(JsonElement? o) => o.Num("ram") is double ram ? (ram < 1024 ? ram : Math.Round(ram / 1024.0, 3)) : (double?)null;

        /// <summary>state is where the instance is (running, stopped, suspended); status is its last operation
        /// (completed, creating, stopping, …, *_error). While an operation runs its word wins.</summary>
        VirtualMachine ParseVm(JsonElement o)
        {
            var state = o.Str("state");
            var status = o.Str("status");
            var busy = status != null && !status.Equals("completed", StringComparison.OrdinalIgnoreCase);
            var mt = o.Obj("machine_type");
            var image = o.Obj("image");
            var nics = o.Obj("network").Arr("interfaces") is JsonElement list ? list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.Object).ToList() : new List<JsonElement>();
            var primary = nics.Cast<JsonElement?>().FirstOrDefault(n => n!.Value.Bool("primary") == true) ?? nics.Cast<JsonElement?>().FirstOrDefault();
            var busyStatus = busy ? Descriptor.Normalize(status) : CloudVmStatus.Unknown;
            var vm = new VirtualMachine
            {
                Id = o.Str("id")!,
                Name = o.Str("name") ?? "",
                ProviderStatus = busy ? $"{state}/{status}" : state,
                Status = busyStatus != CloudVmStatus.Unknown ? busyStatus : Descriptor.Normalize(state),
                Provider = Kind,
                Size = mt.Str("name"),
                SizeId = mt.Str("id"),
                Cpu = mt.Whole("vcpus"),
                MemoryGB = RamGB(mt),
                DiskGB = mt.Whole("disk"),
                Image = image.Str("name") ?? image.Str("id"),
                Location = o.Str("availability_zone"),
                LocationId = o.Str("availability_zone"),
                PrivateIp = primary.Obj("ip_addresses").Str("private_ipv4") ?? primary.Str("local_ipv4", "private_ipv4"),
                PublicIp = primary.Obj("ip_addresses").Str("public_ipv4") ?? primary.Str("associated_public_ipv4", "public_ipv4"),
                CreatedAt = o.Date("created_at"),
                UpdatedAt = o.Date("updated_at"),
                Owner = Session,
            };
            if (o.Str("ssh_key_name") is string key && key.Length > 0) vm.ProviderData["sshKeyName"] = key;
            if (o.Obj("network").Obj("vpc").Str("name", "id") is string vpc) vm.ProviderData["vpc"] = vpc;
            if (status != null) vm.ProviderData["status"] = status;
            if (o.Obj("error") is JsonElement err && (err.Str("message") ?? err.Str("slug")) is string em) vm.ProviderData["error"] = em;
            if (status != null && status.EndsWith("_error", StringComparison.OrdinalIgnoreCase)) vm.Status = CloudVmStatus.Error;
            return vm;
        }

        public override void ValidateCreate(VmCreateRequest request) => BuildCreateBody(request);

        internal static JsonObject BuildCreateBody(VmCreateRequest r)
        {
            Descriptor.CheckCreate(r);
            if (r.Name.Length > 255) throw CloudVmException.Invalid("Magalu Cloud needs a VM name (-Name) of 1 to 255 characters.");
            if (string.IsNullOrWhiteSpace(r.Size)) throw CloudVmException.Invalid("Magalu Cloud needs a machine type, by id or name, as -Size (see Get-CloudVmSize).");
            if (string.IsNullOrWhiteSpace(r.Image)) throw CloudVmException.Invalid("Magalu Cloud needs an image, by id or name, as -Image (see Get-CloudVmImage).");
            if (r.SshKeys.Count > 1) throw CloudVmException.Invalid("Magalu Cloud installs one SSH key: give one -SshKey (its name), or none for images that make a password (Windows).");
            if (r.Networks.Count > 1) throw CloudVmException.Invalid("Magalu Cloud takes one network (a VPC, by id or name) at create; attach more interfaces later with Add-CloudVmNetworkInterface.");
            var body = new JsonObject
            {
                ["name"] = r.Name,
                ["machine_type"] = Ref(r.Size!),
                ["image"] = Ref(r.Image!),
            };
            if (r.SshKeys.Count == 1) body["ssh_key_name"] = r.SshKeys[0];
            if (!string.IsNullOrEmpty(r.Location)) body["availability_zone"] = r.Location;
            var network = Network(r.Networks.FirstOrDefault(), r.PublicIp);
            if (network != null) body["network"] = network;
            if (r.UserData != null) body["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(r.UserData));
            return body;
        }

        /// <summary>The network part of a create or restore: a VPC only when the user names one (the service picks its
        /// default, vpc_default in the current spec), the public IP only when asked about. Null keeps every default.</summary>
        internal static JsonObject? Network(CloudVmNetworkSpec? vpc, bool? publicIp)
        {
            if (vpc == null && publicIp == null) return null;
            var n = new JsonObject();
            if (vpc != null) n["vpc"] = Ref(vpc.NetworkId);
            if (publicIp != null) n["associate_public_ip"] = publicIp.Value;
            return n;
        }

        public override async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct)
        {
            var call = new ApiRequest(HttpMethod.Post, Instances, RepeatSafety.Create) { Body = BuildCreateBody(request), Target = request.Name };
            return await CallAsync(call, resp =>
            {
                var id = Shape.RootObject(resp).Str("id");
                if (string.IsNullOrEmpty(id))
                    throw Shape.AcceptedWithoutId(resp, "no instance id", $"create of '{request.Name}'", request.Name);
                return (IReadOnlyList<CloudVmJob>)new[] { StateJob(CloudVmJobOperation.Create, new VmRef(id!, request.Name), CloudVmStatus.Running) };
            }, ct).ConfigureAwait(false);
        }

        static readonly Dictionary<PowerAction, (string verb, string[] allowed)> PowerRules = new Dictionary<PowerAction, (string, string[])>
        {
            [PowerAction.Start] = ("start", new[] { "stopped", "suspended" }),
            [PowerAction.Stop] = ("stop", new[] { "running" }),
            [PowerAction.Suspend] = ("suspend", new[] { "running" }),
            [PowerAction.Restart] = ("reboot", new[] { "running", "suspended" }),
        };

        /// <summary>Checks the page's state rule for an action against the instance before sending it. An instance
        /// already where a start, stop or suspend leads is a success, as on every provider.</summary>
        public override async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct)
        {
            Descriptor.CheckPower(action, options);
            var (verb, allowed) = PowerRules[action];
            var op = CloudVmOperations.JobOperation(action);
            var o = await CallAsync(Get($"{Instances}/{VmSeg(vm.Id)}?{Expand}", vm.Id), r => ParseVm(Instance(r)), ct).ConfigureAwait(false);
            var named = new VmRef(vm.Id, vm.Name ?? o.Name);
            var state = o.ProviderStatus?.Split('/')[0] ?? "";
            var settled = !(o.HasProviderData && o.ProviderData.TryGetValue("status", out var st) && st is string s && !s.Equals("completed", StringComparison.OrdinalIgnoreCase));
            if (action != PowerAction.Restart && o.Status == CloudVmOperations.Target(action) && settled)
            {
                CloudVmLog.Warning($"{named.Name ?? named.Id} is already {state}; nothing to do.");
                return Done(op, named, state);
            }
            if (action != PowerAction.Restart && o.Status == CloudVmOperations.Transition(action))
                return StateJob(op, named, CloudVmOperations.Target(action));
            if (!allowed.Contains(state, StringComparer.OrdinalIgnoreCase) || !settled)
                throw new CloudVmException(CloudVmErrorKind.Conflict,
                    $"Magalu Cloud can {verb} an instance only when it is {string.Join(" or ", allowed)}; {named.Name ?? named.Id} is {o.ProviderStatus}.")
                { Provider = Kind, Target = vm.Id };
            var safety = action == PowerAction.Restart ? RepeatSafety.Action : RepeatSafety.Converging;
            var request = new ApiRequest(HttpMethod.Post, $"{Instances}/{VmSeg(vm.Id)}/{verb}", safety) { Target = vm.Id, StateChange = true };
            Task<CloudVmJob> Send(CancellationToken c) => CallAsync(request, r => PowerJob(action, named), c);
            return safety == RepeatSafety.Action ? await Send(ct).ConfigureAwait(false)
                : await ConvergingAsync(Send, named, op, CloudVmOperations.Target(action), CloudVmOperations.Transition(action), ct).ConfigureAwait(false);
        }

        public override Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            Descriptor.CheckDelete(options);
            var request = new ApiRequest(HttpMethod.Delete, $"{Instances}/{VmSeg(vm.Id)}?delete_public_ip={(options.DeletePublicIp ? "true" : "false")}", RepeatSafety.Converging) { Target = vm.Id, StateChange = true };
            return ConvergingAsync(c => CallAsync(request, r => StateJob(CloudVmJobOperation.Delete, vm, CloudVmStatus.Deleted), c), vm, CloudVmJobOperation.Delete, CloudVmStatus.Deleted, CloudVmStatus.Deleting, ct);
        }

        public override async Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct)
        {
            Descriptor.CheckResize(request);
            var before = await GetVmAsync(vm.Id, ct).ConfigureAwait(false);
            var state = before.ProviderStatus?.Split('/')[0] ?? "";
            if (!(state == "running" || state == "stopped") || before.ProviderStatus!.Contains('/'))
                throw new CloudVmException(CloudVmErrorKind.Conflict, $"Magalu Cloud can retype an instance only when it is running or stopped; {before.Name} is {before.ProviderStatus}.") { Provider = Kind, Target = vm.Id };
            var req = new ApiRequest(HttpMethod.Post, $"{Instances}/{VmSeg(vm.Id)}/retype", RepeatSafety.Action) { Body = new JsonObject { ["machine_type"] = Ref(request.Size!) }, Target = vm.Id, StateChange = true };
            var size = request.Size!;
            var settled = before.Status;
            return await CallAsync(req, r => UntilJob(CloudVmJobOperation.Resize, vm, v => v.Status == settled
                && (string.Equals(v.SizeId, size, StringComparison.OrdinalIgnoreCase) || string.Equals(v.Size, size, StringComparison.OrdinalIgnoreCase))), ct).ConfigureAwait(false);
        }

        public override async Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct)
        {
            if (request.ResourceGroup != null || request.ClearResourceGroup) throw Descriptor.Unsupported(CloudVmOperation.SetResourceGroup);
            if (string.IsNullOrWhiteSpace(request.NewName) || request.NewName!.Length > 255) throw CloudVmException.Invalid("The new name must have 1 to 255 characters.");
            var req = new ApiRequest(new HttpMethod("PATCH"), $"{Instances}/{VmSeg(vm.Id)}/rename", RepeatSafety.Read) { Body = new JsonObject { ["name"] = request.NewName }, Target = vm.Id };
            await CallAsync(req, r => true, ct).ConfigureAwait(false);
            return Done(CloudVmJobOperation.Rename, new VmRef(vm.Id, request.NewName));
        }

        // ---- network interfaces ----

        public override async Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct) =>
            await CallAsync(Get($"{Instances}/{VmSeg(vm.Id)}?{Expand}", vm.Id), r =>
            {
                var o = Instance(r);
                var list = o.Obj("network").Arr("interfaces");
                if (list is not JsonElement nics) return (IReadOnlyList<CloudVmNetworkInterface>)Array.Empty<CloudVmNetworkInterface>();
                return nics.EnumerateArray().Select(n => new CloudVmNetworkInterface
                {
                    Id = Shape.Id(r, n),
                    VmId = vm.Id,
                    VmName = vm.Name ?? o.Str("name"),
                    NetworkName = n.Str("name"),
                    NetworkId = o.Obj("network").Obj("vpc").Str("id"),
                    PrivateIp = n.Obj("ip_addresses").Str("private_ipv4") ?? n.Str("local_ipv4"),
                    PublicIp = n.Obj("ip_addresses").Str("public_ipv4") ?? n.Str("associated_public_ipv4"),
                    Primary = n.Bool("primary") ?? false,
                    Provider = Kind,
                    Owner = Session,
                }).ToList();
            }, ct).ConfigureAwait(false);

        /// <summary>Magalu attaches an existing network interface (port) by id.</summary>
        public override Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string attachId, CancellationToken ct) => NicAsync("attach", vm, attachId, ct);

        public override Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct) => NicAsync("detach", vm, nicId, ct);

        async Task<CloudVmJob> NicAsync(string verb, VmRef vm, string interfaceId, CancellationToken ct)
        {
            Descriptor.CheckVmId(vm.Id);
            ProviderFeatures.CheckSafeId(interfaceId, "network interface id");
            var body = new JsonObject { ["instance"] = new JsonObject { ["id"] = vm.Id }, ["network"] = new JsonObject { ["interface"] = new JsonObject { ["id"] = interfaceId } } };
            var req = new ApiRequest(HttpMethod.Post, $"{Instances}/network-interface/{verb}", RepeatSafety.Action) { Body = body, Target = vm.Id, StateChange = true };
            var op = verb == "attach" ? CloudVmJobOperation.AddNetworkInterface : CloudVmJobOperation.RemoveNetworkInterface;
            return await CallAsync(req, r =>
            {
                var job = UntilJob(op, vm, v => v.HasProviderData && v.ProviderData.TryGetValue("status", out var s) && "completed".Equals(s as string, StringComparison.OrdinalIgnoreCase));
                job.About(CloudVmResourceKind.NetworkInterface, interfaceId);
                return job;
            }, ct).ConfigureAwait(false);
        }

        // ---- catalog ----

        static readonly string[] MachineTypeKeys = { "machine_types", "instance_types" };
        static readonly string[] InstanceTypeKeys = { "instance_types", "machine_types" };
        static readonly string[] ImageKeys = { "images" };

        /// <summary>Machine types at /v1/machine-types (the page); a service that has moved them to /v1/instance-types
        /// (the current spec) is read there.</summary>
        public override async Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct)
        {
            List<JsonElement> types;
            try
            {
                types = await ListAllAsync("v1/machine-types", MachineTypeKeys, ct).ConfigureAwait(false);
            }
            catch (CloudVmException e) when (e.Kind == CloudVmErrorKind.NotFound)
            {
                types = await ListAllAsync("v1/instance-types", InstanceTypeKeys, ct).ConfigureAwait(false);
            }
            return types.Select(m => new CloudVmSize
            {
                Id = m.Str("id")!, Name = m.Str("name") ?? "", Cpu = m.Whole("vcpus"), MemoryGB = RamGB(m), DiskGB = m.Whole("disk"),
                Location = Region, Provider = Kind, Owner = Session,
            }).ToList();
        }

        public override async Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct) =>
            (await ListAllAsync("v1/images", ImageKeys, ct).ConfigureAwait(false)).Select(i => new CloudVmImage
            {
                Id = i.Str("id")!, Name = i.Str("name") ?? "", Platform = i.Str("platform"), Provider = Kind, Owner = Session,
            }).ToList();

        async Task<List<JsonElement>> ListAllAsync(string path, string[] keys, CancellationToken ct)
        {
            var all = new List<JsonElement>();
            var lister = new PagedLister<JsonElement[]>(Descriptor, (req, c) => CallAsync(Get($"{path}?_limit={req.Limit}&_offset={req.Offset}"), r =>
            {
                var list = Shape.Array(r, Shape.RootObject(r), keys);
                var items = list.EnumerateArray().Select(o => new[] { o.Clone() }).ToList();
                foreach (var i in items) Shape.Id(r, i[0]);
                return new ItemPage<JsonElement[]>(items, null);
            }, c), x => x[0].Str("id")!, 1, "the catalog");
            await lister.ListAsync(batch => { all.AddRange(batch.Select(b => b[0])); return Task.FromResult(true); }, ct).ConfigureAwait(false);
            return all;
        }

        // ---- snapshots and backups ----

        static string Path(CloudVmCopyKind kind) => kind == CloudVmCopyKind.Snapshot ? "v1/snapshots" : "v1/backups";
        static string List(CloudVmCopyKind kind) => kind == CloudVmCopyKind.Snapshot ? "snapshots" : "backups";

        CloudVmCopy ParseCopy(CloudVmCopyKind kind, ApiResponse r, JsonElement s)
        {
            Shape.Id(r, s);
            var instance = s.Obj("instance");
            CloudVmCopy copy = kind == CloudVmCopyKind.Snapshot
                ? new CloudVmSnapshot()
                : new CloudVmBackup { Type = s.Str("backup_type"), MinDiskGB = s.Whole("min_disk") };
            copy.Id = s.Str("id")!;
            copy.Name = s.Str("name") ?? "";
            copy.VmId = instance.Str("id") ?? s.Str("instance_id");
            copy.VmName = instance.Str("name");
            copy.State = s.Str("state");
            copy.Status = s.Str("status");
            copy.SizeGB = s.Num("size");
            copy.Region = Region;
            copy.CreatedAt = s.Date("created_at");
            copy.Provider = Kind;
            copy.Owner = Session;
            return copy;
        }

        /// <summary>Backups left the public spec in 2025-03: a 404 on them says the region may not offer them.</summary>
        CloudVmException NoBackups(CloudVmException e) =>
            new CloudVmException(CloudVmErrorKind.NotSupported, $"{e.Message} Magalu Cloud's region {Region} may not offer backups: they are no longer in its public API (since 2025-03); snapshots are (Get-CloudVmSnapshot).", e)
            { Provider = Kind, HttpStatus = 404, Target = e.Target };

        /// <param name="missingIsBackups">A 404 without a message means the backups paths are gone.</param>
        /// <param name="listing">The list itself: any 404 means the path is gone.</param>
        async Task<T> CopyCallAsync<T>(CloudVmCopyKind kind, ApiRequest request, Func<ApiResponse, T> read, CancellationToken ct, bool missingIsBackups = true, bool listing = false)
        {
            try
            {
                return await CallAsync(request, read, ct).ConfigureAwait(false);
            }
            catch (CloudVmException e) when (kind == CloudVmCopyKind.Backup && e.Kind == CloudVmErrorKind.NotFound && (listing || (missingIsBackups && e.ProviderMessage == null)))
            {
                throw NoBackups(e);
            }
        }

        public override async Task<ItemPage<CloudVmCopy>> ReadCopyPageAsync(CloudVmCopyKind kind, PageRequest page, CancellationToken ct)
        {
            var result = await CopyCallAsync(kind, Get($"{Path(kind)}?_limit={page.Limit}&_offset={page.Offset}&expand=instance"), r =>
            {
                var items = Shape.Array(r, Shape.RootObject(r), List(kind)).EnumerateArray().Select(s => ParseCopy(kind, r, s)).ToList();
                return new ItemPage<CloudVmCopy>(items, null);
            }, ct, listing: true).ConfigureAwait(false);
            await FillVmNamesAsync(result.Items, ct).ConfigureAwait(false);
            return result;
        }

        public override async Task<CloudVmCopy> GetCopyAsync(CloudVmCopyKind kind, string id, CancellationToken ct)
        {
            var expand = kind == CloudVmCopyKind.Snapshot ? "expand=instance&expand=machine-type" : "expand=instance";
            var copy = await CopyCallAsync(kind, Get($"{Path(kind)}/{Seg(id)}?{expand}", id), r => ParseCopy(kind, r, Shape.RootObject(r)), ct).ConfigureAwait(false);
            await FillVmNamesAsync(new[] { copy }, ct).ConfigureAwait(false);
            return copy;
        }

        /// <summary>The service's copies name their instance by id only: the names come from one read of the instance list.</summary>
        async Task FillVmNamesAsync(IReadOnlyList<CloudVmCopy> copies, CancellationToken ct)
        {
            if (!copies.Any(c => c.VmName == null && c.VmId != null)) return;
            Dictionary<string, string> names;
            try
            {
                names = (await ReadAllVmsAsync(ct).ConfigureAwait(false)).GroupBy(v => v.Id).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
            }
            catch (CloudVmException e) when (e.Kind != CloudVmErrorKind.Unauthorized)
            {
                return; // the names are a convenience: the copies are still right without them
            }
            foreach (var c in copies)
                if (c.VmName == null && c.VmId != null && names.TryGetValue(c.VmId, out var n)) c.VmName = n;
        }

        public override Task<CloudVmJob> CreateCopyAsync(CloudVmCopyKind kind, VmRef vm, string name, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255) throw CloudVmException.Invalid($"A {kind.Word()} needs a name of 1 to 255 characters.");
            Descriptor.CheckVmId(vm.Id);
            var req = new ApiRequest(HttpMethod.Post, Path(kind), RepeatSafety.Create) { Body = new JsonObject { ["name"] = name, ["instance"] = new JsonObject { ["id"] = vm.Id } }, Target = vm.Id };
            return CopyCallAsync(kind, req, r =>
            {
                var id = Shape.RootObject(r).Str("id") ?? throw Shape.Invalid(r, $"no {kind.Word()} id");
                return CopyJob(kind, CopyVerb.New, id, vm, deleting: false);
            }, ct);
        }

        CloudVmJob CopyJob(CloudVmCopyKind kind, CopyVerb verb, string id, VmRef? vm, bool deleting)
        {
            var job = NewJob(CloudVmOperations.JobOperation(kind, verb), vm, new CopyTracker(kind, id, deleting));
            job.About(kind.Resource(), id);
            return job;
        }

        public override Task<CloudVmJob> DeleteCopyAsync(CloudVmCopyKind kind, string id, CancellationToken ct) =>
            CopyCallAsync(kind, new ApiRequest(HttpMethod.Delete, $"{Path(kind)}/{Seg(id)}", RepeatSafety.Converging) { Target = id, StateChange = true },
                r => CopyJob(kind, CopyVerb.Remove, id, null, deleting: true), ct);

        public override async Task<CloudVmJob> RenameCopyAsync(CloudVmCopyKind kind, string id, string newName, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(newName) || newName.Length > 255) throw CloudVmException.Invalid($"A {kind.Word()} name has 1 to 255 characters.");
            if (kind == CloudVmCopyKind.Backup)
            {
                var b = await GetCopyAsync(kind, id, ct).ConfigureAwait(false);
                if (!b.IsReady)
                    throw new CloudVmException(CloudVmErrorKind.Conflict, $"Magalu Cloud renames a backup only when its status is completed; {b.Name} is {b.Status}.") { Provider = Kind, Target = id };
            }
            await CopyCallAsync(kind, new ApiRequest(new HttpMethod("PATCH"), $"{Path(kind)}/{Seg(id)}/rename", RepeatSafety.Read) { Body = new JsonObject { ["name"] = newName }, Target = id }, r => true, ct).ConfigureAwait(false);
            var job = Done(CloudVmOperations.JobOperation(kind, CopyVerb.Rename), null);
            job.About(kind.Resource(), id);
            return job;
        }

        /// <summary>Checks the restore rules (the copy is ready; the machine type's disk is at least the original's) before
        /// sending POST /v1/{snapshots|backups}/{id} with the new instance's settings, then follows the new instance.</summary>
        public override async Task<CloudVmJob> RestoreCopyAsync(CloudVmCopyKind kind, string id, RestoreRequest request, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Size))
                throw CloudVmException.Invalid("A restore makes a new VM: give its -Name and -Size (machine type).");
            var expand = kind == CloudVmCopyKind.Snapshot ? "expand=instance&expand=machine-type" : "expand=instance";
            var (copy, neededDisk) = await CopyCallAsync(kind, Get($"{Path(kind)}/{Seg(id)}?{expand}", id), resp =>
            {
                var o = Shape.RootObject(resp);
                var c = ParseCopy(kind, resp, o);
                var disk = kind == CloudVmCopyKind.Snapshot ? o.Obj("instance").Obj("machine_type").Whole("disk") ?? o.Obj("machine_type").Whole("disk") : o.Whole("min_disk");
                return (c, disk);
            }, ct).ConfigureAwait(false);
            if (!copy.IsReady)
                throw new CloudVmException(CloudVmErrorKind.Conflict, $"{(kind == CloudVmCopyKind.Snapshot ? "Snapshot" : "Backup")} {copy.Name} is {(kind == CloudVmCopyKind.Snapshot ? copy.State : copy.Status)}; Magalu Cloud restores only a{(kind == CloudVmCopyKind.Snapshot ? "n available snapshot" : " completed backup")}.") { Provider = Kind, Target = id };
            if (neededDisk != null)
            {
                var types = await ListSizesAsync(null, ct).ConfigureAwait(false);
                var type = types.FirstOrDefault(t => t.Id.Equals(request.Size, StringComparison.OrdinalIgnoreCase) || t.Name.Equals(request.Size, StringComparison.OrdinalIgnoreCase))
                    ?? throw CloudVmException.Invalid($"Magalu Cloud has no machine type '{request.Size}'; see Get-CloudVmSize.");
                if (type.DiskGB < neededDisk)
                    throw CloudVmException.Invalid($"Machine type {type.Name} has a {type.DiskGB} GB disk; restoring {kind.Word()} {copy.Name} needs at least {neededDisk} GB.");
            }
            var body = new JsonObject { ["name"] = request.Name, ["machine_type"] = Ref(request.Size) };
            if (!string.IsNullOrEmpty(request.SshKey)) body["ssh_key_name"] = request.SshKey;
            if (request.AvailabilityZone != null) body["availability_zone"] = request.AvailabilityZone;
            var network = Network(request.Network, request.PublicIp);
            // The page marks network required on a backup restore: send the defaults explicitly there.
            if (network != null || kind == CloudVmCopyKind.Backup) body["network"] = network ?? new JsonObject { ["associate_public_ip"] = true };
            if (request.UserData != null) body["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.UserData));
            var req = new ApiRequest(HttpMethod.Post, $"{Path(kind)}/{Seg(id)}", RepeatSafety.Create) { Body = body, Target = id };
            return await CopyCallAsync(kind, req, resp =>
            {
                var vmId = Shape.RootObject(resp).Str("id");
                if (string.IsNullOrEmpty(vmId))
                    throw Shape.AcceptedWithoutId(resp, "no instance id", "restore", request.Name);
                var job = StateJob(CloudVmOperations.JobOperation(kind, CopyVerb.Restore), new VmRef(vmId!, request.Name), CloudVmStatus.Running);
                job.About(kind.Resource(), id);
                return job;
            }, ct).ConfigureAwait(false);
        }

        /// <summary>Snapshots: POST /v1/snapshots/{id}/copy {destination_region} (the SDK). Backups: the page's
        /// POST /v1/backups/{id}/copy {region} with its enum (the north-east region only by its older name br-ne-1).</summary>
        public override Task<CloudVmJob> CopyCopyAsync(CloudVmCopyKind kind, string id, string region, CancellationToken ct)
        {
            JsonObject body;
            if (kind == CloudVmCopyKind.Snapshot)
            {
                var dest = Descriptor.CheckRegion(region);
                body = new JsonObject { ["destination_region"] = dest };
            }
            else
            {
                if (!BackupCopyRegions.Contains(region)) throw CloudVmException.Invalid($"Magalu Cloud copies backups to {string.Join(", ", BackupCopyRegions)}; '{region}' is not one.");
                body = new JsonObject { ["region"] = region == "br-ne1" ? "br-ne-1" : region };
            }
            var req = new ApiRequest(HttpMethod.Post, $"{Path(kind)}/{Seg(id)}/copy", RepeatSafety.Create) { Body = body, Target = id };
            return CopyCallAsync(kind, req, r =>
            {
                var job = Done(CloudVmOperations.JobOperation(kind, CopyVerb.Copy), null, "copying to " + region);
                job.About(kind.Resource(), r.IsEmpty ? id : r.Root.Str("id") ?? id);
                return job;
            }, ct);
        }

        // ---- jobs ----

        /// <summary>Instance jobs poll the instance; copy jobs poll the copy: ready when it is, failed on an *_error
        /// status, done when a deleted copy is gone.</summary>
        public override async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var copies = jobs.Where(j => !j.IsFinished && j.Tracker is CopyTracker).ToList();
            var read = await Bounded.RunAsync(copies, (job, c) =>
            {
                var t = (CopyTracker)job.Tracker;
                return CallAsync(Get($"{Path(t.Kind)}/{Seg(t.CopyId)}", job.Id), r =>
                {
                    var o = Shape.RootObject(r);
                    return (state: o.Str("state"), status: o.Str("status"), name: o.Str("name"), error: o.Obj("error").Str("message"));
                }, c);
            }, Throttle, ct).ConfigureAwait(false);
            foreach (var r in read)
            {
                var job = r.Item;
                var t = (CopyTracker)job.Tracker;
                if (r.Error is CloudVmException e && e.Kind == CloudVmErrorKind.NotFound)
                {
                    if (t.Deleting) job.Complete(Now, "gone");
                    else job.Fail($"Magalu Cloud: {t.Kind.Word()} {t.CopyId} no longer exists.", Now);
                    continue;
                }
                if (r.Error != null) throw r.Error;
                var (state, status, name, error) = r.Value;
                var word = $"{state}/{status}";
                if ((status != null && status.EndsWith("error", StringComparison.OrdinalIgnoreCase)) || "error".Equals(state, StringComparison.OrdinalIgnoreCase))
                    job.Fail($"Magalu Cloud: {job.Operation} {name} failed: {error ?? status}.", Now, word);
                else if (!t.Deleting && "available".Equals(state, StringComparison.OrdinalIgnoreCase) && "completed".Equals(status, StringComparison.OrdinalIgnoreCase))
                    job.Complete(Now, word);
                else job.Report(CloudVmJobState.Running, word);
            }
            await base.RefreshJobsAsync(jobs, ct).ConfigureAwait(false);
        }
    }
}
