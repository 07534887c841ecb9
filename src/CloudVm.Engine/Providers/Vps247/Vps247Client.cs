using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Http;
using CloudVm.Jobs;
using CloudVm.Json;

namespace CloudVm.Providers.Vps247
{
    /// <summary>VPS247 (https://api.vps247.com), every operation on its page. Create and power calls answer the VM
    /// (the page, with its last_task) or {"status": "success", "id": …} (what the public clients see): a job
    /// follows the task when there is one, else the VM's state. Decisions: docs/providers/vps247.md.</summary>
    public sealed class Vps247Client : ProviderClient
    {
        const string Vms = "virtual_machines";

        public static readonly ProviderFeatures Descriptor = new ProviderFeatures
        {
            TakesCatalogNames = true,
            Provider = CloudProvider.Vps247,
            EndpointTemplate = "https://api.vps247.com",
            Operations = new[]
            {
                CloudVmOperation.ListVms, CloudVmOperation.GetVm, CloudVmOperation.CreateVm, CloudVmOperation.DeleteVm,
                CloudVmOperation.Start, CloudVmOperation.Stop, CloudVmOperation.ForceStop, CloudVmOperation.Restart,
                CloudVmOperation.GetPassword, CloudVmOperation.ListLocations, CloudVmOperation.ListSizes, CloudVmOperation.ListImages,
            },
            DeleteRequiresStop = true,
            CreateFields = CreateField.Size | CreateField.Image | CreateField.Location | CreateField.SshKey | CreateField.PrivateNetworking | CreateField.IPv6,
            CreateHints = new Dictionary<CreateField, string>
            {
                [CreateField.Cpu] = "Choose a package with -Size.", [CreateField.MemoryGB] = "Choose a package with -Size.", [CreateField.DiskGB] = "Choose a package with -Size.",
                [CreateField.Password] = "VPS247 makes an initial password: read it with Get-CloudVmCredential.",
                [CreateField.Network] = "Use -PrivateNetworking and -IPv6.", [CreateField.PublicIp] = "Every VPS247 VM has a public IP.",
            },
            Paging = PagingStyle.None,
            StatusWords = new Dictionary<string, CloudVmStatus>
            {
                ["pending"] = CloudVmStatus.Creating, ["running"] = CloudVmStatus.Running, ["halted"] = CloudVmStatus.Stopped, ["off"] = CloudVmStatus.Stopped,
                ["halting"] = CloudVmStatus.Stopping, ["starting"] = CloudVmStatus.Starting,
            },
            VmIdPattern = "^[0-9]{1,18}\\z",
            VmIdDescription = "integers (like 90)",
        };

        public Vps247Client(CloudVmSession session, TimeProvider clock)
            : base(session, Descriptor, session.Options.Endpoint ?? ProviderRegistry.DefaultEndpoint(Descriptor, null), clock) { }

        protected override IEnumerable<KeyValuePair<string, string>> Authenticate(HttpRequestMessage request, byte[]? body) =>
            new[] { Header("X-Api-Key", Session.Options.Credential.RevealKey()) };

        protected override (string? code, string? message) ReadError(JsonElement body) => (null, body.Str("error", "message", "errors"));

        protected override CloudVmErrorKind KindOf(ApiResponse r, string? code) =>
            r.Status == 400 && r.Request.StateChange ? CloudVmErrorKind.Conflict : base.KindOf(r, code);

        /// <summary>A 2xx whose body says {"status": "error"} is a failure.</summary>
        new async Task<T> CallAsync<T>(ApiRequest request, Func<ApiResponse, T> read, CancellationToken ct)
        {
            using var r = await SendAsync(request, ct).ConfigureAwait(false);
            if (!r.IsEmpty && r.Root.ValueKind == JsonValueKind.Object && r.Root.Str("status") is string s && (s.Equals("error", StringComparison.OrdinalIgnoreCase) || s.Equals("failure", StringComparison.OrdinalIgnoreCase)))
                throw BodyError(r, request.StateChange ? CloudVmErrorKind.Conflict : CloudVmErrorKind.ProviderError);
            return Parse(r, read);
        }

        // ---- VMs ----

        static JsonElement VmList(ApiResponse r) => r.Root.ValueKind == JsonValueKind.Array ? r.Root : Shape.Array(r, Shape.RootObject(r), "virtual_machines", "data");

        public override Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct) =>
            CallAsync(Get(Vms), r =>
            {
                var vms = VmList(r).EnumerateArray().Select(o => { Shape.Id(r, o); return ParseVm(o); }).ToList();
                return new ItemPage<VirtualMachine>(query.SortLocally(vms), false, vms.Count);
            }, ct);

        public override Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct) => CallAsync(Get($"{Vms}/{VmSeg(id)}", id), r => ParseVm(VmNode(r)), ct);

        static JsonElement VmNode(ApiResponse r)
        {
            var root = r.Root;
            var o = root.ValueKind == JsonValueKind.Object && root.Get("virtual_machine") is JsonElement inner ? inner.ObjOrFirst() ?? root : root;
            Shape.Id(r, o);
            return o;
        }

        VirtualMachine ParseVm(JsonElement o)
        {
            var state = o.Str("state");
            var ips = o.Arr("ip_allocations") is JsonElement a ? a.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).ToList() : new List<JsonElement>();
            var v4 = ips.Cast<JsonElement?>().FirstOrDefault(i => i!.Value.Str("version") == "4") ?? ips.Cast<JsonElement?>().FirstOrDefault();
            var vm = new VirtualMachine
            {
                Id = o.Str("id")!,
                Name = o.Str("name") ?? "",
                ProviderStatus = state,
                Status = Descriptor.Normalize(state),
                Provider = Kind,
                Size = o.Str("package_name"),
                SizeId = o.Str("package_id"),
                Image = o.Str("os_template_name"),
                Location = o.Str("region_name"),
                LocationId = o.Str("region_id"),
                PublicIp = v4.Str("first"),
                CreatedAt = o.Date("created_at"),
                UpdatedAt = o.Date("updated_at"),
                Owner = Session,
            };
            // initial_password is a secret: it is read only by Get-CloudVmCredential, never kept on the object.
            if (o.Str("hostname") is string host) vm.ProviderData["hostname"] = host;
            if (o.Obj("last_task") is JsonElement task) vm.ProviderData["lastTask"] = $"{task.Str("name")} #{task.Str("id")}: {task.Str("status")}";
            if (o.Num("unbilled_hours") is double h) vm.ProviderData["unbilledHours"] = h;
            if (o.Num("transfer") is double t) vm.ProviderData["transferMB"] = t;
            if (o.Num("month_transfer", "transfer_month") is double mt) vm.ProviderData["monthTransferMB"] = mt;
            if (ips.Count > 0) vm.ProviderData["ipAllocations"] = string.Join(", ", ips.Select(i => $"{i.Str("first")}/{i.Str("prefixlen")} via {i.Str("gateway")}"));
            return vm;
        }

        public override void ValidateCreate(VmCreateRequest request) => Check(request);

        static void Check(VmCreateRequest r)
        {
            Descriptor.CheckCreate(r);
            if (string.IsNullOrWhiteSpace(r.Size) || string.IsNullOrWhiteSpace(r.Image) || string.IsNullOrWhiteSpace(r.Location))
                throw CloudVmException.Invalid("VPS247 needs -Size (package), -Image (OS template) and -Location (region), as ids or names; see Get-CloudVmSize, Get-CloudVmImage, Get-CloudVmLocation.");
            if (r.SshKeys.Any(k => !int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw CloudVmException.Invalid("VPS247 takes SSH key ids (integers) as -SshKey.");
        }

        public override async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct)
        {
            Check(request);
            var region = await ResolveAsync(request.Location!, "region", "-Location", ListLocationsAsync, l => (l.Id, l.Name), ct).ConfigureAwait(false);
            var package = await ResolveAsync(request.Size!, "package", "-Size", c => ListSizesAsync(null, c), s => (s.Id, s.Name), ct).ConfigureAwait(false);
            var template = await ResolveAsync(request.Image!, "OS template", "-Image", c => ListImagesAsync(null, c), i => (i.Id, i.Name), ct).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["name"] = request.Name,
                ["os_template_id"] = template,
                ["region_id"] = region,
                ["package_id"] = package,
                ["has_private_networking"] = request.PrivateNetworking,
                ["has_ipv6"] = request.IPv6,
            };
            if (request.SshKeys.Count > 0) body["ssh_key_ids"] = new JsonArray(request.SshKeys.Select(k => (JsonNode?)JsonValue.Create(int.Parse(k, CultureInfo.InvariantCulture))).ToArray());
            var call = new ApiRequest(HttpMethod.Post, Vms, RepeatSafety.Create) { Body = body, Target = request.Name };
            return await CallAsync(call, resp =>
            {
                var root = Shape.RootObject(resp);
                var node = root.Get("virtual_machine") is JsonElement inner ? inner.ObjOrFirst() ?? root : root;
                var id = node.Str("id");
                if (string.IsNullOrEmpty(id))
                    throw Shape.AcceptedWithoutId(resp, "no VM id", $"create of '{request.Name}'", request.Name);
                return (IReadOnlyList<CloudVmJob>)new[] { TaskJob(CloudVmJobOperation.Create, new VmRef(id!, request.Name), node, CloudVmStatus.Running) };
            }, ct).ConfigureAwait(false);
        }

        /// <summary>An id as given, or the id of the catalog entry with that name.</summary>
        static async Task<int> ResolveAsync<T>(string value, string what, string parameter, Func<CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, (string id, string name)> key, CancellationToken ct)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
            var entries = await list(ct).ConfigureAwait(false);
            var match = entries.Select(key).Where(e => string.Equals(e.name, value, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1 && int.TryParse(match[0].id, NumberStyles.None, CultureInfo.InvariantCulture, out var found)) return found;
            throw CloudVmException.Invalid($"VPS247 has no {what} named '{value}' for {parameter}; known: {string.Join(", ", entries.Select(key).Select(e => $"{e.name} ({e.id})"))}.");
        }

        public override Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct)
        {
            Descriptor.CheckPower(action, options);
            var (verb, safety) = action switch
            {
                PowerAction.Start => ("start", RepeatSafety.Converging),
                PowerAction.Stop => ("stop", RepeatSafety.Converging),
                PowerAction.ForceStop => ("kill", RepeatSafety.Converging),
                _ => ("restart", RepeatSafety.Action),
            };
            var op = CloudVmOperations.JobOperation(action);
            var request = new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/{verb}", safety) { Target = vm.Id, StateChange = true };
            Task<CloudVmJob> Send(CancellationToken c) => CallAsync(request, r => TaskJob(op, vm, r.IsEmpty ? (JsonElement?)null : r.Root, CloudVmOperations.Target(action), action == PowerAction.Restart), c);
            return safety == RepeatSafety.Action ? Send(ct) : ConvergingAsync(Send, vm, op, CloudVmOperations.Target(action), CloudVmOperations.Transition(action), ct);
        }

        /// <summary>A job that follows the VM's last_task when the answer names one, else the VM's state.</summary>
        CloudVmJob TaskJob(CloudVmJobOperation op, VmRef vm, JsonElement? answer, CloudVmStatus target, bool restart = false)
        {
            var named = new VmRef(vm.Id, vm.Name ?? answer.Str("name"));
            var task = answer.Obj("last_task");
            if (task.Str("id") is string taskId)
            {
                var job = NewJob(op, named, new TaskTracker(taskId, target));
                job.About(CloudVmResourceKind.Task, taskId);
                job.Report(CloudVmJobState.Pending, task.Str("status"));
                return job;
            }
            return StateJob(op, named, target, restart);
        }

        public override Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            Descriptor.CheckDelete(options);
            var request = new ApiRequest(HttpMethod.Delete, $"{Vms}/{VmSeg(vm.Id)}", RepeatSafety.Converging) { Target = vm.Id, StateChange = true };
            return ConvergingAsync(async c =>
            {
                try
                {
                    return await CallAsync(request, r => Done(CloudVmJobOperation.Delete, vm), c).ConfigureAwait(false);
                }
                catch (CloudVmException e) when (e.HttpStatus == 400)
                {
                    throw new CloudVmException(CloudVmErrorKind.Conflict,
                        $"VPS247 deletes only halted VMs and refused to delete {vm}: {e.ProviderMessage} (HTTP 400).", e)
                    { Provider = Kind, HttpStatus = 400, ProviderMessage = e.ProviderMessage, Target = vm.Id, RecommendedAction = "Stop it first (Stop-CloudVm -Wait), or use Remove-CloudVm -Force to stop and then delete it." };
                }
            }, vm, CloudVmJobOperation.Delete, CloudVmStatus.Deleted, CloudVmStatus.Deleting, ct);
        }

        /// <summary>Task jobs read their VM's last_task (one list read when there are many); when it is their task, its
        /// status says how the job went; when a newer task replaced it, the VM's state does.</summary>
        public override async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var tasks = jobs.Where(j => !j.IsFinished && j.Tracker is TaskTracker t && !t.Superseded).ToList();
            var nodes = new Dictionary<string, (string? state, string? taskId, string? taskName, string? taskStatus, int? progress)>(StringComparer.OrdinalIgnoreCase);
            (string?, string?, string?, string?, int?) Read(JsonElement o) => (o.Str("state"), o.Obj("last_task").Str("id"), o.Obj("last_task").Str("name"), o.Obj("last_task").Str("status"), o.Obj("last_task").Whole("progress"));
            if (tasks.Count > ListPollThreshold)
                await CallAsync(Get(Vms), r => { foreach (var o in VmList(r).EnumerateArray()) nodes[Shape.Id(r, o)] = Read(o); return true; }, ct).ConfigureAwait(false);
            var read = await Bounded.RunAsync(tasks.Where(j => !nodes.ContainsKey(j.VmId!)).ToList(),
                (j, c) => CallAsync(Get($"{Vms}/{VmSeg(j.VmId!)}", j.Id), r => Read(VmNode(r)), c), Throttle, ct).ConfigureAwait(false);
            foreach (var r in read)
            {
                if (r.Error is CloudVmException e && e.Kind == CloudVmErrorKind.NotFound) r.Item.Fail($"VPS247: VM {r.Item.Subject} no longer exists.", Now);
                else if (r.Error != null) throw r.Error;
                else nodes[r.Item.VmId!] = r.Value;
            }
            foreach (var job in tasks.Where(j => !j.IsFinished))
            {
                var t = (TaskTracker)job.Tracker;
                var n = nodes[job.VmId!];
                if (n.taskId != t.TaskId)
                {
                    t.Superseded = true; // a newer task replaced ours: follow the state from here on
                    continue;
                }
                switch (n.taskStatus?.ToLowerInvariant())
                {
                    case "complete": case "completed": case "success": case "succeeded": case "done": case "finished":
                        if (Descriptor.Normalize(n.state) == t.Target) job.Complete(Now, n.taskStatus);
                        else job.Report(CloudVmJobState.Running, n.taskStatus, n.progress);
                        break;
                    case "failed": case "error": case "cancelled": case "canceled":
                        job.Fail($"VPS247: {job.Operation} of {job.Subject} failed: task {n.taskName} #{t.TaskId} {n.taskStatus}.", Now, n.taskStatus);
                        break;
                    default:
                        job.Report(n.taskStatus == "pending" ? CloudVmJobState.Pending : CloudVmJobState.Running, n.taskStatus, n.progress);
                        break;
                }
            }
            // Superseded task jobs follow the VM's state.
            var byState = jobs.Where(j => !j.IsFinished && j.Tracker is TaskTracker t && t.Superseded).ToList();
            foreach (var job in byState)
            {
                var t = (TaskTracker)job.Tracker;
                if (nodes.TryGetValue(job.VmId!, out var n) && Descriptor.Normalize(n.state) == t.Target) job.Complete(Now, n.state);
            }
            await base.RefreshJobsAsync(jobs, ct).ConfigureAwait(false);
        }

        public override Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct)
        {
            if (type != CloudVmSecretType.Password) throw Descriptor.Unsupported(CloudVmOperation.GetSshPrivateKey);
            return CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}", vm.Id), r =>
            {
                var node = VmNode(r);
                var pw = node.Str("initial_password");
                if (string.IsNullOrEmpty(pw)) throw new CloudVmException(CloudVmErrorKind.NotFound, $"VPS247 has no initial password for {vm}.") { Provider = Kind, Target = vm.Id };
                return new CloudVmSecret { VmId = vm.Id, VmName = vm.Name ?? node.Str("name"), Type = type, UserName = "root", Secret = ApiCredential.Protect(pw!), Provider = Kind };
            }, ct);
        }

        // ---- catalog ----

        public override Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            ListAsync("regions", (r, o) => new CloudVmLocation { Id = Shape.Id(r, o), Name = o.Str("name") ?? "", Region = o.Str("country", "location", "city"), Provider = Kind, Owner = Session }, ct);

        public override Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct) =>
            ListAsync("packages", (r, o) => new CloudVmSize
            {
                Id = Shape.Id(r, o), Name = o.Str("name") ?? "", Cpu = o.Whole("cpus", "cpu", "cores"),
                MemoryGB = o.Num("memory", "ram") is double mb ? Math.Round(mb / 1024.0, 3) : (double?)null,
                DiskGB = o.Whole("disk", "disk_size"), Provider = Kind, Owner = Session,
            }, ct);

        public override Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct) =>
            ListAsync("os_templates", (r, o) => new CloudVmImage { Id = Shape.Id(r, o), Name = o.Str("name") ?? "", Platform = o.Str("os", "family", "distribution"), Provider = Kind, Owner = Session }, ct);

        Task<IReadOnlyList<T>> ListAsync<T>(string path, Func<ApiResponse, JsonElement, T> parse, CancellationToken ct) =>
            CallAsync(Get(path), r =>
            {
                var list = r.Root.ValueKind == JsonValueKind.Array ? r.Root : Shape.Array(r, Shape.RootObject(r), path, "data");
                return (IReadOnlyList<T>)list.EnumerateArray().Select(o => parse(r, o)).ToList();
            }, ct);
    }
}
