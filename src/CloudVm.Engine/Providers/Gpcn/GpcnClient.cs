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
using CloudVm.Listing;

namespace CloudVm.Providers.Gpcn
{
    /// <summary>GPCN (api.gpcn.com/v1), every operation on its page. The wire format follows the page and, where
    /// they differ, GPCN's own Terraform provider (jobs as data.jobs[].jobId with isCompleted/hasFailed): both are
    /// read. Decisions: docs/providers/gpcn.md.</summary>
    public sealed class GpcnClient : ProviderClient
    {
        const string Vms = "resource/virtual-machines";
        public const int MaxBatch = 50;

        public static readonly ProviderFeatures Descriptor = new ProviderFeatures
        {
            TakesCatalogNames = true,
            Provider = CloudProvider.Gpcn,
            EndpointTemplate = "https://api.gpcn.com/v1",
            Operations = new[]
            {
                CloudVmOperation.ListVms, CloudVmOperation.GetVm, CloudVmOperation.CreateVm, CloudVmOperation.DeleteVm,
                CloudVmOperation.Start, CloudVmOperation.Stop, CloudVmOperation.Reset,
                CloudVmOperation.Resize, CloudVmOperation.Rename, CloudVmOperation.SetResourceGroup,
                CloudVmOperation.GetConsole, CloudVmOperation.GetPassword, CloudVmOperation.GetSshPrivateKey,
                CloudVmOperation.ListNetworkInterfaces, CloudVmOperation.AddNetworkInterface, CloudVmOperation.RemoveNetworkInterface,
                CloudVmOperation.SetPrimaryNetworkInterface, CloudVmOperation.AddPublicIp, CloudVmOperation.RemovePublicIp,
                CloudVmOperation.ListAvailableNetworks, CloudVmOperation.LookupJobs,
                CloudVmOperation.ListLocations, CloudVmOperation.ListSizes, CloudVmOperation.ListImages, CloudVmOperation.ListResizeTargets,
            },
            BulkPowerActions = new[] { PowerAction.Start, PowerAction.Stop, PowerAction.Reset },
            BulkDelete = true,
            MaxBulkSize = MaxBatch,
            CreateFields = CreateField.Size | CreateField.Image | CreateField.Location | CreateField.Count | CreateField.PublicIp | CreateField.Network | CreateField.SshKey | CreateField.ResourceGroup
                | CreateField.Password | CreateField.UserName,
            MaxCount = 10,
            CreateHints = new Dictionary<CreateField, string>
            {
                [CreateField.Cpu] = "Choose a size with -Size (a name such as GP-Small-1: Get-CloudVmSize -Location <data center>).",
                [CreateField.MemoryGB] = "Choose a size with -Size (a name such as GP-Small-1: Get-CloudVmSize -Location <data center>).",
                [CreateField.DiskGB] = "Choose a size with -Size (a name such as GP-Small-1: Get-CloudVmSize -Location <data center>).",
                [CreateField.PrivateNetworking] = "Attach networks with -Network.",
                [CreateField.IPv6] = "Attach networks with -Network.",
            },
            ResizeFields = ResizeField.Size,
            ResizeMayRestart = true,
            Paging = PagingStyle.PageNumber,
            MaxPageSize = 100,
            QueryFields = QueryField.Name | QueryField.Status | QueryField.Location | QueryField.Image | QueryField.Search | QueryField.Sort | QueryField.ResourceGroup,
            ServerFilters = QueryField.Status | QueryField.Image | QueryField.Search | QueryField.ResourceGroup | QueryField.Sort,
            SortFields = new[] { "name", "createdAt", "updatedAt", "configuration", "region", "datacenter" },
            DefaultSort = "createdAt:desc",
            StatusWords = new Dictionary<string, CloudVmStatus>
            {
                ["Running"] = CloudVmStatus.Running, ["Stopped"] = CloudVmStatus.Stopped, ["Starting"] = CloudVmStatus.Starting, ["Stopping"] = CloudVmStatus.Stopping,
                ["Provisioning"] = CloudVmStatus.Creating, ["Creating"] = CloudVmStatus.Creating, ["Pending"] = CloudVmStatus.Creating,
                ["Rebooting"] = CloudVmStatus.Rebooting, ["Resetting"] = CloudVmStatus.Rebooting, ["Resizing"] = CloudVmStatus.Resizing, ["Upgrading"] = CloudVmStatus.Resizing,
                ["Deleting"] = CloudVmStatus.Deleting, ["Error"] = CloudVmStatus.Error, ["Failed"] = CloudVmStatus.Error,
                // The live API's words (its Terraform provider's list): Shutoff is stopped; Destroyed never changes again;
                // a rescue boot runs neither the VM's own system nor nothing, so it is shown as a passing state.
                ["Shutoff"] = CloudVmStatus.Stopped, ["Destroyed"] = CloudVmStatus.Deleted, ["Rescue"] = CloudVmStatus.Rebooting,
                ["Rescuing"] = CloudVmStatus.Rebooting, ["Unrescuing"] = CloudVmStatus.Rebooting, ["Unknown"] = CloudVmStatus.Unknown,
            },
            RetryAfterField = "error.retryAfter",
            VmIdPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\z",
            VmIdDescription = "UUIDs (like 550e8400-e29b-41d4-a716-446655440000)",
        };

        public GpcnClient(CloudVmSession session, TimeProvider clock)
            : base(session, Descriptor, session.Options.Endpoint ?? ProviderRegistry.DefaultEndpoint(Descriptor, null), clock) { }

        protected override IEnumerable<KeyValuePair<string, string>> Authenticate(HttpRequestMessage request, byte[]? body) =>
            new[] { Header("X-API-Key", Session.Options.Credential.RevealKey()) };

        /// <summary>The page's {success: false, error: "CODE", message} and the live API's {message, error: {code, message,
        /// details}} (the rate limiter's has no top-level message).</summary>
        protected override (string? code, string? message) ReadError(JsonElement body)
        {
            var error = body.Obj("error");
            var message = body.Str("message") ?? error.Str("message");
            var details = error.Get("details") is JsonElement d ? Details(d) : null;
            return (body.Str("error", "code") ?? error.Str("code"), details == null ? message : (message == null ? details : $"{message} ({details})"));
        }

        static string? Details(JsonElement d) => d.ValueKind switch
        {
            JsonValueKind.String => d.GetString(),
            JsonValueKind.Array => string.Join("; ", d.EnumerateArray().Select(x => x.Str() ?? x.Str("message") ?? x.GetRawText())),
            JsonValueKind.Object => string.Join("; ", d.EnumerateObject().Select(p => $"{p.Name}: {p.Value.Str() ?? p.Value.GetRawText()}")),
            _ => null,
        };

        /// <summary>Sends and unwraps the envelope: success=false is an error even with HTTP 200.</summary>
        async Task<T> CallAsync<T>(ApiRequest request, Func<ApiResponse, JsonElement, T> read, CancellationToken ct)
        {
            using var r = await SendAsync(request, ct).ConfigureAwait(false);
            if (r.IsEmpty) return Parse(r, x => read(x, default));
            var root = Shape.RootObject(r);
            if (!Shape.Succeeded(r, root, required: true)) throw BodyError(r, KindForCode(root.Str("error", "code"), request.StateChange));
            var data = root.TryGetProperty("data", out var d) ? d : root;
            return Parse(r, x => read(x, data));
        }

        static CloudVmErrorKind KindForCode(string? code, bool stateChange) => code switch
        {
            "NOT_FOUND" => CloudVmErrorKind.NotFound,
            "VALIDATION_ERROR" => CloudVmErrorKind.InvalidArgument,
            "UNAUTHORIZED" => CloudVmErrorKind.Unauthorized,
            "FORBIDDEN" => CloudVmErrorKind.Forbidden,
            "RATE_LIMIT_EXCEEDED" or "RATE_LIMITED" => CloudVmErrorKind.RateLimited,
            _ when code != null && (code.Contains("STATE") || code.Contains("BUSY") || code.Contains("CONFLICT") || code.Contains("ALREADY") || code.Contains("MUST_BE")) => CloudVmErrorKind.Conflict,
            _ => stateChange ? CloudVmErrorKind.Conflict : CloudVmErrorKind.ProviderError,
        };

        // ---- VMs ----

        public override async Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct)
        {
            var q = new List<(string, string?)> { ("page", Num(page.Page)), ("limit", Num(page.Limit)) };
            if (!string.IsNullOrEmpty(query.Sort)) q.Add(("sort", query.Sort));
            q.Add(("search", query.Search ?? query.LiteralNamePrefix));
            if (query.Status is CloudVmStatus s && Features.WordFor(s) is string word) q.Add(("filter[status]", word));
            if (!string.IsNullOrEmpty(query.ResourceGroup)) q.Add(("filter[teamId]", query.ResourceGroup));
            if (!string.IsNullOrEmpty(query.Image) && !Wildcard.HasWildcard(query.Image!)) q.Add(("filter[imageName]", query.Image));
            if (!string.IsNullOrEmpty(query.Location))
            {
                if (Guid.TryParse(query.Location, out _)) q.Add(("filter[datacenterId]", query.Location));
                else if (int.TryParse(query.Location, NumberStyles.None, CultureInfo.InvariantCulture, out _)) q.Add(("filter[regionId]", query.Location));
            }
            var request = Get(Paths.Query(Vms, q.ToArray()));
            using var r = await SendAsync(request, ct).ConfigureAwait(false);
            var read = GpcnPageReader.Read(r, Session, Features);
            if (read == null)
            {
                // success=false with HTTP 2xx: the document path reads the provider's error.
                var root = Shape.RootObject(r);
                throw BodyError(r, KindForCode(root.Str("error", "code"), false));
            }
            bool? more = read.HasNextPage ?? (read.TotalPages is int pages ? page.Page < pages : (bool?)null);
            return new ItemPage<VirtualMachine>(read.Items, more, read.Total, read.PageSize);
        }

        /// <summary>A data center name pattern and image wildcards are matched here; the rest went to the server.</summary>
        protected override Func<VirtualMachine, bool> LocalFilter(VmQuery query) => v =>
            query.Matches(v)
            && (string.IsNullOrEmpty(query.Location) || Guid.TryParse(query.Location, out _) || int.TryParse(query.Location, out _) || Wildcard.IsMatch(v.Location ?? "", query.Location!))
            && (string.IsNullOrEmpty(query.Image) || Wildcard.IsMatch(v.Image ?? "", query.Image!));

        /// <summary>The page's detail shape has no IPs (the list's has): they are read from the VM's
        /// network interfaces, so Get-CloudVm -Id shows what Get-CloudVm shows.</summary>
        public override async Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct)
        {
            var vm = await GetVmForPollAsync(id, ct).ConfigureAwait(false);
            if (vm.PublicIp == null && vm.PrivateIp == null && vm.Status != CloudVmStatus.Deleting)
            {
                var nics = await ListNetworkInterfacesAsync(new VmRef(vm.Id, vm.Name), ct).ConfigureAwait(false);
                var primary = nics.FirstOrDefault(n => n.Primary) ?? (nics.Count > 0 ? nics[0] : null);
                vm.PrivateIp = primary?.PrivateIp;
                vm.PublicIp = primary?.PublicIp ?? nics.FirstOrDefault(n => n.PublicIp != null)?.PublicIp;
            }
            return vm;
        }

        protected override Task<VirtualMachine> GetVmForPollAsync(string id, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(id)}", id), (r, data) =>
            {
                if (data.ValueKind != JsonValueKind.Object) throw Shape.Invalid(r, "no VM object");
                var vm = data.Obj("virtualMachine") ?? data;
                Shape.Id(r, vm);
                return ParseVm(r, vm, data.Obj("virtualMachine") != null ? data : (JsonElement?)null);
            }, ct);

        /// <summary>A VM from the detail's shape (`{virtualMachine: {…}, status, consoleEnabled, …}` or the VM object itself),
        /// read by the same reader as a list page's items, so both answers mean the same.</summary>
        VirtualMachine ParseVm(ApiResponse r, JsonElement o, JsonElement? details)
        {
            var vm = GpcnPageReader.ReadVm(r, o, Session, Features);
            if (details is JsonElement dd)
            {
                if (dd.Str("status") is string detailStatus) { vm.ProviderStatus = detailStatus; vm.Status = Features.Normalize(detailStatus); }
                if (dd.Bool("consoleEnabled") is bool ce) vm.ProviderData["consoleEnabled"] = ce;
                if (dd.Bool("networkHotplug") is bool nh) vm.ProviderData["networkHotplug"] = nh;
            }
            return vm;
        }

        public override void ValidateCreate(VmCreateRequest request) => CheckCreate(request);

        public override async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct)
        {
            CheckCreate(request);
            var body = await BuildCreateBodyAsync(request, ct).ConfigureAwait(false);
            var call = new ApiRequest(HttpMethod.Post, Vms, RepeatSafety.Create) { Body = body, Target = request.Name };
            return await CallAsync(call, (resp, data) =>
            {
                var jobs = JobNodes(data).Select(n => JobFrom(n, CloudVmJobOperation.Create, null)).Where(j => j != null).Select(j => j!).ToList();
                if (jobs.Count == 0)
                    throw Shape.AcceptedWithoutId(resp, "no job id", $"create of '{request.Name}' but its answer names no job", request.Name);
                foreach (var j in jobs)
                {
                    j.VmName ??= request.Count == 1 ? request.Name : null;
                }
                return (IReadOnlyList<CloudVmJob>)jobs;
            }, ct).ConfigureAwait(false);
        }

        /// <summary>Every rule that needs no catalog, checked before anything is read or sent.</summary>
        internal static void CheckCreate(VmCreateRequest r)
        {
            Descriptor.CheckCreate(r);
            if (string.IsNullOrWhiteSpace(r.Location)) throw CloudVmException.Invalid("GPCN needs -Location: a data center's name, code or id (Get-CloudVmLocation lists them).");
            if (string.IsNullOrWhiteSpace(r.Size)) throw CloudVmException.Invalid("GPCN needs -Size: a size's name or skuId (Get-CloudVmSize -Location <data center> lists them).");
            if (string.IsNullOrWhiteSpace(r.Image)) throw CloudVmException.Invalid("GPCN needs -Image: an image's name or id (Get-CloudVmImage -Location <data center> lists them).");
            if (r.SshKeys.Count > 1) throw CloudVmException.Invalid($"GPCN logs in with one SSH key (its sshKeyId); {r.SshKeys.Count} were given.");
            if (r.SshKeys.Count == 1 && r.Password != null) throw CloudVmException.Invalid("GPCN takes one login method: -SshKey, or -Credential (user name and password), not both.");
            if (r.SshKeys.Count == 0 && r.Password == null) throw CloudVmException.Invalid("GPCN needs a login method: -SshKey <key id> (with -UserName if not the image's default), or -Credential (user name and password).");
            if (r.Password != null && string.IsNullOrWhiteSpace(r.UserName)) throw CloudVmException.Invalid("GPCN's password login needs a user name: give -Credential (user name and password).");
            if (r.SshKeys.Count == 1) ProviderFeatures.CheckSafeId(r.SshKeys[0], "SSH key id");
            if (!string.IsNullOrEmpty(r.ResourceGroup)) ProviderFeatures.CheckSafeId(r.ResourceGroup, "resource group id");
            if (r.Networks.Count > 5) throw CloudVmException.Invalid($"GPCN attaches 1 to 5 network interfaces; {r.Networks.Count} were given.");
            int primaries = r.Networks.Count(n => n.Primary);
            if (primaries > 1) throw CloudVmException.Invalid($"Exactly one network interface must be primary; {primaries} are marked primary.");
            foreach (var n in r.Networks)
                if (!Guid.TryParse(n.NetworkId, out _)) throw CloudVmException.Invalid($"GPCN network ids are UUIDs; '{Input.Neutralize(n.NetworkId)}' is not one.");
        }

        /// <summary>The create body the live API takes (as GPCN's Terraform provider sends it): the data center, size and
        /// image resolved from names through the catalog of that data center; skuId and imageId as strings; the login method.</summary>
        async Task<JsonObject> BuildCreateBodyAsync(VmCreateRequest r, CancellationToken ct)
        {
            var dc = await ResolveLocationAsync(r.Location!, ct).ConfigureAwait(false);
            var sizes = await SizesOfAsync(dc, ct).ConfigureAwait(false);
            var size = Pick(sizes, r.Size!, s => (s.Id, s.Name, s.Code), "size", "-Size", dc.Name, "Get-CloudVmSize -Location '" + dc.Name + "'");
            var images = await ImagesOfAsync(dc, ct).ConfigureAwait(false);
            var image = Pick(images, r.Image!, i => (i.Id, i.Name, null), "image", "-Image", dc.Name, "Get-CloudVmImage -Location '" + dc.Name + "'");
            var body = new JsonObject
            {
                ["name"] = r.Name,
                ["datacenterId"] = dc.Id,
                ["imageId"] = image.Id,
                ["skuId"] = size.Id,
                ["numberOfInstances"] = r.Count,
                ["allocatePublicIp"] = r.PublicIp ?? false,
            };
            if (r.SshKeys.Count == 1)
            {
                body["authMethod"] = "ssh-key";
                body["sshKeyId"] = r.SshKeys[0];
                if (!string.IsNullOrEmpty(r.UserName)) body["username"] = r.UserName;
            }
            else
            {
                body["authMethod"] = "password";
                body["username"] = r.UserName;
                body["password"] = ApiCredential.Reveal(r.Password!);
            }
            if (!string.IsNullOrEmpty(r.ResourceGroup)) body["resourceGroupId"] = r.ResourceGroup;
            if (r.Networks.Count > 0)
            {
                int primaries = r.Networks.Count(n => n.Primary);
                var nics = new JsonArray();
                for (int i = 0; i < r.Networks.Count; i++)
                    nics.Add(new JsonObject { ["networkId"] = r.Networks[i].NetworkId, ["primary"] = primaries == 0 ? i == 0 : r.Networks[i].Primary });
                body["networkInterfaces"] = nics;
            }
            return body;
        }

        /// <summary>The catalog entry a value names: by id, name or code (any case); none is an error that lists what exists.</summary>
        static T Pick<T>(IReadOnlyList<T> entries, string value, Func<T, (string id, string name, string? code)> key, string what, string parameter, string where, string list)
        {
            var byId = entries.FirstOrDefault(e => string.Equals(key(e).id, value, StringComparison.OrdinalIgnoreCase));
            if (byId != null) return byId;
            var byName = entries.Where(e => string.Equals(key(e).name, value, StringComparison.OrdinalIgnoreCase) || string.Equals(key(e).code, value, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byName.Count == 1) return byName[0];
            if (byName.Count > 1) throw CloudVmException.Invalid($"GPCN has {byName.Count} {what}s named '{Input.Neutralize(value)}' in {where}; give the id for {parameter}: {string.Join(", ", byName.Select(e => key(e).id))}.");
            var known = string.Join(", ", entries.Take(30).Select(e => $"{key(e).name} ({key(e).id})"));
            var e = CloudVmException.Invalid($"GPCN has no {what} '{Input.Neutralize(value)}' in {where} for {parameter}; it has: {(known.Length == 0 ? "none" : known)}{(entries.Count > 30 ? ", …" : "")}.");
            e.RecommendedAction = $"Run {list}.";
            throw e;
        }

        static int IntId(string? value, string parameter, string what, string example)
        {
            if (string.IsNullOrWhiteSpace(value)) throw CloudVmException.Invalid($"GPCN needs {parameter}: the {what}, a positive integer such as {example}.");
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
            throw CloudVmException.Invalid($"GPCN takes the {what} as {parameter}, a positive integer such as {example}; '{Input.Neutralize(value)}' is not one.");
        }

        static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

        // ---- power and delete ----

        static (string verb, RepeatSafety safety) PowerVerb(PowerAction action) => action switch
        {
            PowerAction.Start => ("start", RepeatSafety.Converging),
            PowerAction.Stop => ("stop", RepeatSafety.Converging),
            _ => ("reset", RepeatSafety.Action),
        };

        public override async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct)
        {
            Features.CheckPower(action, options);
            var (verb, safety) = PowerVerb(action);
            var op = CloudVmOperations.JobOperation(action);
            var request = new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/{verb}", safety) { Target = vm.Id, StateChange = true };
            Task<CloudVmJob> Send(CancellationToken c) => CallAsync(request, (r, data) => JobFrom(FirstJob(data), op, vm) ?? PowerJob(action, vm), c);
            if (safety == RepeatSafety.Action) return await Send(ct).ConfigureAwait(false);
            return await ConvergingAsync(Send, vm, op, CloudVmOperations.Target(action), CloudVmOperations.Transition(action), ct).ConfigureAwait(false);
        }

        public override Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            Features.CheckDelete(options);
            var request = new ApiRequest(HttpMethod.Delete, $"{Vms}/{VmSeg(vm.Id)}", RepeatSafety.Converging) { Target = vm.Id, StateChange = true };
            return ConvergingAsync(c => CallAsync(request, (r, data) => JobFrom(FirstJob(data), CloudVmJobOperation.Delete, vm) ?? StateJob(CloudVmJobOperation.Delete, vm, CloudVmStatus.Deleted), c),
                vm, CloudVmJobOperation.Delete, CloudVmStatus.Deleted, CloudVmStatus.Deleting, ct);
        }

        // ---- bulk ----

        public override async Task<IReadOnlyList<BulkOutcome>> BulkPowerAsync(IReadOnlyList<VmRef> vms, PowerAction action, CancellationToken ct)
        {
            Features.CheckPower(action, new PowerOptions());
            var (verb, safety) = PowerVerb(action);
            var outcomes = await BulkAsync(vms, "bulk/" + verb, safety, CloudVmOperations.JobOperation(action), () => CloudVmOperations.Target(action), v => PowerJob(action, v), ct).ConfigureAwait(false);
            if (safety != RepeatSafety.Converging) return outcomes;
            // A VM the provider refused because it is already where the action leads is a success (a converged re-send, or a VM that was stopped already).
            var refused = outcomes.Where(o => o.Error?.Kind == CloudVmErrorKind.Conflict).ToList();
            if (refused.Count == 0) return outcomes;
            var converged = await Bounded.RunAsync(refused, (o, c) => ConvergeAsync(o.Error!, o.Vm, CloudVmOperations.JobOperation(action), CloudVmOperations.Target(action), CloudVmOperations.Transition(action), c), Throttle, ct).ConfigureAwait(false);
            var byVm = converged.Where(x => x.Value != null).ToDictionary(x => x.Item.Vm.Id, x => x.Value!, StringComparer.OrdinalIgnoreCase);
            return outcomes.Select(o => byVm.TryGetValue(o.Vm.Id, out var job) && o.Error != null ? new BulkOutcome(o.Vm, job, null) : o).ToList();
        }

        public override Task<IReadOnlyList<BulkOutcome>> BulkDeleteAsync(IReadOnlyList<VmRef> vms, CancellationToken ct) =>
            BulkAsync(vms, "bulk/delete", RepeatSafety.Action, CloudVmJobOperation.Delete, () => CloudVmStatus.Deleted, v => StateJob(CloudVmJobOperation.Delete, v, CloudVmStatus.Deleted), ct);

        async Task<IReadOnlyList<BulkOutcome>> BulkAsync(IReadOnlyList<VmRef> vms, string path, RepeatSafety safety, CloudVmJobOperation op, Func<CloudVmStatus> target, Func<VmRef, CloudVmJob> stateJob, CancellationToken ct)
        {
            if (vms.Count < 1 || vms.Count > MaxBatch) throw CloudVmException.Invalid($"GPCN bulk calls take 1 to {MaxBatch} VM ids; {vms.Count} were given.");
            foreach (var v in vms) Features.CheckVmId(v.Id);
            var body = new JsonObject { ["ids"] = new JsonArray(vms.Select(v => (JsonNode?)JsonValue.Create(v.Id)).ToArray()) };
            var request = new ApiRequest(HttpMethod.Post, $"{Vms}/{path}", safety) { Body = body, StateChange = true, Target = string.Join(",", vms.Select(v => v.Id)) };
            return await CallAsync(request, (r, data) =>
            {
                var items = data.ValueKind == JsonValueKind.Array ? data : data.Arr("results", "jobs", "items") ?? throw Shape.Invalid(r, "no per-VM results");
                var byId = vms.ToDictionary(v => v.Id, StringComparer.OrdinalIgnoreCase);
                var outcomes = new Dictionary<string, BulkOutcome>(StringComparer.OrdinalIgnoreCase);
                var list = items.EnumerateArray().ToList();
                for (int i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    if (item.ValueKind != JsonValueKind.Object) throw Shape.Invalid(r, "a per-VM result that is not an object");
                    // The VM id is resourceId/vmId, or id when id is one of ours (per-id results); otherwise id is a job id.
                    var vmId = item.Str("resourceId", "vmId") ?? (item.Str("id") is string x && byId.ContainsKey(x) ? x : null);
                    if (vmId == null && list.Count == vms.Count) vmId = vms[i].Id;
                    if (vmId == null || !byId.TryGetValue(vmId, out var vm) || outcomes.ContainsKey(vmId)) continue;
                    var failed = item.Bool("success") == false || item.Bool("hasFailed") == true || item.Str("status") is "failed" || (item.Get("error") != null && item.Bool("success") != true);
                    if (failed)
                    {
                        var code = item.Str("error") ?? item.Obj("error").Str("code");
                        var message = r.Redactor.Redact(item.Str("message") ?? item.Obj("error").Str("message") ?? code ?? "failed");
                        var status = item.Whole("statusCode");
                        outcomes[vmId] = new BulkOutcome(vm, null, new CloudVmException(status is int st ? CloudVmException.KindFor(st) : KindForCode(code, true),
                            $"GPCN: {op} of {vm} failed: {message}{(code == null ? "" : " (" + code + ")")}")
                        { Provider = Kind, ProviderCode = code, ProviderMessage = message, HttpStatus = status, Target = vm.Id });
                        continue;
                    }
                    var job = JobFrom(item, op, vm, vmIdsAreNotJobs: byId) ?? stateJob(vm);
                    outcomes[vmId] = new BulkOutcome(vm, job, null);
                }
                return (IReadOnlyList<BulkOutcome>)vms.Select(v => outcomes.TryGetValue(v.Id, out var o) ? o
                    : new BulkOutcome(v, null, new CloudVmException(CloudVmErrorKind.InvalidResponse, $"GPCN answered the bulk {op.ToString().ToLowerInvariant()} without a result for {v}; it may or may not have acted on it.")
                    { Provider = Kind, Target = v.Id, MayHaveActed = true, RecommendedAction = $"Check with Get-CloudVm -Id {v.Id}." })).ToList();
            }, ct).ConfigureAwait(false);
        }

        // ---- jobs ----

        /// <summary>The job objects of an answer in any of its shapes: data.jobs[] (GPCN's own client), data[] (the
        /// page's create), a single job object (data, or data.jobId as the page's shell example reads).</summary>
        static IEnumerable<JsonElement> JobNodes(JsonElement data)
        {
            if (data.ValueKind == JsonValueKind.Array) return data.EnumerateArray().ToList();
            if (data.ValueKind != JsonValueKind.Object) return Array.Empty<JsonElement>();
            if (data.Arr("jobs") is JsonElement jobs) return jobs.EnumerateArray().ToList();
            if (data.Obj("job") is JsonElement one) return new[] { one };
            return new[] { data };
        }

        static JsonElement? FirstJob(JsonElement data) => JobNodes(data).Cast<JsonElement?>().FirstOrDefault();

        CloudVmJob? JobFrom(JsonElement? node, CloudVmJobOperation op, VmRef? vm, Dictionary<string, VmRef>? vmIdsAreNotJobs = null)
        {
            if (node is not JsonElement o || o.ValueKind != JsonValueKind.Object) return null;
            var id = o.Str("jobId");
            if (id == null && (o.Get("resourceType") != null || o.Get("stage") != null || o.Get("progress") != null || o.Get("isCompleted") != null || IsJobWord(o.Str("status"))))
                id = o.Str("id");
            if (id == null || (vmIdsAreNotJobs != null && vmIdsAreNotJobs.ContainsKey(id))) return null;
            var job = NewJob(op, vm, new ProviderJobTracker(id), id);
            Apply(job, o);
            return job;
        }

        static bool IsJobWord(string? s) => s is "pending" or "in_progress" or "completed" or "failed" or "queued" or "running";

        /// <summary>Reads a job in any of the shapes GPCN documents or answers with: status/progress/error (the guide),
        /// stage/progressPercentage/isCompleted/hasFailed (the reference), jobId/isCompleted/hasFailed/resource* (the service).</summary>
        void Apply(CloudVmJob job, JsonElement j)
        {
            var word = j.Str("status") ?? j.Str("stage");
            var percent = j.Whole("progress", "progressPercentage");
            var resourceType = j.Str("resourceType");
            if (j.Str("resourceId") is string rid)
            {
                if (resourceType is null or "vm" or "virtual-machine" or "virtualMachine" or "VirtualMachine") job.VmId ??= rid;
                else job.About(resourceType, rid);
            }
            if (j.Str("resourceName") is string rname && (resourceType is null or "vm" or "virtual-machine" or "virtualMachine" or "VirtualMachine")) job.VmName ??= rname;
            if (job.ProviderOperation == null && j.Str("type", "action", "operation") is string type) job.ProviderOperation = type;
            bool? isCompleted = j.Bool("isCompleted");
            bool? hasFailed = j.Bool("hasFailed");
            var lower = word?.ToLowerInvariant();
            bool failed = hasFailed == true || lower is "failed" or "error" or "cancelled" or "canceled";
            bool done = !failed && (isCompleted == true || lower is "completed" or "succeeded" or "success" or "done");
            var state = word ?? (isCompleted == true ? "completed" : isCompleted == false ? "in progress" : null);
            if (failed)
            {
                var err = j.Get("error");
                var message = err?.Str() ?? err.Str("message") ?? j.Str("message") ?? "the job failed";
                if (j.Bool("canRetry") == true) message += " (GPCN says it can be retried)";
                job.Fail($"GPCN: {job.Operation} of {job.Subject} failed: {message}", Now, state);
            }
            else if (done) job.Complete(Now, state);
            else
            {
                var running = lower is "in_progress" or "running" or "processing" || (percent ?? 0) > 0 || (isCompleted == false && lower != "pending" && lower != "queued");
                job.Report(running ? CloudVmJobState.Running : CloudVmJobState.Pending, state, percent);
            }
        }

        public override async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var provider = jobs.Where(j => !j.IsFinished && j.Tracker is ProviderJobTracker).ToList();
            var chunks = new List<List<CloudVmJob>>();
            for (int i = 0; i < provider.Count; i += MaxBatch) chunks.Add(provider.Skip(i).Take(MaxBatch).ToList());
            var polled = await Bounded.RunAsync(chunks, (chunk, c) => PollJobsAsync(chunk.Select(j => ((ProviderJobTracker)j.Tracker).JobId).Distinct().ToList(), c), Throttle, ct).ConfigureAwait(false);
            foreach (var r in polled)
            {
                if (r.Error != null) throw r.Error;
                foreach (var job in r.Item)
                {
                    var t = (ProviderJobTracker)job.Tracker;
                    if (r.Value!.TryGetValue(t.JobId, out var node)) Apply(job, node);
                    else if (++t.Misses >= 3) job.Fail($"GPCN no longer knows job {t.JobId}.", Now);
                }
            }
            await base.RefreshJobsAsync(jobs, ct).ConfigureAwait(false);
        }

        /// <summary>POST /resource/jobs with up to 50 ids: data.jobs[] (the service) or data[] (the page).</summary>
        Task<Dictionary<string, JsonElement>> PollJobsAsync(IReadOnlyList<string> ids, CancellationToken ct)
        {
            foreach (var id in ids) ProviderFeatures.CheckSafeId(id, "job id");
            var body = new JsonObject { ["jobIds"] = new JsonArray(ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()) };
            var request = new ApiRequest(HttpMethod.Post, "resource/jobs", RepeatSafety.Read) { Body = body };
            return CallAsync(request, (r, data) =>
            {
                var list = data.ValueKind == JsonValueKind.Array ? data : data.Arr("jobs") ?? throw Shape.Invalid(r, "no 'jobs' list");
                var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
                foreach (var o in list.EnumerateArray())
                {
                    var id = Shape.Id(r, o, "jobId", "id");
                    result[id] = o.Clone();
                }
                return result;
            }, ct);
        }

        public override async Task<IReadOnlyList<CloudVmJob>> LookupJobsAsync(IReadOnlyList<string> ids, CancellationToken ct)
        {
            var jobs = new List<CloudVmJob>();
            for (int i = 0; i < ids.Count; i += MaxBatch)
            {
                var chunk = ids.Skip(i).Take(MaxBatch).ToList();
                var found = await PollJobsAsync(chunk, ct).ConfigureAwait(false);
                foreach (var id in chunk)
                {
                    if (!found.TryGetValue(id, out var node))
                        throw new CloudVmException(CloudVmErrorKind.NotFound, $"GPCN: job {id} was not found.") { Provider = Kind, Target = id };
                    var job = NewJob(OperationOf(node.Str("type", "action", "operation")), null, new ProviderJobTracker(id), id);
                    Apply(job, node);
                    jobs.Add(job);
                }
            }
            return jobs;
        }

        static CloudVmJobOperation OperationOf(string? type) => type?.ToLowerInvariant() switch
        {
            "create" or "create-vm" or "provision" => CloudVmJobOperation.Create,
            "delete" or "delete-vm" => CloudVmJobOperation.Delete,
            "upgrade" or "resize" => CloudVmJobOperation.Resize,
            "start" => CloudVmJobOperation.Start,
            "stop" => CloudVmJobOperation.Stop,
            "reset" => CloudVmJobOperation.Reset,
            "attach-network-interface" => CloudVmJobOperation.AddNetworkInterface,
            "detach-network-interface" => CloudVmJobOperation.RemoveNetworkInterface,
            "allocate-public-ip" => CloudVmJobOperation.AddPublicIp,
            "release-public-ip" => CloudVmJobOperation.RemovePublicIp,
            _ => CloudVmJobOperation.Other,
        };

        // ---- edit, resize ----

        /// <summary>PUT …/size {skuId}, the target checked first against the sizes the VM can be upgraded to in place (the
        /// catalog's ?vmId=), which the error names; the answer is one job (data.jobId).</summary>
        public override async Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct)
        {
            Features.CheckResize(request);
            if (string.IsNullOrWhiteSpace(request.Size)) throw CloudVmException.Invalid("GPCN resizes to a size: give -Size (a name or skuId from Get-CloudVmSize -Vm).");
            var targets = await ListResizeTargetsAsync(vm, ct).ConfigureAwait(false);
            var target = targets.FirstOrDefault(t => string.Equals(t.Id, request.Size, StringComparison.OrdinalIgnoreCase))
                ?? targets.FirstOrDefault(t => string.Equals(t.Name, request.Size, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Code, request.Size, StringComparison.OrdinalIgnoreCase));
            if (target == null)
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument,
                    $"GPCN cannot resize {vm} to '{Input.Neutralize(request.Size)}' in place; it can go to: {(targets.Count == 0 ? "no other size" : string.Join(", ", targets.Select(t => $"{t.Name} ({t.Cpu} vCPU, {t.MemoryGB:0.##} GB)")))}.")
                { Provider = Kind, Target = vm.Id, RecommendedAction = $"Run Get-CloudVmSize -Vm (Get-CloudVm -Id {vm.Id}) to see the sizes it can be resized to." };
            var req = new ApiRequest(HttpMethod.Put, $"{Vms}/{VmSeg(vm.Id)}/size", RepeatSafety.Action) { Body = new JsonObject { ["skuId"] = target.Id }, Target = vm.Id, StateChange = true };
            var skuId = target.Id;
            return await CallAsync(req, (r, data) => JobFrom(FirstJob(data), CloudVmJobOperation.Resize, vm)
                ?? UntilJob(CloudVmJobOperation.Resize, vm, v => string.Equals(v.SizeId, skuId, StringComparison.OrdinalIgnoreCase) && v.Status != CloudVmStatus.Resizing), ct).ConfigureAwait(false);
        }

        // ---- catalog (the live API, as GPCN's Terraform provider calls it) ----

        const string DataCenters = "resource/data-centers";

        public override Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            Cached("locations", async c =>
            {
                var all = new List<CloudVmLocation>();
                var lister = new PagedLister<CloudVmLocation>(Features, (req, c2) => CallAsync(Get(Paths.Query(DataCenters, ("page", Num(req.Page)), ("limit", Num(req.Limit)))), (r, data) =>
                {
                    if (data.ValueKind != JsonValueKind.Array) throw Shape.Invalid(r, "no 'data' list");
                    var items = data.EnumerateArray().Select(o => new CloudVmLocation
                    {
                        Id = Shape.Id(r, o), Name = o.Str("name") ?? "", Code = o.Str("code"), Region = o.Str("regionName"), Country = o.Str("countryName"),
                        Provider = Kind, Owner = Session,
                    }).ToList();
                    var meta = Shape.RootObject(r).Obj("meta");
                    bool? more = meta.Bool("hasNextPage") ?? (meta.Whole("totalPages") is int pages ? req.Page < pages : (bool?)null);
                    return new ItemPage<CloudVmLocation>(items, more);
                }, c2), l => l.Id, 1, "data centers");
                await lister.ListAsync(batch => { all.AddRange(batch); return Task.FromResult(true); }, c).ConfigureAwait(false);
                return (IReadOnlyList<CloudVmLocation>)all;
            }, ct);

        public override async Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(location))
                throw CloudVmException.Invalid("GPCN's sizes are per data center: give -Location (a data center from Get-CloudVmLocation, or piped from it), or -Vm for the sizes a VM can be resized to.");
            return await SizesOfAsync(await ResolveLocationAsync(location!, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        public override async Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(location))
                throw CloudVmException.Invalid("GPCN's images are per data center: give -Location (a data center from Get-CloudVmLocation, or piped from it).");
            return await ImagesOfAsync(await ResolveLocationAsync(location!, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        public override async Task<IReadOnlyList<CloudVmSize>> ListResizeTargetsAsync(VmRef vm, CancellationToken ct)
        {
            var current = await GetVmForPollAsync(vm.Id, ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(current.LocationId)) throw CloudVmException.Invalid($"GPCN did not say which data center {vm} is in, so its sizes cannot be listed.");
            return await ReadSizesAsync(current.LocationId!, current.Location, vm.Id, ct).ConfigureAwait(false);
        }

        /// <summary>A data center by id (a UUID is taken as it is), name or code.</summary>
        async Task<CloudVmLocation> ResolveLocationAsync(string value, CancellationToken ct)
        {
            if (Guid.TryParse(value, out _))
            {
                var known = (await ListLocationsAsync(ct).ConfigureAwait(false)).FirstOrDefault(l => string.Equals(l.Id, value, StringComparison.OrdinalIgnoreCase));
                return known ?? new CloudVmLocation { Id = value, Name = value, Provider = Kind, Owner = Session };
            }
            var all = await ListLocationsAsync(ct).ConfigureAwait(false);
            return Pick(all, value, l => (l.Id, l.Name, l.Code), "data center", "-Location", "its catalog", "Get-CloudVmLocation");
        }

        Task<IReadOnlyList<CloudVmSize>> SizesOfAsync(CloudVmLocation dc, CancellationToken ct) =>
            Cached("sizes:" + dc.Id, c => ReadSizesAsync(dc.Id, dc.Name, null, c), ct);

        Task<IReadOnlyList<CloudVmSize>> ReadSizesAsync(string dcId, string? dcName, string? vmId, CancellationToken ct) =>
            CallAsync(Get(Paths.Query(Paths.Join(DataCenters, Seg(dcId), "virtual-machine-sizes"), ("vmId", vmId)), vmId ?? dcId), (r, data) =>
            {
                var categories = Shape.Array(r, data, "categories");
                var sizes = new List<CloudVmSize>();
                foreach (var cat in categories.EnumerateArray())
                    foreach (var s in Shape.Array(r, cat, "sizes").EnumerateArray())
                        sizes.Add(new CloudVmSize
                        {
                            Id = Shape.Id(r, s, "skuId"), Name = s.Str("name") ?? "", Code = s.Str("skuCode"), Cpu = s.Whole("cpu"), MemoryGB = s.Num("ram"), DiskGB = s.Whole("disk"),
                            Category = cat.Str("code") ?? cat.Str("name"), Location = dcName ?? dcId, Provider = Kind, Owner = Session,
                        });
                return (IReadOnlyList<CloudVmSize>)sizes;
            }, ct);

        Task<IReadOnlyList<CloudVmImage>> ImagesOfAsync(CloudVmLocation dc, CancellationToken ct) =>
            Cached("images:" + dc.Id, c => CallAsync(Get(Paths.Join(DataCenters, Seg(dc.Id), "virtual-machine-images"), dc.Id), (r, data) =>
            {
                if (data.ValueKind != JsonValueKind.Array) throw Shape.Invalid(r, "no 'data' list of image categories");
                var images = new List<CloudVmImage>();
                foreach (var cat in data.EnumerateArray())
                    foreach (var i in Shape.Array(r, cat, "images").EnumerateArray())
                        images.Add(new CloudVmImage { Id = Shape.Id(r, i), Name = i.Str("name") ?? "", Category = cat.Str("name"), Location = dc.Name, Provider = Kind, Owner = Session });
                return (IReadOnlyList<CloudVmImage>)images;
            }, c), ct);

        public override async Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct)
        {
            var body = new JsonObject();
            if (request.NewName != null)
            {
                if (string.IsNullOrWhiteSpace(request.NewName)) throw CloudVmException.Invalid("The new name is empty.");
                body["name"] = request.NewName;
            }
            if (request.ClearResourceGroup) body["teamId"] = null;
            else if (request.ResourceGroup != null) body["teamId"] = IntId(request.ResourceGroup, "-ResourceGroup", "resource group (team) id", "5");
            if (body.Count == 0) throw CloudVmException.Invalid("Nothing to change: give -NewName, -ResourceGroup or -NoResourceGroup.");
            var req = new ApiRequest(HttpMethod.Put, $"{Vms}/{VmSeg(vm.Id)}", RepeatSafety.Read) { Body = body, Target = vm.Id };
            await CallAsync(req, (r, data) => true, ct).ConfigureAwait(false);
            return Done(request.NewName != null ? CloudVmJobOperation.Rename : CloudVmJobOperation.SetResourceGroup, new VmRef(vm.Id, request.NewName ?? vm.Name));
        }

        // ---- console, secrets ----

        public override Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/console", vm.Id), (r, data) =>
            {
                var url = data.Str("consoleUrl", "url") ?? throw Shape.Invalid(r, "no consoleUrl");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var u)) throw Shape.Invalid(r, "a consoleUrl that is not a URL");
                return new CloudVmConsole { VmId = vm.Id, VmName = vm.Name, Url = u, Provider = Kind };
            }, ct);

        public override Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct)
        {
            var path = type == CloudVmSecretType.Password ? "password" : "ssh-key";
            return CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/{path}", vm.Id), (r, data) =>
            {
                var value = type == CloudVmSecretType.Password ? data.Str("sshPassword", "password") : data.Str("privateKey", "sshPrivateKey");
                if (string.IsNullOrEmpty(value))
                    throw new CloudVmException(CloudVmErrorKind.NotFound, $"GPCN has no {(type == CloudVmSecretType.Password ? "password" : "generated SSH private key")} for {vm}.") { Provider = Kind, Target = vm.Id };
                return new CloudVmSecret { VmId = vm.Id, VmName = vm.Name, Type = type, Secret = ApiCredential.Protect(value!), Provider = Kind };
            }, ct);
        }

        // ---- network interfaces ----

        public override Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/network-interfaces", vm.Id), (r, data) =>
            {
                var list = data.ValueKind == JsonValueKind.Array ? data : data.Arr("networkInterfaces", "items") ?? throw Shape.Invalid(r, "no network interface list");
                return (IReadOnlyList<CloudVmNetworkInterface>)list.EnumerateArray().Select(n => new CloudVmNetworkInterface
                {
                    Id = Shape.Id(r, n, "id", "nicId", "networkInterfaceId"),
                    VmId = vm.Id,
                    VmName = vm.Name,
                    NetworkId = n.Str("networkId") ?? n.Obj("network").Str("id"),
                    NetworkName = n.Str("networkName") ?? n.Obj("network").Str("name"),
                    NetworkType = n.Str("networkType", "type") ?? n.Obj("network").Str("type"),
                    PrivateIp = n.Str("privateIp", "privateIpAddress", "ip"),
                    PublicIp = n.Str("publicIp", "publicIpAddress"),
                    Primary = n.Bool("primary", "isPrimary") ?? false,
                    Provider = Kind,
                    Owner = Session,
                }).ToList();
            }, ct);

        public override Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string attachId, CancellationToken ct)
        {
            if (!Guid.TryParse(attachId, out _)) throw CloudVmException.Invalid($"GPCN network ids are UUIDs; '{attachId}' is not one (see Get-CloudVmNetwork).");
            var req = new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/network-interfaces", RepeatSafety.Action) { Body = new JsonObject { ["networkId"] = attachId }, Target = vm.Id, StateChange = true };
            return NicJobAsync(req, vm, CloudVmJobOperation.AddNetworkInterface, null, ct);
        }

        public override Task<CloudVmJob> SetPrimaryNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct)
        {
            var req = new ApiRequest(HttpMethod.Put, $"{Vms}/{VmSeg(vm.Id)}/network-interfaces/{Seg(nicId)}", RepeatSafety.Read) { Body = new JsonObject { ["setPrimary"] = true }, Target = nicId };
            return NicJobAsync(req, vm, CloudVmJobOperation.SetPrimaryNetworkInterface, nicId, ct);
        }

        public override Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct) =>
            NicJobAsync(new ApiRequest(HttpMethod.Delete, $"{Vms}/{VmSeg(vm.Id)}/network-interfaces/{Seg(nicId)}", RepeatSafety.Action) { Target = nicId, StateChange = true }, vm, CloudVmJobOperation.RemoveNetworkInterface, nicId, ct);

        public override Task<CloudVmJob> AddPublicIpAsync(VmRef vm, string nicId, CancellationToken ct) =>
            NicJobAsync(new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/network-interfaces/{Seg(nicId)}/public-ip", RepeatSafety.Action) { Target = nicId, StateChange = true }, vm, CloudVmJobOperation.AddPublicIp, nicId, ct);

        public override Task<CloudVmJob> RemovePublicIpAsync(VmRef vm, string nicId, CancellationToken ct) =>
            NicJobAsync(new ApiRequest(HttpMethod.Delete, $"{Vms}/{VmSeg(vm.Id)}/network-interfaces/{Seg(nicId)}/public-ip", RepeatSafety.Action) { Target = nicId, StateChange = true }, vm, CloudVmJobOperation.RemovePublicIp, nicId, ct);

        /// <summary>NIC and IP changes answer 202 with a job (in any of its shapes); an answer without one was done at once.</summary>
        Task<CloudVmJob> NicJobAsync(ApiRequest req, VmRef vm, CloudVmJobOperation op, string? nicId, CancellationToken ct) =>
            CallAsync(req, (r, data) =>
            {
                var job = JobFrom(r.IsEmpty ? null : FirstJob(data), op, vm) ?? Done(op, vm);
                if (nicId != null) job.About(CloudVmResourceKind.NetworkInterface, nicId);
                return job;
            }, ct);

        public override Task<IReadOnlyList<CloudVmNetwork>> ListAvailableNetworksAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/available-networks", vm.Id), (r, data) =>
            {
                var list = data.ValueKind == JsonValueKind.Array ? data : data.Arr("networks", "items") ?? throw Shape.Invalid(r, "no network list");
                return (IReadOnlyList<CloudVmNetwork>)list.EnumerateArray().Select(n => new CloudVmNetwork
                {
                    Id = Shape.Id(r, n, "id", "networkId"),
                    Name = n.Str("name", "networkName") ?? "",
                    Type = n.Str("type", "networkType"),
                    Location = n.Str("datacenterId") ?? n.Obj("datacenter").Str("name"),
                    VmId = vm.Id,
                    Provider = Kind,
                    Owner = Session,
                }).ToList();
            }, ct);
    }
}
