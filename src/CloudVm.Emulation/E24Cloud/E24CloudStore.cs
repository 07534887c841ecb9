using System.Security.Cryptography;

namespace CloudVm.Emulator.E24Cloud;

public sealed record E24Zone(string Id, string Name, string Region);
public sealed record E24System(string Id, string Name, bool Password, bool Key, bool CloudInit);
public sealed record E24Key(int Id, string Label, string PublicKey);

public sealed class E24Vm
{
    public required string Id { get; init; }
    public required string Label { get; set; }
    public int Cores { get; set; }
    public int RamMb { get; set; }
    public required string State { get; set; }
    public required E24Zone Zone { get; init; }
    public E24System? System { get; init; }
    public string? Cdrom { get; init; }
    public int? KeyId { get; init; }
    public int DiskGb { get; init; } = 20;
    public string PublicIp { get; init; } = "";
    public bool Busy { get; set; }
    public int? DeleteResources { get; set; }
}

/// <summary>e24cloud's state: regions and their compute zones, OS templates, the account's SSH keys, VMs and their
/// timed tasks.</summary>
public sealed class E24CloudStore
{
    public E24CloudStore(EmulatorOptions options)
    {
        Duration = options.JobDuration;
        Work = new TimedWork(options.Clock);
        foreach (var region in Regions)
        {
            var city = region.EndsWith("warszawa", StringComparison.Ordinal) ? "Warszawa" : region.EndsWith("poznan2", StringComparison.Ordinal) ? "Poznań 2" : "Poznań";
            Zones.Add(new E24Zone(Guid.NewGuid().ToString(), city + " A", region));
        }
        Systems.Add(new E24System("ubuntu-2404", "Ubuntu 24.04", true, true, true));
        Systems.Add(new E24System("debian-12", "Debian 12", true, true, false));
        Systems.Add(new E24System("windows-2022", "Windows Server 2022", true, false, false));
        SshKeys.Add(new E24Key(101, "laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatorOnly laptop"));
        SshKeys.Add(new E24Key(102, "ci", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatorOnly ci"));
        if (options.VmCount is int count)
            for (int i = 1; i <= count; i++) Add($"vm-{i}", 1, 2048, "online", Zones[0], Systems[0]);
        else if (options.Seed)
        {
            var zone = Zones[0];
            Add("app-1", 2, 4096, "online", zone, Systems[0]);
            Add("app-2", 1, 2048, "offline", zone, Systems[1]);
        }
        if (options.ExampleSeed && options.VmCount == null) SeedExamples();
    }

    /// <summary>What the help examples and README name on e24cloud (web-1).</summary>
    public void SeedExamples()
    {
        lock (Gate) Add("web-1", 1, 2048, "online", Zones[0], Systems[0]);
    }

    public static readonly string[] Regions = { "eu-poland-1poznan", "eu-poland-1warszawa", "eu-poland-1poznan2" };
    public object Gate { get; } = new();
    public TimeSpan Duration { get; }
    public TimedWork Work { get; }
    public List<E24Zone> Zones { get; } = new();
    public List<E24System> Systems { get; } = new();
    public List<E24Key> SshKeys { get; } = new();
    public List<E24Vm> Vms { get; } = new();
    public Dictionary<string, string> Keys { get; } = new() { [DemoKeys.E24Key] = DemoKeys.E24Secret };
    int ip = 10;

    public E24Vm Add(string label, int cores, int ram, string state, E24Zone zone, E24System? system, string? cdrom = null, int? keyId = null)
    {
        var vm = new E24Vm { Id = Guid.NewGuid().ToString(), Label = label, Cores = cores, RamMb = ram, State = state, Zone = zone, System = system, Cdrom = cdrom, KeyId = keyId, PublicIp = $"198.51.100.{ip++}" };
        Vms.Add(vm);
        return vm;
    }

    public E24Vm? Find(string region, string id) => Vms.FirstOrDefault(v => v.Id == id && v.Zone.Region == region);

    /// <summary>Moves a VM through a task: state during, then the state after (or removal).</summary>
    public void Task(E24Vm vm, string during, Action done)
    {
        vm.State = during;
        vm.Busy = true;
        Work.After(Duration, () => { vm.Busy = false; done(); });
    }

    public static string Password() => Convert.ToBase64String(Compat.RandomBytes(9));
}
