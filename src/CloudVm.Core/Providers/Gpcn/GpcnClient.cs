using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers.Gpcn
{
    /// <summary>GPCN (api.gpcn.com/v1), every operation on its page. Decisions where the page is silent or
    /// contradicts itself are in docs/providers/gpcn.md.</summary>
    public sealed class GpcnClient : ProviderClient, ICloudProvider, IBulkVmOperations, IVmResize, IVmUpdate, IVmConsole,
        IVmSecrets, IVmNetworkInterfaces, IVmNetworkInterfaceChanges, IJobLookup
    {
        const string Vms = "resource/virtual-machines";
        public const int MaxBatch = 50;
        public const int MaxPageSize = 100;

        public GpcnClient(CloudVmSession session) : base(session, () => new Uri("https://api.gpcn.com/v1/")) { }

        public override CloudProvider Kind => CloudProvider.Gpcn;
        public IReadOnlyCollection<PowerAction> PowerActions { get; } = new[] { PowerAction.Start, PowerAction.Stop, PowerAction.Reset };
        public int MaxBulkSize => MaxBatch;
        public IReadOnlyCollection<PowerAction> BulkPowerActions => PowerActions;
        public bool SupportsResourceGroup => true;
        public IReadOnlyCollection<CloudVmSecretType> SecretTypes { get; } = new[] { CloudVmSecretType.Password, CloudVmSecretType.SshPrivateKey };

        protected override void Authenticate(HttpRequestMessage request, byte[]? body) =>
            request.Headers.TryAddWithoutValidation("X-API-Key", Session.Options.Credential.RevealKey());

        protected override (string? code, string? message) ReadError(ApiResponse r) => (r.Body.Str("error", "code"), r.Body.Str("message") ?? r.Body.Obj("error").Str("message"));

        /// <summary>Sends and unwraps the envelope; success=false is an error even with HTTP 200.</summary>
        async Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, CancellationToken ct, object? target = null)
        {
            var r = await SendAsync(method, path, body, idempotent, ct, target).ConfigureAwait(false);
            if (r.Body.Bool("success") == false) throw ErrorFromBody(r, method, path, target);
            return r.Body is JsonObject o && o.ContainsKey("data") ? o["data"] : r.Body;
        }

        // ---- VMs ----

        public async Task<Page<VirtualMachine>> ListVmsAsync(VmQuery query, string? pageToken, CancellationToken ct)
        {
            int page = pageToken == null ? 1 : int.Parse(pageToken, CultureInfo.InvariantCulture);
            int limit = Math.Max(1, Math.Min(MaxPageSize, query.PageSize ?? MaxPageSize));
            var q = new List<string> { $"page={page}", $"limit={limit}" };
            if (!string.IsNullOrEmpty(query.Sort)) q.Add("sort=" + Uri.EscapeDataString(query.Sort));
            var search = query.Search ?? (string.IsNullOrEmpty(query.LiteralNamePrefix) ? null : query.LiteralNamePrefix);
            if (search != null) q.Add("search=" + Uri.EscapeDataString(search));
            if (query.Status is CloudVmStatus s && StatusWord(s) is string word) q.Add("filter[status]=" + Uri.EscapeDataString(word));
            if (!string.IsNullOrEmpty(query.ResourceGroup)) q.Add("filter[teamId]=" + Uri.EscapeDataString(query.ResourceGroup));
            if (!string.IsNullOrEmpty(query.Image) && !Wildcard.HasWildcard(query.Image!)) q.Add("filter[imageName]=" + Uri.EscapeDataString(query.Image));
            if (!string.IsNullOrEmpty(query.Location))
            {
                if (Guid.TryParse(query.Location, out _)) q.Add("filter[datacenterId]=" + Uri.EscapeDataString(query.Location));
                else if (int.TryParse(query.Location, out _)) q.Add("filter[regionId]=" + query.Location);
            }

            var path = Vms + "?" + string.Join("&", q);
            var r = await SendAsync(HttpMethod.Get, path, null, true, ct).ConfigureAwait(false);
            if (r.Body.Bool("success") == false) throw ErrorFromBody(r, HttpMethod.Get, path, null);
            var items = (r.Body.Arr("data") ?? new JsonArray()).OfType<JsonObject>().Select(o => ParseVm(o, null)).ToList();
            if (!string.IsNullOrEmpty(query.Location) && !Guid.TryParse(query.Location, out _) && !int.TryParse(query.Location, out _))
                items = items.Where(v => Wildcard.IsMatch(v.Location ?? "", query.Location!)).ToList();
            if (!string.IsNullOrEmpty(query.Image) && Wildcard.HasWildcard(query.Image!))
                items = items.Where(v => Wildcard.IsMatch(v.Image ?? "", query.Image!)).ToList();

            var meta = r.Body.Obj("meta");
            bool more = meta?.Bool("hasNextPage")
                ?? (meta?.Int("totalPages") is int pages ? page < pages : (r.Body.Arr("data")?.Count ?? 0) >= limit);
            return new Page<VirtualMachine>(items, more ? (page + 1).ToString(CultureInfo.InvariantCulture) : null, meta?.Int("total"));
        }

        /// <summary>Per-id bulk results carry GPCN's error code but no HTTP status.</summary>
        static CloudVmErrorKind KindForCode(string? code) => code switch
        {
            "NOT_FOUND" => CloudVmErrorKind.NotFound,
            "VALIDATION_ERROR" => CloudVmErrorKind.InvalidArgument,
            "UNAUTHORIZED" => CloudVmErrorKind.Unauthorized,
            "FORBIDDEN" => CloudVmErrorKind.Forbidden,
            "RATE_LIMIT_EXCEEDED" or "RATE_LIMITED" => CloudVmErrorKind.RateLimited,
            null => CloudVmErrorKind.ProviderError,
            _ when code.Contains("STATE") || code.Contains("BUSY") || code.Contains("CONFLICT") || code.Contains("ALREADY") => CloudVmErrorKind.Conflict,
            _ => CloudVmErrorKind.ProviderError,
        };

        static string? StatusWord(CloudVmStatus s) => s switch
        {
            CloudVmStatus.Running => "Running",
            CloudVmStatus.Stopped => "Stopped",
            _ => null,
        };

        /// <summary>The page's detail shape has no IPs (the list's has): they are read from the VM's
        /// network interfaces, so Get-CloudVm -Id shows what Get-CloudVm shows.</summary>
        public override async Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct)
        {
            var vm = await GetVmForPollAsync(id, ct).ConfigureAwait(false);
            if (vm.PublicIp == null && vm.PrivateIp == null && vm.Status != CloudVmStatus.Deleting)
            {
                var nics = await ListNetworkInterfacesAsync(new VmRef(vm.Id, vm.Name), ct).ConfigureAwait(false);
                var primary = nics.FirstOrDefault(n => n.Primary) ?? nics.FirstOrDefault();
                vm.PrivateIp = primary?.PrivateIp;
                vm.PublicIp = primary?.PublicIp ?? nics.FirstOrDefault(n => n.PublicIp != null)?.PublicIp;
            }
            return vm;
        }

        protected override async Task<VirtualMachine> GetVmForPollAsync(string id, CancellationToken ct)
        {
            var data = await CallAsync(HttpMethod.Get, $"{Vms}/{Esc(id)}", null, true, ct, id).ConfigureAwait(false);
            var vmNode = data.Obj("virtualMachine") ?? data as JsonObject ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"GPCN returned no VM for id {id}.") { Provider = Kind };
            return ParseVm(vmNode, data as JsonObject);
        }

        VirtualMachine ParseVm(JsonObject o, JsonObject? details)
        {
            var status = details.Str("status") ?? o.Str("status");
            var config = o.Get("configuration");
            var dc = o.Obj("datacenter");
            var vm = new VirtualMachine
            {
                Id = o.Str("id") ?? "",
                Name = o.Str("name") ?? "",
                ProviderStatus = status,
                Status = StatusMap.Normalize(status),
                Provider = Kind,
                Cpu = o.Int("cpu") ?? config.Int("cpu"),
                MemoryGB = o.Num("ram") ?? config.Num("ram"),
                DiskGB = o.Int("disk") ?? config.Int("disk"),
                Size = config is JsonValue ? config.Str() : (config.Str("name") ?? o.Str("configurationName")),
                SizeId = o.Str("configurationId") ?? config.Str("id"),
                Image = o.Str("imageName", "image"),
                Location = dc.Str("name") ?? o.Str("datacenterName"),
                LocationId = dc.Str("id") ?? o.Str("datacenterId"),
                PrivateIp = o.Str("primaryPrivateIp", "privateIp"),
                PublicIp = o.Str("primaryPublicIp", "publicIp"),
                ResourceGroup = o.Str("teamId"),
                CreatedAt = o.Date("createdAt"),
                UpdatedAt = o.Date("updatedAt"),
                Session = Session,
            };
            if (dc.Str("region") is string region) vm.ProviderData["region"] = region;
            if (dc.Str("country") is string country) vm.ProviderData["country"] = country;
            if (o.Str("configurationCategoryCode") is string cat) vm.ProviderData["configurationCategoryCode"] = cat;
            if (details != null)
            {
                if (details.Bool("consoleEnabled") is bool ce) vm.ProviderData["consoleEnabled"] = ce;
                if (details.Bool("networkHotplug") is bool nh) vm.ProviderData["networkHotplug"] = nh;
                if (details.Obj("usage") is JsonObject usage && usage.Count > 0) vm.ProviderData["usage"] = usage.ToJsonString();
            }
            if (o.Get("error") is JsonNode err) vm.ProviderData["error"] = err.Str() ?? err.Str("message") ?? err.ToJsonString();
            return vm;
        }

        public void ValidateCreate(VmCreateRequest request) => BuildCreateBody(request);

        public async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest r, CancellationToken ct)
        {
            var body = BuildCreateBody(r);
            var data = await CallAsync(HttpMethod.Post, Vms, body, idempotent: false, ct, r.Name).ConfigureAwait(false);
            var jobs = new List<CloudVmJob>();
            foreach (var node in data is JsonArray a ? a.ToList() : new List<JsonNode?> { data })
            {
                var id = node.Str("jobId") ?? node.Str("id");
                if (id == null) continue;
                var job = NewJob("Create", null, JobTracking.ProviderJob, id);
                job.VmName = r.Name;
                job.VmId = node.Str("resourceId", "vmId");
                ApplyJob(job, node as JsonObject);
                jobs.Add(job);
            }
            if (jobs.Count == 0)
                throw new CloudVmException(CloudVmErrorKind.ProviderError, $"GPCN accepted the create of '{r.Name}' but returned no job id; check with Get-CloudVm -Name '{r.Name}' before trying again.") { Provider = Kind };
            return jobs;
        }

        /// <summary>Checks every rule on the page before anything is sent.</summary>
        internal static JsonObject BuildCreateBody(VmCreateRequest r)
        {
            if (string.IsNullOrWhiteSpace(r.Name)) throw CloudVmException.Invalid("GPCN needs a VM name (-Name).");
            if (r.Cpu != null || r.MemoryGB != null || r.DiskGB != null)
                throw CloudVmException.NotSupported(CloudProvider.Gpcn, "-Cpu, -MemoryGB or -DiskGB", "Choose a configuration with -Size (its configuration id).");
            if (r.Password != null) throw CloudVmException.NotSupported(CloudProvider.Gpcn, "setting a password at create", "GPCN generates one: read it with Get-CloudVmCredential.");
            if (r.UserData != null) throw CloudVmException.NotSupported(CloudProvider.Gpcn, "user data");
            if (r.Iso != null) throw CloudVmException.NotSupported(CloudProvider.Gpcn, "booting from an ISO");
            if (r.MarketplaceItem != null || r.UserDataScript != null) throw CloudVmException.NotSupported(CloudProvider.Gpcn, "-MarketplaceItem or -UserDataScript");
            if (r.PrivateNetworking || r.IPv6) throw CloudVmException.NotSupported(CloudProvider.Gpcn, "-PrivateNetworking or -IPv6", "Attach networks with -Network.");
            if (r.Count < 1 || r.Count > 10) throw CloudVmException.Invalid($"GPCN creates 1 to 10 instances at once; -Count {r.Count} is out of range.");
            var configurationId = IntId(r.Size, "-Size", "configuration id", "45");
            var imageId = IntId(r.Image, "-Image", "image id", "12");
            if (string.IsNullOrWhiteSpace(r.Location) || !Guid.TryParse(r.Location, out _))
                throw CloudVmException.Invalid($"GPCN needs the data center id (a UUID) as -Location; '{r.Location}' is not one.");

            var body = new JsonObject
            {
                ["name"] = r.Name,
                ["datacenterId"] = r.Location,
                ["imageId"] = imageId,
                ["configurationId"] = configurationId,
                ["numberOfInstances"] = r.Count,
                ["allocatePublicIp"] = r.PublicIp ?? false,
            };
            if (!string.IsNullOrEmpty(r.ResourceGroup)) body["teamId"] = IntId(r.ResourceGroup, "-ResourceGroup", "resource group (team) id", "5");
            if (r.Networks.Count > 0)
            {
                if (r.Networks.Count > 5) throw CloudVmException.Invalid($"GPCN attaches 1 to 5 network interfaces; {r.Networks.Count} were given.");
                int primaries = r.Networks.Count(n => n.Primary);
                if (primaries > 1) throw CloudVmException.Invalid($"Exactly one network interface must be primary; {primaries} are marked primary.");
                var nics = new JsonArray();
                for (int i = 0; i < r.Networks.Count; i++)
                {
                    var n = r.Networks[i];
                    if (!Guid.TryParse(n.NetworkId, out _)) throw CloudVmException.Invalid($"GPCN network ids are UUIDs; '{n.NetworkId}' is not one.");
                    nics.Add(new JsonObject { ["networkId"] = n.NetworkId, ["primary"] = primaries == 0 ? i == 0 : n.Primary });
                }
                body["networkInterfaces"] = nics;
            }
            if (r.SshKeys.Count > 0) body["sshKeyIds"] = new JsonArray(r.SshKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
            return body;
        }

        static int IntId(string? value, string parameter, string what, string example)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
            throw CloudVmException.Invalid($"GPCN takes the {what} as {parameter}, a positive integer such as {example}; '{value}' is not one.");
        }

        public bool DeleteRequiresStop => false;

        public async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions? options, CancellationToken ct)
        {
            if (options?.ShutdownTimeoutMinutes != null) throw CloudVmException.NotSupported(Kind, "-ShutdownTimeoutMinutes");
            var (verb, op, target) = PowerPath(action);
            var data = await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/{verb}", null, idempotent: true, ct, vm).ConfigureAwait(false);
            return JobFrom(data, op, vm) ?? StateJob(op, vm, target);
        }

        (string verb, string op, CloudVmStatus target) PowerPath(PowerAction action) => action switch
        {
            PowerAction.Start => ("start", "Start", CloudVmStatus.Running),
            PowerAction.Stop => ("stop", "Stop", CloudVmStatus.Stopped),
            PowerAction.Reset => ("reset", "Reset", CloudVmStatus.Running),
            PowerAction.Restart => throw CloudVmException.NotSupported(Kind, "a graceful restart", "Use Restart-CloudVm -Force for a hard reset, or Stop-CloudVm -Wait then Start-CloudVm."),
            PowerAction.ForceStop => throw CloudVmException.NotSupported(Kind, "a forced power-off", "Use Stop-CloudVm without -Force for a graceful shutdown."),
            _ => throw CloudVmException.NotSupported(Kind, action.ToString().ToLowerInvariant()),
        };

        public async Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            CheckDeleteOptions(options);
            var data = await CallAsync(HttpMethod.Delete, $"{Vms}/{Esc(vm.Id)}", null, true, ct, vm).ConfigureAwait(false);
            return JobFrom(data, "Delete", vm) ?? StateJob("Delete", vm, CloudVmStatus.Deleted);
        }

        // ---- bulk ----

        public async Task<IReadOnlyList<BulkOutcome>> BulkPowerAsync(IReadOnlyList<VmRef> vms, PowerAction action, CancellationToken ct)
        {
            var (verb, op, target) = PowerPath(action);
            return await BulkAsync(vms, "bulk/" + verb, op, target, ct).ConfigureAwait(false);
        }

        public Task<IReadOnlyList<BulkOutcome>> BulkDeleteAsync(IReadOnlyList<VmRef> vms, CancellationToken ct) =>
            BulkAsync(vms, "bulk/delete", "Delete", CloudVmStatus.Deleted, ct);

        void CheckDeleteOptions(VmDeleteOptions options)
        {
            if (options.DeleteResources) throw CloudVmException.NotSupported(Kind, "-DeleteResources", "GPCN always releases a deleted VM's public IPs and network interfaces.");
            if (options.DeletePublicIp) throw CloudVmException.NotSupported(Kind, "-DeletePublicIp", "GPCN always releases a deleted VM's public IPs.");
        }

        async Task<IReadOnlyList<BulkOutcome>> BulkAsync(IReadOnlyList<VmRef> vms, string verb, string op, CloudVmStatus target, CancellationToken ct)
        {
            if (vms.Count < 1 || vms.Count > MaxBatch) throw CloudVmException.Invalid($"GPCN bulk calls take 1 to {MaxBatch} VM ids; {vms.Count} were given.");
            var body = new JsonObject { ["ids"] = new JsonArray(vms.Select(v => (JsonNode?)JsonValue.Create(v.Id)).ToArray()) };
            var data = await CallAsync(HttpMethod.Post, $"{Vms}/{verb}", body, idempotent: true, ct).ConfigureAwait(false);
            var items = (data as JsonArray ?? data.Arr("results", "items") ?? new JsonArray()).OfType<JsonObject>().ToList();
            var byId = vms.ToDictionary(v => v.Id, StringComparer.OrdinalIgnoreCase);
            var outcomes = new Dictionary<string, BulkOutcome>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                // The VM id is resourceId/vmId, or id when id is one of ours (per-id results); otherwise id is a job id.
                var vmId = item.Str("resourceId", "vmId") ?? (item.Str("id") is string x && byId.ContainsKey(x) ? x : null);
                if (vmId == null && items.Count == vms.Count) vmId = vms[i].Id;
                if (vmId == null || !byId.TryGetValue(vmId, out var vm) || outcomes.ContainsKey(vmId)) continue;
                var failed = item.Bool("success") == false || item.Str("status") is "failed" || (item.Get("error") != null && item.Bool("success") != true);
                if (failed)
                {
                    var code = item.Str("error") ?? item.Obj("error").Str("code");
                    var message = item.Str("message") ?? item.Obj("error").Str("message") ?? code ?? "failed";
                    var status = item.Int("statusCode", "status");
                    outcomes[vmId] = new BulkOutcome(vm, null, new CloudVmException(status is int st ? CloudVmException.KindFor(st) : KindForCode(code),
                        $"GPCN: {op} of {vm} failed: {message}{(code == null ? "" : " (" + code + ")")}")
                    { Provider = Kind, ProviderCode = code, ProviderMessage = message, HttpStatus = status, Target = vm });
                    continue;
                }
                var jobId = item.Str("jobId") ?? (item.Str("id") is string jid && !byId.ContainsKey(jid) ? jid : null);
                CloudVmJob job;
                if (jobId != null)
                {
                    job = NewJob(op, vm, JobTracking.ProviderJob, jobId);
                    ApplyJob(job, item);
                }
                else job = StateJob(op, vm, target);
                outcomes[vmId] = new BulkOutcome(vm, job, null);
            }
            return vms.Select(v => outcomes.TryGetValue(v.Id, out var o) ? o
                : new BulkOutcome(v, null, new CloudVmException(CloudVmErrorKind.ProviderError, $"GPCN returned no result for {v} in the bulk {op.ToLowerInvariant()}.") { Provider = Kind, Target = v })).ToList();
        }

        // ---- jobs ----

        CloudVmJob? JobFrom(JsonNode? data, string op, VmRef vm)
        {
            var node = data is JsonArray a ? a.FirstOrDefault() : data;
            if (node is not JsonObject o) return null;
            var id = o.Str("jobId") ?? (o.ContainsKey("resourceType") || o.ContainsKey("stage") || o.ContainsKey("progress") || IsJobWord(o.Str("status")) ? o.Str("id") : null);
            if (id == null) return null;
            var job = NewJob(op, vm, JobTracking.ProviderJob, id);
            ApplyJob(job, o);
            return job;
        }

        static bool IsJobWord(string? s) => s is "pending" or "in_progress" or "completed" or "failed" or "queued" or "running";

        /// <summary>Reads a job in either of the two shapes GPCN documents (status/progress/error, or
        /// stage/progressPercentage/isCompleted/hasFailed).</summary>
        void ApplyJob(CloudVmJob job, JsonObject? j)
        {
            if (j == null) return;
            var word = j.Str("status") ?? j.Str("stage");
            job.ProviderState = word ?? job.ProviderState;
            var percent = j.Int("progress", "progressPercentage");
            if (percent != null) job.PercentComplete = percent;
            if (job.VmId == null && j.Str("resourceId") is string rid && (j.Str("resourceType") is null or "vm" or "virtual-machine" or "virtualMachine")) job.VmId = rid;
            if (j.Str("resourceId") is string res) job.ResourceId = res;
            bool? isCompleted = j.Bool("isCompleted");
            bool? hasFailed = j.Bool("hasFailed");
            var lower = word?.ToLowerInvariant();
            bool failed = hasFailed == true || lower is "failed" or "error" or "cancelled" or "canceled";
            bool done = !failed && (isCompleted == true || lower is "completed" or "succeeded" or "success" or "done");
            if (failed)
            {
                var err = j.Get("error");
                var message = err.Str() ?? err.Str("message") ?? j.Str("message") ?? "the job failed";
                if (j.Bool("canRetry") == true) message += " (GPCN says it can be retried)";
                job.Fail($"GPCN: {job.Operation} of {job.VmName ?? job.VmId ?? job.ResourceId} failed: {message}");
            }
            else if (done) job.Complete();
            else if (lower is "in_progress" or "running" or "processing" || (percent ?? 0) > 0 || (isCompleted == false && word != null && lower != "pending")) job.State = CloudVmJobState.Running;
        }

        public async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var provider = jobs.Where(j => !j.IsFinished && j.Tracking == JobTracking.ProviderJob).ToList();
            for (int i = 0; i < provider.Count; i += MaxBatch)
            {
                var chunk = provider.Skip(i).Take(MaxBatch).ToList();
                var found = await PollJobsAsync(chunk.Select(j => j.Id).Distinct().ToList(), ct).ConfigureAwait(false);
                foreach (var job in chunk)
                {
                    job.Polls++;
                    if (found.TryGetValue(job.Id, out var node)) ApplyJob(job, node);
                    else if (job.Polls >= 3) job.Fail($"GPCN no longer knows job {job.Id}.");
                }
            }
            await RefreshByVmStateAsync(jobs, ct).ConfigureAwait(false);
        }

        async Task<Dictionary<string, JsonObject>> PollJobsAsync(IReadOnlyList<string> ids, CancellationToken ct)
        {
            var body = new JsonObject { ["jobIds"] = new JsonArray(ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()) };
            var data = await CallAsync(HttpMethod.Post, "resource/jobs", body, idempotent: true, ct).ConfigureAwait(false);
            var result = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
            foreach (var o in (data as JsonArray ?? data.Arr("jobs") ?? new JsonArray()).OfType<JsonObject>())
                if ((o.Str("id") ?? o.Str("jobId")) is string id) result[id] = o;
            return result;
        }

        public async Task<IReadOnlyList<CloudVmJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken ct)
        {
            var jobs = new List<CloudVmJob>();
            for (int i = 0; i < jobIds.Count; i += MaxBatch)
            {
                var chunk = jobIds.Skip(i).Take(MaxBatch).ToList();
                var found = await PollJobsAsync(chunk, ct).ConfigureAwait(false);
                foreach (var id in chunk)
                {
                    if (!found.TryGetValue(id, out var node))
                        throw new CloudVmException(CloudVmErrorKind.NotFound, $"GPCN: job {id} was not found.") { Provider = Kind, Target = id };
                    var job = NewJob(Operation(node.Str("type", "action", "operation")), null, JobTracking.ProviderJob, id);
                    ApplyJob(job, node);
                    jobs.Add(job);
                }
            }
            return jobs;
        }

        static string Operation(string? word) => string.IsNullOrEmpty(word) ? "Job" : char.ToUpperInvariant(word![0]) + word.Substring(1);

        // ---- edit, resize ----

        public async Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct)
        {
            if (request.Cpu != null || request.MemoryGB != null)
                throw CloudVmException.NotSupported(Kind, "resizing by -Cpu or -MemoryGB", "Give the new configuration id with -Size.");
            if (request.ShutdownTimeoutMinutes != null) throw CloudVmException.NotSupported(Kind, "-ShutdownTimeoutMinutes");
            var configurationId = IntId(request.Size, "-Size", "configuration id", "67");
            var data = await CallAsync(HttpMethod.Put, $"{Vms}/{Esc(vm.Id)}/size", new JsonObject { ["configurationId"] = configurationId }, true, ct, vm).ConfigureAwait(false);
            return JobFrom(data, "Resize", vm) ?? StateJob("Resize", vm, CloudVmStatus.Running);
        }

        public async Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct)
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
            await CallAsync(HttpMethod.Put, $"{Vms}/{Esc(vm.Id)}", body, true, ct, vm).ConfigureAwait(false);
            return NewJob(request.NewName != null ? "Rename" : "Update", new VmRef(vm.Id, request.NewName ?? vm.Name), JobTracking.Immediate);
        }

        // ---- console, secrets ----

        public async Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct)
        {
            var data = await CallAsync(HttpMethod.Get, $"{Vms}/{Esc(vm.Id)}/console", null, true, ct, vm).ConfigureAwait(false);
            var url = data.Str("consoleUrl", "url") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"GPCN returned no console URL for {vm}.") { Provider = Kind };
            return new CloudVmConsole { VmId = vm.Id, VmName = vm.Name, Url = new Uri(url), Provider = Kind };
        }

        public async Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct)
        {
            var path = type == CloudVmSecretType.Password ? "password" : "ssh-key";
            var data = await CallAsync(HttpMethod.Get, $"{Vms}/{Esc(vm.Id)}/{path}", null, true, ct, vm).ConfigureAwait(false);
            var value = type == CloudVmSecretType.Password ? data.Str("sshPassword", "password") : data.Str("privateKey", "sshPrivateKey");
            if (string.IsNullOrEmpty(value))
                throw new CloudVmException(CloudVmErrorKind.NotFound, $"GPCN has no {(type == CloudVmSecretType.Password ? "password" : "generated SSH private key")} for {vm}.") { Provider = Kind, Target = vm };
            return new CloudVmSecret { VmId = vm.Id, VmName = vm.Name, Type = type, Secret = ApiCredential.Protect(value!), Provider = Kind };
        }

        // ---- network interfaces ----

        public async Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct)
        {
            var data = await CallAsync(HttpMethod.Get, $"{Vms}/{Esc(vm.Id)}/network-interfaces", null, true, ct, vm).ConfigureAwait(false);
            return (data as JsonArray ?? data.Arr("networkInterfaces", "items") ?? new JsonArray()).OfType<JsonObject>().Select(n => new CloudVmNetworkInterface
            {
                Id = n.Str("id", "nicId", "networkInterfaceId") ?? "",
                VmId = vm.Id,
                VmName = vm.Name,
                NetworkId = n.Str("networkId") ?? n.Obj("network").Str("id"),
                NetworkName = n.Str("networkName") ?? n.Obj("network").Str("name"),
                NetworkType = n.Str("networkType", "type") ?? n.Obj("network").Str("type"),
                PrivateIp = n.Str("privateIp", "privateIpAddress", "ip"),
                PublicIp = n.Str("publicIp", "publicIpAddress"),
                Primary = n.Bool("primary", "isPrimary") ?? false,
                Provider = Kind,
                Session = Session,
            }).ToList();
        }

        public async Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string networkId, CancellationToken ct)
        {
            if (!Guid.TryParse(networkId, out _)) throw CloudVmException.Invalid($"GPCN network ids are UUIDs; '{networkId}' is not one.");
            var data = await CallAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/network-interfaces", new JsonObject { ["networkId"] = networkId }, false, ct, vm).ConfigureAwait(false);
            return JobFrom(data, "AddNetworkInterface", vm) ?? NewJob("AddNetworkInterface", vm, JobTracking.Immediate);
        }

        public async Task<CloudVmJob> SetPrimaryNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct)
        {
            var data = await CallAsync(HttpMethod.Put, $"{Vms}/{Esc(vm.Id)}/network-interfaces/{Esc(nicId)}", new JsonObject { ["setPrimary"] = true }, true, ct, vm).ConfigureAwait(false);
            var job = JobFrom(data, "SetPrimaryNetworkInterface", vm) ?? NewJob("SetPrimaryNetworkInterface", vm, JobTracking.Immediate);
            job.ResourceId ??= nicId;
            return job;
        }

        public Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct) =>
            NicJobAsync(HttpMethod.Delete, vm, $"network-interfaces/{Esc(nicId)}", "RemoveNetworkInterface", nicId, ct);

        public Task<CloudVmJob> AddPublicIpAsync(VmRef vm, string nicId, CancellationToken ct) =>
            NicJobAsync(HttpMethod.Post, vm, $"network-interfaces/{Esc(nicId)}/public-ip", "AddPublicIp", nicId, ct);

        public Task<CloudVmJob> RemovePublicIpAsync(VmRef vm, string nicId, CancellationToken ct) =>
            NicJobAsync(HttpMethod.Delete, vm, $"network-interfaces/{Esc(nicId)}/public-ip", "RemovePublicIp", nicId, ct);

        async Task<CloudVmJob> NicJobAsync(HttpMethod method, VmRef vm, string sub, string op, string nicId, CancellationToken ct)
        {
            var data = await CallAsync(method, $"{Vms}/{Esc(vm.Id)}/{sub}", null, method != HttpMethod.Post, ct, vm).ConfigureAwait(false);
            var job = JobFrom(data, op, vm) ?? NewJob(op, vm, JobTracking.Immediate);
            job.ResourceId ??= nicId;
            return job;
        }

        public async Task<IReadOnlyList<CloudVmNetwork>> ListAvailableNetworksAsync(VmRef vm, CancellationToken ct)
        {
            var data = await CallAsync(HttpMethod.Get, $"{Vms}/{Esc(vm.Id)}/available-networks", null, true, ct, vm).ConfigureAwait(false);
            return (data as JsonArray ?? data.Arr("networks", "items") ?? new JsonArray()).OfType<JsonObject>().Select(n => new CloudVmNetwork
            {
                Id = n.Str("id", "networkId") ?? "",
                Name = n.Str("name", "networkName") ?? "",
                Type = n.Str("type", "networkType"),
                Location = n.Str("datacenterId") ?? n.Obj("datacenter").Str("name"),
                VmId = vm.Id,
                Provider = Kind,
                Session = Session,
            }).ToList();
        }

        static string Esc(string s) => Uri.EscapeDataString(s);
    }
}
