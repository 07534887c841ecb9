using CloudVm.Emulator.Magalu;

namespace CloudVm.Emulator;

/// <summary>What the help examples and README name, on top of the usual seed, so that every example runs as written
/// (web-1, test-1, batch-1, old-vps, snapshots named nightly, backups named weekly, a suspended VM, …).</summary>
public static class ExampleSeed
{
    public static void Apply(World w)
    {
        var g = w.Gpcn;
        var front = g.Networks.First(n => n.Name == "us-east-public");
        var back = g.Networks.First(n => n.Name == "us-east-backend");
        g.AddVm("web-1", "Running", g.Datacenters[0], g.Configurations[45], g.Images[12], 5, publicIp: true, networks: new[] { front, back });
        g.AddVm("test-1", "Running", g.Datacenters[0], g.Configurations[30], g.Images[12], null, publicIp: false);

        var e = w.E24;
        lock (e.Gate) e.Add("web-1", 1, 2048, "online", e.Zones[0], e.Systems[0]);

        var v = w.Vps247;
        lock (v.Gate) v.Add("old-vps", "running", v.Regions[1], v.Packages[0], v.Templates[1]);

        var m = w.VmGen;
        lock (m.Gate) m.Add("web-1", "UP", m.Locations[0], m.Packages[1][0]);

        var s = w.Magalu;
        var se = s.Region("br-se1")!;
        lock (s.Gate)
        {
            var web = s.Add(se, "web-1", "running", s.MachineTypes[1], s.Images[0]);
            var db = s.Add(se, "db-1", "running", s.MachineTypes[1], s.Images[0]);
            s.Add(se, "batch-1", "running", s.MachineTypes[0], s.Images[1]);
            s.Add(se, "batch-2", "suspended", s.MachineTypes[0], s.Images[1]);
            MagaluCopy Copy(MagaluInstance vm, string name, string? backupType, int ageDays) => new()
            {
                Id = Guid.NewGuid().ToString(), Name = name, InstanceId = vm.Id, InstanceName = vm.Name, MachineType = vm.MachineType,
                BackupType = backupType, State = "available", Status = "completed", CreatedAt = s.Now.AddDays(-ageDays), UpdatedAt = s.Now.AddDays(-ageDays),
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
}
