using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Emulator.Magalu;
using CloudVm.Providers;
using CloudVm.Providers.Magalu;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The Magalu Cloud client against the emulator over real HTTP: all 27 operations on its page.</summary>
public sealed class MagaluClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    MagaluClient Client => (MagaluClient)session.Api;
    MagaluStore Store => emu.Host.Magalu;
    MagaluRegion Se => Store.Regions["br-se1"];
    static readonly CancellationToken None = CancellationToken.None;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.Magalu();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    MagaluInstance Seeded(string name) => Se.Instances.Single(v => v.Name == name);
    static Task Wait(params CloudVmJob[] jobs) => JobWaiter.WaitAsync(jobs, TimeSpan.FromSeconds(20), "test", None);

    [Fact]
    public async Task Headers_paging_and_expand()
    {
        for (int i = 0; i < 57; i++) Store.Add(Se, $"fleet-{i:00}", "running", Store.MachineTypes[0], Store.Images[0]);
        var all = new List<VirtualMachine>();
        string? token = null;
        do
        {
            var page = await Client.ListVmsAsync(new VmQuery { Sort = "name:asc" }, token, None);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        } while (token != null);
        Assert.Equal(59, all.Count);
        Assert.Equal("fleet-00", all[0].Name);
        var lists = emu.Host.RequestsTo("/v1/instances", "GET");
        Assert.Equal(2, lists.Count);
        Assert.Contains("_limit=50&_offset=50", lists[1].Query);
        var web = all.Single(v => v.Name == "mgc-web");
        Assert.Equal(("BV2-2-20", 2, 2.0, 20, "cloud-ubuntu-24.04 LTS"), (web.Size, web.Cpu!.Value, web.MemoryGB!.Value, web.DiskGB!.Value, web.Image));
        Assert.NotNull(web.PublicIp);
        var other = emu.Magalu(tenant: "someone-else");
        var e = await Assert.ThrowsAsync<CloudVmException>(() => other.Api.GetVmAsync(web.Id, None));
        Assert.Equal((CloudVmErrorKind.Forbidden, "forbidden"), (e.Kind, e.ProviderCode));
    }

    [Fact]
    public async Task Create_sends_user_data_base64_and_names_or_ids()
    {
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "api", Size = "BV2-2-20", Image = Store.Images[1].Id, SshKeys = { "me" }, UserData = "#cloud-config\nruncmd: [echo hi]", PublicIp = false, Location = "br-se1-b" }, None);
        await Wait(jobs.ToArray());
        Assert.Equal(CloudVmJobState.Completed, jobs[0].State);
        var vm = Seeded("api");
        Assert.Equal(("running", "completed", "br-se1-b"), (vm.State, vm.Status, vm.Zone));
        Assert.Equal("#cloud-config\nruncmd: [echo hi]", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(vm.UserData!)));
        var body = JsonNode.Parse(emu.Host.RequestsTo("/v1/instances", "POST").Single().Body)!;
        Assert.Equal("{\"name\":\"BV2-2-20\"}", body["machine_type"]!.ToJsonString());
        Assert.Equal($"{{\"id\":\"{Store.Images[1].Id}\"}}", body["image"]!.ToJsonString());
        Assert.False(body["network"]!["associate_public_ip"]!.GetValue<bool>());
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "x", Size = "nope", Image = "cloud-debian-12 LTS", SshKeys = { "k" } }, None));
        Assert.Equal(422, e.HttpStatus);
        Assert.Contains("machine_type: not found", e.Message);
    }

    [Fact]
    public async Task Power_follows_the_state_rules_before_sending()
    {
        var web = Seeded("mgc-web");
        var r = new VmRef(web.Id, web.Name);
        var start = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(r, PowerAction.Start, null, None));
        Assert.Contains("only when it is stopped or suspended; mgc-web is running", start.Message);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Path.EndsWith("/start"));
        await Wait(await Client.PowerAsync(r, PowerAction.Suspend, null, None));
        Assert.Equal("suspended", web.State);
        await Wait(await Client.PowerAsync(r, PowerAction.Restart, null, None));
        await Wait(await Client.PowerAsync(r, PowerAction.Stop, null, None));
        Assert.Equal("stopped", web.State);
        await Wait(await Client.PowerAsync(r, PowerAction.Start, null, None));
        Assert.Equal("running", web.State);
    }

    [Fact]
    public async Task Retype_rename_nics_and_delete_with_the_public_ip()
    {
        var web = Seeded("mgc-web");
        var r = new VmRef(web.Id, web.Name);
        var small = await Assert.ThrowsAsync<CloudVmException>(() => Client.ResizeAsync(r, new VmResizeRequest { Size = "BV1-1-10" }, None));
        Assert.Equal(("incompatible_machine_type", 422), (small.ProviderCode, small.HttpStatus!.Value));
        var retype = await Client.ResizeAsync(r, new VmResizeRequest { Size = "BV4-8-40" }, None);
        await Wait(retype);
        Assert.Equal(("BV4-8-40", "running", CloudVmJobState.Completed), (web.MachineType.Name, web.State, retype.State));
        await Client.UpdateAsync(r, new VmUpdateRequest { NewName = "mgc-frontend" }, None);
        Assert.Equal("mgc-frontend", web.Name);
        var port = Se.Ports.First(p => p.InstanceId == null);
        await Wait(await Client.AddNetworkInterfaceAsync(r, port.Id, None));
        Assert.Equal(2, (await Client.ListNetworkInterfacesAsync(r, None)).Count);
        await Wait(await Client.RemoveNetworkInterfaceAsync(r, port.Id, None));
        Assert.Null(port.InstanceId);
        var primary = Se.Ports.Single(p => p.InstanceId == web.Id);
        var detachPrimary = await Assert.ThrowsAsync<CloudVmException>(() => Client.RemoveNetworkInterfaceAsync(r, primary.Id, None));
        Assert.Contains("primary network interface cannot be detached", detachPrimary.Message);
        var del = await Client.DeleteVmAsync(r, new VmDeleteOptions { DeletePublicIp = true }, None);
        Assert.Contains("delete_public_ip=true", emu.Host.RequestsTo($"/v1/instances/{web.Id}", "DELETE").Single().Query);
        await Wait(del);
        Assert.DoesNotContain(web, Se.Instances);
    }

    [Fact]
    public async Task Images_and_machine_types()
    {
        Assert.Equal(2, (await Client.ListImagesAsync(None)).Count);
        var types = await Client.ListSizesAsync(null, None);
        Assert.Equal((4, 8.0, 40), (types[2].Cpu!.Value, types[2].MemoryGB!.Value, types[2].DiskGB!.Value));
    }

    [Fact]
    public async Task Snapshots_take_time_have_unique_names_and_restore_to_a_large_enough_disk()
    {
        var web = Seeded("mgc-web");
        var job = await Client.CreateSnapshotAsync(new VmRef(web.Id), "before-upgrade", None);
        Assert.Equal("creating", Se.Snapshots.Single().State);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        var snap = await Client.GetSnapshotAsync(job.ResourceId!, None);
        Assert.Equal(("available", web.Id), (snap.State, snap.VmId));
        var dup = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateSnapshotAsync(new VmRef(web.Id), "before-upgrade", None));
        Assert.Equal((CloudVmErrorKind.Conflict, 409), (dup.Kind, dup.HttpStatus!.Value));
        Assert.Contains("already exists", dup.Message);

        var tooSmall = await Assert.ThrowsAsync<CloudVmException>(() => Client.RestoreSnapshotAsync(snap.Id, new RestoreRequest { Name = "copy", Size = "BV2-4-10", SshKey = "me" }, None));
        Assert.Contains("has a 10 GB disk; restoring snapshot before-upgrade needs at least 20 GB", tooSmall.Message);
        Assert.Empty(emu.Host.RequestsTo("/restore"));
        var restore = await Client.RestoreSnapshotAsync(snap.Id, new RestoreRequest { Name = "copy", Size = "BV4-8-40", SshKey = "me" }, None);
        await Wait(restore);
        Assert.Equal("running", Seeded("copy").State);

        await Client.RenameSnapshotAsync(snap.Id, "gold", None);
        Assert.Equal("gold", (await Client.ListSnapshotsAsync(null, None)).Items.Single().Name);
        var del = await Client.DeleteSnapshotAsync(snap.Id, None);
        await Wait(del);
        Assert.Equal(CloudVmJobState.Completed, del.State);
        Assert.Empty(Se.Snapshots);
    }

    [Fact]
    public async Task Backups_quota_rename_restore_and_copy_to_another_region()
    {
        var web = Seeded("mgc-web");
        var job = await Client.CreateBackupAsync(new VmRef(web.Id), "nightly", None);
        var early = await Assert.ThrowsAsync<CloudVmException>(() => Client.RenameBackupAsync(job.ResourceId!, "weekly", None));
        Assert.Contains("only when its status is completed", early.Message);
        await Wait(job);
        var backup = await Client.GetBackupAsync(job.ResourceId!, None);
        Assert.Equal(("completed", 20, "manual"), (backup.Status, backup.MinDiskGB!.Value, backup.Type));
        await Client.RenameBackupAsync(backup.Id, "weekly", None);
        var tooSmall = await Assert.ThrowsAsync<CloudVmException>(() => Client.RestoreBackupAsync(backup.Id, new RestoreRequest { Name = "r", Size = "BV1-1-10", SshKey = "me" }, None));
        Assert.Contains("needs at least 20 GB", tooSmall.Message);
        await Wait(await Client.RestoreBackupAsync(backup.Id, new RestoreRequest { Name = "from-backup", Size = "BV2-2-20", SshKey = "me" }, None));
        Assert.Equal("running", Seeded("from-backup").State);
        await Client.CopyBackupAsync(backup.Id, "br-ne-1", None);
        Assert.Equal("weekly", Store.Regions["br-ne1"].Backups.Single().Name);
        var badRegion = await Assert.ThrowsAsync<CloudVmException>(() => Client.CopyBackupAsync(backup.Id, "us-east-1", None));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, badRegion.Kind);

        for (int i = 0; i < 99; i++) Se.Backups.Add(new MagaluCopy { Id = Guid.NewGuid().ToString(), Name = $"b{i}", InstanceId = web.Id, MachineType = web.MachineType, State = "available", Status = "completed" });
        var quota = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateBackupAsync(new VmRef(web.Id), "one-too-many", None));
        Assert.Equal(("quota_exceeded", 422), (quota.ProviderCode, quota.HttpStatus!.Value));
        var page = await Client.ListBackupsAsync(null, None);
        Assert.Equal(50, page.Items.Count);
        Assert.NotNull(page.NextPageToken);
        await Wait(await Client.DeleteBackupAsync(backup.Id, None));
        Assert.DoesNotContain(Se.Backups, b => b.Id == backup.Id);
    }
}
