using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers.Magalu
{
    /// <summary>Magalu Cloud's Virtual Machine API v1 (https://api.magalu.cloud/{region}/compute), all 27 operations.
    /// No job ids: every change is followed by polling the instance, snapshot or backup. Decisions: docs/providers/magalu.md.</summary>
    public sealed class MagaluClient : ProviderClient, ICloudProvider, IVmResize, IVmUpdate, IVmNetworkInterfaces, IVmNetworkInterfaceChanges, ICatalog, IVmSnapshots, IVmBackups
    {
        public static readonly string[] Regions = { "br-se1", "br-ne1" };
        public static readonly string[] CopyRegions = { "br-se1", "br-se-1", "br-ne1", "br-ne-1" };
        const string Instances = "v1/instances";
        const int PageSize = 50;
        const string Expand = "expand=image&expand=machine-type&expand=network";

        public MagaluClient(CloudVmSession session) : base(session, () => DefaultEndpoint(session.Options.Region))
        {
            if (string.IsNullOrEmpty(session.Options.TenantId)) throw CloudVmException.Invalid("Magalu Cloud needs the tenant id: give -TenantId.");
        }

        static Uri DefaultEndpoint(string? region)
        {
            if (string.IsNullOrEmpty(region)) throw CloudVmException.Invalid($"Magalu Cloud needs -Region, one of {string.Join(", ", Regions)}.");
            return new Uri($"https://api.magalu.cloud/{region}/compute/");
        }

        public override CloudProvider Kind => CloudProvider.Magalu;
        public IReadOnlyCollection<PowerAction> PowerActions { get; } = new[] { PowerAction.Start, PowerAction.Stop, PowerAction.Restart, PowerAction.Suspend };
        public bool DeleteRequiresStop => false;
        public bool SupportsResourceGroup => false;

        protected override void Authenticate(HttpRequestMessage request, byte[]? body)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", Session.Options.Credential.RevealKey());
            request.Headers.TryAddWithoutValidation("x-tenant-id", Session.Options.TenantId);
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/instances")) request.Headers.TryAddWithoutValidation("x-api-version", "1.1");
        }

        /// <summary>{slug, message, details}, or FastAPI's {detail: [{loc, msg}]} for 422.</summary>
        protected override (string? code, string? message) ReadError(ApiResponse r)
        {
            var message = r.Body.Str("message");
            var details = r.Body.Get("details");
            if (details is JsonObject d && d.Count > 0) message = (message ?? "validation failed") + ": " + string.Join("; ", d.Select(kv => $"{kv.Key}: {kv.Value?.ToJsonString().Trim('"')}"));
            if (r.Body.Arr("detail") is JsonArray list && list.Count > 0)
                message = (message == null ? "" : message + ": ") + string.Join("; ", list.OfType<JsonObject>().Select(e => $"{string.Join(".", e.Arr("loc")?.Select(x => x.Str()) ?? Enumerable.Empty<string?>())}: {e.Str("msg")}"));
            return (r.Body.Str("slug"), message ?? r.Body.Str("detail"));
        }

        async Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, CancellationToken ct, object? target = null) =>
            (await SendAsync(method, path, body, idempotent, ct, target).ConfigureAwait(false)).Body;

        static JsonObject Ref(string idOrName) => Guid.TryParse(idOrName, out _) ? new JsonObject { ["id"] = idOrName } : new JsonObject { ["name"] = idOrName };

        // ---- instances ----

        public async Task<Page<VirtualMachine>> ListVmsAsync(VmQuery query, string? pageToken, CancellationToken ct)
        {
            int offset = pageToken == null ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
            int limit = Math.Max(1, Math.Min(PageSize * 2, query.PageSize ?? PageSize));
            var path = $"{Instances}?_limit={limit}&_offset={offset}&{Expand}";
            if (!string.IsNullOrEmpty(query.Sort)) path += "&_sort=" + Uri.EscapeDataString(query.Sort);
            var body = await CallAsync(HttpMethod.Get, path, null, true, ct).ConfigureAwait(false);
            var items = (body.Arr("instances") ?? new JsonArray()).OfType<JsonObject>().ToList();
            var vms = items.Select(ParseVm).Where(v => query.Matches(v) && query.MatchesLocally(v)).ToList();
            return new Page<VirtualMachine>(vms, items.Count >= limit ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null);
        }

        public override async Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct) =>
            ParseVm(await GetInstanceAsync(id, ct).ConfigureAwait(false));

        async Task<JsonObject> GetInstanceAsync(string id, CancellationToken ct) =>
            await CallAsync(HttpMethod.Get, $"{Instances}/{Esc(id)}?{Expand}", null, true, ct, id).ConfigureAwait(false) as JsonObject
            ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"Magalu Cloud returned no instance for {id}.") { Provider = Kind };

        /// <summary>state is where the instance is (running, stopped, suspended); status is its last operation
        /// (completed, creating, stopping, …, *_error). While an operation runs its word wins.</summary>
        VirtualMachine ParseVm(JsonObject o)
        {
            var state = o.Str("state");
            var status = o.Str("status");
            var busy = status != null && !status.Equals("completed", StringComparison.OrdinalIgnoreCase);
            var mt = o.Obj("machine_type");
            var image = o.Obj("image");
            var nics = o.Obj("network")?.Arr("interfaces")?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
            var primary = nics.FirstOrDefault(n => n.Bool("primary") == true) ?? nics.FirstOrDefault();
            var vm = new VirtualMachine
            {
                Id = o.Str("id") ?? "",
                Name = o.Str("name") ?? "",
                ProviderStatus = busy ? $"{state}/{status}" : state,
                Status = busy ? StatusMap.Normalize(status) is var s && s != CloudVmStatus.Unknown ? s : StatusMap.Normalize(state) : StatusMap.Normalize(state),
                Provider = Kind,
                Size = mt.Str("name"),
                SizeId = mt.Str("id"),
                Cpu = mt.Int("vcpus"),
                MemoryGB = mt.Num("ram") is double ram ? Math.Round(ram / 1024.0, 3) : (double?)null,
                DiskGB = mt.Int("disk"),
                Image = image.Str("name") ?? image.Str("id"),
                Location = o.Str("availability_zone"),
                LocationId = o.Str("availability_zone"),
                PrivateIp = primary?.Obj("ip_addresses").Str("private_ipv4") ?? primary.Str("local_ipv4", "private_ipv4"),
                PublicIp = primary?.Obj("ip_addresses").Str("public_ipv4") ?? primary.Str("associated_public_ipv4", "public_ipv4"),
                CreatedAt = o.Date("created_at"),
                UpdatedAt = o.Date("updated_at"),
                Session = Session,
            };
            if (o.Str("ssh_key_name") is string key) vm.ProviderData["sshKeyName"] = key;
            if (o.Obj("network")?.Obj("vpc").Str("name", "id") is string vpc) vm.ProviderData["vpc"] = vpc;
            if (status != null) vm.ProviderData["status"] = status;
            if (o.Obj("error") is JsonObject err && (err.Str("message") ?? err.Str("slug")) is string em) vm.ProviderData["error"] = em;
            if (status != null && status.EndsWith("_error", StringComparison.OrdinalIgnoreCase)) vm.Status = CloudVmStatus.Error;
            return vm;
        }

        public void ValidateCreate(VmCreateRequest r) => BuildCreateBody(r);

        internal static JsonObject BuildCreateBody(VmCreateRequest r)
        {
            const CloudProvider p = CloudProvider.Magalu;
            if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 255) throw CloudVmException.Invalid("Magalu Cloud needs a VM name (-Name) of 1 to 255 characters.");
            if (string.IsNullOrWhiteSpace(r.Size)) throw CloudVmException.Invalid("Magalu Cloud needs a machine type, by id or name, as -Size (see Get-CloudVmSize).");
            if (string.IsNullOrWhiteSpace(r.Image)) throw CloudVmException.Invalid("Magalu Cloud needs an image, by id or name, as -Image (see Get-CloudVmImage).");
            if (r.SshKeys.Count != 1) throw CloudVmException.Invalid("Magalu Cloud needs exactly one SSH key name as -SshKey.");
            if (r.Count != 1) throw CloudVmException.NotSupported(p, "-Count above 1", "It creates one instance per request; run New-CloudVm once per VM.");
            if (r.Cpu != null || r.MemoryGB != null || r.DiskGB != null) throw CloudVmException.NotSupported(p, "-Cpu, -MemoryGB or -DiskGB", "Choose a machine type with -Size.");
            if (r.Password != null || r.ResourceGroup != null || r.Iso != null || r.PrivateNetworking || r.IPv6 || r.MarketplaceItem != null || r.UserDataScript != null)
                throw CloudVmException.NotSupported(p, "-Password, -ResourceGroup, -Iso, -PrivateNetworking, -IPv6, -MarketplaceItem or -UserDataScript");
            if (r.Networks.Count > 1) throw CloudVmException.Invalid("Magalu Cloud takes one network (a VPC, by id or name) at create; attach more interfaces later with Add-CloudVmNetworkInterface.");
            var body = new JsonObject
            {
                ["name"] = r.Name,
                ["machine_type"] = Ref(r.Size!),
                ["image"] = Ref(r.Image!),
                ["ssh_key_name"] = r.SshKeys[0],
            };
            if (!string.IsNullOrEmpty(r.Location)) body["availability_zone"] = r.Location;
            var network = Network(r.Networks.FirstOrDefault(), r.PublicIp);
            if (network != null) body["network"] = network;
            if (r.UserData != null) body["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(r.UserData));
            return body;
        }

        /// <summary>The network part of a create or restore; null keeps the default (the default VPC, with a public IP).</summary>
        static JsonObject? Network(CloudVmNetworkSpec? vpc, bool? publicIp)
        {
            if (vpc == null && publicIp == null) return null;
            return new JsonObject { ["vpc"] = vpc == null ? new JsonObject { ["name"] = "default" } : Ref(vpc.NetworkId), ["associate_public_ip"] = publicIp ?? true };
        }

        public async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest r, CancellationToken ct)
        {
            var body = await CallAsync(HttpMethod.Post, Instances, BuildCreateBody(r), idempotent: false, ct, r.Name).ConfigureAwait(false);
            var id = body.Str("id") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"Magalu Cloud accepted the create of '{r.Name}' but returned no id; check with Get-CloudVm -Name '{r.Name}' before trying again.") { Provider = Kind };
            return new[] { StateJob("Create", new VmRef(id, r.Name), CloudVmStatus.Running) };
        }

        /// <summary>Checks the page's state rule for an action against the instance before sending it.</summary>
        async Task RequireStateAsync(VmRef vm, string action, string[] allowed, CancellationToken ct)
        {
            var o = await GetInstanceAsync(vm.Id, ct).ConfigureAwait(false);
            var state = o.Str("state") ?? "";
            var status = o.Str("status") ?? "completed";
            if (!allowed.Contains(state, StringComparer.OrdinalIgnoreCase) || !status.Equals("completed", StringComparison.OrdinalIgnoreCase))
                throw new CloudVmException(CloudVmErrorKind.Conflict,
                    $"Magalu Cloud can {action} an instance only when it is {string.Join(" or ", allowed)}; {o.Str("name") ?? vm.ToString()} is {state}{(status.Equals("completed", StringComparison.OrdinalIgnoreCase) ? "" : $" ({status})")}.")
                { Provider = Kind, Target = vm };
        }

        public async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions? options, CancellationToken ct)
        {
            if (options?.ShutdownTimeoutMinutes != null) throw CloudVmException.NotSupported(Kind, "-ShutdownTimeoutMinutes");
            var (verb, op, target, allowed) = action switch
            {
                PowerAction.Start => ("start", "Start", CloudVmStatus.Running, new[] { "stopped", "suspended" }),
                PowerAction.Stop => ("stop", "Stop", CloudVmStatus.Stopped, new[] { "running" }),
                PowerAction.Suspend => ("suspend", "Suspend", CloudVmStatus.Suspended, new[] { "running" }),
                PowerAction.Restart => ("reboot", "Restart", CloudVmStatus.Running, new[] { "running", "suspended" }),
                _ => throw CloudVmException.NotSupported(Kind, action == PowerAction.Reset ? "a hard reset" : "a forced power-off", "Its actions are start, stop, suspend and reboot."),
            };
            await RequireStateAsync(vm, verb, allowed, ct).ConfigureAwait(false);
            await CallAsync(HttpMethod.Post, $"{Instances}/{Esc(vm.Id)}/{verb}", null, true, ct, vm).ConfigureAwait(false);
            return StateJob(op, vm, target);
        }

        public async Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            if (options.DeleteResources) throw CloudVmException.NotSupported(Kind, "-DeleteResources", "Attached volumes are detached and ports deleted; use -DeletePublicIp to release the public IP too.");
            await CallAsync(HttpMethod.Delete, $"{Instances}/{Esc(vm.Id)}?delete_public_ip={(options.DeletePublicIp ? "true" : "false")}", null, true, ct, vm).ConfigureAwait(false);
            return StateJob("Delete", vm, CloudVmStatus.Deleted);
        }

        public async Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct)
        {
            if (request.Cpu != null || request.MemoryGB != null || request.ShutdownTimeoutMinutes != null)
                throw CloudVmException.NotSupported(Kind, "-Cpu, -MemoryGB or -ShutdownTimeoutMinutes", "Give the new machine type with -Size.");
            if (string.IsNullOrWhiteSpace(request.Size)) throw CloudVmException.Invalid("Give the new machine type with -Size.");
            var before = await GetInstanceAsync(vm.Id, ct).ConfigureAwait(false);
            await RequireStateAsync(vm, "retype", new[] { "running", "stopped" }, ct).ConfigureAwait(false);
            await CallAsync(HttpMethod.Post, $"{Instances}/{Esc(vm.Id)}/retype", new JsonObject { ["machine_type"] = Ref(request.Size!) }, true, ct, vm).ConfigureAwait(false);
            var job = StateJob("Resize", vm, StatusMap.Normalize(before.Str("state")));
            var size = request.Size!;
            job.TargetStatus = null;
            var settled = StatusMap.Normalize(before.Str("state"));
            job.Until = v => v.Status == settled && (string.Equals(v.SizeId, size, StringComparison.OrdinalIgnoreCase) || string.Equals(v.Size, size, StringComparison.OrdinalIgnoreCase));
            return job;
        }

        public async Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct)
        {
            if (request.ResourceGroup != null || request.ClearResourceGroup) throw CloudVmException.NotSupported(Kind, "resource groups");
            if (string.IsNullOrWhiteSpace(request.NewName)) throw CloudVmException.Invalid("The new name is empty.");
            await CallAsync(new HttpMethod("PATCH"), $"{Instances}/{Esc(vm.Id)}/rename", new JsonObject { ["name"] = request.NewName }, true, ct, vm).ConfigureAwait(false);
            return NewJob("Rename", new VmRef(vm.Id, request.NewName), JobTracking.Immediate);
        }

        // ---- network interfaces ----

        public async Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct)
        {
            var o = await GetInstanceAsync(vm.Id, ct).ConfigureAwait(false);
            return (o.Obj("network")?.Arr("interfaces") ?? new JsonArray()).OfType<JsonObject>().Select(n => new CloudVmNetworkInterface
            {
                Id = n.Str("id") ?? "",
                VmId = vm.Id,
                VmName = vm.Name ?? o.Str("name"),
                NetworkName = n.Str("name"),
                NetworkId = o.Obj("network")?.Obj("vpc").Str("id"),
                PrivateIp = n.Obj("ip_addresses").Str("private_ipv4") ?? n.Str("local_ipv4"),
                PublicIp = n.Obj("ip_addresses").Str("public_ipv4") ?? n.Str("associated_public_ipv4"),
                Primary = n.Bool("primary") ?? false,
                Provider = Kind,
                Session = Session,
            }).ToList();
        }

        /// <summary>Magalu attaches an existing network interface (port) by id: -NetworkId names that interface.</summary>
        public Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string interfaceId, CancellationToken ct) => NicAsync("attach", vm, interfaceId, ct);

        public Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string interfaceId, CancellationToken ct) => NicAsync("detach", vm, interfaceId, ct);

        async Task<CloudVmJob> NicAsync(string verb, VmRef vm, string interfaceId, CancellationToken ct)
        {
            var body = new JsonObject { ["instance"] = new JsonObject { ["id"] = vm.Id }, ["network"] = new JsonObject { ["interface"] = new JsonObject { ["id"] = interfaceId } } };
            await CallAsync(HttpMethod.Post, $"{Instances}/network-interface/{verb}", body, verb == "detach", ct, vm).ConfigureAwait(false);
            var job = StateJob(verb == "attach" ? "AttachNetworkInterface" : "DetachNetworkInterface", vm, CloudVmStatus.Running);
            job.TargetStatus = null;
            job.ResourceId = interfaceId;
            job.ResourceType = "network-interface";
            job.Until = v => v.ProviderData.TryGetValue("status", out var s) && "completed".Equals(s as string, StringComparison.OrdinalIgnoreCase);
            return job;
        }

        public Task<CloudVmJob> SetPrimaryNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct) =>
            throw CloudVmException.NotSupported(Kind, "changing the primary network interface");
        public Task<CloudVmJob> AddPublicIpAsync(VmRef vm, string nicId, CancellationToken ct) =>
            throw CloudVmException.NotSupported(Kind, "allocating a public IP on an interface", "Create the VM with -PublicIp.");
        public Task<CloudVmJob> RemovePublicIpAsync(VmRef vm, string nicId, CancellationToken ct) =>
            throw CloudVmException.NotSupported(Kind, "releasing a public IP from an interface", "Remove-CloudVm -DeletePublicIp releases it with the VM.");
        public Task<IReadOnlyList<CloudVmNetwork>> ListAvailableNetworksAsync(VmRef vm, CancellationToken ct) =>
            throw CloudVmException.NotSupported(Kind, "listing available networks");

        // ---- catalog ----

        public Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            throw CloudVmException.NotSupported(Kind, "listing locations", $"Its regions are {string.Join(", ", Regions)} (Connect-CloudVm -Region).");

        public async Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct) =>
            (await ListAllAsync("v1/machine-types", "machine_types", ct).ConfigureAwait(false)).Select(m => new CloudVmSize
            {
                Id = m.Str("id") ?? "", Name = m.Str("name") ?? "", Cpu = m.Int("vcpus"),
                MemoryGB = m.Num("ram") is double ram ? Math.Round(ram / 1024.0, 3) : (double?)null, DiskGB = m.Int("disk"),
                Location = Session.Options.Region, Provider = Kind, Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(CancellationToken ct) =>
            (await ListAllAsync("v1/images", "images", ct).ConfigureAwait(false)).Select(i => new CloudVmImage
            {
                Id = i.Str("id") ?? "", Name = i.Str("name") ?? "", Platform = i.Str("platform"), Provider = Kind, Session = Session,
            }).ToList();

        async Task<List<JsonObject>> ListAllAsync(string path, string key, CancellationToken ct)
        {
            var all = new List<JsonObject>();
            for (int offset = 0; ; offset += PageSize)
            {
                var page = (await CallAsync(HttpMethod.Get, $"{path}?_limit={PageSize}&_offset={offset}", null, true, ct).ConfigureAwait(false)).Arr(key)?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
                all.AddRange(page);
                if (page.Count < PageSize) return all;
            }
        }

        // ---- snapshots and backups ----

        CloudVmSnapshot ParseSnapshot(JsonObject s) => new CloudVmSnapshot
        {
            Id = s.Str("id") ?? "", Name = s.Str("name") ?? "", VmId = s.Obj("instance").Str("id"), VmName = s.Obj("instance").Str("name"),
            State = s.Str("state"), Status = s.Str("status"), SizeGB = s.Num("size"), CreatedAt = s.Date("created_at"), Provider = Kind, Session = Session,
        };

        CloudVmBackup ParseBackup(JsonObject b) => new CloudVmBackup
        {
            Id = b.Str("id") ?? "", Name = b.Str("name") ?? "", VmId = b.Obj("instance").Str("id"), VmName = b.Obj("instance").Str("name"), Type = b.Str("backup_type"),
            State = b.Str("state"), Status = b.Str("status"), SizeGB = b.Num("size"), MinDiskGB = b.Int("min_disk"), Region = Session.Options.Region,
            CreatedAt = b.Date("created_at"), Provider = Kind, Session = Session,
        };

        async Task<Page<T>> PageAsync<T>(string path, string key, string expand, string? token, Func<JsonObject, T> parse, CancellationToken ct)
        {
            int offset = token == null ? 0 : int.Parse(token, CultureInfo.InvariantCulture);
            var items = (await CallAsync(HttpMethod.Get, $"{path}?_limit={PageSize}&_offset={offset}&{expand}", null, true, ct).ConfigureAwait(false)).Arr(key)?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
            return new Page<T>(items.Select(parse).ToList(), items.Count >= PageSize ? (offset + PageSize).ToString(CultureInfo.InvariantCulture) : null);
        }

        public Task<Page<CloudVmSnapshot>> ListSnapshotsAsync(string? pageToken, CancellationToken ct) =>
            PageAsync("v1/snapshots", "snapshots", "expand=instance", pageToken, ParseSnapshot, ct);

        public async Task<CloudVmSnapshot> GetSnapshotAsync(string id, CancellationToken ct) =>
            ParseSnapshot((await CallAsync(HttpMethod.Get, $"v1/snapshots/{Esc(id)}?expand=instance&expand=machine-type", null, true, ct, id).ConfigureAwait(false)) as JsonObject ?? new JsonObject());

        public Task<Page<CloudVmBackup>> ListBackupsAsync(string? pageToken, CancellationToken ct) =>
            PageAsync("v1/backups", "backups", "expand=instance", pageToken, ParseBackup, ct);

        public async Task<CloudVmBackup> GetBackupAsync(string id, CancellationToken ct) =>
            ParseBackup((await CallAsync(HttpMethod.Get, $"v1/backups/{Esc(id)}?expand=instance", null, true, ct, id).ConfigureAwait(false)) as JsonObject ?? new JsonObject());

        public Task<CloudVmJob> CreateSnapshotAsync(VmRef vm, string name, CancellationToken ct) => CreateCopyAsync("snapshot", vm, name, ct);
        public Task<CloudVmJob> CreateBackupAsync(VmRef vm, string name, CancellationToken ct) => CreateCopyAsync("backup", vm, name, ct);

        async Task<CloudVmJob> CreateCopyAsync(string kind, VmRef vm, string name, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255) throw CloudVmException.Invalid($"A {kind} needs a name of 1 to 255 characters.");
            var body = await CallAsync(HttpMethod.Post, $"v1/{kind}s", new JsonObject { ["name"] = name, ["instance"] = new JsonObject { ["id"] = vm.Id } }, false, ct, vm).ConfigureAwait(false);
            var id = body.Str("id") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"Magalu Cloud accepted the {kind} '{name}' but returned no id.") { Provider = Kind };
            return CopyJob(kind == "snapshot" ? "Snapshot" : "Backup", kind, id, vm);
        }

        CloudVmJob CopyJob(string op, string kind, string id, VmRef? vm)
        {
            var job = NewJob(op, vm, JobTracking.VmState, $"{op}:{id}");
            job.ResourceId = id;
            job.ResourceType = kind;
            return job;
        }

        public Task<CloudVmJob> DeleteSnapshotAsync(string id, CancellationToken ct) => DeleteCopyAsync("snapshot", id, ct);
        public Task<CloudVmJob> DeleteBackupAsync(string id, CancellationToken ct) => DeleteCopyAsync("backup", id, ct);

        async Task<CloudVmJob> DeleteCopyAsync(string kind, string id, CancellationToken ct)
        {
            await CallAsync(HttpMethod.Delete, $"v1/{kind}s/{Esc(id)}", null, true, ct, id).ConfigureAwait(false);
            return CopyJob(kind == "snapshot" ? "DeleteSnapshot" : "DeleteBackup", kind, id, null);
        }

        public Task<CloudVmJob> RenameSnapshotAsync(string id, string newName, CancellationToken ct) => RenameCopyAsync("snapshot", id, newName, ct);
        public Task<CloudVmJob> RenameBackupAsync(string id, string newName, CancellationToken ct) => RenameCopyAsync("backup", id, newName, ct);

        async Task<CloudVmJob> RenameCopyAsync(string kind, string id, string newName, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(newName) || newName.Length > 255) throw CloudVmException.Invalid($"A {kind} name has 1 to 255 characters.");
            if (kind == "backup")
            {
                var b = await GetBackupAsync(id, ct).ConfigureAwait(false);
                if (!"completed".Equals(b.Status, StringComparison.OrdinalIgnoreCase))
                    throw new CloudVmException(CloudVmErrorKind.Conflict, $"Magalu Cloud renames a backup only when its status is completed; {b.Name} is {b.Status}.") { Provider = Kind, Target = id };
            }
            await CallAsync(new HttpMethod("PATCH"), $"v1/{kind}s/{Esc(id)}/rename", new JsonObject { ["name"] = newName }, true, ct, id).ConfigureAwait(false);
            var job = NewJob(kind == "snapshot" ? "RenameSnapshot" : "RenameBackup", null, JobTracking.Immediate, $"rename:{id}");
            job.ResourceId = id;
            job.ResourceType = kind;
            return job;
        }

        /// <summary>Checks the page's restore rules (the copy is ready; the machine type's disk is at least the
        /// original's) before sending, then follows the new instance until it runs.</summary>
        public async Task<CloudVmJob> RestoreSnapshotAsync(string id, RestoreRequest request, CancellationToken ct)
        {
            var snap = await CallAsync(HttpMethod.Get, $"v1/snapshots/{Esc(id)}?expand=instance&expand=machine-type", null, true, ct, id).ConfigureAwait(false) as JsonObject ?? new JsonObject();
            if (!"available".Equals(snap.Str("state"), StringComparison.OrdinalIgnoreCase))
                throw new CloudVmException(CloudVmErrorKind.Conflict, $"Snapshot {snap.Str("name") ?? id} is {snap.Str("state")}; Magalu Cloud restores only an available snapshot.") { Provider = Kind, Target = id };
            var needed = snap.Obj("instance")?.Obj("machine_type").Int("disk") ?? snap.Obj("machine_type").Int("disk");
            return await RestoreAsync("snapshot", id, snap.Str("name"), needed, request, ct).ConfigureAwait(false);
        }

        public async Task<CloudVmJob> RestoreBackupAsync(string id, RestoreRequest request, CancellationToken ct)
        {
            var b = await GetBackupAsync(id, ct).ConfigureAwait(false);
            if (!"completed".Equals(b.Status, StringComparison.OrdinalIgnoreCase))
                throw new CloudVmException(CloudVmErrorKind.Conflict, $"Backup {b.Name} is {b.Status}; Magalu Cloud restores only a completed backup.") { Provider = Kind, Target = id };
            return await RestoreAsync("backup", id, b.Name, b.MinDiskGB, request, ct).ConfigureAwait(false);
        }

        async Task<CloudVmJob> RestoreAsync(string kind, string id, string? name, int? neededDisk, RestoreRequest r, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(r.Name) || string.IsNullOrWhiteSpace(r.Size) || string.IsNullOrWhiteSpace(r.SshKey))
                throw CloudVmException.Invalid("A restore makes a new VM: give its -Name, -Size (machine type) and -SshKey.");
            if (neededDisk != null)
            {
                var types = await ListSizesAsync(null, ct).ConfigureAwait(false);
                var type = types.FirstOrDefault(t => t.Id.Equals(r.Size, StringComparison.OrdinalIgnoreCase) || t.Name.Equals(r.Size, StringComparison.OrdinalIgnoreCase))
                    ?? throw CloudVmException.Invalid($"Magalu Cloud has no machine type '{r.Size}'; see Get-CloudVmSize.");
                if (type.DiskGB < neededDisk)
                    throw CloudVmException.Invalid($"Machine type {type.Name} has a {type.DiskGB} GB disk; restoring {kind} {name ?? id} needs at least {neededDisk} GB.");
            }
            var body = new JsonObject { ["name"] = r.Name, ["machine_type"] = Ref(r.Size), ["ssh_key_name"] = r.SshKey };
            if (r.AvailabilityZone != null) body["availability_zone"] = r.AvailabilityZone;
            var network = Network(r.Network, r.PublicIp);
            if (network != null || kind == "backup") body["network"] = network ?? Network(null, true);
            if (r.UserData != null) body["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(r.UserData));
            var resp = await CallAsync(HttpMethod.Post, $"v1/{kind}s/{Esc(id)}/restore", body, idempotent: false, ct, id).ConfigureAwait(false);
            var vmId = resp.Str("id") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"Magalu Cloud accepted the restore of {kind} {name ?? id} but returned no instance id; check with Get-CloudVm -Name '{r.Name}'.") { Provider = Kind };
            return StateJob("Restore", new VmRef(vmId, r.Name), CloudVmStatus.Running);
        }

        public async Task<CloudVmJob> CopyBackupAsync(string id, string region, CancellationToken ct)
        {
            if (!CopyRegions.Contains(region)) throw CloudVmException.Invalid($"Magalu Cloud copies backups to {string.Join(", ", CopyRegions)}; '{region}' is not one.");
            // The page's enum is br-se1, br-se-1, br-ne-1: the north-east region has only its older name there.
            var wire = region == "br-ne1" ? "br-ne-1" : region;
            var resp = await CallAsync(HttpMethod.Post, $"v1/backups/{Esc(id)}/copy", new JsonObject { ["region"] = wire }, false, ct, id).ConfigureAwait(false);
            var job = NewJob("CopyBackup", null, JobTracking.Immediate, $"copy:{id}:{region}");
            job.ResourceId = resp.Str("id") ?? id;
            job.ResourceType = "backup";
            return job;
        }

        // ---- jobs ----

        /// <summary>Instance jobs poll the instance; snapshot and backup jobs poll the copy: ready when available
        /// and completed, failed on an *_error status, done when a deleted copy is gone.</summary>
        public async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            foreach (var job in jobs.Where(j => !j.IsFinished && (j.ResourceType == "snapshot" || j.ResourceType == "backup")))
            {
                JsonObject o;
                try
                {
                    o = await CallAsync(HttpMethod.Get, $"v1/{job.ResourceType}s/{Esc(job.ResourceId!)}", null, true, ct, job).ConfigureAwait(false) as JsonObject ?? new JsonObject();
                }
                catch (CloudVmException e) when (e.Kind == CloudVmErrorKind.NotFound)
                {
                    if (job.Operation.StartsWith("Delete", StringComparison.Ordinal)) job.Complete();
                    else job.Fail($"Magalu Cloud: {job.ResourceType} {job.ResourceId} no longer exists.");
                    continue;
                }
                var state = o.Str("state");
                var status = o.Str("status");
                job.ProviderState = $"{state}/{status}";
                if (status != null && status.EndsWith("error", StringComparison.OrdinalIgnoreCase) || "error".Equals(state, StringComparison.OrdinalIgnoreCase))
                    job.Fail($"Magalu Cloud: {job.Operation} {o.Str("name")} failed: {o.Obj("error").Str("message") ?? status}.");
                else if (!job.Operation.StartsWith("Delete", StringComparison.Ordinal) && "available".Equals(state, StringComparison.OrdinalIgnoreCase) && "completed".Equals(status, StringComparison.OrdinalIgnoreCase))
                    job.Complete();
                else job.State = CloudVmJobState.Running;
            }
            await RefreshByVmStateAsync(jobs.Where(j => j.ResourceType != "snapshot" && j.ResourceType != "backup").ToList(), ct).ConfigureAwait(false);
        }

        static string Esc(string s) => Uri.EscapeDataString(s);
    }
}
