using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudVm.Emulator.E24Cloud;

/// <summary>e24cloud's API under /e24cloud/{region}/v2, as its page and its three independent public clients show it: every
/// request signed (X-Date + Authorization key:HMAC over the path, as the clients sign it; the page's path-and-query form is
/// accepted too), PUT creates (zone as compute_zone_id or zone_id, SSH key as an integer key_id), POST changes state
/// (shutdown, reboot, reset and the clients' poweron/poweroff), {"success": false} at HTTP 200 for refused state changes,
/// the regions and templates catalog and the account's SSH keys.</summary>
public static class E24CloudApi
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    static E24CloudStore S(HttpContext c) => Worlds.Of(c).E24;

    public static void Map(Routes app)
    {
        var g = app.MapGroup("/e24cloud/{region}/v2");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var world = Worlds.Of(http);
            var region = (string)http.Request.RouteValues["region"]!;
            if (!E24CloudStore.Regions.Contains(region)) return Fail(404, $"Unknown region {region}");
            if (Verify(http, world) is string why) return Fail(401, why);
            lock (world.E24.Gate) world.E24.Work.Advance();
            return await next(ctx);
        });
        const string Vms = "virtual-machines";
        g.MapGet(Vms, (HttpContext c, string region) => Locked(S(c), s => Ok(new JsonObject { ["virtual_machines"] = new JsonArray(s.Vms.Where(v => v.Zone.Region == region).Select(v => (JsonNode?)Vm(v)).ToArray()) })));
        g.MapGet(Vms + "/{id}", (HttpContext c, string region, string id) => Locked(S(c), s => WithVm(s, region, id, vm => Ok(new JsonObject { ["virtual_machine"] = new JsonArray(Vm(vm)) }))));
        g.MapPut(Vms, async (HttpRequest r, string region) => await Body(r, b => Locked(S(r.HttpContext), s => Create(s, region, b))));
        g.MapPost(Vms + "/{id}/resize", async (HttpRequest r, string region, string id) => await Body(r, b => Locked(S(r.HttpContext), s => WithVm(s, region, id, vm => Resize(s, vm, b)))));
        g.MapPost(Vms + "/{id}/shutdown", async (HttpRequest r, string region, string id) => await Body(r, b => Locked(S(r.HttpContext), s => WithVm(s, region, id, vm => Shutdown(s, vm, b)))));
        g.MapPost(Vms + "/{id}/poweroff", (HttpContext c, string region, string id) => Locked(S(c), s => WithVm(s, region, id, vm => PowerOff(s, vm))));
        g.MapPost(Vms + "/{id}/poweron", (HttpContext c, string region, string id) => Locked(S(c), s => WithVm(s, region, id, vm => PowerOn(s, vm))));
        g.MapPost(Vms + "/{id}/reboot", (HttpContext c, string region, string id) => Locked(S(c), s => WithVm(s, region, id, vm => Reboot(s, vm))));
        g.MapPost(Vms + "/{id}/reset", (HttpContext c, string region, string id) => Locked(S(c), s => WithVm(s, region, id, vm => Reboot(s, vm))));
        g.MapPost(Vms + "/{id}/console", (HttpContext c, string region, string id) => Locked(S(c), s => WithVm(s, region, id, vm => vm.State != "online"
            ? Refused("The console needs a running virtual machine")
            : Json.Send(new JsonObject { ["console"] = new JsonObject { ["port"] = 5900 + Math.Abs(vm.Id.GetHashCode() % 100), ["password"] = E24CloudStore.Password(), ["host"] = $"console.{vm.Zone.Region}.e24cloud.invalid" } }))));
        g.MapPost(Vms + "/{id}/rename", async (HttpRequest r, string region, string id) => await Body(r, b => Locked(S(r.HttpContext), s => WithVm(s, region, id, vm =>
        {
            var name = Str(b, "name");
            if (string.IsNullOrWhiteSpace(name)) return Refused("name is required");
            vm.Label = name;
            return Ok(null);
        }))));
        g.MapDelete(Vms + "/{id}", async (HttpRequest r, string region, string id) => await Body(r, b => Locked(S(r.HttpContext), s => WithVm(s, region, id, vm => Delete(s, vm, b)))));
        // What the public clients read: the regions with their compute zones, the OS templates, the account's SSH keys.
        g.MapGet("regions", (HttpContext c) => Locked(S(c), s => Ok(new JsonObject
        {
            ["regions"] = new JsonArray(E24CloudStore.Regions.Select(reg => (JsonNode?)new JsonObject
            {
                ["id"] = reg, ["label"] = reg,
                ["zones"] = new JsonArray(s.Zones.Where(z => z.Region == reg).Select(z => (JsonNode?)new JsonObject { ["id"] = z.Id, ["label"] = z.Name }).ToArray()),
            }).ToArray()),
        })));
        g.MapGet("templates", (HttpContext c) => Locked(S(c), s => Ok(new JsonObject { ["templates"] = new JsonArray(s.Systems.Select(t => (JsonNode?)new JsonObject { ["id"] = t.Id, ["label"] = t.Name }).ToArray()) })));
        g.MapGet("account", (HttpContext c) => Locked(S(c), s => Ok(new JsonObject
        {
            ["account"] = new JsonObject
            {
                ["login"] = "emulator", ["sshkeys"] = new JsonArray(s.SshKeys.Select(k => (JsonNode?)new JsonObject { ["id"] = k.Id, ["label"] = k.Label, ["key"] = k.PublicKey }).ToArray()),
            },
        })));
    }

    /// <summary>Checks X-Date (RFC 1123, within 15 minutes of the world's clock) and the signature over METHOD, HOST (with
    /// port), X-Date, the raw path (or path and query, the page's form), and the raw body. Null when good, else why not.</summary>
    static string? Verify(HttpContext http, World world)
    {
        var date = http.Request.Headers["X-Date"].FirstOrDefault();
        var auth = http.Request.Headers.Authorization.FirstOrDefault();
        if (date == null || auth == null) return "Missing X-Date or Authorization header";
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)) return "X-Date is not an RFC 1123 date";
        if ((world.Now - when).Duration() > MaxClockSkew) return "X-Date is too far from the server's clock";
        var colon = auth.IndexOf(':');
        if (colon <= 0) return "Authorization must be key:signature";
        if (!world.E24.Keys.TryGetValue(auth[..colon], out var secret)) return "Unknown API key";
        if (!(http.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return "Content-Type must be application/json";
        http.Request.Body.Position = 0;
        using var ms = new MemoryStream();
        http.Request.Body.CopyTo(ms);
        http.Request.Body.Position = 0;
        var target = http.Request.RawTarget;
        var pathOnly = target.Split('?')[0];
        bool Good(string signedPath)
        {
            var head = Encoding.UTF8.GetBytes($"{http.Request.Method}\n{http.Request.Host.Value}\n{date}\n{signedPath}\n");
            var expected = Convert.ToBase64String(Compat.HmacSha256(Encoding.UTF8.GetBytes(secret), head.Concat(ms.ToArray()).ToArray()));
            return Compat.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth[(colon + 1)..]));
        }
        return Good(pathOnly) || Good(target) ? null : "Invalid signature";
    }

    static IResult Locked(E24CloudStore store, Func<E24CloudStore, IResult> f)
    {
        lock (store.Gate) return f(store);
    }

    static async Task<IResult> Body(HttpRequest r, Func<JsonObject, IResult> f)
    {
        if (r.ContentLength is null or 0) return f(new JsonObject());
        var body = await Json.ReadObjectAsync(r);
        return body == null ? Fail(400, "The request body is not a JSON object") : f(body);
    }

    static IResult WithVm(E24CloudStore store, string region, string id, Func<E24Vm, IResult> f)
    {
        var vm = store.Find(region, id);
        return vm == null ? Fail(404, $"Virtual machine {id} not found") : f(vm);
    }

    static IResult Ok(JsonObject? extra)
    {
        var o = new JsonObject { ["success"] = true };
        if (extra != null) foreach (var (k, v) in extra.ToList()) { extra.Remove(k); o[k] = v; }
        return Json.Send(o);
    }

    static IResult Fail(int status, string message) => Json.Send(new JsonObject { ["success"] = false, ["message"] = message }, status);

    /// <summary>A refused state change: HTTP 200 with success false, as the API does.</summary>
    static IResult Refused(string message) => Fail(200, message);

    static JsonObject Vm(E24Vm v) => new()
    {
        ["id"] = v.Id, ["label"] = v.Label, ["cores"] = v.Cores, ["ram"] = v.RamMb, ["adm"] = false,
        ["system"] = v.System == null ? null : new JsonObject { ["id"] = v.System.Id, ["name"] = v.System.Name },
        ["cost_per_hour"] = Math.Round(0.01 * v.Cores + 0.005 * v.RamMb / 1024.0, 4), ["state"] = v.State, ["transfer_used"] = 0,
        ["owner"] = new JsonObject { ["id"] = "1", ["name"] = "emulator" },
        ["public_interface"] = new JsonObject { ["primary_ip_ipv4address"] = v.PublicIp, ["ipv4_addresses"] = new JsonArray(new JsonObject { ["id"] = "1", ["ipv4_address"] = v.PublicIp }) },
        ["storage_volumes"] = new JsonArray(new JsonObject { ["id"] = "1", ["size"] = v.DiskGb, ["system_disk"] = true }),
        ["zone"] = new JsonObject { ["id"] = v.Zone.Id, ["name"] = v.Zone.Name },
        ["networks"] = new JsonArray(new JsonObject { ["id"] = 1, ["label"] = "public", ["mac_address"] = "52:54:00:12:34:56", ["type"] = "public" }),
        ["groups"] = new JsonArray(),
    };

    static IResult Create(E24CloudStore store, string region, JsonObject b)
    {
        if (b["create_vm"] is not JsonObject c) return Fail(400, "create_vm is required");
        var name = Str(c, "name");
        var cpus = Int(c, "cpus");
        var ram = Int(c, "ram");
        var zoneId = Str(c, "zone_id") ?? Str(c, "compute_zone_id");
        var zone = store.Zones.FirstOrDefault(z => z.Id == zoneId && z.Region == region);
        if (string.IsNullOrWhiteSpace(name)) return Fail(400, "name is required");
        if (cpus is null or < 1 or > 32) return Fail(400, "cpus must be between 1 and 32");
        if (ram is null or < 512 or > 262144) return Fail(400, "ram must be between 512 and 262144 MB");
        if (zone == null) return Fail(400, $"zone_id {zoneId} is not a zone of {region}");
        var boot = Str(c, "boot_type");
        E24System? system = null;
        string? cdrom = null;
        int? keyId = null;
        if (c.ContainsKey("key_id"))
        {
            keyId = Int(c, "key_id");
            if (keyId == null || !store.SshKeys.Any(k => k.Id == keyId)) return Fail(400, $"key_id {c["key_id"]?.ToJsonString()} is not an SSH key of the account (an integer from GET /v2/account)");
        }
        if (boot == "image")
        {
            system = store.Systems.FirstOrDefault(s => s.Id == Str(c, "os"));
            if (system == null) return Fail(400, $"os {Str(c, "os")} is not an OS template");
            if (c.ContainsKey("password") && !system.Password) return Fail(400, $"{system.Name} does not support setting the password");
            if (keyId != null && !system.Key) return Fail(400, $"{system.Name} does not support setting an SSH key");
            if (c.ContainsKey("user_data") && !system.CloudInit) return Fail(400, $"{system.Name} does not support cloud-init user data");
        }
        else if (boot == "cdrom")
        {
            cdrom = Str(c, "cdrom");
            if (string.IsNullOrWhiteSpace(cdrom)) return Fail(400, "cdrom is required when boot_type is cdrom");
            if (c.ContainsKey("password") || keyId != null || c.ContainsKey("user_data")) return Fail(400, "password, key_id and user_data need boot_type image");
        }
        else return Fail(400, "boot_type must be image or cdrom");
        var vm = store.Add(name, cpus.Value, ram.Value, "building", zone, system, cdrom, keyId);
        store.Task(vm, "building", () => vm.State = "online");
        return Ok(new JsonObject { ["virtual_machine"] = new JsonObject { ["id"] = vm.Id } });
    }

    static IResult Resize(E24CloudStore store, E24Vm vm, JsonObject b)
    {
        if (vm.Busy) return Refused($"A task is running on {vm.Label}");
        var cores = Int(b, "cores");
        var ram = Int(b, "ram");
        if (cores is null or < 1 or > 32 || ram is null or < 512 or > 262144) return Fail(400, "cores (1-32) and ram (512-262144 MB) are required");
        var before = vm.State;
        store.Task(vm, before == "online" ? "shutting_down" : "resizing", () =>
        {
            vm.Cores = cores.Value;
            vm.RamMb = ram.Value;
            vm.State = before;
        });
        return Ok(null);
    }

    static IResult Shutdown(E24CloudStore store, E24Vm vm, JsonObject b)
    {
        if (vm.Busy) return Refused($"A task is running on {vm.Label}");
        if (vm.State != "online") return Refused($"{vm.Label} is {vm.State}; only a running machine can be shut down");
        if (b.ContainsKey("wait_for") && Int(b, "wait_for") is null or < 0) return Fail(400, "wait_for must be a number of minutes");
        store.Task(vm, "shutting_down", () => vm.State = "offline");
        return Ok(null);
    }

    static IResult PowerOff(E24CloudStore store, E24Vm vm)
    {
        if (vm.Busy) return Refused($"A task is running on {vm.Label}");
        if (vm.State != "online") return Refused($"{vm.Label} is {vm.State}; it is not powered on");
        store.Task(vm, "shutting_down", () => vm.State = "offline");
        return Ok(null);
    }

    static IResult PowerOn(E24CloudStore store, E24Vm vm)
    {
        if (vm.Busy) return Refused($"A task is running on {vm.Label}");
        if (vm.State != "offline") return Refused($"{vm.Label} is {vm.State}; it is already powered on");
        store.Task(vm, "starting", () => vm.State = "online");
        return Ok(null);
    }

    static IResult Reboot(E24CloudStore store, E24Vm vm)
    {
        if (vm.Busy) return Refused($"A task is running on {vm.Label}");
        if (vm.State != "online") return Refused($"{vm.Label} is {vm.State}; only a running machine can be rebooted");
        store.Task(vm, "rebooting", () => vm.State = "online");
        return Ok(null);
    }

    static IResult Delete(E24CloudStore store, E24Vm vm, JsonObject b)
    {
        if (vm.Busy) return Refused($"A task is running on {vm.Label}");
        var del = Int(b, "deleteResources");
        if (del is not (0 or 1)) return Fail(400, "deleteResources must be 0 or 1");
        vm.DeleteResources = del;
        store.Task(vm, "deleting", () => store.Vms.Remove(vm));
        return Ok(null);
    }

    static string? Str(JsonObject b, string n) => b[n]?.GetValueKind() == JsonValueKind.String ? b[n]!.GetValue<string>() : null;
    static int? Int(JsonObject b, string n) => b[n]?.GetValueKind() == JsonValueKind.Number && b[n]!.AsValue().TryGetValue<int>(out var i) ? i : null;
}
