using System.Globalization;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudVm.Emulator.Gpcn;

/// <summary>GPCN's API under /gpcn/v1 as the live service answers it (as its current Terraform provider calls it, NOTES.md):
/// the catalog of data centers with their sizes (skuId) and images (string ids), creates by skuId, imageId and authMethod,
/// resizes by skuId answering one job, a flat detail answer, the live statuses and the error envelopes
/// {message, error: {code, message, details}} and the rate limiter's {error: {code, message, retryAfter}}. Besides that,
/// what gpcn.md documents: X-API-Key (or Bearer) auth, rate limit headers, paging/sort/search/filters, async jobs, the
/// state rules and the bulk endpoints. The page's older forms (configurationId, the nested detail) are covered by the
/// client tests with fixtures, not served here.</summary>
public static class GpcnApi
{
    const string Vms = "resource/virtual-machines";
    static readonly string[] SortFields = { "name", "createdAt", "updatedAt", "configuration", "region", "datacenter" };

    public static void Map(Routes app)
    {
        var windows = new ConcurrentDictionary<string, (long minute, int count)>();
        var g = app.MapGroup("/gpcn/v1");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var world = Worlds.Of(http);
            var store = world.Gpcn;
            var options = world.Options;
            var key = http.Request.Headers["X-API-Key"].FirstOrDefault();
            var auth = http.Request.Headers.Authorization.FirstOrDefault();
            if (key == null && auth != null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = auth.Substring(7).Trim();
            if (key == null || !options.GpcnApiKeys.Contains(key)) return Err(401, "UNAUTHORIZED", "Invalid or missing API key");
            var minute = store.Now.ToUnixTimeSeconds() / 60;
            var w = windows.AddOrUpdate(world.Id + ":" + key, _ => (minute, 1), (_, old) => old.minute == minute ? (minute, old.count + 1) : (minute, 1));
            http.Response.Headers["X-RateLimit-Limit"] = options.GpcnRateLimit.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Remaining"] = Math.Max(0, options.GpcnRateLimit - w.count).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Reset"] = ((minute + 1) * 60).ToString(CultureInfo.InvariantCulture);
            if (w.count > options.GpcnRateLimit)
            {
                var wait = (minute + 1) * 60 - store.Now.ToUnixTimeSeconds();
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return Results.Text(new JsonObject { ["error"] = new JsonObject { ["code"] = "RATE_LIMIT_EXCEEDED", ["message"] = "Too many requests", ["retryAfter"] = wait } }.ToJsonString(), "application/json", statusCode: 429);
            }
            lock (store.Gate) store.Advance();
            return await next(ctx);
        });

        g.MapGet(Vms, (HttpContext c) => Locked(S(c), store => List(store, c.Request.Query)));
        g.MapPost(Vms, (HttpRequest r) => WithBody(r, b => Locked(S(r.HttpContext), store => Create(store, b))));
        g.MapGet(Vms + "/{id}", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Ok(Detail(vm)))));
        g.MapPut(Vms + "/{id}", (HttpRequest r, string id) => WithBody(r, b => Locked(S(r.HttpContext), store => WithVm(store, id, vm => Edit(store, vm, b)))));
        g.MapDelete(Vms + "/{id}", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Delete(store, vm))));
        g.MapPost(Vms + "/{id}/start", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Power(store, vm, "start"))));
        g.MapPost(Vms + "/{id}/stop", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Power(store, vm, "stop"))));
        g.MapPost(Vms + "/{id}/reset", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Power(store, vm, "reset"))));
        g.MapPut(Vms + "/{id}/size", (HttpRequest r, string id) => WithBody(r, b => Locked(S(r.HttpContext), store => WithVm(store, id, vm => Upgrade(store, vm, b)))));
        g.MapGet(Vms + "/{id}/ssh-key", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Ok(new JsonObject { ["privateKey"] = vm.PrivateKey }))));
        g.MapGet(Vms + "/{id}/password", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Ok(new JsonObject { ["sshPassword"] = vm.Password }))));
        g.MapGet(Vms + "/{id}/console", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Console(vm))));
        g.MapGet(Vms + "/{id}/network-interfaces", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Ok(new JsonArray(vm.Nics.Select(n => (JsonNode?)Nic(n)).ToArray())))));
        g.MapPost(Vms + "/{id}/network-interfaces", (HttpRequest r, string id) => WithBody(r, b => Locked(S(r.HttpContext), store => WithVm(store, id, vm => AddNic(store, vm, b)))));
        g.MapPut(Vms + "/{id}/network-interfaces/{nicId}", (HttpRequest r, string id, string nicId) => WithBody(r, b => Locked(S(r.HttpContext), store => WithVm(store, id, vm => UpdateNic(vm, nicId, b)))));
        g.MapDelete(Vms + "/{id}/network-interfaces/{nicId}", (HttpContext c, string id, string nicId) => Locked(S(c), store => WithVm(store, id, vm => RemoveNic(store, vm, nicId))));
        g.MapPost(Vms + "/{id}/network-interfaces/{nicId}/public-ip", (HttpContext c, string id, string nicId) => Locked(S(c), store => WithVm(store, id, vm => PublicIp(store, vm, nicId, allocate: true))));
        g.MapDelete(Vms + "/{id}/network-interfaces/{nicId}/public-ip", (HttpContext c, string id, string nicId) => Locked(S(c), store => WithVm(store, id, vm => PublicIp(store, vm, nicId, allocate: false))));
        g.MapGet(Vms + "/{id}/available-networks", (HttpContext c, string id) => Locked(S(c), store => WithVm(store, id, vm => Ok(new JsonArray(Available(store, vm).Select(n => (JsonNode?)Network(n)).ToArray())))));
        foreach (var action in new[] { "start", "stop", "reset" })
            g.MapPost(Vms + "/bulk/" + action, (HttpRequest r) => WithBody(r, b => Locked(S(r.HttpContext), store => Bulk(store, b, action))));
        g.MapPost(Vms + "/bulk/delete", (HttpRequest r) => WithBody(r, b => Locked(S(r.HttpContext), store => BulkDelete(store, b))));
        g.MapPost("resource/jobs", (HttpRequest r) => WithBody(r, b => Locked(S(r.HttpContext), store => PollJobs(store, b, store.Options.GpcnJobSchema))));
        g.MapGet("resource/data-centers", (HttpContext c) => Locked(S(c), store => DataCenters(store, c.Request.Query)));
        g.MapGet("resource/data-centers/{dc}/virtual-machine-sizes", (HttpContext c, string dc) => Locked(S(c), store => WithDc(store, dc, d => Sizes(store, d, c.Request.Query["vmId"].FirstOrDefault()))));
        g.MapGet("resource/data-centers/{dc}/virtual-machine-images", (HttpContext c, string dc) => Locked(S(c), store => WithDc(store, dc, d => ImagesOf(d))));
    }

    // ---- envelope ----

    static IResult Ok(JsonNode? data, JsonNode? meta = null, int status = 200)
    {
        var o = new JsonObject { ["success"] = true, ["data"] = data };
        if (meta != null) o["meta"] = meta;
        return Results.Text(o.ToJsonString(), "application/json", statusCode: status);
    }

    /// <summary>The live API's error envelope: {message, error: {code, message, details}}.</summary>
    public static IResult Err(int status, string code, string message, JsonNode? details = null) =>
        Results.Text(new JsonObject { ["message"] = message, ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = details } }.ToJsonString(), "application/json", statusCode: status);

    // ---- catalog ----

    static IResult WithDc(GpcnStore store, string id, Func<GpcnDatacenter, IResult> f)
    {
        var dc = store.Datacenters.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
        return dc == null ? Err(404, "NOT_FOUND", $"Data center {id} not found") : f(dc);
    }

    static IResult DataCenters(GpcnStore store, QueryCollection q)
    {
        int page = 1, limit = 10;
        if (q.TryGetValue("page", out var p) && (!int.TryParse(p, out page) || page < 1)) return Err(400, "VALIDATION_ERROR", "page must be a positive integer");
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1 || limit > 100)) return Err(400, "VALIDATION_ERROR", "limit must be between 1 and 100");
        IEnumerable<GpcnDatacenter> dcs = store.Datacenters;
        if (q.TryGetValue("search", out var s) && !string.IsNullOrEmpty(s)) dcs = dcs.Where(d => d.Name.Contains(s!, StringComparison.OrdinalIgnoreCase) || d.Code.Contains(s!, StringComparison.OrdinalIgnoreCase));
        if (q.TryGetValue("countryName", out var country)) dcs = dcs.Where(d => string.Equals(d.Country, country, StringComparison.OrdinalIgnoreCase));
        if (q.TryGetValue("regionName", out var region)) dcs = dcs.Where(d => string.Equals(d.Region, region, StringComparison.OrdinalIgnoreCase));
        var all = dcs.ToList();
        var items = all.Skip((page - 1) * limit).Take(limit).Select(d => (JsonNode?)new JsonObject
        {
            ["id"] = d.Id, ["name"] = d.Name, ["code"] = d.Code, ["regionId"] = d.RegionId, ["regionName"] = d.Region,
            ["countryId"] = d.RegionId * 10, ["countryName"] = d.Country, ["countryAbbreviation"] = d.CountryAbbr,
            ["continentCode"] = d.RegionId == 1 ? "NA" : "EU", ["continentName"] = d.Region, ["gpuEnabled"] = false, ["customImages"] = true,
            ["vpcCapable"] = true, ["l2Capable"] = store.Networks.Any(n => n.DatacenterId == d.Id && n.Type == "l2"),
        }).ToArray();
        return Ok(new JsonArray(items), new JsonObject { ["totalPages"] = (all.Count + limit - 1) / limit });
    }

    static IResult Sizes(GpcnStore store, GpcnDatacenter dc, string? vmId)
    {
        IEnumerable<GpcnConfiguration> sizes = store.Configurations.Values;
        if (vmId != null)
        {
            var vm = store.Find(vmId);
            if (vm == null) return Err(404, "NOT_FOUND", $"Virtual machine {vmId} not found");
            if (vm.Datacenter != dc) return Err(400, "VALIDATION_ERROR", $"Virtual machine {vm.Name} is not in data center {dc.Name}");
            sizes = store.UpgradesOf(vm);
        }
        var categories = sizes.GroupBy(c => c.CategoryCode).Select(g => (JsonNode?)new JsonObject
        {
            ["code"] = g.Key, ["name"] = g.Key == "memory-optimized" ? "Memory Optimized" : "General Purpose",
            ["sizes"] = new JsonArray(g.OrderBy(c => c.Cpu).Select(c => (JsonNode?)new JsonObject
            {
                ["skuId"] = store.SkuId(dc, c), ["name"] = c.Name, ["skuCode"] = c.SkuCode, ["cpu"] = c.Cpu, ["ram"] = c.Ram, ["disk"] = c.Disk,
            }).ToArray()),
        }).ToArray();
        return Ok(new JsonObject { ["datacenterId"] = dc.Id, ["categories"] = new JsonArray(categories) });
    }

    static readonly string[] ImageCategories = { "Linux", "Windows" };

    static IResult ImagesOf(GpcnDatacenter dc) => Ok(new JsonArray(
        ImageCategories.Select((cat, i) => (JsonNode?)new JsonObject
        {
            ["id"] = i + 1, ["name"] = cat, ["sortOrder"] = i + 1,
            ["images"] = new JsonArray(Worlds.Current.Gpcn.Images.Values.Where(x => x.Category == cat).Select(x => (JsonNode?)new JsonObject { ["id"] = x.StringId, ["name"] = x.Name }).ToArray()),
        }).ToArray()));

    static GpcnStore S(HttpContext c) => Worlds.Of(c).Gpcn;

    static IResult Locked(GpcnStore store, Func<GpcnStore, IResult> f)
    {
        lock (store.Gate) return f(store);
    }

    static async Task<IResult> WithBody(HttpRequest request, Func<JsonObject, IResult> f)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body);
            return node is JsonObject o ? f(o) : Err(400, "VALIDATION_ERROR", "The request body must be a JSON object");
        }
        catch (JsonException)
        {
            return Err(400, "INVALID_JSON", "The request body is not valid JSON");
        }
    }

    static IResult WithVm(GpcnStore store, string id, Func<GpcnVm, IResult> f)
    {
        var vm = store.Find(id);
        return vm == null ? Err(404, "NOT_FOUND", $"Virtual machine {id} not found") : f(vm);
    }

    // ---- shapes ----

    static JsonObject Configuration(GpcnStore store, GpcnVm vm) => new()
    {
        ["id"] = vm.Configuration.Id, ["name"] = vm.Configuration.Name, ["code"] = vm.Configuration.SkuCode, ["categoryCode"] = vm.Configuration.CategoryCode,
        ["skuId"] = store.SkuId(vm.Datacenter, vm.Configuration), ["skuCode"] = vm.Configuration.SkuCode,
        ["cpu"] = vm.Configuration.Cpu, ["ram"] = vm.Configuration.Ram, ["disk"] = vm.Configuration.Disk,
    };

    static JsonObject ListItem(GpcnVm vm) => new()
    {
        ["id"] = vm.Id, ["name"] = vm.Name, ["status"] = vm.Status,
        ["createdAt"] = vm.CreatedAt.ToString("O"), ["updatedAt"] = vm.UpdatedAt.ToString("O"),
        ["configuration"] = Configuration(Worlds.Current.Gpcn, vm),
        ["datacenter"] = new JsonObject { ["id"] = vm.Datacenter.Id, ["name"] = vm.Datacenter.Name, ["region"] = vm.Datacenter.Region, ["country"] = vm.Datacenter.Country },
        ["imageName"] = vm.Image.Name, ["primaryPrivateIp"] = vm.PrimaryPrivateIp, ["primaryPublicIp"] = vm.PrimaryPublicIp,
    };

    /// <summary>The live detail: a flat data object (the page nests it under data.virtualMachine).</summary>
    static JsonObject Detail(GpcnVm vm) => new()
    {
        ["status"] = vm.Status, ["id"] = vm.Id, ["name"] = vm.Name,
        ["createdAt"] = vm.CreatedAt.ToString("O"), ["updatedAt"] = vm.UpdatedAt.ToString("O"),
        ["configuration"] = Configuration(Worlds.Current.Gpcn, vm),
        ["image"] = vm.Image.Name, ["username"] = vm.UserName, ["sshKeyId"] = vm.SshKeyIds.FirstOrDefault(), ["sshKeyName"] = vm.SshKeyIds.Count > 0 ? "key-" + vm.SshKeyIds[0] : null,
        ["networkHotplug"] = vm.Datacenter.NetworkHotplug ? 1 : 0, ["resourceGroupId"] = vm.TeamId?.ToString(CultureInfo.InvariantCulture),
        ["datacenter"] = new JsonObject { ["id"] = vm.Datacenter.Id, ["name"] = vm.Datacenter.Name, ["region"] = vm.Datacenter.Region, ["countryAbbr"] = vm.Datacenter.CountryAbbr, ["country"] = vm.Datacenter.Country },
    };

    static JsonObject Nic(GpcnNic n) => new()
    {
        ["id"] = n.Id, ["networkId"] = n.Network.Id, ["networkName"] = n.Network.Name, ["networkType"] = n.Network.Type,
        ["privateIp"] = n.PrivateIp, ["publicIp"] = n.PublicIp, ["primary"] = n.Primary,
    };

    static JsonObject Network(GpcnNetwork n) => new() { ["id"] = n.Id, ["name"] = n.Name, ["type"] = n.Type, ["datacenterId"] = n.DatacenterId };

    /// <summary>The answer to an accepted async request: the service's data.jobs[] (GPCN's Terraform provider reads
    /// data.jobs[0].jobId), or the page's tracking object (an array for creates).</summary>
    static IResult Accepted(GpcnStore store, IReadOnlyList<GpcnJob> jobs, bool array = false)
    {
        if (store.Options.GpcnJobSchema == GpcnJobSchema.Service)
            return Ok(new JsonObject { ["jobs"] = new JsonArray(jobs.Select(j => (JsonNode?)ServiceJob(store, j)).ToArray()) }, status: 202);
        if (array) return Ok(new JsonArray(jobs.Select(j => (JsonNode?)JobTracking(j)).ToArray()), status: 202);
        return Ok(JobTracking(jobs[0]), status: 202);
    }

    static JsonObject ServiceJob(GpcnStore store, GpcnJob job) => new()
    {
        ["jobId"] = job.Id, ["isCompleted"] = job.Finished, ["hasFailed"] = job.Finished && job.FailWith != null,
        ["resourceId"] = job.ResourceId, ["resourceName"] = job.ResourceType == "vm" ? store.Find(job.ResourceId ?? "")?.Name ?? job.ResourceName : job.ResourceName, ["resourceType"] = job.ResourceType,
    };

    static JsonObject JobTracking(GpcnJob job) => new()
    {
        ["id"] = job.Id, ["status"] = "pending", ["resourceType"] = job.ResourceType, ["createdAt"] = job.CreatedAt.ToString("O"),
    };

    static JsonObject JobState(GpcnStore store, GpcnJob job, GpcnJobSchema schema)
    {
        var (status, progress) = store.StateOf(job);
        var o = new JsonObject { ["id"] = job.Id, ["type"] = job.Type, ["resourceType"] = job.ResourceType, ["resourceId"] = job.ResourceId };
        if (schema == GpcnJobSchema.Guide)
        {
            o["status"] = status;
            o["progress"] = progress;
            o["error"] = job.Finished ? job.FailWith : null;
        }
        else
        {
            o["stage"] = status switch { "pending" => "queued", "in_progress" => "provisioning", "completed" => "done", _ => "error" };
            o["progressPercentage"] = progress;
            o["isCompleted"] = job.Finished;
            o["hasFailed"] = job.Finished && job.FailWith != null;
            o["canRetry"] = job.Finished && job.FailWith != null;
            o["error"] = job.Finished && job.FailWith != null ? new JsonObject { ["message"] = job.FailWith } : null;
        }
        o["createdAt"] = job.CreatedAt.ToString("O");
        o["updatedAt"] = job.UpdatedAt.ToString("O");
        return o;
    }

    // ---- list ----

    static IResult List(GpcnStore store, QueryCollection q)
    {
        int page = 1, limit = 10;
        if (q.TryGetValue("page", out var p) && (!int.TryParse(p, out page) || page < 1)) return Err(400, "VALIDATION_ERROR", "page must be a positive integer");
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1 || limit > 100)) return Err(400, "VALIDATION_ERROR", "limit must be between 1 and 100");
        limit = store.Options.ServedPageSize(limit);
        IEnumerable<GpcnVm> vms = store.Vms;
        if (q.TryGetValue("search", out var s) && !string.IsNullOrEmpty(s))
            vms = vms.Where(v => v.Name.Contains(s!, StringComparison.OrdinalIgnoreCase) || v.Nics.Any(n => n.PrivateIp == s || n.PublicIp == s));
        if (q.TryGetValue("filter[teamId]", out var team)) vms = vms.Where(v => v.TeamId?.ToString(CultureInfo.InvariantCulture) == team);
        if (q.TryGetValue("filter[regionId]", out var region)) vms = vms.Where(v => v.Datacenter.RegionId.ToString(CultureInfo.InvariantCulture) == region);
        if (q.TryGetValue("filter[datacenterId]", out var dc)) vms = vms.Where(v => string.Equals(v.Datacenter.Id, dc, StringComparison.OrdinalIgnoreCase));
        if (q.TryGetValue("filter[configurationId]", out var cfg)) vms = vms.Where(v => v.Configuration.Id.ToString(CultureInfo.InvariantCulture) == cfg);
        if (q.TryGetValue("filter[imageName]", out var img)) vms = vms.Where(v => string.Equals(v.Image.Name, img, StringComparison.OrdinalIgnoreCase));
        if (q.TryGetValue("filter[status]", out var st)) vms = vms.Where(v => string.Equals(v.Status, st, StringComparison.OrdinalIgnoreCase));

        var sort = q.TryGetValue("sort", out var so) && !string.IsNullOrEmpty(so) ? so.ToString() : "createdAt:desc";
        var parts = sort.Split(':');
        if (parts.Length != 2 || !SortFields.Contains(parts[0]) || (parts[1] != "asc" && parts[1] != "desc"))
            return Err(400, "VALIDATION_ERROR", $"sort must be field:asc|desc with field one of {string.Join(", ", SortFields)}");
        Func<GpcnVm, object> key = parts[0] switch
        {
            "name" => v => v.Name, "updatedAt" => v => v.UpdatedAt, "configuration" => v => v.Configuration.Name,
            "region" => v => v.Datacenter.Region, "datacenter" => v => v.Datacenter.Name, _ => v => v.CreatedAt,
        };
        var ordered = (parts[1] == "asc" ? vms.OrderBy(key) : vms.OrderByDescending(key)).ThenBy(v => v.Id).ToList();
        int total = ordered.Count, totalPages = (total + limit - 1) / limit;
        var items = ordered.Skip((page - 1) * limit).Take(limit).Select(v => (JsonNode?)ListItem(v)).ToArray();
        var meta = new JsonObject
        {
            ["total"] = total, ["page"] = page, ["pageSize"] = limit, ["totalPages"] = totalPages,
            ["hasNextPage"] = page < totalPages, ["hasPreviousPage"] = page > 1,
        };
        if (store.Options.GpcnOmitPageSize) meta.Remove("pageSize");
        return Ok(new JsonArray(items), meta);
    }

    // ---- create, edit, delete ----

    /// <summary>The live create: name, datacenterId, skuId (a string, offered in that data center), imageId (a string),
    /// authMethod ("ssh-key" with sshKeyId and an optional username, or "password" with username and password),
    /// numberOfInstances, allocatePublicIp, resourceGroupId (a string), networkInterfaces [{networkId, primary}].</summary>
    static IResult Create(GpcnStore store, JsonObject b)
    {
        var name = Str(b, "name");
        var dcId = Str(b, "datacenterId");
        var imageId = Str(b, "imageId");
        var skuId = Str(b, "skuId");
        var auth = Str(b, "authMethod");
        var missing = new[] { ("name", name != null), ("datacenterId", dcId != null), ("imageId", imageId != null), ("skuId", skuId != null), ("authMethod", auth != null) }
            .Where(x => !x.Item2).Select(x => x.Item1).ToList();
        if (missing.Count > 0)
            return Err(400, "VALIDATION_ERROR", "Missing or invalid required fields: " + string.Join(", ", missing), new JsonObject(missing.Select(m => new KeyValuePair<string, JsonNode?>(m, "required"))));
        if (string.IsNullOrWhiteSpace(name)) return Err(400, "VALIDATION_ERROR", "name must not be empty");
        var dc = store.Datacenters.FirstOrDefault(d => string.Equals(d.Id, dcId, StringComparison.OrdinalIgnoreCase));
        if (dc == null) return Err(400, "VALIDATION_ERROR", $"Data center {dcId} does not exist");
        var cfg = store.BySku(dc, skuId);
        if (cfg == null) return Err(400, "VALIDATION_ERROR", $"Size {skuId} is not offered in data center {dc.Name}");
        var image = store.Images.Values.FirstOrDefault(i => string.Equals(i.StringId, imageId, StringComparison.OrdinalIgnoreCase));
        if (image == null) return Err(400, "VALIDATION_ERROR", $"Image {imageId} does not exist in data center {dc.Name}");
        string? user = Str(b, "username"), sshKeyId = null;
        switch (auth)
        {
            case "ssh-key":
                sshKeyId = Str(b, "sshKeyId");
                if (string.IsNullOrEmpty(sshKeyId)) return Err(400, "VALIDATION_ERROR", "sshKeyId is required with authMethod ssh-key", new JsonObject { ["sshKeyId"] = "required" });
                break;
            case "password":
                var password = Str(b, "password");
                if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return Err(400, "VALIDATION_ERROR", "username and password are required with authMethod password");
                if (password.Length < 8) return Err(400, "VALIDATION_ERROR", "password must be at least 8 characters", new JsonObject { ["password"] = "too short" });
                break;
            default:
                return Err(400, "VALIDATION_ERROR", "authMethod must be ssh-key or password", new JsonObject { ["authMethod"] = "invalid" });
        }
        var count = b.ContainsKey("numberOfInstances") ? Int(b, "numberOfInstances") : 1;
        if (count is null or < 1 or > 10) return Err(400, "VALIDATION_ERROR", "numberOfInstances must be between 1 and 10");
        var publicIp = b["allocatePublicIp"]?.GetValueKind() == JsonValueKind.True;
        int? team = null;
        if (b.ContainsKey("resourceGroupId") && b["resourceGroupId"] != null)
        {
            if (!int.TryParse(Str(b, "resourceGroupId"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) || !store.Teams.Contains(t))
                return Err(400, "VALIDATION_ERROR", $"Resource group {b["resourceGroupId"]} does not exist");
            team = t;
        }
        var networks = new List<GpcnNetwork>();
        if (b["networkInterfaces"] is JsonArray nics)
        {
            if (nics.Count is < 1 or > 5) return Err(400, "VALIDATION_ERROR", "networkInterfaces must have 1 to 5 entries");
            if (nics.Count(n => n?["primary"]?.GetValueKind() == JsonValueKind.True) != 1) return Err(400, "VALIDATION_ERROR", "Exactly one network interface must be primary");
            foreach (var n in nics.OrderByDescending(n => n?["primary"]?.GetValueKind() == JsonValueKind.True))
            {
                var netId = n?["networkId"]?.GetValueKind() == JsonValueKind.String ? n["networkId"]!.GetValue<string>() : null;
                var net = store.Networks.FirstOrDefault(x => string.Equals(x.Id, netId, StringComparison.OrdinalIgnoreCase) && x.DatacenterId == dc.Id);
                if (net == null) return Err(400, "VALIDATION_ERROR", $"Network {netId} does not exist in data center {dc.Name}");
                networks.Add(net);
            }
        }

        var jobs = new List<GpcnJob>();
        for (int i = 1; i <= count; i++)
        {
            var vm = store.AddVm(count == 1 ? name! : $"{name}-{i}", "Provisioning", dc, cfg, image, team, publicIp, networks.Count > 0 ? networks : null);
            if (sshKeyId != null) vm.SshKeyIds.Add(sshKeyId);
            vm.UserName = user ?? (image.Category == "Windows" ? "Administrator" : "ubuntu");
            vm.Busy = true;
            var job = store.StartJob("create", "vm", vm.Id, () => { vm.Status = "Running"; vm.Busy = false; vm.UpdatedAt = store.Now; },
                () => { vm.Status = "Error"; vm.Busy = false; });
            jobs.Add(job);
        }
        return Accepted(store, jobs, array: true);
    }

    static IResult Edit(GpcnStore store, GpcnVm vm, JsonObject b)
    {
        if (b.ContainsKey("name"))
        {
            var name = Str(b, "name");
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255) return Err(400, "VALIDATION_ERROR", "name must be a non-empty string");
            vm.Name = name;
        }
        if (b.ContainsKey("teamId"))
        {
            if (b["teamId"] == null) vm.TeamId = null;
            else
            {
                var team = Int(b, "teamId");
                if (team == null || !store.Teams.Contains(team.Value)) return Err(400, "VALIDATION_ERROR", $"Resource group {b["teamId"]} does not exist");
                vm.TeamId = team;
            }
        }
        vm.UpdatedAt = store.Now;
        return Ok(new JsonObject { ["id"] = vm.Id, ["name"] = vm.Name, ["teamId"] = vm.TeamId });
    }

    static IResult Delete(GpcnStore store, GpcnVm vm)
    {
        if (vm.Busy) return Busy(vm);
        return Accepted(store, new[] { DeleteJob(store, vm) });
    }

    static GpcnJob DeleteJob(GpcnStore store, GpcnVm vm)
    {
        var before = vm.Status;
        vm.Status = "Deleting";
        vm.Busy = true;
        return store.StartJob("delete", "vm", vm.Id, () => store.Vms.Remove(vm), () => { vm.Status = before; vm.Busy = false; });
    }

    static IResult Busy(GpcnVm vm) => Err(409, "VM_BUSY", $"Virtual machine {vm.Name} is {vm.Status.ToLowerInvariant()}; wait for the current operation to finish");

    // ---- power ----

    static (int status, string code, string message)? PowerRule(GpcnVm vm, string action)
    {
        if (vm.Busy) return (409, "VM_BUSY", $"Virtual machine {vm.Name} is {vm.Status.ToLowerInvariant()}; wait for the current operation to finish");
        return action switch
        {
            "start" when vm.Status != "Stopped" => (409, "INVALID_STATE", $"Virtual machine {vm.Name} is {vm.Status}; only a stopped VM can be started"),
            "stop" when vm.Status != "Running" => (409, "INVALID_STATE", $"Virtual machine {vm.Name} is {vm.Status}; only a running VM can be stopped"),
            "reset" when vm.Status != "Running" => (409, "INVALID_STATE", $"Virtual machine {vm.Name} is {vm.Status}; only a running VM can be reset"),
            _ => null,
        };
    }

    static void StartPower(GpcnStore store, GpcnVm vm, string action)
    {
        var (during, after) = action switch { "start" => ("Starting", "Running"), "stop" => ("Stopping", "Stopped"), _ => ("Rebooting", "Running") };
        var before = vm.Status;
        vm.Status = during;
        vm.Busy = true;
        store.StartJob(action, "vm", vm.Id, () => { vm.Status = after; vm.Busy = false; vm.UpdatedAt = store.Now; },
            () => { vm.Status = before; vm.Busy = false; }, isInternal: true);
    }

    static IResult Power(GpcnStore store, GpcnVm vm, string action)
    {
        if (PowerRule(vm, action) is var (status, code, message)) return Err(status, code, message);
        StartPower(store, vm, action);
        return Ok(new JsonObject { ["id"] = vm.Id, ["status"] = vm.Status });
    }

    static List<string>? Ids(JsonObject b) => (b["ids"] as JsonArray)?.Select(x => x?.GetValueKind() == JsonValueKind.String ? x.GetValue<string>() : "").ToList();

    static IResult Bulk(GpcnStore store, JsonObject b, string action)
    {
        var ids = Ids(b);
        if (ids == null || ids.Count is < 1 or > 50) return Err(400, "VALIDATION_ERROR", "ids must be an array of 1 to 50 VM ids");
        var results = new JsonArray();
        foreach (var id in ids)
        {
            var vm = store.Find(id);
            if (vm == null) results.Add(new JsonObject { ["id"] = id, ["success"] = false, ["error"] = "NOT_FOUND", ["message"] = $"Virtual machine {id} not found" });
            else if (PowerRule(vm, action) is var (_, code, message)) results.Add(new JsonObject { ["id"] = id, ["success"] = false, ["error"] = code, ["message"] = message });
            else
            {
                StartPower(store, vm, action);
                results.Add(new JsonObject { ["id"] = id, ["success"] = true, ["status"] = vm.Status });
            }
        }
        return Ok(results);
    }

    static IResult BulkDelete(GpcnStore store, JsonObject b)
    {
        var ids = Ids(b);
        if (ids == null || ids.Count is < 1 or > 50) return Err(400, "VALIDATION_ERROR", "ids must be an array of 1 to 50 VM ids");
        var results = new JsonArray();
        foreach (var id in ids)
        {
            var vm = store.Find(id);
            if (vm == null) results.Add(new JsonObject { ["resourceId"] = id, ["success"] = false, ["error"] = "NOT_FOUND", ["message"] = $"Virtual machine {id} not found" });
            else if (vm.Busy) results.Add(new JsonObject { ["resourceId"] = id, ["success"] = false, ["error"] = "VM_BUSY", ["message"] = $"Virtual machine {vm.Name} is {vm.Status.ToLowerInvariant()}" });
            else
            {
                var job = DeleteJob(store, vm);
                var t = store.Options.GpcnJobSchema == GpcnJobSchema.Service ? ServiceJob(store, job) : JobTracking(job);
                t["resourceId"] = vm.Id;
                results.Add(t);
            }
        }
        return Ok(store.Options.GpcnJobSchema == GpcnJobSchema.Service ? new JsonObject { ["jobs"] = results } : results, status: 202);
    }

    // ---- upgrade ----

    /// <summary>The live resize: {skuId} of a size the VM can be upgraded to in place; the answer is one job (data.jobId).</summary>
    static IResult Upgrade(GpcnStore store, GpcnVm vm, JsonObject b)
    {
        var skuId = Str(b, "skuId");
        if (skuId == null) return Err(400, "VALIDATION_ERROR", "skuId is required", new JsonObject { ["skuId"] = "required" });
        var cfg = store.BySku(vm.Datacenter, skuId);
        if (cfg == null) return Err(400, "VALIDATION_ERROR", $"Size {skuId} is not offered in data center {vm.Datacenter.Name}");
        if (vm.Busy) return Busy(vm);
        var cur = vm.Configuration;
        if (!store.UpgradesOf(vm).Contains(cfg))
            return Err(400, "DOWNGRADE_NOT_ALLOWED", $"Only upgrades are allowed: {cfg.Name} ({cfg.Cpu} CPU, {cfg.Ram} GB RAM, {cfg.Disk} GB disk) is not an upgrade of {cur.Name} ({cur.Cpu} CPU, {cur.Ram} GB RAM, {cur.Disk} GB disk)");
        var before = vm.Status;
        vm.Status = "Resizing";
        vm.Busy = true;
        var job = store.StartJob("upgrade", "vm", vm.Id, () => { vm.Configuration = cfg; vm.Status = before; vm.Busy = false; vm.UpdatedAt = store.Now; },
            () => { vm.Status = before; vm.Busy = false; });
        return Ok(new JsonObject { ["jobId"] = job.Id }, status: 202);
    }

    // ---- console, networks ----

    static IResult Console(GpcnVm vm)
    {
        if (!vm.ConsoleEnabled) return Err(400, "CONSOLE_DISABLED", $"The console is not enabled for {vm.Name}");
        if (vm.Status != "Running") return Err(409, "INVALID_STATE", $"Virtual machine {vm.Name} is {vm.Status}; the console needs a running VM");
        var token = Compat.Hex(Compat.RandomBytes(16)).ToLowerInvariant();
        return Ok(new JsonObject { ["consoleUrl"] = $"https://console.emulator.invalid/vnc/?token={token}" });
    }

    static IEnumerable<GpcnNetwork> Available(GpcnStore store, GpcnVm vm) =>
        store.Networks.Where(n => n.DatacenterId == vm.Datacenter.Id && vm.Nics.All(x => x.Network.Id != n.Id));

    static IResult? HotplugRule(GpcnVm vm)
    {
        if (vm.Busy) return Busy(vm);
        if (!vm.Datacenter.NetworkHotplug && vm.Status != "Stopped")
            return Err(409, "VM_MUST_BE_STOPPED", $"Network hotplug is not available for {vm.Name}; stop the VM before changing its network interfaces");
        return null;
    }

    static IResult AddNic(GpcnStore store, GpcnVm vm, JsonObject b)
    {
        var netId = Str(b, "networkId");
        var net = Available(store, vm).FirstOrDefault(n => string.Equals(n.Id, netId, StringComparison.OrdinalIgnoreCase));
        if (net == null) return Err(400, "VALIDATION_ERROR", $"Network {netId} is not available to {vm.Name}");
        if (vm.Nics.Count >= 5) return Err(400, "VALIDATION_ERROR", "A VM can have at most 5 network interfaces");
        if (HotplugRule(vm) is IResult r) return r;
        var nic = new GpcnNic { Id = Guid.NewGuid().ToString(), Network = net, PrivateIp = store.NextPrivateIp() };
        var job = store.StartJob("attach-network-interface", "network-interface", nic.Id, () => vm.Nics.Add(nic));
        return Accepted(store, new[] { job });
    }

    static IResult UpdateNic(GpcnVm vm, string nicId, JsonObject b)
    {
        var nic = vm.Nics.FirstOrDefault(n => string.Equals(n.Id, nicId, StringComparison.OrdinalIgnoreCase));
        if (nic == null) return Err(404, "NOT_FOUND", $"Network interface {nicId} not found on {vm.Name}");
        if (b["setPrimary"]?.GetValueKind() != JsonValueKind.True) return Err(400, "VALIDATION_ERROR", "setPrimary must be true");
        foreach (var n in vm.Nics) n.Primary = n == nic;
        return Ok(Nic(nic));
    }

    static IResult RemoveNic(GpcnStore store, GpcnVm vm, string nicId)
    {
        var nic = vm.Nics.FirstOrDefault(n => string.Equals(n.Id, nicId, StringComparison.OrdinalIgnoreCase));
        if (nic == null) return Err(404, "NOT_FOUND", $"Network interface {nicId} not found on {vm.Name}");
        if (nic.Primary) return Err(400, "CANNOT_REMOVE_PRIMARY", "The primary network interface cannot be removed; make another interface primary first");
        if (HotplugRule(vm) is IResult r) return r;
        var job = store.StartJob("detach-network-interface", "network-interface", nic.Id, () => vm.Nics.Remove(nic));
        return Accepted(store, new[] { job });
    }

    static IResult PublicIp(GpcnStore store, GpcnVm vm, string nicId, bool allocate)
    {
        var nic = vm.Nics.FirstOrDefault(n => string.Equals(n.Id, nicId, StringComparison.OrdinalIgnoreCase));
        if (nic == null) return Err(404, "NOT_FOUND", $"Network interface {nicId} not found on {vm.Name}");
        if (allocate)
        {
            if (nic.Network.Type != "standard") return Err(400, "VALIDATION_ERROR", $"Public IPs can only be assigned on standard (L3) networks; {nic.Network.Name} is {nic.Network.Type}");
            if (nic.PublicIp != null) return Err(409, "PUBLIC_IP_EXISTS", $"Network interface {nicId} already has public IP {nic.PublicIp}");
            var ip = store.NextPublicIp();
            return Accepted(store, new[] { store.StartJob("allocate-public-ip", "network-interface", nic.Id, () => nic.PublicIp = ip) });
        }
        if (nic.PublicIp == null) return Err(404, "NOT_FOUND", $"Network interface {nicId} has no public IP");
        return Accepted(store, new[] { store.StartJob("release-public-ip", "network-interface", nic.Id, () => nic.PublicIp = null) });
    }

    // ---- jobs ----

    static IResult PollJobs(GpcnStore store, JsonObject b, GpcnJobSchema schema)
    {
        var ids = (b["jobIds"] as JsonArray)?.Select(x => x?.ToString() ?? "").ToList();
        if (ids == null || ids.Count is < 1 or > 50) return Err(400, "VALIDATION_ERROR", "jobIds must be an array of 1 to 50 job ids");
        var found = ids.Select(id => store.Jobs.TryGetValue(id, out var j) && !j.Internal ? j : null).Where(j => j != null).ToList();
        if (schema == GpcnJobSchema.Service) return Ok(new JsonObject { ["jobs"] = new JsonArray(found.Select(j => (JsonNode?)ServiceJob(store, j!)).ToArray()) });
        return Ok(new JsonArray(found.Select(j => (JsonNode?)JobState(store, j!, schema)).ToArray()));
    }

    // ---- body helpers ----

    static string? Str(JsonObject b, string name) => b[name]?.GetValueKind() == JsonValueKind.String ? b[name]!.GetValue<string>() : null;

    static int? Int(JsonObject b, string name)
    {
        var n = b[name];
        if (n?.GetValueKind() != JsonValueKind.Number) return null;
        return n.AsValue().TryGetValue<int>(out var i) ? i : null;
    }
}
