using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers.VmGen
{
    /// <summary>VMgen (https://api.my.vmgen.com), every operation on its page. Decisions: docs/providers/vmgen.md.</summary>
    public sealed class VmGenClient : ProviderClient, ICloudProvider, IVmNetworkInterfaces, ICatalog, IVmJobHistory, IVmUsage, IDeploymentCatalog, IAccountOperations
    {
        const string Vms = "virtual-machines";

        public VmGenClient(CloudVmSession session) : base(session, () => new Uri("https://api.my.vmgen.com/")) { }

        public override CloudProvider Kind => CloudProvider.VmGen;
        public IReadOnlyCollection<PowerAction> PowerActions { get; } = new[] { PowerAction.Start, PowerAction.Stop, PowerAction.Restart };
        public bool DeleteRequiresStop => false;

        /// <summary>The page names no header: Authorization: Bearer by default; -AuthHeader names another header,
        /// which then carries the bare key (or "Bearer key" when it is Authorization).</summary>
        protected override void Authenticate(HttpRequestMessage request, byte[]? body)
        {
            var header = string.IsNullOrEmpty(Session.Options.AuthHeader) ? "Authorization" : Session.Options.AuthHeader!;
            var key = Session.Options.Credential.RevealKey();
            request.Headers.TryAddWithoutValidation(header, header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer " + key : key);
        }

        protected override (string? code, string? message) ReadError(ApiResponse r) => (null, r.Body.Str("message") ?? r.Body.Str("error"));

        async Task<JsonNode?> GetAsync(string path, CancellationToken ct, object? target = null) =>
            (await SendAsync(HttpMethod.Get, path, null, true, ct, target).ConfigureAwait(false)).Body;

        /// <summary>A list answer: a bare array, or an object wrapping one (data/items), or a single object.</summary>
        static List<JsonObject> Items(JsonNode? body, params string[] names)
        {
            if (body is JsonArray a) return a.OfType<JsonObject>().ToList();
            var inner = body.Arr(names.Concat(new[] { "data", "items" }).ToArray());
            if (inner != null) return inner.OfType<JsonObject>().ToList();
            return body is JsonObject o ? new List<JsonObject> { o } : new List<JsonObject>();
        }

        // ---- VMs ----

        public async Task<Page<VirtualMachine>> ListVmsAsync(VmQuery query, string? pageToken, CancellationToken ct) =>
            query.OnePage(Items(await GetAsync(Vms, ct).ConfigureAwait(false), "virtual_machines").Select(ParseVm));

        public override async Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct)
        {
            var body = await GetAsync($"{Vms}/{Esc(id)}/configuration", ct, id).ConfigureAwait(false);
            var o = body as JsonObject ?? Items(body).FirstOrDefault() ?? throw new CloudVmException(CloudVmErrorKind.NotFound, $"VMgen: virtual machine {id} not found.") { Provider = Kind, Target = id };
            var vm = ParseVm(o);
            if (vm.Id.Length == 0) vm.Id = id;
            return vm;
        }

        VirtualMachine ParseVm(JsonObject o)
        {
            var state = o.Str("state");
            var vm = new VirtualMachine
            {
                Id = o.Str("id") ?? "",
                Name = o.Str("name") ?? "",
                ProviderStatus = state,
                Status = StatusMap.Normalize(state),
                Provider = Kind,
                Size = o.Str("package"),
                Cpu = o.Int("cpu_cores", "vcpus"),
                MemoryGB = o.Num("ram_GB", "ram_gb"),
                DiskGB = o.Int("storage_GB", "disk_GB"),
                PublicIp = o.Str("ipv4"),
                Location = o.Str("location"),
                LocationId = o.Str("location_id"),
                Session = Session,
            };
            if (o.Str("fqdn") is string fqdn) vm.ProviderData["fqdn"] = fqdn;
            if (o.Str("ipv6") is string v6) vm.ProviderData["ipv6"] = v6;
            if (o.Str("uptime") is string up) vm.ProviderData["uptime"] = up;
            return vm;
        }

        public void ValidateCreate(VmCreateRequest r) => BuildCreateBody(r);

        internal static JsonObject BuildCreateBody(VmCreateRequest r)
        {
            const CloudProvider p = CloudProvider.VmGen;
            if (string.IsNullOrWhiteSpace(r.Name)) throw CloudVmException.Invalid("VMgen needs a VM name (-Name).");
            if (string.IsNullOrWhiteSpace(r.Location)) throw CloudVmException.Invalid("VMgen needs the location id as -Location (see Get-CloudVmLocation).");
            if (r.Count != 1) throw CloudVmException.NotSupported(p, "-Count above 1", "It deploys one VM per request; run New-CloudVm once per VM.");
            bool custom = r.Cpu != null || r.MemoryGB != null || r.DiskGB != null;
            if (r.Size != null && custom) throw CloudVmException.Invalid("Give a package with -Size, or -Cpu, -MemoryGB and -DiskGB, not both: VMgen ignores the resources when a package is given.");
            if (r.Size == null && !(r.Cpu != null && r.MemoryGB != null && r.DiskGB != null))
                throw CloudVmException.Invalid("VMgen needs a package (-Size), or all of -Cpu, -MemoryGB and -DiskGB (where the account allows custom resources).");
            if ((r.Image == null) == (r.MarketplaceItem == null)) throw CloudVmException.Invalid("VMgen deploys from an OS image (-Image) or a marketplace item (-MarketplaceItem): give exactly one.");
            if (r.Password == null && r.SshKeys.Count == 0) throw CloudVmException.Invalid("VMgen needs a root password (-Password) or SSH keys (-SshKey: key ids or public keys).");
            if (r.Networks.Count > 0 || r.PublicIp != null || r.ResourceGroup != null || r.Iso != null || r.PrivateNetworking || r.IPv6)
                throw CloudVmException.NotSupported(p, "-Network, -PublicIp, -ResourceGroup, -Iso, -PrivateNetworking or -IPv6");
            if (r.UserData != null) throw CloudVmException.NotSupported(p, "inline -UserData", "Save it with New-CloudVmUserDataScript and pass its version id as -UserDataScript.");

            var body = new JsonObject { ["name"] = r.Name, ["location_id"] = Int(r.Location!, "-Location", "location id") };
            if (r.Size != null) body["package"] = r.Size;
            else
            {
                body["cpu_cores"] = r.Cpu;
                body["ram_GB"] = r.MemoryGB;
                body["storage_GB"] = r.DiskGB;
            }
            if (r.Image != null) body["os_image_id"] = Int(r.Image, "-Image", "OS image id");
            else body["marketplace_id"] = Int(r.MarketplaceItem!, "-MarketplaceItem", "marketplace item id");
            if (r.Password != null) body["root_password"] = ApiCredential.Reveal(r.Password);
            var ids = r.SshKeys.Where(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToList();
            var keys = r.SshKeys.Except(ids).ToList();
            if (ids.Count > 0) body["ssh_keys_ids"] = new JsonArray(ids.Select(k => (JsonNode?)JsonValue.Create(int.Parse(k, CultureInfo.InvariantCulture))).ToArray());
            if (keys.Count > 0) body["ssh_keys"] = new JsonArray(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
            if (r.UserDataScript != null) body["version_id"] = Int(r.UserDataScript, "-UserDataScript", "user-data script version id");
            return body;
        }

        static int Int(string value, string parameter, string what)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return i;
            throw CloudVmException.Invalid($"VMgen takes the {what} as {parameter}, an integer; '{value}' is not one.");
        }

        public async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest r, CancellationToken ct)
        {
            var resp = await SendAsync(HttpMethod.Post, Vms + "/", BuildCreateBody(r), idempotent: false, ct, r.Name).ConfigureAwait(false);
            var id = resp.Body.Str("id", "virtual_machine_id", "vm_id") ?? resp.Body.Obj("virtual_machine").Str("id")
                ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, $"VMgen accepted the deployment of '{r.Name}' but returned no VM id; check with Get-CloudVm -Name '{r.Name}' before trying again.") { Provider = Kind };
            var vm = new VmRef(id, r.Name);
            return new[] { JobFrom(resp.Body, "Create", vm) ?? StateJob("Create", vm, CloudVmStatus.Running) };
        }

        CloudVmJob? JobFrom(JsonNode? body, string op, VmRef vm)
        {
            var jobId = body.Str("job_id", "jobId");
            if (jobId == null) return null;
            var job = NewJob(op, vm, JobTracking.ProviderJob, jobId);
            Apply(job, body as JsonObject);
            return job;
        }

        static void Apply(CloudVmJob job, JsonObject? j)
        {
            var status = j.Str("job_status", "status");
            if (status == null) return;
            job.ProviderState = status;
            switch (status.ToLowerInvariant())
            {
                case "success": case "succeeded": case "completed": case "complete": case "done": case "finished":
                    job.Complete();
                    break;
                case "failed": case "failure": case "error": case "cancelled": case "canceled":
                    job.Fail($"VMgen: {job.Operation} of {job.VmName ?? job.VmId} failed{(j.Str("message") is string m ? ": " + m : $" (job {job.Id} {status})")}.");
                    break;
                default:
                    job.State = CloudVmJobState.Running;
                    break;
            }
        }

        public async Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions? options, CancellationToken ct)
        {
            if (options?.ShutdownTimeoutMinutes != null) throw CloudVmException.NotSupported(Kind, "-ShutdownTimeoutMinutes");
            var (command, op, target) = action switch
            {
                PowerAction.Start => ("power on", "Start", CloudVmStatus.Running),
                PowerAction.Stop => ("power off", "Stop", CloudVmStatus.Stopped),
                PowerAction.Restart => ("reboot", "Restart", CloudVmStatus.Running),
                _ => throw CloudVmException.NotSupported(Kind, action == PowerAction.Reset ? "a hard reset" : action == PowerAction.ForceStop ? "a forced power-off" : action.ToString().ToLowerInvariant(),
                    "Its commands are power on, power off and reboot."),
            };
            var resp = await SendAsync(HttpMethod.Post, $"{Vms}/{Esc(vm.Id)}/command", new JsonObject { ["command"] = command }, true, ct, vm).ConfigureAwait(false);
            return JobFrom(resp.Body, op, vm) ?? StateJob(op, vm, target);
        }

        public async Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            if (options.DeleteResources || options.DeletePublicIp) throw CloudVmException.NotSupported(Kind, "-DeleteResources or -DeletePublicIp");
            var resp = await SendAsync(HttpMethod.Delete, $"{Vms}/{Esc(vm.Id)}", null, true, ct, vm).ConfigureAwait(false);
            return JobFrom(resp.Body, "Delete", vm) ?? StateJob("Delete", vm, CloudVmStatus.Deleted);
        }

        /// <summary>Jobs with a job_id are read at /virtual-machines/{id}/jobs/{jobId} (POST, as the page says);
        /// others follow the VM's state.</summary>
        public async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            foreach (var job in jobs.Where(j => !j.IsFinished && j.Tracking == JobTracking.ProviderJob))
            {
                ApiResponse resp;
                try
                {
                    resp = await SendAsync(HttpMethod.Post, $"{Vms}/{Esc(job.VmId!)}/jobs/{Esc(job.Id)}", null, true, ct, job).ConfigureAwait(false);
                }
                catch (CloudVmException e) when (e.Kind == CloudVmErrorKind.NotFound)
                {
                    // A VM's jobs go with it: for a delete that means done.
                    if (job.Operation == "Delete") job.Complete();
                    else job.Fail($"VMgen: {job.Operation} of {job.VmName ?? job.VmId}: {e.ProviderMessage}.");
                    continue;
                }
                Apply(job, resp.Body as JsonObject ?? Items(resp.Body).FirstOrDefault());
            }
            await RefreshByVmStateAsync(jobs, ct).ConfigureAwait(false);
        }

        // ---- per-VM extras ----

        public async Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct) =>
            Items(await GetAsync($"{Vms}/{Esc(vm.Id)}/networking", ct, vm).ConfigureAwait(false)).Select(n => new CloudVmNetworkInterface
            {
                Id = n.Str("ip") ?? "",
                VmId = vm.Id,
                VmName = vm.Name,
                PublicIp = n.Str("ip"),
                IpVersion = n.Str("ip_version"),
                Gateway = n.Str("gateway"),
                Netmask = n.Str("netmask"),
                ReverseDns = n.Str("rev_dns"),
                Primary = n.Bool("is_primary") ?? false,
                NetworkType = n.Str("ip_version"),
                Provider = Kind,
                Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmUsage>> ListUsageAsync(VmRef vm, CancellationToken ct) =>
            Items(await GetAsync($"{Vms}/{Esc(vm.Id)}/usage", ct, vm).ConfigureAwait(false)).Select(u => new CloudVmUsage
            {
                VmId = vm.Id,
                VmName = vm.Name,
                Date = DateTime.TryParse(u.Str("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d.Date : default,
                InMB = u.Num("in_MB", "in_mb") ?? 0,
                OutMB = u.Num("out_MB", "out_mb") ?? 0,
                Provider = Kind,
            }).ToList();

        CloudVmJob HistoryJob(VmRef vm, JsonObject o)
        {
            var ev = o.Str("event") ?? "job";
            var op = string.Concat(ev.Split('_', ' ').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
            var job = NewJob(op, vm, JobTracking.ProviderJob, o.Str("id", "job_id") ?? $"{ev}@{o.Str("started_at")}");
            job.StartedAt = o.Date("started_at") ?? job.StartedAt;
            Apply(job, o);
            if (job.IsFinished) job.CompletedAt = o.Date("last_updated_at") ?? job.CompletedAt;
            if (o.Str("id", "job_id") == null) job.Tracking = JobTracking.Immediate; // history entries without an id cannot be polled
            return job;
        }

        public async Task<IReadOnlyList<CloudVmJob>> ListVmJobsAsync(VmRef vm, CancellationToken ct) =>
            Items(await GetAsync($"{Vms}/{Esc(vm.Id)}/jobs", ct, vm).ConfigureAwait(false), "jobs").Select(o => HistoryJob(vm, o)).ToList();

        public async Task<CloudVmJob> GetVmStatusAsync(VmRef vm, CancellationToken ct)
        {
            var o = Items(await GetAsync($"{Vms}/{Esc(vm.Id)}/status", ct, vm).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new CloudVmException(CloudVmErrorKind.NotFound, $"VMgen reported no status for {vm}.") { Provider = Kind, Target = vm };
            return HistoryJob(vm, o);
        }

        // ---- catalog ----

        public async Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            Items(await GetAsync("locations", ct).ConfigureAwait(false)).Select(l => new CloudVmLocation
            {
                Id = l.Str("id") ?? "", Name = l.Str("name") ?? "", Region = l.Str("continent"), Provider = Kind, Session = Session,
            }).ToList();

        /// <summary>Packages are per location; with no location, every location's packages.</summary>
        public async Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct)
        {
            var locations = location != null ? new List<CloudVmLocation> { new CloudVmLocation { Id = location, Name = location } } : (await ListLocationsAsync(ct).ConfigureAwait(false)).ToList();
            var sizes = new List<CloudVmSize>();
            foreach (var l in locations)
            {
                sizes.AddRange(Items(await GetAsync($"locations/{Esc(l.Id)}/packages/", ct, l.Id).ConfigureAwait(false), "packages").Select(p => new CloudVmSize
                {
                    Id = p.Str("id", "name") ?? "", Name = p.Str("name") ?? "", Cpu = p.Int("vcpus", "cpu_cores"), MemoryGB = p.Num("ram_GB", "ram_gb"),
                    DiskGB = p.Int("disk_GB", "disk_gb"), Location = l.Id, Provider = Kind, Session = Session,
                }));
            }
            return sizes;
        }

        public async Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(CancellationToken ct) =>
            Items(await GetAsync("os-images", ct).ConfigureAwait(false)).Select(i => new CloudVmImage
            {
                Id = i.Str("id") ?? "",
                Name = string.Join(" ", new[] { i.Str("os"), i.Str("bits") is string b ? b + "-bit" : null }.Where(x => !string.IsNullOrEmpty(x))),
                Platform = (i.Bool("clound_init", "cloud_init") == true ? "cloud-init" : null) is string ci ? ci + (i.Bool("user_script") == true ? ", user script" : "") : (i.Bool("user_script") == true ? "user script" : null),
                Provider = Kind,
                Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmMarketplaceItem>> ListMarketplaceItemsAsync(CancellationToken ct) =>
            Items(await GetAsync("marketplace", ct).ConfigureAwait(false)).Select(m => new CloudVmMarketplaceItem
            {
                Id = m.Str("id") ?? "", Description = m.Str("description") ?? "", OsDescription = m.Str("os_description"), Type = m.Str("type"),
                ScriptContent = m.Str("script_content"), Base64 = m.Bool("base64") ?? false, Provider = Kind, Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmSshKey>> ListSshKeysAsync(CancellationToken ct) =>
            Items(await GetAsync("ssh-keys", ct).ConfigureAwait(false)).Select(k => new CloudVmSshKey
            {
                Id = k.Str("id") ?? "", Name = k.Str("name") ?? "", PublicKey = k.Str("content"), CreatedAt = k.Date("created_at"), Provider = Kind, Session = Session,
            }).ToList();

        public async Task<IReadOnlyList<CloudVmUserDataScript>> ListUserDataScriptsAsync(CancellationToken ct) =>
            Items(await GetAsync("user-data-scripts", ct).ConfigureAwait(false)).Select(s => new CloudVmUserDataScript
            {
                VersionId = s.Str("version_id") ?? "", Type = s.Str("type"), Description = s.Str("description"), Content = s.Str("content", "script_content"), Provider = Kind, Session = Session,
            }).ToList();

        public async Task<CloudVmUserDataScript> CreateUserDataScriptAsync(string description, string content, bool base64, string type, CancellationToken ct)
        {
            var body = new JsonObject { ["description"] = description, ["script_content"] = content, ["base64"] = base64, ["type"] = type };
            var resp = await SendAsync(HttpMethod.Post, "user-data-scripts", body, idempotent: false, ct, description).ConfigureAwait(false);
            var version = resp.Body.Str("version_id") ?? throw new CloudVmException(CloudVmErrorKind.ProviderError, "VMgen saved the script but returned no version_id.") { Provider = Kind };
            return new CloudVmUserDataScript { VersionId = version, Description = description, Type = type, Content = content, Provider = Kind, Session = Session };
        }

        // ---- account ----

        public async Task<CloudVmAccount> GetAccountAsync(CancellationToken ct)
        {
            var a = await GetAsync("account", ct).ConfigureAwait(false);
            return new CloudVmAccount { Credit = a.Str("credit"), InvoicingModel = a.Str("invoicing_model"), BillingAddress = a.Str("billing_address")?.Replace("\\n", "\n"), Provider = Kind, Session = Session };
        }

        public async Task<IReadOnlyList<CloudVmInvoice>> ListInvoicesAsync(CancellationToken ct) =>
            Items(await GetAsync("invoices", ct).ConfigureAwait(false), "invoices").Select(i => new CloudVmInvoice
            {
                Id = i.Str("id") ?? "", Date = i.Str("date"), Status = i.Str("status"),
                TotalCost = decimal.TryParse(i.Str("total_cost"), NumberStyles.Number, CultureInfo.InvariantCulture, out var c) ? c : (decimal?)null, Provider = Kind,
            }).ToList();

        public async Task<CloudVmSupportTicket> CreateSupportTicketAsync(string topic, string text, string replyTo, CancellationToken ct)
        {
            var body = new JsonObject { ["topic"] = topic, ["text"] = text, ["reply_to_email"] = replyTo };
            var resp = await SendAsync(HttpMethod.Post, "tickets/", body, idempotent: false, ct, topic).ConfigureAwait(false);
            return new CloudVmSupportTicket { Id = resp.Body.Str("id", "ticket_id"), Topic = topic, ReplyTo = replyTo, Provider = Kind };
        }

        static string Esc(string s) => Uri.EscapeDataString(s);
    }
}
