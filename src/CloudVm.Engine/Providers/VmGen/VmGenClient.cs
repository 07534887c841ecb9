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

namespace CloudVm.Providers.VmGen
{
    /// <summary>VMgen (https://api.my.vmgen.com), every operation on its page. Its job ids are per VM, so the id a
    /// user sees is "vmId:jobId". Decisions: docs/providers/vmgen.md.</summary>
    public sealed class VmGenClient : ProviderClient
    {
        const string Vms = "virtual-machines";

        public static readonly ProviderFeatures Descriptor = new ProviderFeatures
        {
            Provider = CloudProvider.VmGen,
            TakesSizeNames = true,   // -Size is a package name (VM-M); images and locations go by id
            EndpointTemplate = "https://api.my.vmgen.com",
            ConnectionSettings = ConnectionSetting.AuthHeader,
            Operations = new[]
            {
                CloudVmOperation.ListVms, CloudVmOperation.GetVm, CloudVmOperation.CreateVm, CloudVmOperation.DeleteVm,
                CloudVmOperation.Start, CloudVmOperation.Stop, CloudVmOperation.Restart,
                CloudVmOperation.ListNetworkInterfaces, CloudVmOperation.ListLocations, CloudVmOperation.ListSizes, CloudVmOperation.ListImages,
                CloudVmOperation.LookupJobs, CloudVmOperation.ListVmJobs, CloudVmOperation.GetVmStatus, CloudVmOperation.ListUsage,
                CloudVmOperation.ListMarketplaceItems, CloudVmOperation.ListSshKeys, CloudVmOperation.ListUserDataScripts, CloudVmOperation.NewUserDataScript,
                CloudVmOperation.GetAccount, CloudVmOperation.ListInvoices, CloudVmOperation.NewSupportTicket,
            },
            CreateFields = CreateField.Size | CreateField.Cpu | CreateField.MemoryGB | CreateField.DiskGB | CreateField.Image | CreateField.MarketplaceItem
                | CreateField.Password | CreateField.SshKey | CreateField.UserDataScript | CreateField.Location,
            CreateHints = new Dictionary<CreateField, string>
            {
                [CreateField.UserData] = "Save it with New-CloudVmUserDataScript and pass its version id as -UserDataScript.",
            },
            Paging = PagingStyle.None,
            StatusWords = new Dictionary<string, CloudVmStatus>
            {
                ["UP"] = CloudVmStatus.Running, ["RUNNING"] = CloudVmStatus.Running, ["DOWN"] = CloudVmStatus.Stopped, ["STOPPED"] = CloudVmStatus.Stopped,
                ["INSTALLING"] = CloudVmStatus.Creating, ["DEPLOYING"] = CloudVmStatus.Creating, ["STARTING"] = CloudVmStatus.Starting, ["STOPPING"] = CloudVmStatus.Stopping,
                ["REBOOTING"] = CloudVmStatus.Rebooting, ["DELETING"] = CloudVmStatus.Deleting, ["ERROR"] = CloudVmStatus.Error,
            },
            VmIdPattern = "^[0-9]{1,18}\\z",
            VmIdDescription = "integers (like 100)",
        };

        public VmGenClient(CloudVmSession session, TimeProvider clock)
            : base(session, Descriptor, session.Options.Endpoint ?? ProviderRegistry.DefaultEndpoint(Descriptor, null), clock)
        {
            if (session.Options.AuthHeader is string h && !Input.Matches(h, "^[A-Za-z0-9-]{1,64}\\z"))
                throw CloudVmException.Invalid("The VMgen auth header (-AuthHeader, $env:CLOUDVM_VMGEN_AUTH_HEADER or the saved connection) is not a header name: letters, digits and dashes.");
        }

        /// <summary>The page names no header: Authorization: Bearer by default; -AuthHeader names another header,
        /// which then carries the bare key (or "Bearer key" when it is Authorization).</summary>
        protected override IEnumerable<KeyValuePair<string, string>> Authenticate(HttpRequestMessage request, byte[]? body)
        {
            var header = string.IsNullOrEmpty(Session.Options.AuthHeader) ? "Authorization" : Session.Options.AuthHeader!;
            var key = Session.Options.Credential.RevealKey();
            return new[] { Header(header, header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer " + key : key) };
        }

        protected override (string? code, string? message) ReadError(JsonElement body) => (null, body.Str("message", "error"));

        static readonly string[] Wrappers = { "data", "items" };

        /// <summary>A list answer: a bare array, or an object wrapping one (data/items, or the resource's name).</summary>
        static List<JsonElement> Items(ApiResponse r, params string[] names)
        {
            var root = r.Root;
            if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray().ToList();
            return Shape.Array(r, Shape.RootObject(r), names.Concat(Wrappers).ToArray()).EnumerateArray().ToList();
        }

        // ---- VMs ----

        public override Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct) =>
            CallAsync(Get(Vms), r =>
            {
                var vms = Items(r, "virtual_machines").Select(o => { Shape.Id(r, o); return ParseVm(o); }).ToList();
                return new ItemPage<VirtualMachine>(query.SortLocally(vms), false, vms.Count);
            }, ct);

        public override Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(id)}/configuration", id), r =>
            {
                var root = r.Root;
                var o = root.ValueKind == JsonValueKind.Array ? root.ObjOrFirst() ?? throw Shape.Invalid(r, "an empty list") : Shape.RootObject(r);
                if (o.Get("id") == null) throw Shape.Invalid(r, "a configuration without an id");
                return ParseVm(o);
            }, ct);

        VirtualMachine ParseVm(JsonElement o)
        {
            var state = o.Str("state");
            var vm = new VirtualMachine
            {
                Id = o.Str("id")!,
                Name = o.Str("name") ?? "",
                ProviderStatus = state,
                Status = Descriptor.Normalize(state),
                Provider = Kind,
                Size = o.Str("package"),
                Cpu = o.Whole("cpu_cores", "vcpus"),
                MemoryGB = o.Num("ram_GB", "ram_gb"),
                DiskGB = o.Whole("storage_GB", "disk_GB"),
                PublicIp = o.Str("ipv4"),
                Location = o.Str("location"),
                LocationId = o.Str("location_id"),
                Owner = Session,
            };
            if (o.Str("fqdn") is string fqdn) vm.ProviderData["fqdn"] = fqdn;
            if (o.Str("ipv6") is string v6) vm.ProviderData["ipv6"] = v6;
            if (o.Str("uptime") is string up) vm.ProviderData["uptime"] = up;
            return vm;
        }

        public override void ValidateCreate(VmCreateRequest request) => BuildCreateBody(request);

        internal static JsonObject BuildCreateBody(VmCreateRequest r)
        {
            Descriptor.CheckCreate(r);
            if (string.IsNullOrWhiteSpace(r.Location)) throw CloudVmException.Invalid("VMgen needs the location id as -Location (see Get-CloudVmLocation).");
            bool custom = r.Cpu != null || r.MemoryGB != null || r.DiskGB != null;
            if (r.Size != null && custom) throw CloudVmException.Invalid("Give a package with -Size, or -Cpu, -MemoryGB and -DiskGB, not both: VMgen ignores the resources when a package is given.");
            if (r.Size == null && !(r.Cpu != null && r.MemoryGB != null && r.DiskGB != null))
                throw CloudVmException.Invalid("VMgen needs a package (-Size, see Get-CloudVmSize), or all of -Cpu, -MemoryGB and -DiskGB (where the account allows custom resources).");
            if ((r.Image == null) == (r.MarketplaceItem == null)) throw CloudVmException.Invalid("VMgen deploys from an OS image (-Image) or a marketplace item (-MarketplaceItem): give exactly one.");
            if (r.Password == null && r.SshKeys.Count == 0) throw CloudVmException.Invalid("VMgen needs a root password (-Password) or SSH keys (-SshKey: key ids or public keys).");

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

        public override async Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct)
        {
            var call = new ApiRequest(HttpMethod.Post, Vms + "/", RepeatSafety.Create) { Body = BuildCreateBody(request), Target = request.Name };
            return await CallAsync(call, resp =>
            {
                var root = Shape.RootObject(resp);
                var id = root.Str("id", "virtual_machine_id", "vm_id") ?? root.Obj("virtual_machine").Str("id");
                if (string.IsNullOrEmpty(id))
                    throw Shape.AcceptedWithoutId(resp, "no VM id", $"deployment of '{request.Name}'", request.Name);
                var vm = new VmRef(id!, request.Name);
                return (IReadOnlyList<CloudVmJob>)new[] { JobFrom(root, CloudVmJobOperation.Create, vm) ?? StateJob(CloudVmJobOperation.Create, vm, CloudVmStatus.Running) };
            }, ct).ConfigureAwait(false);
        }

        CloudVmJob? JobFrom(JsonElement body, CloudVmJobOperation op, VmRef vm)
        {
            var jobId = body.Str("job_id", "jobId");
            if (jobId == null) return null;
            var job = NewJob(op, vm, new ProviderJobTracker(jobId), $"{vm.Id}:{jobId}");
            Apply(job, body);
            return job;
        }

        void Apply(CloudVmJob job, JsonElement j)
        {
            var status = j.Str("job_status", "status");
            if (status == null) return;
            switch (status.ToLowerInvariant())
            {
                case "success": case "succeeded": case "completed": case "complete": case "done": case "finished":
                    job.Complete(Now, status);
                    break;
                case "failed": case "failure": case "error": case "cancelled": case "canceled":
                    job.Fail($"VMgen: {job.Operation} of {job.Subject} failed{(j.Str("message") is string m ? ": " + m : $" (job {job.Id} {status})")}.", Now, status);
                    break;
                case "pending": case "queued":
                    job.Report(CloudVmJobState.Pending, status);
                    break;
                default:
                    job.Report(CloudVmJobState.Running, status);
                    break;
            }
        }

        public override Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct)
        {
            Descriptor.CheckPower(action, options);
            var (command, safety) = action switch
            {
                PowerAction.Start => ("power on", RepeatSafety.Converging),
                PowerAction.Stop => ("power off", RepeatSafety.Converging),
                _ => ("reboot", RepeatSafety.Action),
            };
            var op = CloudVmOperations.JobOperation(action);
            var request = new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(vm.Id)}/command", safety) { Body = new JsonObject { ["command"] = command }, Target = vm.Id, StateChange = true };
            Task<CloudVmJob> Send(CancellationToken c) => CallAsync(request, r => (r.IsEmpty ? null : JobFrom(Shape.RootObject(r), op, vm)) ?? PowerJob(action, vm), c);
            return safety == RepeatSafety.Action ? Send(ct) : ConvergingAsync(Send, vm, op, CloudVmOperations.Target(action), CloudVmOperations.Transition(action), ct);
        }

        public override Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct)
        {
            Descriptor.CheckDelete(options);
            var request = new ApiRequest(HttpMethod.Delete, $"{Vms}/{VmSeg(vm.Id)}", RepeatSafety.Converging) { Target = vm.Id, StateChange = true };
            return ConvergingAsync(c => CallAsync(request, r => (r.IsEmpty ? null : JobFrom(Shape.RootObject(r), CloudVmJobOperation.Delete, vm)) ?? StateJob(CloudVmJobOperation.Delete, vm, CloudVmStatus.Deleted), c),
                vm, CloudVmJobOperation.Delete, CloudVmStatus.Deleted, CloudVmStatus.Deleting, ct);
        }

        /// <summary>Jobs with a job_id are read at /virtual-machines/{id}/jobs/{jobId} (POST, as the page says), a few at
        /// a time; others follow the VM's state.</summary>
        public override async Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var open = jobs.Where(j => !j.IsFinished && j.Tracker is ProviderJobTracker && j.VmId != null).ToList();
            var read = await Bounded.RunAsync(open, (job, c) => CallAsync(
                new ApiRequest(HttpMethod.Post, $"{Vms}/{VmSeg(job.VmId!)}/jobs/{Seg(((ProviderJobTracker)job.Tracker).JobId)}", RepeatSafety.Read) { Target = job.Id },
                r => r.Root.ValueKind == JsonValueKind.Array ? (r.Root.ObjOrFirst() ?? throw Shape.Invalid(r, "an empty list")).Clone() : Shape.RootObject(r).Clone(), c), Throttle, ct).ConfigureAwait(false);
            foreach (var r in read)
            {
                if (r.Error is CloudVmException e && e.Kind == CloudVmErrorKind.NotFound)
                {
                    // A VM's jobs go with it: for a delete that means done.
                    if (r.Item.Operation == CloudVmJobOperation.Delete) r.Item.Complete(Now, "gone");
                    else r.Item.Fail($"VMgen: {r.Item.Operation} of {r.Item.Subject}: {e.ProviderMessage ?? "the job is gone"}.", Now);
                }
                else if (r.Error != null) throw r.Error;
                else Apply(r.Item, r.Value);
            }
            await base.RefreshJobsAsync(jobs, ct).ConfigureAwait(false);
        }

        /// <summary>"vmId:jobId", as VMgen's jobs are per VM.</summary>
        public override async Task<IReadOnlyList<CloudVmJob>> LookupJobsAsync(IReadOnlyList<string> ids, CancellationToken ct)
        {
            var jobs = new List<CloudVmJob>();
            foreach (var id in ids)
            {
                var parts = id.Split(':');
                if (parts.Length != 2) throw CloudVmException.Invalid($"'{id}' is not a VMgen job id: they are vmId:jobId, as CloudVm shows them (for example 100:500).", id);
                var vm = new VmRef(parts[0]);
                var job = NewJob(CloudVmJobOperation.Other, vm, new ProviderJobTracker(parts[1]), id);
                await RefreshJobsAsync(new[] { job }, ct).ConfigureAwait(false);
                if (job.State == CloudVmJobState.Failed && job.ProviderState == null)
                    throw new CloudVmException(CloudVmErrorKind.NotFound, $"VMgen: job {id} was not found.") { Provider = Kind, Target = id };
                jobs.Add(job);
            }
            return jobs;
        }

        // ---- per-VM extras ----

        public override Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/networking", vm.Id), r => (IReadOnlyList<CloudVmNetworkInterface>)Items(r, "networking").Select(n => new CloudVmNetworkInterface
            {
                Id = n.Str("ip") ?? throw Shape.Invalid(r, "an address without an ip"),
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
                Owner = Session,
            }).ToList(), ct);

        public override Task<IReadOnlyList<CloudVmUsage>> ListUsageAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/usage", vm.Id), r => (IReadOnlyList<CloudVmUsage>)Items(r, "usage").Select(u => new CloudVmUsage
            {
                VmId = vm.Id,
                VmName = vm.Name,
                Date = DateTime.TryParse(u.Str("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d.Date : throw Shape.Invalid(r, "a usage day without a date"),
                InMB = u.Num("in_MB", "in_mb") ?? 0,
                OutMB = u.Num("out_MB", "out_mb") ?? 0,
                Provider = Kind,
            }).ToList(), ct);

        CloudVmJob HistoryJob(VmRef vm, JsonElement o)
        {
            var ev = o.Str("event");
            var id = o.Str("id", "job_id");
            CloudVmJob job;
            if (id != null) job = NewJob(OperationOf(ev), vm, new ProviderJobTracker(id), $"{vm.Id}:{id}");
            else job = NewJob(OperationOf(ev), vm, DoneTracker.Instance); // history entries without an id cannot be polled
            job.ProviderOperation = ev;
            job.StartedAt = o.Date("started_at") ?? job.StartedAt;
            Apply(job, o);
            return job;
        }

        static CloudVmJobOperation OperationOf(string? ev) => ev?.ToLowerInvariant().Replace(" ", "_") switch
        {
            "power_on" or "start" or "boot" => CloudVmJobOperation.Start,
            "power_off" or "stop" or "shutdown" => CloudVmJobOperation.Stop,
            "reboot" or "restart" => CloudVmJobOperation.Restart,
            "delete" or "destroy" => CloudVmJobOperation.Delete,
            "deploy" or "install" or "create" => CloudVmJobOperation.Create,
            _ => CloudVmJobOperation.Other,
        };

        public override Task<IReadOnlyList<CloudVmJob>> ListVmJobsAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/jobs", vm.Id), r => (IReadOnlyList<CloudVmJob>)Items(r, "jobs").Select(o => HistoryJob(vm, o)).ToList(), ct);

        public override Task<CloudVmJob> GetVmStatusAsync(VmRef vm, CancellationToken ct) =>
            CallAsync(Get($"{Vms}/{VmSeg(vm.Id)}/status", vm.Id), r =>
            {
                var o = r.Root.ValueKind == JsonValueKind.Array ? r.Root.ObjOrFirst() : Shape.RootObject(r);
                if (o is not JsonElement x) throw new CloudVmException(CloudVmErrorKind.NotFound, $"VMgen reported no status for {vm}.") { Provider = Kind, Target = vm.Id };
                return HistoryJob(vm, x);
            }, ct);

        // ---- catalog ----

        public override Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) =>
            CallAsync(Get("locations"), r => (IReadOnlyList<CloudVmLocation>)Items(r, "locations").Select(l => new CloudVmLocation
            {
                Id = Shape.Id(r, l), Name = l.Str("name") ?? "", Region = l.Str("continent"), Provider = Kind, Owner = Session,
            }).ToList(), ct);

        /// <summary>Packages are per location; with no location, every location's packages (a few requests at a time).</summary>
        public override async Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct)
        {
            var locations = location != null ? new List<string> { location } : (await ListLocationsAsync(ct).ConfigureAwait(false)).Select(l => l.Id).ToList();
            var read = await Bounded.RunAsync(locations, (l, c) => CallAsync(Get($"locations/{Seg(l)}/packages/", l), r => Items(r, "packages").Select(p => new CloudVmSize
            {
                Id = p.Str("id", "name") ?? throw Shape.Invalid(r, "a package without a name"), Name = p.Str("name") ?? "", Cpu = p.Whole("vcpus", "cpu_cores"), MemoryGB = p.Num("ram_GB", "ram_gb"),
                DiskGB = p.Whole("disk_GB", "disk_gb"), Location = l, Provider = Kind, Owner = Session,
            }).ToList(), c), Throttle, ct).ConfigureAwait(false);
            var sizes = new List<CloudVmSize>();
            foreach (var r in read)
            {
                if (r.Error != null) throw r.Error;
                sizes.AddRange(r.Value!);
            }
            return sizes;
        }

        public override Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct) =>
            CallAsync(Get("os-images"), r => (IReadOnlyList<CloudVmImage>)Items(r, "os_images", "images").Select(i => new CloudVmImage
            {
                Id = Shape.Id(r, i),
                Name = string.Join(" ", new[] { i.Str("os"), i.Str("bits") is string b ? b + "-bit" : null }.Where(x => !string.IsNullOrEmpty(x))),
                Platform = string.Join(", ", new[] { i.Bool("clound_init", "cloud_init") == true ? "cloud-init" : null, i.Bool("user_script") == true ? "user script" : null }.Where(x => x != null)),
                Provider = Kind,
                Owner = Session,
            }).ToList(), ct);

        public override Task<IReadOnlyList<CloudVmMarketplaceItem>> ListMarketplaceItemsAsync(CancellationToken ct) =>
            CallAsync(Get("marketplace"), r => (IReadOnlyList<CloudVmMarketplaceItem>)Items(r, "marketplace").Select(m => new CloudVmMarketplaceItem
            {
                Id = Shape.Id(r, m), Description = m.Str("description") ?? "", OsDescription = m.Str("os_description"), Type = m.Str("type"),
                ScriptContent = m.Str("script_content"), Base64 = m.Bool("base64") ?? false, Provider = Kind, Owner = Session,
            }).ToList(), ct);

        public override Task<IReadOnlyList<CloudVmSshKey>> ListSshKeysAsync(CancellationToken ct) =>
            CallAsync(Get("ssh-keys"), r => (IReadOnlyList<CloudVmSshKey>)Items(r, "ssh_keys").Select(k => new CloudVmSshKey
            {
                Id = Shape.Id(r, k), Name = k.Str("name") ?? "", PublicKey = k.Str("content"), CreatedAt = k.Date("created_at"), Provider = Kind, Owner = Session,
            }).ToList(), ct);

        public override Task<IReadOnlyList<CloudVmUserDataScript>> ListUserDataScriptsAsync(CancellationToken ct) =>
            CallAsync(Get("user-data-scripts"), r => (IReadOnlyList<CloudVmUserDataScript>)Items(r, "user_data_scripts").Select(s => new CloudVmUserDataScript
            {
                VersionId = Shape.Id(r, s, "version_id"), Type = s.Str("type"), Description = s.Str("description"), Content = s.Str("content", "script_content"), Provider = Kind, Owner = Session,
            }).ToList(), ct);

        public override Task<CloudVmUserDataScript> CreateUserDataScriptAsync(string description, string content, bool base64, string type, CancellationToken ct)
        {
            var body = new JsonObject { ["description"] = description, ["script_content"] = content, ["base64"] = base64, ["type"] = type };
            return CallAsync(new ApiRequest(HttpMethod.Post, "user-data-scripts", RepeatSafety.Create) { Body = body, Target = description }, r =>
            {
                var version = Shape.RootObject(r).Str("version_id") ?? throw Shape.Invalid(r, "no version_id");
                return new CloudVmUserDataScript { VersionId = version, Description = description, Type = type, Content = content, Provider = Kind, Owner = Session };
            }, ct);
        }

        // ---- account ----

        public override Task<CloudVmAccount> GetAccountAsync(CancellationToken ct) =>
            CallAsync(Get("account"), r =>
            {
                var a = Shape.RootObject(r);
                return new CloudVmAccount { Credit = a.Str("credit"), InvoicingModel = a.Str("invoicing_model"), BillingAddress = a.Str("billing_address")?.Replace("\\n", "\n"), Provider = Kind, Owner = Session };
            }, ct);

        public override Task<IReadOnlyList<CloudVmInvoice>> ListInvoicesAsync(CancellationToken ct) =>
            CallAsync(Get("invoices"), r => (IReadOnlyList<CloudVmInvoice>)Items(r, "invoices").Select(i => new CloudVmInvoice
            {
                Id = Shape.Id(r, i), Date = i.Str("date"), Status = i.Str("status"),
                TotalCost = decimal.TryParse(i.Str("total_cost"), NumberStyles.Number, CultureInfo.InvariantCulture, out var c) ? c : (decimal?)null, Provider = Kind,
            }).ToList(), ct);

        public override Task<CloudVmSupportTicket> CreateSupportTicketAsync(string topic, string text, string replyTo, CancellationToken ct)
        {
            var body = new JsonObject { ["topic"] = topic, ["text"] = text, ["reply_to_email"] = replyTo };
            return CallAsync(new ApiRequest(HttpMethod.Post, "tickets/", RepeatSafety.Create) { Body = body, Target = topic },
                r => new CloudVmSupportTicket { Id = r.IsEmpty ? null : r.Root.Str("id", "ticket_id"), Topic = topic, ReplyTo = replyTo, Provider = Kind }, ct);
        }
    }
}
