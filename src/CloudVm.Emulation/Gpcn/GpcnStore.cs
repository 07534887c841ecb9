using System.Security.Cryptography;

namespace CloudVm.Emulator.Gpcn;

/// <summary>The job shapes: the service's (data.jobs[] with jobId, isCompleted, hasFailed, resourceId, resourceName,
/// resourceType: what GPCN's own Terraform provider reads), and the two in GPCN's docs: the guide's
/// (status/progress/error) and the reference schema's (stage/progressPercentage/isCompleted/hasFailed/canRetry).</summary>
public enum GpcnJobSchema { Service, Guide, Reference }

public sealed class GpcnDatacenter
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Region { get; init; }
    public int RegionId { get; init; }
    public required string Country { get; init; }
    public string Code { get; init; } = "";
    public string CountryAbbr { get; init; } = "";
    public bool NetworkHotplug { get; init; } = true;
}

public sealed record GpcnConfiguration(int Id, string Name, int Cpu, int Ram, int Disk, string Category = "general")
{
    /// <summary>The live API's category code and size code.</summary>
    public string CategoryCode => Category == "memory" ? "memory-optimized" : "general-purpose";
    public string SkuCode => Name.ToLowerInvariant().Replace('-', '.');
}

public sealed record GpcnImage(int Id, string Name)
{
    /// <summary>The live API's image id: a string.</summary>
    public string StringId => $"f3a1c2d4-0000-4000-8000-{Id:D12}";
    public string Category => Name.StartsWith("Windows", StringComparison.Ordinal) ? "Windows" : "Linux";
}
public sealed record GpcnNetwork(string Id, string Name, string Type, string DatacenterId);

public sealed class GpcnNic
{
    public required string Id { get; init; }
    public required GpcnNetwork Network { get; init; }
    public string PrivateIp { get; set; } = "";
    public string? PublicIp { get; set; }
    public bool Primary { get; set; }
}

public sealed class GpcnVm
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Status { get; set; }
    public int? TeamId { get; set; }
    public required GpcnConfiguration Configuration { get; set; }
    public required GpcnImage Image { get; init; }
    public required GpcnDatacenter Datacenter { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<GpcnNic> Nics { get; } = new();
    public bool ConsoleEnabled { get; set; } = true;
    public string Password { get; init; } = "";
    public string PrivateKey { get; init; } = "";
    public List<string> SshKeyIds { get; init; } = new();
    public string? UserName { get; set; }
    /// <summary>A job is changing this VM: other state changes get 409.</summary>
    public bool Busy { get; set; }
    public string? PrimaryPrivateIp => Nics.FirstOrDefault(n => n.Primary)?.PrivateIp;
    public string? PrimaryPublicIp => Nics.FirstOrDefault(n => n.Primary)?.PublicIp ?? Nics.FirstOrDefault(n => n.PublicIp != null)?.PublicIp;
}

public sealed class GpcnJob
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string ResourceType { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public TimeSpan Duration { get; init; }
    public Action? OnComplete { get; init; }
    public Action? OnFail { get; init; }
    public string? FailWith { get; init; }
    /// <summary>Start/stop/reset answer 200 without a job; their work is still a timed job internally.</summary>
    public bool Internal { get; init; }
    public bool Finished { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>GPCN's state: data centers, catalog, VMs, NICs and jobs that take real time. Jobs advance on
/// every request by the clock (no background timers), so a test sees the same thing a user would.</summary>
public sealed class GpcnStore
{
    readonly EmulatorOptions options;
    readonly Queue<string> failNext = new();
    int ipCounter = 10;

    public GpcnStore(EmulatorOptions options)
    {
        this.options = options;
        Datacenters.Add(new GpcnDatacenter { Id = "0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01", Name = "US East 1", Code = "us-east-1", Region = "North America", RegionId = 1, Country = "United States", CountryAbbr = "US", NetworkHotplug = true });
        Datacenters.Add(new GpcnDatacenter { Id = "7d4e1a90-3b2c-4f8d-8e61-0a9b8c7d6e02", Name = "EU Central 1", Code = "eu-central-1", Region = "Europe", RegionId = 2, Country = "Germany", CountryAbbr = "DE", NetworkHotplug = false });
        foreach (var c in new[]
        {
            new GpcnConfiguration(30, "GP-Micro-1", 2, 4, 40), new GpcnConfiguration(45, "GP-Small-1", 4, 8, 80),
            new GpcnConfiguration(67, "GP-Medium-1", 8, 16, 160), new GpcnConfiguration(89, "GP-Large-1", 16, 32, 320),
            new GpcnConfiguration(120, "MO-Large-1", 8, 64, 160, "memory"),
        }) Configurations.Add(c.Id, c);
        foreach (var i in new[] { new GpcnImage(12, "Ubuntu 24.04 LTS"), new GpcnImage(13, "Debian 12"), new GpcnImage(14, "Windows Server 2022") }) Images.Add(i.Id, i);
        Teams.Add(5);
        Teams.Add(7);
        Networks.Add(new GpcnNetwork("3f1d2c4b-0000-4a6b-9c8d-000000000101", "us-east-public", "standard", Datacenters[0].Id));
        Networks.Add(new GpcnNetwork("3f1d2c4b-0000-4a6b-9c8d-000000000102", "us-east-backend", "standard", Datacenters[0].Id));
        Networks.Add(new GpcnNetwork("3f1d2c4b-0000-4a6b-9c8d-000000000103", "us-east-storage-l2", "l2", Datacenters[0].Id));
        Networks.Add(new GpcnNetwork("3f1d2c4b-0000-4a6b-9c8d-000000000201", "eu-central-public", "standard", Datacenters[1].Id));
        Networks.Add(new GpcnNetwork("3f1d2c4b-0000-4a6b-9c8d-000000000202", "eu-central-backend", "standard", Datacenters[1].Id));
        if (options.VmCount is int count)
            for (int i = 1; i <= count; i++) AddVm($"vm-{i}", "Running", Datacenters[0], Configurations[45], Images[12], 5, publicIp: true);
        else if (options.Seed)
        {
            AddVm("web-server-1", "Running", Datacenters[0], Configurations[45], Images[12], 5, publicIp: true);
            AddVm("web-server-2", "Stopped", Datacenters[0], Configurations[45], Images[12], 5, publicIp: true);
            AddVm("db-1", "Running", Datacenters[1], Configurations[67], Images[13], 7, publicIp: false);
        }
        if (options.ExampleSeed && options.VmCount == null) SeedExamples();
    }

    /// <summary>What the help examples and README name on GPCN (web-1 on two networks, test-1).</summary>
    public void SeedExamples()
    {
        var front = Networks.First(n => n.Name == "us-east-public");
        var back = Networks.First(n => n.Name == "us-east-backend");
        AddVm("web-1", "Running", Datacenters[0], Configurations[45], Images[12], 5, publicIp: true, networks: new[] { front, back });
        AddVm("test-1", "Running", Datacenters[0], Configurations[30], Images[12], null, publicIp: false);
    }

    public object Gate { get; } = new();
    public List<GpcnDatacenter> Datacenters { get; } = new();
    public Dictionary<int, GpcnConfiguration> Configurations { get; } = new();
    public Dictionary<int, GpcnImage> Images { get; } = new();
    public HashSet<int> Teams { get; } = new();
    public List<GpcnNetwork> Networks { get; } = new();
    public List<GpcnVm> Vms { get; } = new();
    public Dictionary<string, GpcnJob> Jobs { get; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan JobDuration => options.JobDuration;

    /// <summary>A size's skuId in a data center (the live API offers each size per data center, by a string id).</summary>
    public string SkuId(GpcnDatacenter dc, GpcnConfiguration cfg) => $"5a1c0000-0000-4000-8000-{Datacenters.IndexOf(dc):D4}{cfg.Id:D8}";

    /// <summary>The size a skuId names in a data center.</summary>
    public GpcnConfiguration? BySku(GpcnDatacenter dc, string? skuId) => Configurations.Values.FirstOrDefault(c => string.Equals(SkuId(dc, c), skuId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sizes a VM can be upgraded to in place: its category, nothing smaller, not its own.</summary>
    public IEnumerable<GpcnConfiguration> UpgradesOf(GpcnVm vm) => Configurations.Values.Where(c =>
        c.Category == vm.Configuration.Category && c != vm.Configuration && c.Cpu >= vm.Configuration.Cpu && c.Ram >= vm.Configuration.Ram && c.Disk >= vm.Configuration.Disk);
    public EmulatorOptions Options => options;
    public DateTimeOffset Now => options.Clock.GetUtcNow();

    /// <summary>The next job started fails with this message (tests of job failure).</summary>
    public void FailNextJob(string message)
    {
        lock (Gate) failNext.Enqueue(message);
    }

    public GpcnVm AddVm(string name, string status, GpcnDatacenter dc, GpcnConfiguration cfg, GpcnImage image, int? teamId, bool publicIp, IEnumerable<GpcnNetwork>? networks = null)
    {
        lock (Gate)
        {
            var now = options.Clock.GetUtcNow();
            var vm = new GpcnVm
            {
                Id = Guid.NewGuid().ToString(), Name = name, Status = status, TeamId = teamId, Configuration = cfg, Image = image, Datacenter = dc,
                CreatedAt = now.AddSeconds(Vms.Count), UpdatedAt = now,
                Password = Convert.ToBase64String(Compat.RandomBytes(12)),
                PrivateKey = "-----BEGIN RSA PRIVATE KEY-----\n" + Convert.ToBase64String(Compat.RandomBytes(48)) + "\n-----END RSA PRIVATE KEY-----\n",
            };
            var nets = networks?.ToList() ?? new List<GpcnNetwork> { Networks.First(n => n.DatacenterId == dc.Id) };
            for (int i = 0; i < nets.Count; i++)
                vm.Nics.Add(new GpcnNic { Id = Guid.NewGuid().ToString(), Network = nets[i], PrivateIp = NextPrivateIp(), Primary = i == 0, PublicIp = i == 0 && publicIp && nets[i].Type == "standard" ? NextPublicIp() : null });
            Vms.Add(vm);
            return vm;
        }
    }

    public string NextPrivateIp() => $"10.0.{ipCounter / 250}.{ipCounter++ % 250 + 2}";
    public string NextPublicIp() => $"203.0.113.{ipCounter++ % 250 + 2}";

    public GpcnVm? Find(string id) => Vms.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts a timed job (caller holds the lock).</summary>
    public GpcnJob StartJob(string type, string resourceType, string? resourceId, Action onComplete, Action? onFail = null, bool isInternal = false)
    {
        var job = new GpcnJob
        {
            Id = Guid.NewGuid().ToString(), Type = type, ResourceType = resourceType, ResourceId = resourceId,
            CreatedAt = options.Clock.GetUtcNow(), UpdatedAt = options.Clock.GetUtcNow(), Duration = options.JobDuration,
            OnComplete = onComplete, OnFail = onFail, Internal = isInternal,
            FailWith = failNext.Count > 0 ? failNext.Dequeue() : null,
        };
        Jobs[job.Id] = job;
        return job;
    }

    /// <summary>Finishes every job whose time has come (caller holds the lock).</summary>
    public void Advance()
    {
        var now = options.Clock.GetUtcNow();
        foreach (var job in Jobs.Values.Where(j => !j.Finished && now - j.CreatedAt >= j.Duration).OrderBy(j => j.CreatedAt).ToList())
        {
            job.Finished = true;
            job.UpdatedAt = job.CreatedAt + job.Duration;
            if (job.FailWith == null) job.OnComplete?.Invoke();
            else job.OnFail?.Invoke();
        }
    }

    /// <summary>The job's state in the guide's words.</summary>
    public (string status, int progress) StateOf(GpcnJob job)
    {
        if (job.Finished) return (job.FailWith == null ? "completed" : "failed", job.FailWith == null ? 100 : (int)Math.Min(99, 100 * 0.5));
        var elapsed = options.Clock.GetUtcNow() - job.CreatedAt;
        var progress = (int)Compat.Clamp(100 * elapsed.TotalMilliseconds / Math.Max(1, job.Duration.TotalMilliseconds), 0, 99);
        return (elapsed < job.Duration.Times(0.2) ? "pending" : "in_progress", progress);
    }
}
