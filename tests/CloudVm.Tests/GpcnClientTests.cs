using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Emulator.Gpcn;
using CloudVm.Jobs;
using CloudVm.Providers;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The GPCN client against the emulator over real HTTP on 127.0.0.1; the emulator answers as the real service
/// does (jobs as data.jobs[].jobId), and the page's two job shapes are covered too.</summary>
public sealed class GpcnClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    ICloudProvider Client => session.Api;
    GpcnStore Store => emu.Host.Gpcn;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.Gpcn();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    GpcnVm Seeded(string name) => Store.Vms.Single(v => v.Name == name);
    string Dc => Store.Datacenters[0].Id;

    [Fact]
    public async Task List_reads_every_page_at_the_largest_page_size_with_overlapping_windows()
    {
        for (int i = 0; i < 247; i++) Store.AddVm($"bulk-{i:000}", "Running", Store.Datacenters[0], Store.Configurations[30], Store.Images[12], null, false);
        var all = await ListAll(session);
        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(v => v.Id).Distinct().Count());
        var lists = emu.Host.RequestsTo("/gpcn/v1/resource/virtual-machines", "GET");
        Assert.Equal(3, lists.Count);
        Assert.Contains("limit=100", lists[0].Query);
        Assert.All(lists, r => Assert.Matches("limit=(100|99|98|97)", r.Query));
    }

    [Fact]
    public async Task List_sends_filters_the_server_has_and_normalises_status()
    {
        var stopped = await ListAll(session, new VmQuery { Status = CloudVmStatus.Stopped });
        Assert.Equal(new[] { "web-server-2" }, stopped.Select(v => v.Name));
        Assert.Equal(CloudVmStatus.Stopped, stopped[0].Status);
        Assert.Equal("Stopped", stopped[0].ProviderStatus);
        // Two GPCN words mean stopped (Stopped and the live API's Shutoff): the status is matched here, not sent as a filter.
        Assert.DoesNotContain("filter[status]", Uri.UnescapeDataString(emu.Host.Requests.Last().Query));

        var web = await ListAll(session, new VmQuery { Names = new[] { "web-*" }, Sort = "name:asc" });
        Assert.Equal(new[] { "web-server-1", "web-server-2" }, web.Select(v => v.Name));
        Assert.Contains("search=web-", emu.Host.Requests.Last().Query);

        var eu = await ListAll(session, new VmQuery { Location = Store.Datacenters[1].Id });
        Assert.Equal(new[] { "db-1" }, eu.Select(v => v.Name));
        Assert.Equal(("EU Central 1", 8, 16.0), (eu[0].Location, eu[0].Cpu!.Value, eu[0].MemoryGB!.Value));
        // Size and SizeId on every listed VM, from its configuration (issue 21/23).
        Assert.Equal(("GP-Medium-1", Store.SkuId(Store.Datacenters[1], Store.Configurations[67])), (eu[0].Size, eu[0].SizeId));
    }

    [Fact]
    public async Task Get_reads_the_detail_shape()
    {
        // The live detail is flat: {status, id, name, configuration: {…, skuId, skuCode}, image, username, networkHotplug 0/1, resourceGroupId, datacenter}.
        var vm = await Client.GetVmAsync(Seeded("db-1").Id, None);
        Assert.Equal(("db-1", "GP-Medium-1", Store.SkuId(Store.Datacenters[1], Store.Configurations[67]), "7"), (vm.Name, vm.Size, vm.SizeId, vm.ResourceGroup));
        Assert.Equal(false, vm.ProviderData["networkHotplug"]);
        Assert.Same(session, vm.Owner);
        Assert.Equal(("EU Central 1", Store.Datacenters[1].Id, "Debian 12"), (vm.Location, vm.LocationId, vm.Image));
    }

    [Fact]
    public async Task Errors_carry_the_provider_code_message_and_status_but_never_the_key()
    {
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.GetVmAsync("9f0c1a7e-0000-4000-8000-000000000000", None));
        Assert.Equal((CloudVmErrorKind.NotFound, 404, "NOT_FOUND"), (e.Kind, e.HttpStatus!.Value, e.ProviderCode));
        Assert.Contains("not found", e.Message);

        var wrong = "gpcn_wrong-key-" + Guid.NewGuid();
        var u = await Assert.ThrowsAsync<CloudVmException>(() => emu.Gpcn(wrong).Api.GetVmAsync("9f0c1a7e-0000-4000-8000-000000000000", None));
        Assert.Equal(CloudVmErrorKind.Unauthorized, u.Kind);
        Assert.Equal("Invalid or missing API key", u.ProviderMessage);
        Assert.DoesNotContain(wrong, u.ToString());
        Assert.DoesNotContain(emu.GpcnKey, session.ToString());
    }

    [Fact]
    public async Task Create_follows_the_job_the_service_answers_with_and_finds_the_new_vm()
    {
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "api-1", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = Dc, PublicIp = true }, None);
        var job = Assert.Single(jobs);
        Assert.IsType<ProviderJobTracker>(job.Tracker);
        Assert.False(job.IsFinished);
        Assert.Same(job, session.Jobs.Find(job.Id));
        Assert.NotNull(job.VmId); // data.jobs[0].resourceId
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        var vm = await Client.GetVmAsync(job.VmId!, None);
        Assert.Equal(("api-1", CloudVmStatus.Running), (vm.Name, vm.Status));
        Assert.NotNull(vm.PublicIp); // the detail has no IPs; they are read from the NICs
        var polls = emu.Host.RequestsTo("resource/jobs");
        Assert.NotEmpty(polls);
        Assert.All(polls, p => Assert.Contains(job.Id, p.Body));
    }

    [Fact]
    public async Task Create_with_several_instances_and_networks()
    {
        var nets = Store.Networks.Where(n => n.DatacenterId == Dc).ToList();
        var jobs = await Client.CreateVmAsync(new VmCreateRequest
        {
            Name = "multi", Size = "GP-Micro-1", Image = "Debian 12", SshKeys = { "key-1" }, Location = Dc, Count = 3, ResourceGroup = "5",
            Networks = { new CloudVmNetworkSpec(nets[0].Id), new CloudVmNetworkSpec(nets[1].Id) { Primary = true } },
        }, None);
        Assert.Equal(3, jobs.Count);
        await Wait(jobs.ToArray());
        var sent = emu.Host.RequestsTo("/resource/virtual-machines", "POST").Single().Body;
        Assert.Contains("\"numberOfInstances\":3", sent);
        Assert.Contains($"{{\"networkId\":\"{nets[1].Id}\",\"primary\":true}}", sent);
        var vms = Store.Vms.Where(v => v.Name.StartsWith("multi-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, vms.Count);
        Assert.All(vms, v => Assert.Equal(nets[1].Id, v.Nics.Single(n => n.Primary).Network.Id));
    }

    [Theory]
    [InlineData(11, 1, 1, "GP-Small-1", "key-1", "1 to 10 VMs")]
    [InlineData(1, 6, 1, "GP-Small-1", "key-1", "1 to 5 network interfaces")]
    [InlineData(1, 2, 2, "GP-Small-1", "key-1", "Exactly one network interface must be primary")]
    [InlineData(1, 0, 0, null, "key-1", "GPCN needs -Size")]
    [InlineData(1, 0, 0, "GP-Small-1", null, "GPCN needs a login method")]
    [InlineData(1, 0, 0, "GP-Nope-1", "key-1", "GPCN has no size 'GP-Nope-1' in US East 1 for -Size; it has: GP-Micro-1")]
    public async Task Create_validates_before_sending(int count, int nics, int primaries, string? size, string? key, string message)
    {
        var r = new VmCreateRequest { Name = "x", Size = size, Image = "Ubuntu 24.04 LTS", Location = "US East 1", Count = count };
        if (key != null) r.SshKeys.Add(key);
        for (int i = 0; i < nics; i++) r.Networks.Add(new CloudVmNetworkSpec(Guid.NewGuid().ToString()) { Primary = i < primaries });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(r, None));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(message, e.Message);
        Assert.Empty(emu.Host.RequestsTo("/resource/virtual-machines", "POST"));   // at most the catalog was read
    }

    [Fact]
    public async Task The_catalog_lists_data_centers_their_sizes_and_images_and_a_vms_resize_targets()
    {
        var dcs = await Client.ListLocationsAsync(None);
        Assert.Equal(("US East 1", "us-east-1", "North America", "United States"), (dcs[0].Name, dcs[0].Code!, dcs[0].Region!, dcs[0].Country!));
        Assert.All(dcs, d => Assert.Same(session, d.Owner));
        Assert.Contains("page=1&limit=100", emu.Host.RequestsTo("/resource/data-centers")[0].Query);

        var sizes = await Client.ListSizesAsync("us-east-1", None);   // by code; names and ids work too
        var small = sizes.Single(x => x.Name == "GP-Small-1");
        Assert.Equal((Store.SkuId(Store.Datacenters[0], Store.Configurations[45]), "gp.small.1", 4, 8.0, 80, "general-purpose"), (small.Id, small.Code!, small.Cpu!.Value, small.MemoryGB!.Value, small.DiskGB!.Value, small.Category!));
        Assert.Contains(sizes, x => x.Category == "memory-optimized");

        var images = await Client.ListImagesAsync("US East 1", None);
        Assert.Equal(("Ubuntu 24.04 LTS", "Linux", Store.Images[12].StringId), (images[0].Name, images[0].Category!, images[0].Id));
        Assert.Contains(images, i => i.Category == "Windows");

        var targets = await Client.ListResizeTargetsAsync(new VmRef(Seeded("web-server-1").Id), None);
        Assert.Equal(new[] { "GP-Medium-1", "GP-Large-1" }, targets.Select(t => t.Name));
        Assert.Contains($"vmId={Seeded("web-server-1").Id}", emu.Host.RequestsTo("virtual-machine-sizes")[^1].Query);

        var none = await Assert.ThrowsAsync<CloudVmException>(() => Client.ListSizesAsync(null, None));
        Assert.Contains("per data center", none.Message);
        var unknown = await Assert.ThrowsAsync<CloudVmException>(() => Client.ListSizesAsync("Atlantis", None));
        Assert.Contains("GPCN has no data center 'Atlantis'", unknown.Message);
        Assert.Contains("US East 1", unknown.Message);
    }

    [Fact]
    public async Task A_create_by_names_sends_the_live_body_and_a_password_login_needs_a_user()
    {
        var ssh = Assert.Single(await Client.CreateVmAsync(new VmCreateRequest { Name = "named", Size = "gp.small.1", Image = "ubuntu 24.04 lts", Location = "EU Central 1", SshKeys = { "key-7" }, UserName = "ops", ResourceGroup = "7" }, None));
        var sent = JsonNode.Parse(emu.Host.RequestsTo("/resource/virtual-machines", "POST").Single().Body)!.AsObject();
        Assert.Equal((Store.Datacenters[1].Id, Store.SkuId(Store.Datacenters[1], Store.Configurations[45]), Store.Images[12].StringId, "ssh-key", "key-7", "ops", "7"),
            ((string)sent["datacenterId"]!, (string)sent["skuId"]!, (string)sent["imageId"]!, (string)sent["authMethod"]!, (string)sent["sshKeyId"]!, (string)sent["username"]!, (string)sent["resourceGroupId"]!));
        Assert.False(sent.ContainsKey("configurationId"));
        await Wait(ssh);
        Assert.Equal(CloudVmJobState.Completed, ssh.State);

        emu.Host.Requests.Clear();
        var pw = Assert.Single(await Client.CreateVmAsync(new VmCreateRequest { Name = "pw", Size = "GP-Small-1", Image = "Debian 12", Location = Dc, UserName = "admin", Password = ApiCredential.Protect("s3cret-pass") }, None));
        var body = JsonNode.Parse(emu.Host.RequestsTo("/resource/virtual-machines", "POST").Single().Body)!;
        Assert.Equal(("password", "admin", "s3cret-pass"), ((string)body["authMethod"]!, (string)body["username"]!, (string)body["password"]!));
        await Wait(pw);
        var noUser = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "pw2", Size = "GP-Small-1", Image = "Debian 12", Location = Dc, Password = ApiCredential.Protect("s3cret-pass") }, None));
        Assert.Contains("needs a user name", noUser.Message);
    }

    [Fact]
    public async Task Every_live_status_is_read_and_Shutoff_is_stopped_and_Destroyed_ends_a_wait_at_once()
    {
        var vm = Seeded("web-server-2");
        foreach (var (word, status) in new[] { ("Shutoff", CloudVmStatus.Stopped), ("Provisioning", CloudVmStatus.Creating), ("Resizing", CloudVmStatus.Resizing), ("Starting", CloudVmStatus.Starting),
            ("Stopping", CloudVmStatus.Stopping), ("Deleting", CloudVmStatus.Deleting), ("Destroyed", CloudVmStatus.Deleted), ("Rescue", CloudVmStatus.Rebooting), ("Rescuing", CloudVmStatus.Rebooting),
            ("Unrescuing", CloudVmStatus.Rebooting), ("Unknown", CloudVmStatus.Unknown), ("Error", CloudVmStatus.Error), ("Running", CloudVmStatus.Running), ("Stopped", CloudVmStatus.Stopped) })
        {
            vm.Status = word;
            var read = await Client.GetVmAsync(vm.Id, None);
            Assert.Equal((word, status), (read.ProviderStatus, read.Status));
        }
        vm.Status = "Stopped";
        var start = await Client.PowerAsync(new VmRef(vm.Id, vm.Name), PowerAction.Start, new PowerOptions(), None);
        lock (Store.Gate) { vm.Status = "Destroyed"; vm.Busy = false; }
        var before = emu.Clock.GetUtcNow();
        await Wait(start);
        Assert.Equal(CloudVmJobState.Failed, start.State);
        Assert.Contains("Destroyed", start.Error);
        Assert.True(emu.Clock.GetUtcNow() - before < TimeSpan.FromMinutes(1), "the wait ran towards its time-out");
    }

    [Fact]
    public async Task Power_follows_the_vm_state_and_a_stop_of_a_stopped_vm_is_a_success()
    {
        var vm = Seeded("web-server-2");
        var start = await Client.PowerAsync(new VmRef(vm.Id, vm.Name), PowerAction.Start, new PowerOptions(), None);
        Assert.IsType<VmStateTracker>(start.Tracker);
        await Wait(start);
        Assert.Equal((CloudVmJobState.Completed, "Running"), (start.State, vm.Status));

        var reset = await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Reset, new PowerOptions(), None);
        await Wait(reset);
        Assert.Equal(CloudVmJobState.Completed, reset.State);
        Assert.Contains(emu.Host.Requests, r => r.Path.EndsWith("/reset", StringComparison.Ordinal));

        await Wait(await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Stop, new PowerOptions(), None));
        Assert.Equal("Stopped", vm.Status);
        var again = await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Stop, new PowerOptions(), None);
        Assert.Equal((CloudVmJobState.Completed, "Stopped"), (again.State, again.ProviderState));

        var graceful = Assert.Throws<CloudVmException>(() => session.Features.CheckPower(PowerAction.Restart, null));
        Assert.Equal(CloudVmErrorKind.NotSupported, graceful.Kind);
        Assert.StartsWith("GPCN does not support a graceful restart.", graceful.Message);
    }

    [Fact]
    public async Task Resize_upgrades_and_the_server_refusal_of_a_downgrade_is_clear()
    {
        var vm = Seeded("web-server-1");
        var job = await Client.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Size = "GP-Medium-1" }, None);
        Assert.IsType<ProviderJobTracker>(job.Tracker);
        Assert.Equal("Resizing", vm.Status);
        await Wait(job);
        Assert.Equal(("GP-Medium-1", "Running"), (vm.Configuration.Name, vm.Status));
        var sent = JsonNode.Parse(emu.Host.RequestsTo("/size", "PUT").Single().Body)!;
        Assert.Equal(Store.SkuId(vm.Datacenter, Store.Configurations[67]), (string)sent["skuId"]!);
        // A downgrade is refused before sending, naming the sizes the VM can go to.
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Size = "GP-Small-1" }, None));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("cannot resize", e.Message);
        Assert.Contains("GP-Large-1 (16 vCPU, 32 GB)", e.Message);
        Assert.Contains("Get-CloudVmSize -Vm", e.RecommendedAction);
        Assert.Single(emu.Host.RequestsTo("/size", "PUT"));
        // The server's own refusal (a size not offered there) is the provider's error.
        emu.Host.Faults.Add(new Fault { PathContains = "/size", Method = "PUT", Status = 400, Body = "{\"message\":\"Only upgrades are allowed\",\"error\":{\"code\":\"DOWNGRADE_NOT_ALLOWED\",\"message\":\"Only upgrades are allowed\",\"details\":{\"skuId\":\"smaller\"}}}" });
        var server = await Assert.ThrowsAsync<CloudVmException>(() => Client.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Size = "GP-Large-1" }, None));
        Assert.Equal(("DOWNGRADE_NOT_ALLOWED", 400, CloudVmErrorKind.InvalidArgument), (server.ProviderCode, server.HttpStatus!.Value, server.Kind));
        Assert.Contains("Only upgrades are allowed (skuId: smaller)", server.Message);
    }

    [Fact]
    public async Task Bulk_power_reports_each_failure_alone_and_a_vm_already_stopped_is_a_success()
    {
        var a = Seeded("web-server-1");
        var b = Seeded("db-1");
        var stopped = Seeded("web-server-2");
        var missing = "9f0c1a7e-0000-4000-8000-000000000001";
        var outcomes = await Client.BulkPowerAsync(new[] { new VmRef(a.Id, a.Name), new VmRef(missing), new VmRef(b.Id, b.Name), new VmRef(stopped.Id) }, PowerAction.Stop, None);
        Assert.Equal(4, outcomes.Count);
        Assert.NotNull(outcomes[0].Job);
        Assert.Equal("NOT_FOUND", outcomes[1].Error!.ProviderCode);
        Assert.NotNull(outcomes[2].Job);
        Assert.Equal(CloudVmJobState.Completed, outcomes[3].Job!.State);
        await Wait(outcomes[0].Job!, outcomes[2].Job!);
        Assert.Equal(("Stopped", "Stopped"), (a.Status, b.Status));
        Assert.Single(emu.Host.RequestsTo("bulk/stop"));
    }

    [Fact]
    public async Task Bulk_start_and_bulk_reset()
    {
        var stopped = Seeded("web-server-2");
        var running = Seeded("web-server-1");
        var started = await Client.BulkPowerAsync(new[] { new VmRef(stopped.Id), new VmRef(running.Id) }, PowerAction.Start, None);
        Assert.IsType<VmStateTracker>(started[0].Job!.Tracker);
        Assert.Equal(CloudVmJobState.Completed, started[1].Job!.State); // already running
        await Wait(started[0].Job!);
        var reset = await Client.BulkPowerAsync(new[] { new VmRef(stopped.Id), new VmRef(running.Id) }, PowerAction.Reset, None);
        Assert.All(reset, o => Assert.Equal("Rebooting", Store.Find(o.Vm.Id)!.Status));
        await Wait(reset.Select(o => o.Job!).ToArray());
        Assert.All(reset, o => Assert.Equal(CloudVmJobState.Completed, o.Job!.State));
        Assert.Single(emu.Host.RequestsTo("bulk/start"));
        Assert.Single(emu.Host.RequestsTo("bulk/reset"));
    }

    [Fact]
    public async Task Bulk_delete_returns_one_job_per_vm()
    {
        var ids = Store.Vms.Select(v => new VmRef(v.Id, v.Name)).ToList();
        var outcomes = await Client.BulkDeleteAsync(ids, None);
        Assert.All(outcomes, o => Assert.IsType<ProviderJobTracker>(o.Job!.Tracker));
        await Wait(outcomes.Select(o => o.Job!).ToArray());
        Assert.Empty(Store.Vms);
        Assert.All(outcomes, o => Assert.Equal(o.Vm.Id, o.Job!.VmId));
    }

    [Theory]
    [InlineData(GpcnJobSchema.Service)]
    [InlineData(GpcnJobSchema.Guide)]
    [InlineData(GpcnJobSchema.Reference)]
    public async Task Jobs_are_understood_in_every_shape_in_create_resize_delete_nics_and_polls(GpcnJobSchema schema)
    {
        await using var e2 = await Emulator.StartAsync(o => o.GpcnJobSchema = schema);
        var s = e2.Gpcn();
        var dc = e2.Host.Gpcn.Datacenters[0].Id;
        var ok = (await s.Api.CreateVmAsync(new VmCreateRequest { Name = "ok", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = dc }, None)).Single();
        e2.Host.Gpcn.FailNextJob("Out of capacity in US East 1");
        var bad = (await s.Api.CreateVmAsync(new VmCreateRequest { Name = "bad", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = dc }, None)).Single();
        await Wait(ok, bad);
        Assert.Equal(CloudVmJobState.Completed, ok.State);
        Assert.Equal(CloudVmJobState.Failed, bad.State);
        Assert.Contains(schema == GpcnJobSchema.Service ? "failed" : "Out of capacity in US East 1", bad.Error);

        var vm = e2.Host.Gpcn.Vms.Single(v => v.Name == "web-server-1");
        var resize = await s.Api.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Size = "GP-Medium-1" }, None);
        Assert.IsType<ProviderJobTracker>(resize.Tracker);
        var net = e2.Host.Gpcn.Networks.First(n => n.DatacenterId == vm.Datacenter.Id && n.Type == "standard" && vm.Nics.All(x => x.Network.Id != n.Id));
        await Wait(resize);
        var nic = await s.Api.AddNetworkInterfaceAsync(new VmRef(vm.Id), net.Id, None);
        Assert.IsType<ProviderJobTracker>(nic.Tracker);
        await Wait(nic);
        Assert.Equal(2, vm.Nics.Count);
        var delete = await s.Api.DeleteVmAsync(new VmRef(vm.Id), new VmDeleteOptions(), None);
        Assert.IsType<ProviderJobTracker>(delete.Tracker);
        await Wait(delete);
        Assert.DoesNotContain(vm, e2.Host.Gpcn.Vms);
    }

    [Fact]
    public async Task Job_lookup_batches_fifty_ids_per_request()
    {
        var ids = new List<string>();
        for (int i = 0; i < 6; i++)
            ids.AddRange((await Client.CreateVmAsync(new VmCreateRequest { Name = "b" + i, Size = "GP-Micro-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = Dc, Count = 10 }, None)).Select(j => j.Id));
        var jobs = await Client.LookupJobsAsync(ids, None);
        Assert.Equal(60, jobs.Count);
        Assert.Equal(2, emu.Host.RequestsTo("resource/jobs").Count);
    }

    [Fact]
    public async Task Network_interfaces_public_ips_and_available_networks()
    {
        var vm = Seeded("web-server-1");
        var r = new VmRef(vm.Id, vm.Name);
        var primary = Assert.Single(await Client.ListNetworkInterfacesAsync(r, None));
        Assert.True(primary.Primary);
        Assert.NotNull(primary.PublicIp);

        var available = await Client.ListAvailableNetworksAsync(r, None);
        Assert.Equal(2, available.Count);
        var l2 = available.Single(n => n.Type == "l2");
        var backend = available.Single(n => n.Type == "standard");

        await Wait(await Client.AddNetworkInterfaceAsync(r, backend.Id, None), await Client.AddNetworkInterfaceAsync(r, l2.Id, None));
        var nics = await Client.ListNetworkInterfacesAsync(r, None);
        Assert.Equal(3, nics.Count);
        var second = nics.Single(n => n.NetworkId == backend.Id);
        var l2nic = nics.Single(n => n.NetworkId == l2.Id);

        await Wait(await Client.AddPublicIpAsync(r, second.Id, None));
        Assert.NotNull((await Client.ListNetworkInterfacesAsync(r, None)).Single(n => n.Id == second.Id).PublicIp);
        var l3only = await Assert.ThrowsAsync<CloudVmException>(() => Client.AddPublicIpAsync(r, l2nic.Id, None));
        Assert.Contains("standard (L3)", l3only.Message);

        var set = await Client.SetPrimaryNetworkInterfaceAsync(r, second.Id, None);
        Assert.Equal(CloudVmJobState.Completed, set.State);
        Assert.True((await Client.ListNetworkInterfacesAsync(r, None)).Single(n => n.Id == second.Id).Primary);

        await Wait(await Client.RemovePublicIpAsync(r, second.Id, None), await Client.RemoveNetworkInterfaceAsync(r, primary.Id, None));
        nics = await Client.ListNetworkInterfacesAsync(r, None);
        Assert.Equal(2, nics.Count);
        Assert.Null(nics.Single(n => n.Id == second.Id).PublicIp);
    }

    [Fact]
    public async Task Nic_changes_need_a_stopped_vm_without_hotplug()
    {
        var vm = Seeded("db-1");
        var net = (await Client.ListAvailableNetworksAsync(new VmRef(vm.Id), None))[0];
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.AddNetworkInterfaceAsync(new VmRef(vm.Id), net.Id, None));
        Assert.Equal(("VM_MUST_BE_STOPPED", 409, CloudVmErrorKind.Conflict), (e.ProviderCode, e.HttpStatus!.Value, e.Kind));
        await Wait(await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Stop, new PowerOptions(), None));
        await Wait(await Client.AddNetworkInterfaceAsync(new VmRef(vm.Id), net.Id, None));
        Assert.Equal(2, vm.Nics.Count);
    }

    [Fact]
    public async Task Console_password_and_ssh_key()
    {
        var vm = Seeded("web-server-1");
        var r = new VmRef(vm.Id, vm.Name);
        Assert.StartsWith("https://console.emulator.invalid/vnc/?token=", (await Client.GetConsoleAsync(r, None)).Url!.ToString());
        Assert.Equal(vm.Password, ApiCredential.Reveal((await Client.GetSecretAsync(r, CloudVmSecretType.Password, None)).Secret));
        Assert.Equal(vm.PrivateKey, ApiCredential.Reveal((await Client.GetSecretAsync(r, CloudVmSecretType.SshPrivateKey, None)).Secret));
    }

    [Fact]
    public async Task Rename_and_resource_group()
    {
        var vm = Seeded("web-server-1");
        var job = await Client.UpdateAsync(new VmRef(vm.Id), new VmUpdateRequest { NewName = "frontend-1", ResourceGroup = "7" }, None);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        Assert.Equal(("frontend-1", 7), (vm.Name, vm.TeamId!.Value));
        await Client.UpdateAsync(new VmRef(vm.Id), new VmUpdateRequest { ClearResourceGroup = true }, None);
        Assert.Null(vm.TeamId);
        Assert.Contains("\"teamId\":null", emu.Host.Requests.Last().Body);
    }

    [Fact]
    public void Plain_http_is_refused_except_on_loopback()
    {
        var e = Assert.Throws<CloudVmException>(() => ProviderRegistry.CheckEndpoint(new Uri("http://api.gpcn.com/v1")));
        Assert.Contains("does not use https", e.Message);
        Assert.Equal("http://localhost:5080/gpcn/v1/", ProviderRegistry.CheckEndpoint(new Uri("http://localhost:5080/gpcn/v1")).ToString());
    }
}
