using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers.Vps247
{
    /// <summary>VPS247 (https://api.vps247.com), every operation on its page. Jobs follow the VM's last_task.
    /// Decisions: docs/providers/vps247.md.</summary>
    public sealed class Vps247Client : ProviderClient, ICloudProvider, IVmSecrets, ICatalog
    {
        const string Vms = "virtual_machines";

        public Vps247Client(CloudVmSession session) : base(session, () => new Uri("https://api.vps247.com/")) { }

        public override CloudProvider Kind => CloudProvider.Vps247;
        /// <summary>kill is ForceStop: the page says it is "removing the power", so the VM ends halted.</summary>
        public IReadOnlyCollection<PowerAction> PowerActions { get; } = new[] { PowerAction.Start, PowerAction.Stop, PowerAction.ForceStop, PowerAction.Restart };
        public bool DeleteRequiresStop => true;
        public IReadOnlyCollection<CloudVmSecretType> SecretTypes { get; } = new[] { CloudVmSecretType.Password };

        protected override void Authenticate(HttpRequestMessage request, byte[]? body) =>
            request.Headers.TryAddWithoutValidation("X-Api-Key", Session.Options.Credential.RevealKey());

        protected override (string? code, string? message) ReadError(ApiResponse r)
        {
            var err = r.Body.Get("error", "errors");
            var message = r.Body.Str("message") ?? (err is JsonValue ? err.Str() : err.Str("message"))
                ?? (err is JsonArray a ? string.Join("; ", a.Select(x => x.Str()).Where(x => x != null)) : null)
                ?? (err is JsonObject o ? string.Join("; ", o.Select(kv => $"{kv.Key}: {kv.Value?.ToJsonString()}")) : null);
            return (r.Body.Str("code"), message);
        }

        // ---- VMs ----

        public async Task<Page<VirtualMachine>> ListVmsAsync(VmQuery query, string? pageToken, CancellationToken ct)
        {
            var r = await SendAsync(HttpMethod.Get, Vms, null, true, ct).ConfigureAwait(false);
            var items = r.Body as JsonArray ?? r.Body.Arr(Vms, "data") ?? new JsonArray();
            return query.OnePage(items.OfType<JsonObject>().Select(ParseVm));
        }

        public override async Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct) => ParseVm(await GetVmNodeAsync(id, ct).ConfigureAwait(false));

        async Task<JsonObject> GetVmNodeAsync(string id, CancellationToken ct)
        {
            var r = await SendAsync(HttpMethod.Get, $"{Vms}/{Esc(id)}", null, true, ct, id).ConfigureAwait(false);
            return r.Body as JsonObject ?? r.Body.ObjOrFirst("virtual_machine") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"VPS247 returned no VM for {id}.") { Provider = Kind };
        }

        VirtualMachine ParseVm(JsonObject o)
        {
            var state = o.Str("state");
            var ips = o.Arr("ip_allocations")?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
            var v4 = ips.FirstOrDefault(i => i.Str("version") == "4") ?? ips.FirstOrDefault();
            var vm = new VirtualMachine
            {
                Id = o.Str("id") ?? "",
                Name = o.Str("name") ?? "",
                ProviderStatus = state,
                Status = StatusMap.Normalize(state),
                Provider = Kind,
                Size = o.Str("package_name"),
                SizeId = o.Str("package_id"),
                Image = o.Str("os_template_name"),
                Location = o.Str("region_name"),
                LocationId = o.Str("region_id"),
                PublicIp = v4.Str("first"),
                CreatedAt = o.Date("created_at"),
                UpdatedAt = o.Date("updated_at"),
                Session = Session,
            };
            // initial_password is a secret: it is read only by Get-CloudVmCredential, never kept on the object.
            if (o.Str("hostname") is string host) vm.ProviderData["hostname"] = host;
            if (o.Obj("last_task") is JsonObject task) vm.ProviderData["lastTask"] = $"{task.Str("name")} #{task.Str("id")}: {task.Str("status")}";
            if (o.Num("unbilled_hours") is double h) vm.ProviderData["unbilledHours"] = h;
            if (o.Num("transfer") is double t) vm.ProviderData["transferMB"] = t;
            if (o.Num("month_transfer", "transfer_month") is double mt) vm.ProviderData["monthTransferMB"] = mt;
            if (ips.Count > 0) vm.ProviderData["ipAllocations"] = string.Join(", ", ips.Select(i => $"{i.Str("first")}/{i.Str("prefixlen")} via {i.Str("gateway")}"));
            return vm;
        }

        public void ValidateCreate(VmCreateRequest r) => CheckCreate(r);

        static void CheckCreate(VmCreateRequest r)
        {
            const CloudProvider p = CloudProvider.Vps247;
            if (string.IsNullOrWhiteSpace(r.Name)) throw CloudVmException.Invalid("VPS247 needs a VM name (-Name).");
            if (string.IsNullOrWhiteSpace(r.Size) || string.IsNullOrWhiteSpace(r.Image) || string.IsNullOrWhiteSpace(r.Location))
                throw CloudVmException.Invalid("VPS247 needs -Size (package), -Image (OS template) and -Location (region), as ids or names; see Get-CloudVmSize, Get-CloudVmImage, Get-CloudVmLocation.");
            if (r.Count != 1) throw CloudVmException.NotSupported(p, "-Count above 1", "It creates one VM per request; run New-CloudVm once per VM.");
            if (r.Cpu != null || r.MemoryGB != null || r.DiskGB != null) throw CloudVmException.NotSupported(p, "-Cpu, -MemoryGB or -DiskGB", "Choose a package with -Size.");
            if (r.Password != null) throw CloudVmException.NotSupported(p, "setting a password at create", "VPS247 makes an initial password: read it with Get-CloudVmCredential.");
            if (r.UserData != null || r.Iso != null || r.MarketplaceItem != null || r.UserDataScript != null) throw CloudVmException.NotSupported(p, "-UserData, -UserDataScript, -MarketplaceItem or -Iso");
            if (r.Networks.Count > 0 || r.PublicIp != null || r.ResourceGroup != null) throw CloudVmException.NotSupported(p, "-Network, -PublicIp or -ResourceGroup", "Use -PrivateNetworking and -IPv6.");
            if (r.SshKeys.Any(k => !int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw CloudVmException.Invalid("VPS247 takes SSH key ids (integers) as -SshKey.");
        }

        public async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest r, CancellationToken ct)
        {
            CheckCreate(r);
            var region = await ResolveAsync(r.Location!, "region", "-Location", ListLocationsAsync, l => (l.Id, l.Name), ct).ConfigureAwait(false);
            var package = await ResolveAsync(r.Size!, "package", "-Size", c => ListSizesAsync(null, c), s => (s.Id, s.Name), ct).ConfigureAwait(false);
            var template = await ResolveAsync(r.Image!, "OS template", "-Image", ListImagesAsync, i => (i.Id, i.Name), ct).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["name"] = r.Name,
                ["os_template_id"] = template,
                ["region_id"] = region,
                ["package_id"] = package,
                ["has_private_networking"] = r.PrivateNetworking,
                ["has_ipv6"] = r.IPv6,
            };
            if (r.SshKeys.Count > 0) body["ssh_key_ids"] = new JsonArray(r.SshKeys.Select(k => (JsonNode?)JsonValue.Create(int.Parse(k, CultureInfo.InvariantCulture))).ToArray());
            var resp = await SendAsync(HttpMethod.Post, Vms, body, idempotent: false, ct, r.Name).ConfigureAwait(false);
            var node = resp.Body as JsonObject ?? resp.Body.ObjOrFirst("virtual_machine");
            var id = node.Str("id") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"VPS247 accepted the create of '{r.Name}' but returned no VM; check with Get-CloudVm -Name '{r.Name}' before trying again.") { Provider = Kind };
            return new[] { TaskJob("Create", new VmRef(id, r.Name), node!, CloudVmStatus.Running) };
        }

        /// <summary>An id as given, or the id of the catalog entry with that name.</summary>
        async Task<int> ResolveAsync<T>(string value, string what, string parameter, Func<CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, (string id, string name)> key, CancellationToken ct)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
            var entries = await list(ct).ConfigureAwait(false);
            var match = entries.Select(key).Where(e => string.Equals(e.name, value, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1) return int.Parse(match[0].id, CultureInfo.InvariantCulture);
            throw CloudVmException.Invalid($"VPS247 has no {what} named '{value}' for {parameter}; known: {string.Join(", ", entries.Select(key).Select(e => $"{e.name} ({e.id})"))}.");
        }

        public async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions? options, CancellationToken ct)
        {
            if (options?.ShutdownTimeoutMinutes != null) throw CloudVmException.NotSupported(Kind, "-ShutdownTimeoutMinutes");
            var (verb, op, target) = action switch
            {
                PowerAction.Start => ("start", "Start", CloudVmStatus.Running),
                PowerAction.Stop => ("stop", "Stop", CloudVmStatus.Stopped),
                PowerAction.ForceStop => ("kill", "Kill", CloudVmStatus.Stopped),
                PowerAction.Restart => ("restart", "Restart", CloudVmStatus.Running),
                PowerAction.Reset => throw CloudVmException.NotSupported(Kind, "a hard reset", "Use Restart-CloudVm for a restart, or Stop-CloudVm -Force (kill) then Start-CloudVm."),
                _ => throw CloudVmException.NotSupported(Kind, action.ToString().ToLowerInvariant()),
            };
            var r = await SendAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/{verb}", null, true, ct, vm).ConfigureAwait(false);
            return TaskJob(op, vm, r.Body as JsonObject, target);
        }

        /// <summary>A job that follows the VM's last_task when the answer names one, else the VM's state.</summary>
        CloudVmJob TaskJob(string op, VmRef vm, JsonObject? answer, CloudVmStatus target)
        {
            var task = answer.Obj("last_task");
            var job = StateJob(op, new VmRef(vm.Id, vm.Name ?? answer.Str("name")), target);
            if (task.Str("id") is string taskId)
            {
                job.ResourceId = taskId;
                job.ProviderState = task.Str("status");
            }
            return job;
        }

        public async Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            if (options.DeleteResources || options.DeletePublicIp) throw CloudVmException.NotSupported(Kind, "-DeleteResources or -DeletePublicIp");
            try
            {
                await SendAsync(HttpMethod.Delete, $"{Vms}/{Esc(vm.Id)}", null, true, ct, vm).ConfigureAwait(false);
            }
            catch (CloudVmException e) when (e.HttpStatus == 400)
            {
                throw new CloudVmException(CloudVmErrorKind.Conflict,
                    $"VPS247 deletes only halted VMs and refused to delete {vm}: {e.ProviderMessage} (HTTP 400). Stop it first (Stop-CloudVm -Wait), or use Remove-CloudVm -Force to stop and then delete it.", e)
                { Provider = Kind, HttpStatus = 400, ProviderMessage = e.ProviderMessage, Target = vm };
            }
            return StateJob("Delete", vm, CloudVmStatus.Deleted);
        }

        /// <summary>Reads each job's VM: its last_task, when it is the job's task, says how the job went; otherwise
        /// the VM's state does.</summary>
        public async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var tasks = jobs.Where(j => !j.IsFinished && j.ResourceId != null && j.TargetStatus != CloudVmStatus.Deleted).ToList();
            // The list carries every VM's last_task: many jobs are read with one request.
            var nodes = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
            if (tasks.Count > ListPollThreshold)
            {
                var r = await SendAsync(HttpMethod.Get, Vms, null, true, ct).ConfigureAwait(false);
                foreach (var o in (r.Body as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    if (o.Str("id") is string vid) nodes[vid] = o;
            }
            var read = await Bounded.RunAsync(tasks.Where(j => !nodes.ContainsKey(j.VmId!)).ToList(), (j, c) => GetVmNodeAsync(j.VmId!, c), ct).ConfigureAwait(false);
            foreach (var r in read)
            {
                if (r.Error is CloudVmException e && e.Kind == CloudVmErrorKind.NotFound) r.Item.Fail($"VPS247: VM {r.Item.VmName ?? r.Item.VmId} no longer exists.");
                else if (r.Error != null) throw r.Error;
                else nodes[r.Item.VmId!] = r.Value!;
            }
            foreach (var job in tasks.Where(j => !j.IsFinished))
            {
                var node = nodes[job.VmId!];
                var task = node.Obj("last_task");
                job.Polls++;
                if (task.Str("id") != job.ResourceId)
                {
                    job.ResourceId = null; // a newer task replaced ours: follow the state from here on
                    continue;
                }
                job.ProviderState = task.Str("status");
                job.PercentComplete = task.Int("progress") ?? job.PercentComplete;
                switch (job.ProviderState?.ToLowerInvariant())
                {
                    case "complete": case "completed": case "success": case "succeeded": case "done": case "finished":
                        if (StatusMap.Normalize(node.Str("state")) == job.TargetStatus) job.Complete();
                        else job.State = CloudVmJobState.Running;
                        break;
                    case "failed": case "error": case "cancelled": case "canceled":
                        job.Fail($"VPS247: {job.Operation} of {job.VmName ?? job.VmId} failed: task {task.Str("name")} #{job.ResourceId} {job.ProviderState}.");
                        break;
                    default:
                        job.State = CloudVmJobState.Running;
                        break;
                }
            }
            await RefreshByVmStateAsync(jobs.Where(j => j.ResourceId == null || j.TargetStatus == CloudVmStatus.Deleted).ToList(), ct).ConfigureAwait(false);
        }

        public async Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct)
        {
            if (type != CloudVmSecretType.Password) throw CloudVmException.NotSupported(Kind, "reading an SSH private key");
            var node = await GetVmNodeAsync(vm.Id, ct).ConfigureAwait(false);
            var pw = node.Str("initial_password");
            if (string.IsNullOrEmpty(pw)) throw new CloudVmException(CloudVmErrorKind.NotFound, $"VPS247 has no initial password for {vm}.") { Provider = Kind, Target = vm };
            return new CloudVmSecret { VmId = vm.Id, VmName = vm.Name ?? node.Str("name"), Type = type, Secret = ApiCredential.Protect(pw!), Provider = Kind };
        }

        // ---- catalog ----

        public async Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            (await ListAsync("regions", ct).ConfigureAwait(false)).Select(o => new CloudVmLocation
            {
                Id = o.Str("id") ?? "", Name = o.Str("name") ?? "", Region = o.Str("country", "location", "city"), Provider = Kind, Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct) =>
            (await ListAsync("packages", ct).ConfigureAwait(false)).Select(o => new CloudVmSize
            {
                Id = o.Str("id") ?? "", Name = o.Str("name") ?? "", Cpu = o.Int("cpus", "cpu", "cores"),
                MemoryGB = o.Num("memory", "ram") is double mb ? Math.Round(mb / 1024.0, 3) : (double?)null,
                DiskGB = o.Int("disk", "disk_size"), Provider = Kind, Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(CancellationToken ct) =>
            (await ListAsync("os_templates", ct).ConfigureAwait(false)).Select(o => new CloudVmImage
            {
                Id = o.Str("id") ?? "", Name = o.Str("name") ?? "", Platform = o.Str("os", "family", "distribution"), Provider = Kind, Session = Session,
            }).ToList();

        async Task<List<JsonObject>> ListAsync(string path, CancellationToken ct)
        {
            var r = await SendAsync(HttpMethod.Get, path, null, true, ct).ConfigureAwait(false);
            return (r.Body as JsonArray ?? r.Body.Arr(path, "data") ?? new JsonArray()).OfType<JsonObject>().ToList();
        }

        static string Esc(string s) => Uri.EscapeDataString(s);
    }
}
