using System.Text.Json.Nodes;

namespace CloudVm.Emulator.Magalu;

public sealed record MagaluMachineType(string Id, string Name, int Vcpus, int RamMb, int Disk);
public sealed record MagaluImage(string Id, string Name, string Platform);

public sealed class MagaluPort
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string PrivateIp { get; init; } = "";
    public string? PublicIp { get; set; }
    public bool Primary { get; set; }
    public string? InstanceId { get; set; }
}

public sealed class MagaluInstance
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string State { get; set; }
    public string Status { get; set; } = "completed";
    public required MagaluMachineType MachineType { get; set; }
    public required MagaluImage Image { get; init; }
    public string Zone { get; init; } = "";
    public string SshKeyName { get; init; } = "";
    public string? UserData { get; init; }
    public string Vpc { get; init; } = MagaluStore.DefaultVpc;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject? Error { get; set; }
}

public sealed class MagaluCopy
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string InstanceId { get; init; }
    public string? InstanceName { get; init; }
    public required MagaluMachineType MachineType { get; init; }
    public string State { get; set; } = "creating";
    public string Status { get; set; } = "creating";
    public string? BackupType { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One region's instances, ports, snapshots and backups.</summary>
public sealed class MagaluRegion
{
    public required string Name { get; init; }
    public List<MagaluInstance> Instances { get; } = new();
    public List<MagaluPort> Ports { get; } = new();
    public List<MagaluCopy> Snapshots { get; } = new();
    public List<MagaluCopy> Backups { get; } = new();
}

/// <summary>Magalu Cloud's state: regions br-se1, br-ne1 and br-mgl1, one tenant, machine types and images.</summary>
public sealed class MagaluStore
{
    public const int BackupQuota = 100;
    int ip = 10;

    public MagaluStore(EmulatorOptions options)
    {
        Duration = options.JobDuration;
        Work = new TimedWork(options.Clock);
        MachineTypes.AddRange(new[]
        {
            new MagaluMachineType("a6f0b1a2-0000-4000-8000-000000000001", "BV1-1-10", 1, 1024, 10),
            new MagaluMachineType("a6f0b1a2-0000-4000-8000-000000000002", "BV2-2-20", 2, 2048, 20),
            new MagaluMachineType("a6f0b1a2-0000-4000-8000-000000000003", "BV4-8-40", 4, 8192, 40),
            new MagaluMachineType("a6f0b1a2-0000-4000-8000-000000000004", "BV2-4-10", 2, 4096, 10),
        });
        Images.AddRange(new[]
        {
            new MagaluImage("b7e1c2d3-0000-4000-8000-000000000001", "cloud-ubuntu-24.04 LTS", "linux"),
            new MagaluImage("b7e1c2d3-0000-4000-8000-000000000002", "cloud-debian-12 LTS", "linux"),
        });
        foreach (var r in new[] { "br-se1", "br-ne1", "br-mgl1" }) Regions[r] = new MagaluRegion { Name = r };
        if (options.VmCount is int count)
            for (int i = 1; i <= count; i++) Add(Regions["br-se1"], $"vm-{i}", "running", MachineTypes[1], Images[0]);
        else if (options.Seed)
        {
            var se = Regions["br-se1"];
            Add(se, "mgc-web", "running", MachineTypes[1], Images[0]);
            Add(se, "mgc-batch", "stopped", MachineTypes[0], Images[1]);
            for (int i = 0; i < 2; i++) se.Ports.Add(new MagaluPort { Id = Guid.NewGuid().ToString(), Name = $"spare-port-{i + 1}", PrivateIp = NextIp() });
        }
        if (options.ExampleSeed && options.VmCount == null) SeedExamples();
    }

    /// <summary>What the help examples and README name on Magalu Cloud: web-1, db-1, batch-1 and a suspended batch-2 in
    /// br-se1, snapshots named nightly and backups named weekly.</summary>
    public void SeedExamples()
    {
        var se = Region("br-se1")!;
        lock (Gate)
        {
            var web = Add(se, "web-1", "running", MachineTypes[1], Images[0]);
            var db = Add(se, "db-1", "running", MachineTypes[1], Images[0]);
            Add(se, "batch-1", "running", MachineTypes[0], Images[1]);
            Add(se, "batch-2", "suspended", MachineTypes[0], Images[1]);
            MagaluCopy Copy(MagaluInstance vm, string name, string? backupType, int ageDays) => new()
            {
                Id = Guid.NewGuid().ToString(), Name = name, InstanceId = vm.Id, InstanceName = vm.Name, MachineType = vm.MachineType,
                BackupType = backupType, State = "available", Status = "completed", CreatedAt = Now.AddDays(-ageDays), UpdatedAt = Now.AddDays(-ageDays),
            };
            se.Snapshots.Add(Copy(web, "nightly", null, 1));
            se.Snapshots.Add(Copy(web, "nightly-old", null, 40));
            se.Snapshots.Add(Copy(db, "db-1-yesterday", null, 2));
            se.Backups.Add(Copy(web, "weekly", "manual", 3));
            se.Backups.Add(Copy(web, "nightly", "automatic", 1));
            se.Backups.Add(Copy(web, "nightly-old", "automatic", 45));
            se.Backups.Add(Copy(db, "db-1-yesterday", "manual", 2));
        }
    }

    public object Gate { get; } = new();
    public TimeSpan Duration { get; }
    public TimedWork Work { get; }
    public DateTimeOffset Now => Work.Now;
    /// <summary>The current spec's name of the default VPC.</summary>
    public const string DefaultVpc = "vpc_default";
    public List<string> Keys { get; } = new() { DemoKeys.Magalu };
    public string Tenant { get; set; } = DemoKeys.MagaluTenant;
    public List<MagaluMachineType> MachineTypes { get; } = new();
    public List<MagaluImage> Images { get; } = new();
    public Dictionary<string, MagaluRegion> Regions { get; } = new();

    public string NextIp() => $"172.18.0.{ip++}";

    /// <summary>br-se-1 is br-mgl1's URL segment (as the SDK has it); br-ne-1 is br-ne1's older name.</summary>
    public MagaluRegion? Region(string name) => Regions.TryGetValue(name == "br-se-1" ? "br-mgl1" : name == "br-ne-1" ? "br-ne1" : name, out var r) ? r : null;

    public MagaluInstance Add(MagaluRegion region, string name, string state, MagaluMachineType type, MagaluImage image, string status = "completed", bool publicIp = true, string? userData = null, string sshKey = "default-key", string? zone = null, string vpc = DefaultVpc)
    {
        var vm = new MagaluInstance { Id = Guid.NewGuid().ToString(), Name = name, State = state, Status = status, MachineType = type, Image = image, Zone = zone ?? region.Name + "-a", SshKeyName = sshKey, UserData = userData, Vpc = vpc, CreatedAt = Now, UpdatedAt = Now };
        region.Instances.Add(vm);
        region.Ports.Add(new MagaluPort { Id = Guid.NewGuid().ToString(), Name = $"{name}-primary", PrivateIp = NextIp(), PublicIp = publicIp ? $"201.23.0.{ip++}" : null, Primary = true, InstanceId = vm.Id });
        return vm;
    }

    /// <summary>An operation: status during it, then completed with the state after (null: the instance is gone).</summary>
    public void Operate(MagaluRegion region, MagaluInstance vm, string status, string? after, Action? done = null)
    {
        vm.Status = status;
        vm.UpdatedAt = Now;
        Work.After(Duration, () =>
        {
            done?.Invoke();
            if (after == null)
            {
                region.Instances.Remove(vm);
                region.Ports.RemoveAll(p => p.InstanceId == vm.Id && p.Primary);
                return;
            }
            vm.State = after;
            vm.Status = "completed";
            vm.UpdatedAt = Now;
        });
    }

    public void Ready(MagaluCopy copy) => Work.After(Duration, () =>
    {
        copy.State = "available";
        copy.Status = "completed";
        copy.UpdatedAt = Now;
    });
}
