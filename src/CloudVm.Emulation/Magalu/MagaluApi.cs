using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudVm.Emulator.Magalu;

/// <summary>Magalu Cloud's Virtual Machine API v1 under /magalu/{region}/compute, as its page and its official SDK, CLI and
/// OpenAPI spec show it: x-api-key (x-tenant-id optional, as the SDK sends none), regions br-se1, br-ne1 and br-mgl1 (URL
/// segment br-se-1), _limit/_offset/_sort paging, expand, the state rules, {slug, message, details} errors, an optional SSH
/// key, the default VPC vpc_default, snapshots and backups that take time, restore at POST /v1/{snapshots|backups}/{id},
/// snapshot copy, machine types also at /v1/instance-types, unique names, the backup quota.</summary>
public static class MagaluApi
{
    static readonly Regex SortPattern = new(@"^(^[\w-]+:(asc|desc)(,[\w-]+:(asc|desc))*)?$");

    static MagaluStore store => Worlds.Current.Magalu;
    static EmulatorOptions options => Worlds.Current.Options;

    public static void Map(Routes app)
    {
        var g = app.MapGroup("/magalu/{region}/compute/v1");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var h = ctx.HttpContext.Request.Headers;
            var key = h["x-api-key"].FirstOrDefault();
            if (key == null || !store.Keys.Contains(key)) return Err(401, "unauthorized", "Missing or invalid x-api-key");
            if (h["x-tenant-id"].FirstOrDefault() is string tenant && tenant != store.Tenant) return Err(403, "forbidden", $"The key has no access to tenant {tenant}");
            var path = ctx.HttpContext.Request.Path.Value ?? "";
            if (!options.MagaluBackups && path.Contains("/v1/backups")) return Results.StatusCode(404);
            if (store.Region((string)ctx.HttpContext.Request.RouteValues["region"]!) == null) return Err(404, "not_found", "Unknown region");
            lock (store.Gate) store.Work.Advance();
            return await next(ctx);
        });

        g.MapGet("instances", (HttpRequest r, string region) => L(store, () => Page(r, store.Region(region)!.Instances, "instances", (v, ex) => Instance(store, store.Region(region)!, v, ex))));
        g.MapPost("instances", (HttpRequest r, string region) => Body(store, r, b => Create(store, store.Region(region)!, b)));
        g.MapGet("instances/{id}", (HttpRequest r, string region, string id) => L(store, () => WithVm(store, region, id, vm => Json.Send(Instance(store, store.Region(region)!, vm, Expand(r))))));
        g.MapDelete("instances/{id}", (string region, string id, bool? delete_public_ip) => L(store, () => WithVm(store, region, id, vm =>
        {
            if (vm.Status != "completed") return Busy(vm);
            var reg = store.Region(region)!;
            store.Operate(reg, vm, "deleting", null, () => { if (delete_public_ip != true) foreach (var p in reg.Ports.Where(p => p.InstanceId == vm.Id && p.Primary)) p.PublicIp = null; });
            return Results.StatusCode(204);
        })));
        foreach (var (action, allowed, status, after) in new[]
        {
            ("start", new[] { "stopped", "suspended" }, "starting", "running"),
            ("stop", new[] { "running" }, "stopping", "stopped"),
            ("suspend", new[] { "running" }, "suspending", "suspended"),
            ("reboot", new[] { "running", "suspended" }, "rebooting", "running"),
        })
        {
            g.MapPost("instances/{id}/" + action, (string region, string id) => L(store, () => WithVm(store, region, id, vm =>
            {
                if (vm.Status != "completed") return Busy(vm);
                if (!allowed.Contains(vm.State)) return Err(409, "invalid_state", $"The instance must be in the {string.Join(" or ", allowed)} state to {action}; it is {vm.State}");
                store.Operate(store.Region(region)!, vm, status, after);
                return Results.StatusCode(204);
            })));
        }
        g.MapPatch("instances/{id}/rename", (HttpRequest r, string region, string id) => Body(store, r, b => WithVm(store, region, id, vm =>
        {
            var name = Str(b, "name");
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255) return Err(422, "validation_error", "name must have 1 to 255 characters", new JsonObject { ["name"] = "invalid" });
            vm.Name = name;
            return Results.StatusCode(204);
        })));
        g.MapPost("instances/{id}/retype", (HttpRequest r, string region, string id) => Body(store, r, b => WithVm(store, region, id, vm =>
        {
            if (vm.Status != "completed") return Busy(vm);
            if (vm.State is not ("running" or "stopped")) return Err(409, "invalid_state", $"The instance must be running or stopped to change its machine type; it is {vm.State}");
            var type = MachineType(store, b["machine_type"] as JsonObject);
            if (type == null) return Err(422, "validation_error", "machine_type must name an existing machine type by id or name", new JsonObject { ["machine_type"] = "not found" });
            if (type.Disk < vm.MachineType.Disk) return Err(422, "incompatible_machine_type", $"{type.Name} is not compatible with {vm.MachineType.Name}: its disk ({type.Disk} GB) is smaller");
            var before = vm.State;
            store.Operate(store.Region(region)!, vm, "retyping", before, () => vm.MachineType = type);
            return Results.StatusCode(204);
        })));
        g.MapPost("instances/network-interface/{verb}", (HttpRequest r, string region, string verb) => Body(store, r, b => Nic(store, store.Region(region)!, verb, b)));
        g.MapGet("images", (HttpRequest r) => L(store, () => Page(r, store.Images, "images", (i, _) => new JsonObject { ["id"] = i.Id, ["name"] = i.Name, ["platform"] = i.Platform, ["status"] = "active" })));
        g.MapGet("machine-types", (HttpRequest r) => options.MagaluInstanceTypesOnly ? Results.StatusCode(404) : L(store, () => Page(r, store.MachineTypes, "machine_types", (m, _) => Type(m))));
        g.MapGet("instance-types", (HttpRequest r) => L(store, () => Page(r, store.MachineTypes, "instance_types", (m, _) => Type(m))));

        foreach (var kind in new[] { "snapshots", "backups" })
        {
            bool backups = kind == "backups";
            Func<string, List<MagaluCopy>> list = region => backups ? store.Region(region)!.Backups : store.Region(region)!.Snapshots;
            g.MapGet(kind, (HttpRequest r, string region) => L(store, () => Page(r, list(region), kind, (c, ex) => Copy(c, ex, backups))));
            g.MapGet(kind + "/{id}", (HttpRequest r, string region, string id) => L(store, () => WithCopy(list(region), id, c => Json.Send(Copy(c, Expand(r), backups)))));
            g.MapPost(kind, (HttpRequest r, string region) => Body(store, r, b => CreateCopy(store, store.Region(region)!, list(region), b, backups)));
            g.MapDelete(kind + "/{id}", (string region, string id) => L(store, () => WithCopy(list(region), id, c =>
            {
                c.State = "deleting";
                c.Status = "deleting";
                store.Work.After(store.Duration, () => list(region).Remove(c));
                return Results.StatusCode(204);
            })));
            g.MapPatch(kind + "/{id}/rename", (HttpRequest r, string region, string id) => Body(store, r, b => WithCopy(list(region), id, c =>
            {
                var name = Str(b, "name");
                if (string.IsNullOrWhiteSpace(name) || name.Length > 255) return Err(422, "validation_error", "name must have 1 to 255 characters", new JsonObject { ["name"] = "invalid" });
                if (backups && c.Status != "completed") return Err(409, "invalid_state", $"A backup can only be renamed when its status is completed; it is {c.Status}");
                if (list(region).Any(o => o != c && o.Name == name)) return Err(409, "conflict", $"A {kind[..^1]} named '{name}' already exists");
                c.Name = name;
                return Results.StatusCode(204);
            })));
            // Restore is POST /v1/{kind}/{id} with the new instance's settings (every spec version and the SDK; no /restore).
            g.MapPost(kind + "/{id}", (HttpRequest r, string region, string id) => Body(store, r, b => WithCopy(list(region), id, c => Restore(store, store.Region(region)!, c, b, backups))));
        }
        g.MapPost("snapshots/{id}/copy", (HttpRequest r, string region, string id) => Body(store, r, b => WithCopy(store.Region(region)!.Snapshots, id, c =>
        {
            var target = Str(b, "destination_region");
            var dest = target == null ? null : store.Region(target);
            if (dest == null || target is not ("br-se1" or "br-ne1" or "br-mgl1")) return Err(422, "validation_error", "destination_region must be one of br-se1, br-ne1, br-mgl1", new JsonObject { ["destination_region"] = "invalid enum value" });
            if (c.State != "available") return Err(409, "invalid_state", "Only an available snapshot can be copied");
            var copy = new MagaluCopy { Id = Guid.NewGuid().ToString(), Name = c.Name, InstanceId = c.InstanceId, InstanceName = c.InstanceName, MachineType = c.MachineType, CreatedAt = store.Now, UpdatedAt = store.Now };
            dest.Snapshots.Add(copy);
            store.Ready(copy);
            return Json.Send(new JsonObject { ["id"] = copy.Id });
        })));
        g.MapPost("backups/{id}/copy", (HttpRequest r, string region, string id) => Body(store, r, b => WithCopy(store.Region(region)!.Backups, id, c =>
        {
            var target = Str(b, "region");
            if (target is not ("br-se1" or "br-se-1" or "br-ne-1")) return Err(422, "validation_error", "region must be one of br-se1, br-se-1, br-ne-1", new JsonObject { ["region"] = "invalid enum value" });
            if (c.Status != "completed") return Err(409, "invalid_state", "Only a completed backup can be copied");
            var copy = new MagaluCopy { Id = Guid.NewGuid().ToString(), Name = c.Name, InstanceId = c.InstanceId, InstanceName = c.InstanceName, MachineType = c.MachineType, BackupType = c.BackupType, CreatedAt = store.Now, UpdatedAt = store.Now };
            store.Region(target)!.Backups.Add(copy);
            store.Ready(copy);
            return Json.Send(new JsonObject { ["id"] = copy.Id });
        })));
    }

    // ---- helpers ----

    static IResult L(MagaluStore store, Func<IResult> f)
    {
        lock (store.Gate) return f();
    }

    static async Task<IResult> Body(MagaluStore store, HttpRequest r, Func<JsonObject, IResult> f)
    {
        var b = await Json.ReadObjectAsync(r);
        lock (store.Gate) return b == null ? Err(422, "validation_error", "The request body must be a JSON object") : f(b);
    }

    public static IResult Err(int status, string slug, string message, JsonObject? details = null) =>
        Json.Send(options.MagaluErrorOnly
            ? new JsonObject { ["error"] = message }
            : new JsonObject { ["slug"] = slug, ["message"] = message, ["details"] = details ?? new JsonObject() }, status);

    static IResult Busy(MagaluInstance vm) => Err(409, "invalid_state", $"The instance is busy ({vm.Status}); wait for the current operation to finish");

    static IResult WithVm(MagaluStore store, string region, string id, Func<MagaluInstance, IResult> f)
    {
        var vm = store.Region(region)!.Instances.FirstOrDefault(v => v.Id == id);
        return vm == null ? Err(404, "not_found", $"Instance {id} not found") : f(vm);
    }

    static IResult WithCopy(List<MagaluCopy> list, string id, Func<MagaluCopy, IResult> f)
    {
        var c = list.FirstOrDefault(x => x.Id == id);
        return c == null ? Err(404, "not_found", $"{id} not found") : f(c);
    }

    static HashSet<string> Expand(HttpRequest r) =>
        r.Query["expand"].SelectMany(v => (v ?? "").SplitTrimmed(',')).ToHashSet();

    static IResult Page<T>(HttpRequest r, IEnumerable<T> items, string key, Func<T, HashSet<string>, JsonObject> shape)
    {
        int limit = 50, offset = 0;
        if (r.Query.TryGetValue("_limit", out var l) && (!int.TryParse(l, out limit) || limit < 1)) return Err(422, "validation_error", "_limit must be a positive integer", new JsonObject { ["_limit"] = "invalid" });
        if (r.Query.TryGetValue("_offset", out var o) && (!int.TryParse(o, out offset) || offset < 0)) return Err(422, "validation_error", "_offset must be 0 or more", new JsonObject { ["_offset"] = "invalid" });
        limit = options.ServedPageSize(limit);
        var sort = r.Query["_sort"].FirstOrDefault() ?? "created_at:asc";
        if (!SortPattern.IsMatch(sort)) return Err(422, "validation_error", "_sort must look like field:asc or field:desc", new JsonObject { ["_sort"] = "invalid" });
        var ex = Expand(r);
        var shaped = items.Select(i => shape(i, ex)).ToList();
        foreach (var part in Enumerable.Reverse(sort.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            var (field, dir) = (part.Split(':')[0], part.Split(':')[1]);
            shaped = (dir == "asc" ? shaped.OrderBy(x => x[field]?.ToString()) : shaped.OrderByDescending(x => x[field]?.ToString())).ToList();
        }
        return Json.Send(new JsonObject { [key] = new JsonArray(shaped.Skip(offset).Take(limit).Select(x => (JsonNode?)x).ToArray()) });
    }

    /// <summary>RAM in MB as the spec's schema has it, or in GB as some of its examples do (EmulatorOptions.MagaluRamInGB).</summary>
    static JsonObject Type(MagaluMachineType m) => new() { ["id"] = m.Id, ["name"] = m.Name, ["vcpus"] = m.Vcpus, ["ram"] = options.MagaluRamInGB ? m.RamMb / 1024 : m.RamMb, ["disk"] = m.Disk, ["status"] = "active" };

    static MagaluMachineType? MachineType(MagaluStore store, JsonObject? reference) =>
        reference == null ? null : store.MachineTypes.FirstOrDefault(m => m.Id == Str(reference, "id") || (Str(reference, "id") == null && m.Name == Str(reference, "name")));

    static JsonObject Instance(MagaluStore store, MagaluRegion region, MagaluInstance v, HashSet<string> expand) => new()
    {
        ["id"] = v.Id, ["name"] = v.Name, ["state"] = v.State, ["status"] = v.Status, ["availability_zone"] = v.Zone,
        ["created_at"] = v.CreatedAt.ToString("O"), ["updated_at"] = v.UpdatedAt.ToString("O"), ["ssh_key_name"] = v.SshKeyName, ["user_data"] = v.UserData,
        ["image"] = expand.Contains("image") ? new JsonObject { ["id"] = v.Image.Id, ["name"] = v.Image.Name, ["platform"] = v.Image.Platform } : new JsonObject { ["id"] = v.Image.Id },
        ["machine_type"] = expand.Contains("machine-type") || expand.Contains("machine-types") ? Type(v.MachineType) : new JsonObject { ["id"] = v.MachineType.Id },
        ["network"] = new JsonObject
        {
            ["vpc"] = new JsonObject { ["id"] = "vpc-" + v.Vpc, ["name"] = v.Vpc },
            ["interfaces"] = new JsonArray(region.Ports.Where(p => p.InstanceId == v.Id).Select(p => (JsonNode?)new JsonObject
            {
                ["id"] = p.Id, ["name"] = p.Name, ["primary"] = p.Primary,
                ["ip_addresses"] = new JsonObject { ["private_ipv4"] = p.PrivateIp, ["public_ipv4"] = p.PublicIp },
            }).ToArray()),
        },
        ["error"] = v.Error,
    };

    static JsonObject Copy(MagaluCopy c, HashSet<string> expand, bool backup)
    {
        var o = new JsonObject
        {
            ["id"] = c.Id, ["name"] = c.Name, ["state"] = c.State, ["status"] = c.Status, ["size"] = c.MachineType.Disk,
            ["created_at"] = c.CreatedAt.ToString("O"), ["updated_at"] = c.UpdatedAt.ToString("O"),
            // The service names the instance by id (its name only with EmulatorOptions.MagaluCopyInstanceNames).
            ["instance"] = expand.Contains("instance") || expand.Contains("machine-type")
                ? new JsonObject { ["id"] = c.InstanceId, ["name"] = options.MagaluCopyInstanceNames ? c.InstanceName : null, ["machine_type"] = Type(c.MachineType) }
                : new JsonObject { ["id"] = c.InstanceId },
        };
        if (backup)
        {
            o["backup_type"] = c.BackupType ?? "manual";
            o["min_disk"] = c.MachineType.Disk;
        }
        return o;
    }

    static IResult Create(MagaluStore store, MagaluRegion region, JsonObject b)
    {
        var details = new JsonObject();
        var name = Str(b, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255) details["name"] = "must have 1 to 255 characters";
        var type = MachineType(store, b["machine_type"] as JsonObject);
        if (type == null) details["machine_type"] = "not found";
        var imageRef = b["image"] as JsonObject;
        var image = imageRef == null ? null : store.Images.FirstOrDefault(i => i.Id == Str(imageRef, "id") || (Str(imageRef, "id") == null && i.Name == Str(imageRef, "name")));
        if (image == null) details["image"] = "not found";
        if (b.ContainsKey("ssh_key_name") && Str(b, "ssh_key_name") == null) details["ssh_key_name"] = "must be a string";
        var userData = Str(b, "user_data");
        if (userData != null && !IsBase64(userData)) details["user_data"] = "must be a Base64 encoded string";
        if (details.Count > 0) return Err(422, "validation_error", "The request is not valid", details);
        var network = b["network"] as JsonObject;
        var publicIp = network?["associate_public_ip"]?.GetValueKind() != JsonValueKind.False;
        var vpc = network?["vpc"] is JsonObject v ? Str(v, "name") ?? Str(v, "id") ?? MagaluStore.DefaultVpc : MagaluStore.DefaultVpc;
        var vm = store.Add(region, name!, "pending", type!, image!, "creating", publicIp, userData, Str(b, "ssh_key_name") ?? "", Str(b, "availability_zone"), vpc);
        store.Operate(region, vm, "creating", "running");
        return Json.Send(new JsonObject { ["id"] = vm.Id });
    }

    static IResult Nic(MagaluStore store, MagaluRegion region, string verb, JsonObject b)
    {
        var instRef = b["instance"] as JsonObject;
        var vm = instRef == null ? null : region.Instances.FirstOrDefault(v => v.Id == Str(instRef, "id") || (Str(instRef, "id") == null && v.Name == Str(instRef, "name")));
        if (vm == null) return Err(404, "not_found", "Instance not found");
        var portId = Str((b["network"] as JsonObject)?["interface"] as JsonObject ?? new JsonObject(), "id");
        var port = region.Ports.FirstOrDefault(p => p.Id == portId);
        if (port == null) return Err(404, "not_found", $"Network interface {portId} not found");
        if (vm.Status != "completed") return Busy(vm);
        if (verb == "attach")
        {
            if (port.InstanceId != null) return Err(409, "conflict", $"Network interface {port.Name} is already attached");
            store.Operate(region, vm, "attaching_nic", vm.State, () => port.InstanceId = vm.Id);
        }
        else if (verb == "detach")
        {
            if (port.InstanceId != vm.Id) return Err(409, "conflict", $"Network interface {port.Name} is not attached to {vm.Name}");
            if (port.Primary) return Err(422, "validation_error", "The primary network interface cannot be detached", new JsonObject { ["network.interface.id"] = "primary" });
            store.Operate(region, vm, "detaching_nic", vm.State, () => port.InstanceId = null);
        }
        else return Err(404, "not_found", "Unknown action");
        return Results.StatusCode(204);
    }

    static IResult CreateCopy(MagaluStore store, MagaluRegion region, List<MagaluCopy> list, JsonObject b, bool backup)
    {
        var name = Str(b, "name");
        var instRef = b["instance"] as JsonObject;
        var vm = instRef == null ? null : region.Instances.FirstOrDefault(v => v.Id == Str(instRef, "id") || (Str(instRef, "id") == null && v.Name == Str(instRef, "name")));
        var kind = backup ? "backup" : "snapshot";
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255) return Err(422, "validation_error", "name must have 1 to 255 characters", new JsonObject { ["name"] = "invalid" });
        if (vm == null) return Err(422, "validation_error", $"It is only possible to create a {kind} of a valid virtual machine", new JsonObject { ["instance"] = "not found" });
        if (list.Any(c => c.Name == name)) return Err(409, "conflict", $"A {kind} named '{name}' already exists; names must be unique");
        if (backup && list.Count(c => c.InstanceId == vm.Id) >= MagaluStore.BackupQuota)
            return Err(422, "quota_exceeded", $"The instance {vm.Name} already has {MagaluStore.BackupQuota} backups; remove one to create another");
        var copy = new MagaluCopy { Id = Guid.NewGuid().ToString(), Name = name, InstanceId = vm.Id, InstanceName = vm.Name, MachineType = vm.MachineType, BackupType = backup ? "manual" : null, CreatedAt = store.Now, UpdatedAt = store.Now };
        list.Add(copy);
        store.Ready(copy);
        return Json.Send(new JsonObject { ["id"] = copy.Id });
    }

    static IResult Restore(MagaluStore store, MagaluRegion region, MagaluCopy c, JsonObject b, bool backup)
    {
        if (c.State != "available" || c.Status != "completed") return Err(409, "invalid_state", $"The {(backup ? "backup" : "snapshot")} is not ready to restore ({c.State}/{c.Status})");
        var name = Str(b, "name");
        var type = MachineType(store, b["machine_type"] as JsonObject);
        var details = new JsonObject();
        if (string.IsNullOrWhiteSpace(name)) details["name"] = "field required";
        if (type == null) details["machine_type"] = "not found";
        if (backup && b["network"] == null) details["network"] = "field required";
        if (details.Count > 0) return Err(422, "validation_error", "The request is not valid", details);
        if (type!.Disk < c.MachineType.Disk) return Err(422, "validation_error", $"The machine type's disk ({type.Disk} GB) is smaller than the original's ({c.MachineType.Disk} GB)");
        var image = store.Images[0];
        var vm = store.Add(region, name!, "pending", type, image, "creating", true, Str(b, "user_data"), Str(b, "ssh_key_name") ?? "");
        store.Operate(region, vm, "creating", "running");
        return Json.Send(new JsonObject { ["id"] = vm.Id });
    }

    static bool IsBase64(string s)
    {
        try { Convert.FromBase64String(s); return true; }
        catch (FormatException) { return false; }
    }

    static string? Str(JsonObject b, string n) => b[n]?.GetValueKind() == JsonValueKind.String ? b[n]!.GetValue<string>() : null;
}
