using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudVm.Emulator.VmGen;

public sealed record VmGenLocation(int Id, string Name, string Continent);
public sealed record VmGenPackage(string Name, int Vcpus, int RamGb, int DiskGb);
public sealed record VmGenImage(int Id, string Os, string Bits, bool UserScript, bool CloudInit);

public sealed class VmGenJob
{
    public int Id { get; init; }
    public required string Event { get; init; }
    public string Status { get; set; } = "pending";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class VmGenVm
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public required string State { get; set; }
    public required VmGenLocation Location { get; init; }
    public required string Package { get; init; }
    public int Cpu { get; init; }
    public int RamGb { get; init; }
    public int DiskGb { get; init; }
    public string Ipv4 { get; init; } = "";
    public string Ipv6 { get; init; } = "";
    public DateTimeOffset BootedAt { get; set; }
    public List<VmGenJob> Jobs { get; } = new();
}

/// <summary>VMgen's state: account, catalog, VMs and their jobs.</summary>
public sealed class VmGenStore
{
    public VmGenStore(EmulatorOptions options)
    {
        Duration = options.JobDuration;
        Work = new TimedWork(options.Clock);
        Locations.AddRange(new[] { new VmGenLocation(1, "Amsterdam", "Europe"), new VmGenLocation(2, "New York", "North America") });
        Packages[1] = new() { new("VM-S", 1, 1, 25), new("VM-M", 2, 4, 50), new("VM-L", 4, 8, 100) };
        Packages[2] = new() { new("VM-S", 1, 1, 25), new("VM-M", 2, 4, 50) };
        Images.AddRange(new[] { new VmGenImage(1, "Ubuntu 24.04", "64", true, true), new VmGenImage(2, "Debian 12", "64", true, false), new VmGenImage(3, "Windows Server 2022", "64", false, false) });
        SshKeys.Add(new JsonObject { ["id"] = 5, ["created_at"] = "2026-01-10T09:00:00.000000Z", ["name"] = "laptop", ["content"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatorKeyOnly laptop" });
        Marketplace.Add(new JsonObject { ["id"] = 10, ["description"] = "WordPress", ["os_description"] = "Ubuntu 24.04", ["script_content"] = "#!/bin/sh\napt-get install -y wordpress", ["type"] = "user_data", ["base64"] = false });
        Scripts.Add(new JsonObject { ["version_id"] = 98, ["type"] = "user_data", ["description"] = "hello", ["content"] = "#!/bin/sh\necho hello" });
        if (options.VmCount is int count)
            for (int i = 1; i <= count; i++) Add($"vm-{i}", "UP", Locations[0], Packages[1][1]);
        else if (options.Seed)
        {
            Add("vmgen-web", "UP", Locations[0], Packages[1][1]);
            Add("vmgen-db", "DOWN", Locations[0], Packages[1][2]);
        }
        if (options.ExampleSeed && options.VmCount == null) SeedExamples();
    }

    /// <summary>What the help examples and README name on VMgen (web-1).</summary>
    public void SeedExamples()
    {
        lock (Gate) Add("web-1", "UP", Locations[0], Packages[1][0]);
    }

    public object Gate { get; } = new();
    public TimeSpan Duration { get; }
    public TimedWork Work { get; }
    public DateTimeOffset Now => Work.Now;
    public List<string> Keys { get; } = new() { DemoKeys.VmGen };
    public bool CustomResources { get; set; } = true;
    public List<VmGenLocation> Locations { get; } = new();
    public Dictionary<int, List<VmGenPackage>> Packages { get; } = new();
    public List<VmGenImage> Images { get; } = new();
    public List<JsonObject> SshKeys { get; } = new();
    public List<JsonObject> Marketplace { get; } = new();
    public List<JsonObject> Scripts { get; } = new();
    public List<JsonObject> Tickets { get; } = new();
    public List<VmGenVm> Vms { get; } = new();
    int nextId = 100, nextJob = 500, nextScript = 99;

    public int NextScriptVersion() => nextScript++;

    public VmGenVm Add(string name, string state, VmGenLocation location, VmGenPackage package)
    {
        var vm = new VmGenVm
        {
            Id = nextId++, Name = name, State = state, Location = location, Package = package.Name, Cpu = package.Vcpus, RamGb = package.RamGb, DiskGb = package.DiskGb,
            Ipv4 = $"100.64.0.{nextId % 250 + 2}", Ipv6 = $"2001:db8::{nextId:x}", BootedAt = Now,
        };
        Vms.Add(vm);
        return vm;
    }

    public VmGenVm AddCustom(string name, VmGenLocation location, int cpu, int ram, int disk)
    {
        var vm = new VmGenVm { Id = nextId++, Name = name, State = "INSTALLING", Location = location, Package = "custom", Cpu = cpu, RamGb = ram, DiskGb = disk, Ipv4 = $"100.64.0.{nextId % 250 + 2}", Ipv6 = $"2001:db8::{nextId:x}" };
        Vms.Add(vm);
        return vm;
    }

    /// <summary>Runs a job on the VM: state during, then after (null: the VM is deleted).</summary>
    public VmGenJob Run(VmGenVm vm, string ev, string during, string? after)
    {
        var job = new VmGenJob { Id = nextJob++, Event = ev, StartedAt = Now, UpdatedAt = Now };
        vm.Jobs.Add(job);
        vm.State = during;
        Work.After(Duration.Times(0.2), () => { if (job.Status == "pending") { job.Status = "running"; job.UpdatedAt = Now; } });
        Work.After(Duration, () =>
        {
            job.Status = "success";
            job.UpdatedAt = Now;
            if (after == null) Vms.Remove(vm);
            else
            {
                vm.State = after;
                if (after == "UP") vm.BootedAt = Now;
            }
        });
        return job;
    }
}

/// <summary>VMgen's API as vmgen.md documents it, under /vmgen.</summary>
public static class VmGenApi
{
    static readonly string[] GetOrPost = { "GET", "POST" };

    static VmGenStore store => Worlds.Current.VmGen;

    public static void Map(Routes app)
    {
        var g = app.MapGroup("/vmgen");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var h = ctx.HttpContext.Request.Headers;
            var auth = h.Authorization.FirstOrDefault();
            var key = auth != null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : h["X-Api-Key"].FirstOrDefault();
            if (key == null || !store.Keys.Contains(key)) return Msg(401, "Unauthenticated.");
            lock (store.Gate) store.Work.Advance();
            return await next(ctx);
        });
        g.MapGet("account", () => Json.Send(new JsonObject { ["credit"] = "1000.00", ["invoicing_model"] = "after_payment", ["billing_address"] = "Ada Lovelace \\n London \\n N1 \\n Greater London \\n United Kingdom" }));
        g.MapGet("invoices", () => Json.Send(new JsonArray(new JsonObject { ["id"] = 1, ["date"] = "2026-11-01", ["status"] = "created", ["total_cost"] = 12.5 })));
        g.MapGet("locations", () => Json.Send(new JsonArray(store.Locations.Select(l => (JsonNode?)new JsonObject { ["id"] = l.Id, ["name"] = l.Name, ["continent"] = l.Continent }).ToArray())));
        g.MapGet("locations/{id}/packages", (string id) => int.TryParse(id, out var i) && store.Packages.TryGetValue(i, out var ps)
            ? Json.Send(new JsonArray(ps.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["vcpus"] = p.Vcpus, ["ram_GB"] = p.RamGb, ["disk_GB"] = p.DiskGb }).ToArray()))
            : Msg(404, $"Location {id} not found"));
        g.MapGet("os-images", () => Json.Send(new JsonArray(store.Images.Select(i => (JsonNode?)new JsonObject { ["id"] = i.Id, ["os"] = i.Os, ["bits"] = i.Bits, ["user_script"] = i.UserScript, ["clound_init"] = i.CloudInit }).ToArray())));
        g.MapGet("ssh-keys", () => Json.Send(new JsonArray(store.SshKeys.Select(k => (JsonNode?)k.DeepClone()).ToArray())));
        g.MapGet("marketplace", () => Json.Send(new JsonArray(store.Marketplace.Select(k => (JsonNode?)k.DeepClone()).ToArray())));
        g.MapGet("user-data-scripts", () => Locked(store, () => Json.Send(new JsonArray(store.Scripts.Select(k => (JsonNode?)k.DeepClone()).ToArray()))));
        g.MapPost("user-data-scripts", async (HttpRequest r) =>
        {
            var b = await Json.ReadObjectAsync(r);
            return Locked(store, () =>
            {
                if (b == null || Str(b, "script_content") is not string content || content.Length == 0) return Msg(422, "script_content is required");
                var version = store.NextScriptVersion();
                store.Scripts.Add(new JsonObject { ["version_id"] = version, ["type"] = Str(b, "type") ?? "user_data", ["description"] = Str(b, "description"), ["content"] = content });
                return Json.Send(new JsonObject { ["version_id"] = version });
            });
        });
        g.MapPost("tickets", async (HttpRequest r) =>
        {
            var b = await Json.ReadObjectAsync(r);
            return Locked(store, () =>
            {
                if (b == null || string.IsNullOrWhiteSpace(Str(b, "topic")) || string.IsNullOrWhiteSpace(Str(b, "text")) || !(Str(b, "reply_to_email") ?? "").Contains('@'))
                    return Msg(422, "topic, text and a valid reply_to_email are required");
                store.Tickets.Add(b);
                return Msg(200, "The ticket was sent to VMgen support");
            });
        });
        g.MapGet("virtual-machines", () => Locked(store, () => Json.Send(new JsonArray(store.Vms.Select(v => (JsonNode?)Vm(v)).ToArray()))));
        g.MapPost("virtual-machines", async (HttpRequest r) =>
        {
            var b = await Json.ReadObjectAsync(r);
            return Locked(store, () => b == null ? Msg(422, "The request body must be a JSON object") : Create(store, b));
        });
        g.MapGet("virtual-machines/{id}/configuration", (string id) => Locked(store, () => WithVm(store, id, vm => Json.Send(Vm(vm)))));
        g.MapGet("virtual-machines/{id}/usage", (string id) => Locked(store, () => WithVm(store, id, vm => Json.Send(new JsonArray(Enumerable.Range(1, 3).Select(d =>
            (JsonNode?)new JsonObject { ["date"] = $"2026-11-{d:00}", ["in_MB"] = 100 * d + vm.Id % 7, ["out_MB"] = 40 * d }).ToArray())))));
        g.MapGet("virtual-machines/{id}/networking", (string id) => Locked(store, () => WithVm(store, id, vm => Json.Send(new JsonArray(
            new JsonObject { ["ip_version"] = "IPv4", ["ip"] = vm.Ipv4, ["gateway"] = "100.64.0.1", ["netmask"] = "255.255.255.0", ["broadcast"] = "100.64.0.255", ["rev_dns"] = $"{vm.Name}.vmgen.invalid", ["is_primary"] = true },
            new JsonObject { ["ip_version"] = "IPv6", ["ip"] = vm.Ipv6, ["gateway"] = "2001:db8::1", ["netmask"] = "64", ["broadcast"] = null, ["rev_dns"] = $"{vm.Name}.vmgen.invalid", ["is_primary"] = false })))));
        g.MapGet("virtual-machines/{id}/jobs", (string id) => Locked(store, () => WithVm(store, id, vm => Json.Send(new JsonArray(vm.Jobs.Select(j => (JsonNode?)History(j)).ToArray())))));
        g.MapGet("virtual-machines/{id}/status", (string id) => Locked(store, () => WithVm(store, id, vm => vm.Jobs.Count == 0
            ? Json.Send(new JsonObject { ["started_at"] = null, ["last_updated_at"] = null, ["event"] = null, ["status"] = "unknown" })
            : Json.Send(History(vm.Jobs[^1])))));
        g.MapPost("virtual-machines/{id}/command", async (HttpRequest r, string id) =>
        {
            var b = await Json.ReadObjectAsync(r);
            return Locked(store, () => WithVm(store, id, vm => Command(store, vm, b)));
        });
        // The page says POST for reading a job; GET is accepted too.
        g.MapMethods("virtual-machines/{id}/jobs/{jobId}", GetOrPost, (string id, string jobId) => Locked(store, () => WithVm(store, id, vm =>
        {
            var job = vm.Jobs.FirstOrDefault(j => j.Id.ToString(CultureInfo.InvariantCulture) == jobId);
            return job == null ? Msg(404, $"Job {jobId} not found") : Json.Send(new JsonObject { ["job_status"] = job.Status, ["started_at"] = job.StartedAt.ToString("O") });
        })));
        g.MapDelete("virtual-machines/{id}", (string id) => Locked(store, () => WithVm(store, id, vm =>
        {
            if (vm.State is "INSTALLING" or "DELETING") return Msg(422, $"{vm.Name} is {vm.State.ToLowerInvariant()}");
            var job = store.Run(vm, "delete", "DELETING", null);
            return Json.Send(new JsonObject { ["job_id"] = job.Id, ["job_status"] = job.Status, ["started_at"] = job.StartedAt.ToString("O") });
        })));
    }

    static IResult Locked(VmGenStore store, Func<IResult> f)
    {
        lock (store.Gate) return f();
    }

    static IResult Msg(int status, string message) => Json.Send(new JsonObject { ["message"] = message }, status);

    static IResult WithVm(VmGenStore store, string id, Func<VmGenVm, IResult> f)
    {
        var vm = int.TryParse(id, out var i) ? store.Vms.FirstOrDefault(v => v.Id == i) : null;
        return vm == null ? Msg(404, $"Virtual machine {id} not found") : f(vm);
    }

    static JsonObject Vm(VmGenVm v) => new()
    {
        ["id"] = v.Id, ["name"] = v.Name, ["fqdn"] = $"{v.Name}.vmgen.invalid", ["state"] = v.State,
        ["uptime"] = v.State == "UP" ? $"{(int)(store.Now - v.BootedAt).TotalSeconds}s" : "0s",
        ["ipv4"] = v.Ipv4, ["ipv6"] = v.Ipv6, ["package"] = v.Package,
    };

    static JsonObject History(VmGenJob j) => new()
    {
        ["started_at"] = j.StartedAt.ToString("O"), ["last_updated_at"] = j.UpdatedAt.ToString("O"), ["event"] = j.Event, ["status"] = j.Status,
    };

    static IResult Create(VmGenStore store, JsonObject b)
    {
        var name = Str(b, "name");
        if (string.IsNullOrWhiteSpace(name)) return Msg(422, "name is required");
        var location = store.Locations.FirstOrDefault(l => l.Id == Int(b, "location_id"));
        if (location == null) return Msg(422, "location_id is required and must be a location");
        bool hasImage = b["os_image_id"] != null, hasMarket = b["marketplace_id"] != null;
        if (hasImage == hasMarket) return Msg(422, "Exactly one of os_image_id or marketplace_id is required");
        if (hasImage && !store.Images.Any(i => i.Id == Int(b, "os_image_id"))) return Msg(422, $"os_image_id {b["os_image_id"]} does not exist");
        if (hasMarket && !store.Marketplace.Any(m => m["id"]!.GetValue<int>() == Int(b, "marketplace_id"))) return Msg(422, $"marketplace_id {b["marketplace_id"]} does not exist");
        if (b["root_password"] == null && b["ssh_keys_ids"] == null && b["ssh_keys"] == null) return Msg(422, "One of root_password, ssh_keys_ids or ssh_keys is required");
        if (b["ssh_keys_ids"] is JsonArray ids && ids.Any(k => !store.SshKeys.Any(s => s["id"]!.GetValue<int>() == (k?.GetValueKind() == JsonValueKind.Number ? k.GetValue<int>() : -1))))
            return Msg(422, "ssh_keys_ids contains an unknown key");
        if (b["version_id"] != null && !store.Scripts.Any(s => s["version_id"]!.GetValue<int>() == Int(b, "version_id"))) return Msg(422, $"version_id {b["version_id"]} does not exist");
        VmGenVm vm;
        if (Str(b, "package") is string packageName)
        {
            var package = store.Packages[location.Id].FirstOrDefault(p => p.Name == packageName);
            if (package == null) return Msg(422, $"Package {packageName} is not available in {location.Name}");
            vm = store.Add(name, "INSTALLING", location, package);
        }
        else
        {
            if (!store.CustomResources) return Msg(422, "Deploying by cpu_cores, ram_GB and storage_GB is not enabled for this account; use a package");
            var (cpu, ram, disk) = (Int(b, "cpu_cores"), Int(b, "ram_GB"), Int(b, "storage_GB"));
            if (cpu is null or < 1 || ram is null or < 1 || disk is null or < 10) return Msg(422, "package, or cpu_cores, ram_GB and storage_GB, are required");
            vm = store.AddCustom(name, location, cpu.Value, ram.Value, disk.Value);
        }
        store.Run(vm, "deploy", "INSTALLING", "UP");
        return Json.Send(new JsonObject { ["id"] = vm.Id });
    }

    static IResult Command(VmGenStore store, VmGenVm vm, JsonObject? b)
    {
        var command = b == null ? null : Str(b, "command");
        (string ev, string need, string during, string after)? plan = command switch
        {
            "power on" => ("power_on", "DOWN", "STARTING", "UP"),
            "power off" => ("power_off", "UP", "STOPPING", "DOWN"),
            "reboot" => ("reboot", "UP", "REBOOTING", "UP"),
            _ => null,
        };
        if (plan == null) return Msg(422, $"Unknown command '{command}'; use reboot, power on or power off");
        if (vm.State != plan.Value.need) return Msg(422, $"{vm.Name} is {vm.State}; '{command}' needs it {plan.Value.need}");
        var job = store.Run(vm, plan.Value.ev, plan.Value.during, plan.Value.after);
        return Json.Send(new JsonObject { ["job_id"] = job.Id, ["job_status"] = job.Status, ["started_at"] = job.StartedAt.ToString("O") });
    }

    static string? Str(JsonObject b, string n) => b[n]?.GetValueKind() == JsonValueKind.String ? b[n]!.GetValue<string>() : null;
    static int? Int(JsonObject b, string n) => b[n]?.GetValueKind() == JsonValueKind.Number && b[n]!.AsValue().TryGetValue<int>(out var i) ? i : null;
}
