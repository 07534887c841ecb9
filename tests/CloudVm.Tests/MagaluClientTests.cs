using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Emulator.Magalu;
using CloudVm.Jobs;
using CloudVm.Listing;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The Magalu client against the emulator, which answers as the service does (the official SDK's and CLI's
/// paths and defaults): the restore path, snapshot copy, br-mgl1, an optional tenant and SSH key, no VPC unless named,
/// instance types, the RAM unit, copies that name their VM by id, {error} bodies, backups gone from a region.</summary>
public sealed class MagaluClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    ICloudProvider Client => session.Api;
    MagaluStore Store => emu.Host.Magalu;
    MagaluRegion Se => Store.Regions["br-se1"];

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.Magalu();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    MagaluInstance Seeded(string name) => Se.Instances.Single(v => v.Name == name);

    static async Task<List<CloudVmCopy>> Copies(CloudVmSession s, CloudVmCopyKind kind)
    {
        var all = new List<CloudVmCopy>();
        await Listings.CopiesAsync(s.Api, kind, 4, b => { all.AddRange(b); return Task.FromResult(true); }, None);
        return all;
    }

    [Fact]
    public async Task Headers_paging_and_expand_without_a_tenant_as_the_sdk_sends_none()
    {
        for (int i = 0; i < 147; i++) Store.Add(Se, $"fleet-{i:000}", "running", Store.MachineTypes[0], Store.Images[0]);
        var all = await ListAll(session, new VmQuery { Sort = "name:asc" });
        Assert.Equal(149, all.Count);
        Assert.Equal(149, all.Select(v => v.Id).Distinct().Count());
        Assert.Equal("fleet-000", all[0].Name);
        var lists = emu.Host.RequestsTo("/v1/instances", "GET");
        // 100, then 50 from offset 99 (short, with new VMs: maybe the server's own page size), then one more read past it.
        Assert.Equal(3, lists.Count);
        Assert.Contains("_limit=100&_offset=99", lists[1].Query);
        Assert.All(lists, r => Assert.False(r.Headers.ContainsKey("x-tenant-id")));
        Assert.All(lists, r => Assert.Equal("1.1", r.Headers["x-api-version"]));
        var web = all.Single(v => v.Name == "mgc-web");
        Assert.Equal(("BV2-2-20", 2, 2.0, 20, "cloud-ubuntu-24.04 LTS"), (web.Size, web.Cpu!.Value, web.MemoryGB!.Value, web.DiskGB!.Value, web.Image));
        Assert.NotNull(web.PublicIp);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => emu.Magalu(tenant: "someone-else").Api.GetVmAsync(web.Id, None));
        Assert.Equal((CloudVmErrorKind.Forbidden, "forbidden"), (e.Kind, e.ProviderCode));
        Assert.Equal("someone-else", emu.Host.Requests.Last(r => r.Headers.ContainsKey("x-tenant-id")).Headers["x-tenant-id"]);
    }

    [Fact]
    public async Task Create_sends_user_data_base64_names_or_ids_no_vpc_unless_named_and_no_ssh_key_unless_given()
    {
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "api", Size = "BV2-2-20", Image = Store.Images[1].Id, SshKeys = { "me" }, UserData = "#cloud-config\nruncmd: [echo hi]", PublicIp = false, Location = "br-se1-b" }, None);
        await Wait(jobs.ToArray());
        Assert.Equal(CloudVmJobState.Completed, jobs[0].State);
        var vm = Seeded("api");
        Assert.Equal(("running", "completed", "br-se1-b", MagaluStore.DefaultVpc), (vm.State, vm.Status, vm.Zone, vm.Vpc));
        Assert.Equal("#cloud-config\nruncmd: [echo hi]", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(vm.UserData!)));
        var body = JsonNode.Parse(emu.Host.RequestsTo("/v1/instances", "POST").Single().Body)!;
        Assert.Equal("{\"name\":\"BV2-2-20\"}", body["machine_type"]!.ToJsonString());
        Assert.Equal($"{{\"id\":\"{Store.Images[1].Id}\"}}", body["image"]!.ToJsonString());
        Assert.Equal("{\"associate_public_ip\":false}", body["network"]!.ToJsonString());

        await Wait((await Client.CreateVmAsync(new VmCreateRequest { Name = "win", Size = "BV2-2-20", Image = Store.Images[0].Name }, None)).ToArray());
        var sent = JsonNode.Parse(emu.Host.RequestsTo("/v1/instances", "POST")[^1].Body)!.AsObject();
        Assert.False(sent.ContainsKey("ssh_key_name"));
        Assert.False(sent.ContainsKey("network"));

        await Wait((await Client.CreateVmAsync(new VmCreateRequest { Name = "in-vpc", Size = "BV2-2-20", Image = Store.Images[0].Name, Networks = { new CloudVmNetworkSpec("my-vpc") } }, None)).ToArray());
        Assert.Equal("my-vpc", Seeded("in-vpc").Vpc);

        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "x", Size = "nope", Image = "cloud-debian-12 LTS" }, None));
        Assert.Equal(422, e.HttpStatus);
        Assert.Contains("machine_type: not found", e.Message);
    }

    [Fact]
    public async Task Power_follows_the_state_rules_and_an_instance_already_there_is_a_success()
    {
        var web = Seeded("mgc-web");
        var r = new VmRef(web.Id, web.Name);
        var start = await Client.PowerAsync(r, PowerAction.Start, new PowerOptions(), None);
        Assert.Equal(CloudVmJobState.Completed, start.State);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Path.EndsWith("/start", StringComparison.Ordinal));
        await Wait(await Client.PowerAsync(r, PowerAction.Suspend, new PowerOptions(), None));
        Assert.Equal("suspended", web.State);
        var stop = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(r, PowerAction.Stop, new PowerOptions(), None));
        Assert.Contains("only when it is running; mgc-web is suspended", stop.Message);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Path.EndsWith("/stop", StringComparison.Ordinal));
        await Wait(await Client.PowerAsync(r, PowerAction.Restart, new PowerOptions(), None));
        Assert.Equal("running", web.State);
        await Wait(await Client.PowerAsync(r, PowerAction.Stop, new PowerOptions(), None));
        Assert.Equal("stopped", web.State);
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

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Images_and_machine_types_in_MB_or_GB_at_either_path(bool ramInGB, bool instanceTypesOnly)
    {
        await using var e2 = await Emulator.StartAsync(o => { o.MagaluRamInGB = ramInGB; o.MagaluInstanceTypesOnly = instanceTypesOnly; });
        var s = e2.Magalu();
        Assert.Equal(2, (await s.Api.ListImagesAsync(null, None)).Count);
        var types = await s.Api.ListSizesAsync(null, None);
        Assert.Equal((4, 8.0, 40), (types[2].Cpu!.Value, types[2].MemoryGB!.Value, types[2].DiskGB!.Value));
        Assert.Equal(1.0, types[0].MemoryGB);
        // A short page without a total is read past once (it may be the server's page size): two requests.
        if (instanceTypesOnly) Assert.Equal(2, e2.Host.RequestsTo("/v1/instance-types").Count);
        var vm = (await ListAll(s)).Single(v => v.Name == "mgc-web");
        Assert.Equal(2.0, vm.MemoryGB);
    }

    [Fact]
    public async Task Snapshots_take_time_have_unique_names_restore_at_the_snapshot_path_and_name_their_vm()
    {
        var web = Seeded("mgc-web");
        var job = await Client.CreateCopyAsync(CloudVmCopyKind.Snapshot, new VmRef(web.Id), "before-upgrade", None);
        Assert.Equal("creating", Se.Snapshots.Single().State);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        var snap = await Client.GetCopyAsync(CloudVmCopyKind.Snapshot, job.ResourceId!, None);
        Assert.Equal(("available", web.Id, "mgc-web"), (snap.State, snap.VmId, snap.VmName));
        var dup = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateCopyAsync(CloudVmCopyKind.Snapshot, new VmRef(web.Id), "before-upgrade", None));
        Assert.Equal((CloudVmErrorKind.Conflict, 409), (dup.Kind, dup.HttpStatus!.Value));
        Assert.Contains("already exists", dup.Message);

        var tooSmall = await Assert.ThrowsAsync<CloudVmException>(() => Client.RestoreCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, new RestoreRequest { Name = "copy", Size = "BV2-4-10", SshKey = "me" }, None));
        Assert.Contains("has a 10 GB disk; restoring snapshot before-upgrade needs at least 20 GB", tooSmall.Message);
        var restore = await Client.RestoreCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, new RestoreRequest { Name = "copy", Size = "BV4-8-40" }, None);
        Assert.Single(emu.Host.RequestsTo($"/v1/snapshots/{snap.Id}", "POST"), q => q.Path.EndsWith(snap.Id, StringComparison.Ordinal));
        Assert.Empty(emu.Host.RequestsTo("/restore"));
        await Wait(restore);
        Assert.Equal("running", Seeded("copy").State);

        await Client.RenameCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, "gold", None);
        Assert.Equal("gold", (await Copies(session, CloudVmCopyKind.Snapshot)).Single().Name);
        var copy = await Client.CopyCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, "br-mgl1", None);
        Assert.Equal("{\"destination_region\":\"br-mgl1\"}", emu.Host.RequestsTo("/copy").Single().Body);
        Assert.Single(Store.Regions["br-mgl1"].Snapshots);
        Assert.Equal(CloudVmJobOperation.CopySnapshot, copy.Operation);
        var del = await Client.DeleteCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, None);
        await Wait(del);
        Assert.Equal(CloudVmJobState.Completed, del.State);
        Assert.Empty(Se.Snapshots);
    }

    [Fact]
    public async Task Backups_quota_rename_restore_and_copy_to_another_region()
    {
        var web = Seeded("mgc-web");
        var job = await Client.CreateCopyAsync(CloudVmCopyKind.Backup, new VmRef(web.Id), "nightly", None);
        var early = await Assert.ThrowsAsync<CloudVmException>(() => Client.RenameCopyAsync(CloudVmCopyKind.Backup, job.ResourceId!, "weekly", None));
        Assert.Contains("only when its status is completed", early.Message);
        await Wait(job);
        var backup = (CloudVmBackup)await Client.GetCopyAsync(CloudVmCopyKind.Backup, job.ResourceId!, None);
        Assert.Equal(("completed", 20, "manual"), (backup.Status, backup.MinDiskGB!.Value, backup.Type));
        await Client.RenameCopyAsync(CloudVmCopyKind.Backup, backup.Id, "weekly", None);
        var tooSmall = await Assert.ThrowsAsync<CloudVmException>(() => Client.RestoreCopyAsync(CloudVmCopyKind.Backup, backup.Id, new RestoreRequest { Name = "r", Size = "BV1-1-10", SshKey = "me" }, None));
        Assert.Contains("needs at least 20 GB", tooSmall.Message);
        await Wait(await Client.RestoreCopyAsync(CloudVmCopyKind.Backup, backup.Id, new RestoreRequest { Name = "from-backup", Size = "BV2-2-20", SshKey = "me" }, None));
        Assert.Equal("running", Seeded("from-backup").State);
        await Client.CopyCopyAsync(CloudVmCopyKind.Backup, backup.Id, "br-ne1", None);
        Assert.Equal("{\"region\":\"br-ne-1\"}", emu.Host.RequestsTo("/copy").Single().Body);
        Assert.Equal("weekly", Store.Regions["br-ne1"].Backups.Single().Name);
        Assert.Equal(CloudVmErrorKind.InvalidArgument, (await Assert.ThrowsAsync<CloudVmException>(() => Client.CopyCopyAsync(CloudVmCopyKind.Backup, backup.Id, "us-east-1", None))).Kind);

        for (int i = 0; i < 99; i++) Se.Backups.Add(new MagaluCopy { Id = Guid.NewGuid().ToString(), Name = $"b{i}", InstanceId = web.Id, MachineType = web.MachineType, State = "available", Status = "completed" });
        var quota = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateCopyAsync(CloudVmCopyKind.Backup, new VmRef(web.Id), "one-too-many", None));
        Assert.Equal(("quota_exceeded", 422), (quota.ProviderCode, quota.HttpStatus!.Value));
        Assert.Equal(100, (await Copies(session, CloudVmCopyKind.Backup)).Count);
        await Wait(await Client.DeleteCopyAsync(CloudVmCopyKind.Backup, backup.Id, None));
        Assert.DoesNotContain(Se.Backups, b => b.Id == backup.Id);
    }

    [Fact]
    public async Task A_region_without_backups_says_so()
    {
        await using var e2 = await Emulator.StartAsync(o => o.MagaluBackups = false);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Copies(e2.Magalu(), CloudVmCopyKind.Backup));
        Assert.Equal(CloudVmErrorKind.NotSupported, e.Kind);
        Assert.Contains("may not offer backups", e.Message);
    }

    [Fact]
    public async Task Error_bodies_with_only_an_error_field_give_their_message()
    {
        await using var e2 = await Emulator.StartAsync(o => o.MagaluErrorOnly = true);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => e2.Magalu().Api.GetVmAsync("9f0c1a7e-0000-4000-8000-000000000000", None));
        Assert.Equal("Instance 9f0c1a7e-0000-4000-8000-000000000000 not found", e.ProviderMessage);
        Assert.DoesNotContain("no message", e.Message);
    }

    [Fact]
    public async Task The_br_mgl1_region_is_br_se_1_in_urls()
    {
        Assert.EndsWith("/magalu/br-se-1/compute/", emu.Host.MagaluEndpoint("br-mgl1").ToString());
        Assert.Equal("https://api.magalu.cloud/br-se-1/compute/", Providers.ProviderRegistry.DefaultEndpoint(Providers.Magalu.MagaluClient.Descriptor, "br-mgl1").ToString());
        var s = emu.Magalu("br-mgl1");
        Assert.Empty(await ListAll(s));
        Assert.Single(emu.Host.RequestsTo("/magalu/br-se-1/compute/v1/instances"));
    }
}
