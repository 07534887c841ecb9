using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudVm.Emulator.Vps247;

public sealed record Vps247Region(int Id, string Name, string Country);
public sealed record Vps247Package(int Id, string Name, int Cpus, int MemoryMb, int DiskGb);
public sealed record Vps247Template(int Id, string Name);

public sealed class Vps247Task
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public string Status { get; set; } = "pending";
    public DateTimeOffset Started { get; init; }
    public TimeSpan Duration { get; init; }
    public int? ProgressAt(DateTimeOffset now) => Status == "complete" ? 100 : Status == "pending" ? null : (int)Compat.Clamp(100 * (now - Started).Over(Duration), 0, 99);
}

public sealed class Vps247Vm
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public required string State { get; set; }
    public required Vps247Region Region { get; init; }
    public required Vps247Package Package { get; init; }
    public required Vps247Template Template { get; init; }
    public string Password { get; init; } = Convert.ToBase64String(Compat.RandomBytes(9));
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string Ip { get; init; } = "";
    public bool Ipv6 { get; init; }
    public bool PrivateNetworking { get; init; }
    public Vps247Task? LastTask { get; set; }
}

/// <summary>VPS247's API as vps247.md and NOTES.md document it, under /vps247: X-Api-Key, the five states,
/// last_task, 201 on create, 204/400/404 on delete, 406 for state conflicts; regions, packages and OS templates.</summary>
public sealed class Vps247Store
{
    public Vps247Store(EmulatorOptions options)
    {
        Duration = options.JobDuration;
        Options = options;
        Work = new TimedWork(options.Clock);
        Regions.AddRange(new[] { new Vps247Region(1, "New York 1", "US"), new Vps247Region(2, "London 1", "GB") });
        Packages.AddRange(new[] { new Vps247Package(1, "Budget", 1, 1024, 20), new Vps247Package(2, "Standard", 2, 2048, 40), new Vps247Package(3, "Pro", 4, 8192, 80) });
        Templates.AddRange(new[] { new Vps247Template(1, "Ubuntu 24.04 Server x64"), new Vps247Template(2, "Debian 12 x64") });
        if (options.VmCount is int count)
            for (int i = 1; i <= count; i++) Add($"vm-{i}", "running", Regions[0], Packages[0], Templates[0]);
        else if (options.Seed)
        {
            Add("api_test", "running", Regions[0], Packages[0], Templates[0]);
            Add("mail", "halted", Regions[1], Packages[1], Templates[1]);
        }
        if (options.ExampleSeed && options.VmCount == null) SeedExamples();
    }

    /// <summary>What the help examples and README name on VPS247 (old-vps).</summary>
    public void SeedExamples()
    {
        lock (Gate) Add("old-vps", "running", Regions[1], Packages[0], Templates[1]);
    }

    public object Gate { get; } = new();
    public TimeSpan Duration { get; }
    public TimedWork Work { get; }
    public EmulatorOptions Options { get; }
    public DateTimeOffset Now => Work.Now;
    public List<Vps247Region> Regions { get; } = new();
    public List<Vps247Package> Packages { get; } = new();
    public List<Vps247Template> Templates { get; } = new();
    public List<Vps247Vm> Vms { get; } = new();
    public List<string> Keys { get; } = new() { DemoKeys.Vps247 };
    int nextId = 90, nextTask = 1;

    public Vps247Vm Add(string name, string state, Vps247Region region, Vps247Package package, Vps247Template template, bool ipv6 = false, bool privateNet = false)
    {
        var vm = new Vps247Vm { Id = nextId++, Name = name, State = state, Region = region, Package = package, Template = template, Ip = $"192.0.2.{nextId % 250 + 2}", Ipv6 = ipv6, PrivateNetworking = privateNet, CreatedAt = Now, UpdatedAt = Now };
        Vms.Add(vm);
        return vm;
    }

    /// <summary>Runs a task: the VM is in <paramref name="during"/> until it completes in <paramref name="after"/>.</summary>
    public void Task(Vps247Vm vm, string name, string during, string after, double durationFactor = 1)
    {
        var duration = Duration.Times(durationFactor);
        var task = new Vps247Task { Id = nextTask++, Name = name, Duration = duration, Started = Now };
        vm.LastTask = task;
        vm.State = during;
        vm.UpdatedAt = Now;
        Work.After(duration.Times(0.2), () => { if (task.Status == "pending") task.Status = "running"; });
        Work.After(duration, () => { task.Status = "complete"; vm.State = after; vm.UpdatedAt = Now; });
    }
}

/// <summary>VPS247's API under /vps247, as its page and its public clients show it: X-Api-Key, the states (and "off",
/// which a killed VM reports), last_task, 201 on create, 204/400/404 on delete, 406 for state conflicts; regions, packages
/// and OS templates. Create and power calls answer {"status": "success", "id": …} as the service does (the page's VM
/// object with EmulatorOptions.Vps247PageAnswers).</summary>
public static class Vps247Api
{
    static readonly string[] CreateFields = { "name", "os_template_id", "region_id", "package_id" };

    static Vps247Store S(HttpContext c) => Worlds.Of(c).Vps247;

    public static void Map(Routes app)
    {
        var g = app.MapGroup("/vps247");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var store = S(ctx.HttpContext);
            var key = ctx.HttpContext.Request.Headers["X-Api-Key"].FirstOrDefault();
            if (key == null || !store.Keys.Contains(key)) return Error(401, "Invalid or missing X-Api-Key");
            lock (store.Gate) store.Work.Advance();
            return await next(ctx);
        });
        g.MapGet("virtual_machines", (HttpContext c) => Locked(S(c), s => Json.Send(new JsonArray(s.Vms.Select(v => (JsonNode?)Vm(s, v)).ToArray()))));
        g.MapGet("virtual_machines/{id}", (HttpContext c, string id) => Locked(S(c), s => WithVm(s, id, vm => Json.Send(Vm(s, vm)))));
        g.MapPost("virtual_machines", async (HttpRequest r) =>
        {
            var b = await Json.ReadObjectAsync(r);
            return Locked(S(r.HttpContext), s => b == null ? Error(400, "The request body must be a JSON object") : Create(s, b));
        });
        g.MapDelete("virtual_machines/{id}", (HttpContext c, string id) => Locked(S(c), s => WithVm(s, id, vm =>
        {
            if (vm.State is not ("halted" or "off")) return Error(400, $"VM {vm.Name} is {vm.State}; power it down before deleting it");
            s.Vms.Remove(vm);
            return Results.StatusCode(204);
        })));
        g.MapPost("virtual_machines/{id}/start", (HttpContext c, string id) => Locked(S(c), s => WithVm(s, id, vm =>
            vm.State is not ("halted" or "off") ? Error(406, $"VM {vm.Name} is {vm.State} and cannot be started") : Act(s, vm, "VmStart", "starting", "running"))));
        g.MapPost("virtual_machines/{id}/stop", (HttpContext c, string id) => Locked(S(c), s => WithVm(s, id, vm =>
            vm.State != "running" ? Error(406, $"VM {vm.Name} is {vm.State} and cannot be stopped") : Act(s, vm, "VmStop", "halting", "halted"))));
        g.MapPost("virtual_machines/{id}/restart", (HttpContext c, string id) => Locked(S(c), s => WithVm(s, id, vm =>
            vm.State != "running" ? Error(406, $"VM {vm.Name} is {vm.State}; it can be restarted only when running") : Act(s, vm, "VmRestart", "starting", "running"))));
        g.MapPost("virtual_machines/{id}/kill", (HttpContext c, string id) => Locked(S(c), s => WithVm(s, id, vm =>
            vm.State != "running" ? Error(406, $"VM {vm.Name} is {vm.State}; it can be killed only when running") : Act(s, vm, "VmKill", "halting", "off", 0.3))));
        g.MapGet("regions", (HttpContext c) => Json.Send(new JsonArray(S(c).Regions.Select(r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["name"] = r.Name, ["country"] = r.Country }).ToArray())));
        g.MapGet("packages", (HttpContext c) => Json.Send(new JsonArray(S(c).Packages.Select(p => (JsonNode?)new JsonObject { ["id"] = p.Id, ["name"] = p.Name, ["cpus"] = p.Cpus, ["memory"] = p.MemoryMb, ["disk"] = p.DiskGb }).ToArray())));
        g.MapGet("os_templates", (HttpContext c) => Json.Send(new JsonArray(S(c).Templates.Select(t => (JsonNode?)new JsonObject { ["id"] = t.Id, ["name"] = t.Name }).ToArray())));
    }

    static IResult Locked(Vps247Store store, Func<Vps247Store, IResult> f)
    {
        lock (store.Gate) return f(store);
    }

    static IResult Error(int status, string message) => Json.Send(new JsonObject { ["error"] = message }, status);

    static IResult WithVm(Vps247Store store, string id, Func<Vps247Vm, IResult> f)
    {
        var vm = int.TryParse(id, out var i) ? store.Vms.FirstOrDefault(v => v.Id == i) : null;
        return vm == null ? Error(404, $"No virtual machine with id {id}") : f(vm);
    }

    /// <summary>The service's answer to a create or power call, or the page's VM object.</summary>
    static IResult Answer(Vps247Store store, Vps247Vm vm, int status = 200) =>
        Json.Send(store.Options.Vps247PageAnswers ? Vm(store, vm) : new JsonObject { ["status"] = "success", ["id"] = vm.Id }, status);

    static IResult Act(Vps247Store store, Vps247Vm vm, string task, string during, string after, double factor = 1)
    {
        store.Task(vm, task, during, after, factor);
        return Answer(store, vm);
    }

    static JsonObject Vm(Vps247Store s, Vps247Vm v) => new()
    {
        ["id"] = v.Id, ["name"] = v.Name, ["hostname"] = v.Name + ".vps247.invalid", ["state"] = v.State,
        ["created_at"] = v.CreatedAt.ToString("O"), ["region_id"] = v.Region.Id, ["os_template_id"] = v.Template.Id,
        ["initial_password"] = v.Password, ["owner_id"] = 1, ["updated_at"] = v.UpdatedAt.ToString("O"),
        ["region_name"] = v.Region.Name, ["os_template_name"] = v.Template.Name,
        ["ip_allocations"] = new JsonArray(new JsonObject { ["version"] = 4, ["first"] = v.Ip, ["last"] = v.Ip, ["gateway"] = "192.0.2.1", ["prefixlen"] = 25 }),
        ["last_task"] = v.LastTask == null ? null : new JsonObject { ["id"] = v.LastTask.Id, ["name"] = v.LastTask.Name, ["progress"] = v.LastTask.ProgressAt(s.Now), ["status"] = v.LastTask.Status },
        ["package_id"] = v.Package.Id, ["package_name"] = v.Package.Name, ["unbilled_hours"] = 1, ["transfer"] = 22410, ["month_transfer"] = 22410,
        ["virtual_machine_disk_ids"] = new JsonArray(v.Id - 2),
    };

    static IResult Create(Vps247Store store, JsonObject b)
    {
        var missing = CreateFields.Where(n => b[n] == null).ToList();
        if (missing.Count > 0) return Error(400, "Missing required fields: " + string.Join(", ", missing));
        var name = b["name"]!.GetValueKind() == JsonValueKind.String ? b["name"]!.GetValue<string>() : "";
        if (string.IsNullOrWhiteSpace(name)) return Error(400, "name must be a non-empty string");
        if (store.Vms.Any(v => v.Name == name)) return Error(400, $"name {name} is already in use");
        int Id(string n) => b[n]!.GetValueKind() == JsonValueKind.Number && b[n]!.AsValue().TryGetValue<int>(out var i) ? i : -1;
        var region = store.Regions.FirstOrDefault(r => r.Id == Id("region_id"));
        var package = store.Packages.FirstOrDefault(p => p.Id == Id("package_id"));
        var template = store.Templates.FirstOrDefault(t => t.Id == Id("os_template_id"));
        if (region == null) return Error(400, $"region_id {b["region_id"]} does not exist");
        if (package == null) return Error(400, $"package_id {b["package_id"]} does not exist");
        if (template == null) return Error(400, $"os_template_id {b["os_template_id"]} does not exist");
        var vm = store.Add(name, "pending", region, package, template, b["has_ipv6"]?.GetValueKind() == JsonValueKind.True, b["has_private_networking"]?.GetValueKind() == JsonValueKind.True);
        store.Task(vm, "VmCreate", "pending", "running");
        return Answer(store, vm, 201);
    }
}
