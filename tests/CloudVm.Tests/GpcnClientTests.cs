using System.Security;
using CloudVm.Emulator;
using CloudVm.Emulator.Gpcn;
using CloudVm.Providers;
using CloudVm.Providers.Gpcn;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The GPCN client against the emulator over real HTTP on 127.0.0.1.</summary>
public sealed class GpcnClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    GpcnClient Client => (GpcnClient)session.Api;
    GpcnStore Store => emu.Host.Gpcn;
    static readonly CancellationToken None = CancellationToken.None;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.Gpcn();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    async Task<List<VirtualMachine>> ListAll(VmQuery q)
    {
        var all = new List<VirtualMachine>();
        string? token = null;
        do
        {
            var page = await Client.ListVmsAsync(q, token, None);
            all.AddRange(page.Items.Where(q.Matches));
            token = page.NextPageToken;
        } while (token != null);
        return all;
    }

    GpcnVm Seeded(string name) => Store.Vms.Single(v => v.Name == name);

    async Task Wait(params CloudVmJob[] jobs) => await JobWaiter.WaitAsync(jobs, TimeSpan.FromSeconds(20), "test", None);

    [Fact]
    public async Task List_reads_every_page_at_the_largest_page_size()
    {
        for (int i = 0; i < 247; i++) Store.AddVm($"bulk-{i:000}", "Running", Store.Datacenters[0], Store.Configurations[30], Store.Images[12], null, false);
        var all = await ListAll(new VmQuery());
        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(v => v.Id).Distinct().Count());
        var lists = emu.Host.RequestsTo("/gpcn/v1/resource/virtual-machines", "GET");
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Contains("limit=100", r.Query));
    }

    [Fact]
    public async Task List_sends_filters_the_server_has_and_normalises_status()
    {
        var stopped = await ListAll(new VmQuery { Status = CloudVmStatus.Stopped });
        Assert.Equal(new[] { "web-server-2" }, stopped.Select(v => v.Name));
        Assert.Equal(CloudVmStatus.Stopped, stopped[0].Status);
        Assert.Equal("Stopped", stopped[0].ProviderStatus);
        Assert.Contains("filter[status]=Stopped", Uri.UnescapeDataString(emu.Host.Requests.Last().Query));

        var web = await ListAll(new VmQuery { Name = "web-*", Sort = "name:asc" });
        Assert.Equal(new[] { "web-server-1", "web-server-2" }, web.Select(v => v.Name));
        Assert.Contains("search=web-", emu.Host.Requests.Last().Query);

        var eu = await ListAll(new VmQuery { Location = Store.Datacenters[1].Id });
        Assert.Equal(new[] { "db-1" }, eu.Select(v => v.Name));
        Assert.Equal("EU Central 1", eu[0].Location);
        Assert.Equal(8, eu[0].Cpu);
        Assert.Equal(16, eu[0].MemoryGB);
    }

    [Fact]
    public async Task Get_reads_the_detail_shape()
    {
        var vm = await Client.GetVmAsync(Seeded("db-1").Id, None);
        Assert.Equal("db-1", vm.Name);
        Assert.Equal("GP-Medium-1", vm.Size);
        Assert.Equal("67", vm.SizeId);
        Assert.Equal("7", vm.ResourceGroup);
        Assert.Equal(false, vm.ProviderData["networkHotplug"]);
        Assert.Same(session, vm.Session);
    }

    [Fact]
    public async Task Errors_carry_the_provider_code_message_and_status_but_never_the_key()
    {
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.GetVmAsync("9f0c1a7e-0000-4000-8000-000000000000", None));
        Assert.Equal(CloudVmErrorKind.NotFound, e.Kind);
        Assert.Equal(404, e.HttpStatus);
        Assert.Equal("NOT_FOUND", e.ProviderCode);
        Assert.Contains("not found", e.Message);

        var bad = emu.Gpcn("gpcn_wrong-key-" + Guid.NewGuid());
        var u = await Assert.ThrowsAsync<CloudVmException>(() => bad.Api.GetVmAsync("x", None));
        Assert.Equal(CloudVmErrorKind.Unauthorized, u.Kind);
        Assert.Equal("Invalid or missing API key", u.ProviderMessage);
        Assert.DoesNotContain("wrong-key", u.ToString());
        Assert.DoesNotContain(emu.GpcnKey, session.ToString());
    }

    [Fact]
    public async Task Create_returns_a_job_that_finds_the_new_vm_when_it_completes()
    {
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "api-1", Size = "45", Image = "12", Location = Store.Datacenters[0].Id, PublicIp = true }, None);
        var job = Assert.Single(jobs);
        Assert.Equal(JobTracking.ProviderJob, job.Tracking);
        Assert.False(job.IsFinished);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        Assert.NotNull(job.VmId);
        var vm = await Client.GetVmAsync(job.VmId!, None);
        Assert.Equal(("api-1", CloudVmStatus.Running), (vm.Name, vm.Status));
        // The page's detail shape has no IPs; the list shape has them.
        Assert.NotNull((await ListAll(new VmQuery { Name = "api-1" })).Single().PublicIp);
    }

    [Fact]
    public async Task Create_with_several_instances_and_networks()
    {
        var nets = Store.Networks.Where(n => n.DatacenterId == Store.Datacenters[0].Id).ToList();
        var jobs = await Client.CreateVmAsync(new VmCreateRequest
        {
            Name = "multi", Size = "30", Image = "13", Location = Store.Datacenters[0].Id, Count = 3, ResourceGroup = "5",
            Networks = { new CloudVmNetworkSpec(nets[0].Id), new CloudVmNetworkSpec(nets[1].Id) { Primary = true } },
        }, None);
        Assert.Equal(3, jobs.Count);
        await Wait(jobs.ToArray());
        var sent = emu.Host.RequestsTo("/resource/virtual-machines", "POST").Single().Body;
        Assert.Contains("\"numberOfInstances\":3", sent);
        Assert.Contains($"{{\"networkId\":\"{nets[1].Id}\",\"primary\":true}}", sent);
        var vms = Store.Vms.Where(v => v.Name.StartsWith("multi-")).ToList();
        Assert.Equal(3, vms.Count);
        Assert.All(vms, v => Assert.Equal(nets[1].Id, v.Nics.Single(n => n.Primary).Network.Id));
    }

    [Theory]
    [InlineData(11, 1, 1, "45", "1 to 10 instances")]
    [InlineData(1, 6, 1, "45", "1 to 5 network interfaces")]
    [InlineData(1, 2, 2, "45", "Exactly one network interface must be primary")]
    [InlineData(1, 0, 0, "GP-Small-1", "configuration id")]
    public async Task Create_validates_before_sending(int count, int nics, int primaries, string size, string message)
    {
        var r = new VmCreateRequest { Name = "x", Size = size, Image = "12", Location = Store.Datacenters[0].Id, Count = count };
        for (int i = 0; i < nics; i++) r.Networks.Add(new CloudVmNetworkSpec(Guid.NewGuid().ToString()) { Primary = i < primaries });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(r, None));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(message, e.Message);
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public async Task Power_follows_the_vm_state_and_reports_state_rules()
    {
        var vm = Seeded("web-server-2");
        var start = await Client.PowerAsync(new VmRef(vm.Id, vm.Name), PowerAction.Start, null, None);
        Assert.Equal(JobTracking.VmState, start.Tracking);
        await Wait(start);
        Assert.Equal(CloudVmJobState.Completed, start.State);
        Assert.Equal("Running", vm.Status);

        var reset = await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Reset, null, None);
        await Wait(reset);
        Assert.Equal(CloudVmJobState.Completed, reset.State);
        Assert.Contains(emu.Host.Requests, r => r.Path.EndsWith("/reset"));

        var stop = await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Stop, null, None);
        await Wait(stop);
        Assert.Equal("Stopped", vm.Status);
        var again = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(new VmRef(vm.Id), PowerAction.Stop, null, None));
        Assert.Equal((CloudVmErrorKind.Conflict, 409), (again.Kind, again.HttpStatus!.Value));

        var graceful = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(new VmRef(vm.Id), PowerAction.Restart, null, None));
        Assert.Equal(CloudVmErrorKind.NotSupported, graceful.Kind);
        Assert.StartsWith("GPCN does not support a graceful restart", graceful.Message);
    }

    [Fact]
    public async Task Resize_upgrades_and_the_server_refusal_of_a_downgrade_is_clear()
    {
        var vm = Seeded("web-server-1");
        var job = await Client.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Size = "67" }, None);
        Assert.Equal(JobTracking.ProviderJob, job.Tracking);
        Assert.Equal("Resizing", vm.Status);
        await Wait(job);
        Assert.Equal(("GP-Medium-1", "Running"), (vm.Configuration.Name, vm.Status));
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Size = "45" }, None));
        Assert.Equal(("DOWNGRADE_NOT_ALLOWED", 400), (e.ProviderCode, e.HttpStatus!.Value));
        Assert.Contains("Only upgrades are allowed", e.Message);
    }

    [Fact]
    public async Task Bulk_power_reports_each_failure_alone()
    {
        var a = Seeded("web-server-1");
        var b = Seeded("db-1");
        var missing = "9f0c1a7e-0000-4000-8000-000000000001";
        var outcomes = await Client.BulkPowerAsync(new[] { new VmRef(a.Id, a.Name), new VmRef(missing), new VmRef(b.Id, b.Name) }, PowerAction.Stop, None);
        Assert.Equal(3, outcomes.Count);
        Assert.NotNull(outcomes[0].Job);
        Assert.Equal("NOT_FOUND", outcomes[1].Error!.ProviderCode);
        Assert.NotNull(outcomes[2].Job);
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
        Assert.NotNull(started[0].Job);
        Assert.Equal(CloudVmErrorKind.Conflict, started[1].Error!.Kind);
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
        Assert.All(outcomes, o => Assert.Equal(JobTracking.ProviderJob, o.Job!.Tracking));
        await Wait(outcomes.Select(o => o.Job!).ToArray());
        Assert.Empty(Store.Vms);
        Assert.All(outcomes, o => Assert.Equal(o.Vm.Id, o.Job!.VmId));
    }

    [Theory]
    [InlineData(GpcnJobSchema.Guide)]
    [InlineData(GpcnJobSchema.Reference)]
    public async Task Jobs_are_understood_in_both_documented_shapes(GpcnJobSchema schema)
    {
        await using var e2 = await Emulator.StartAsync(o => o.GpcnJobSchema = schema);
        var s = e2.Gpcn();
        var dc = e2.Host.Gpcn.Datacenters[0].Id;
        var ok = (await s.Api.CreateVmAsync(new VmCreateRequest { Name = "ok", Size = "45", Image = "12", Location = dc }, None)).Single();
        e2.Host.Gpcn.FailNextJob("Out of capacity in US East 1");
        var bad = (await s.Api.CreateVmAsync(new VmCreateRequest { Name = "bad", Size = "45", Image = "12", Location = dc }, None)).Single();
        await JobWaiter.WaitAsync(new[] { ok, bad }, TimeSpan.FromSeconds(20), "t", None);
        Assert.Equal(CloudVmJobState.Completed, ok.State);
        Assert.Equal(CloudVmJobState.Failed, bad.State);
        Assert.Contains("Out of capacity in US East 1", bad.Error);
        Assert.Equal(1, e2.Host.RequestsTo("resource/jobs").Count(r => r.Body.Contains(ok.Id) && r.Body.Contains(bad.Id)) >= 1 ? 1 : 0);
    }

    [Fact]
    public async Task Job_lookup_batches_fifty_ids_per_request()
    {
        var dc = Store.Datacenters[0].Id;
        var ids = new List<string>();
        for (int i = 0; i < 6; i++)
            ids.AddRange((await Client.CreateVmAsync(new VmCreateRequest { Name = "b" + i, Size = "30", Image = "12", Location = dc, Count = 10 }, None)).Select(j => j.Id));
        var jobs = await Client.GetJobsAsync(ids, None);
        Assert.Equal(60, jobs.Count);
        var polls = emu.Host.RequestsTo("resource/jobs");
        Assert.Equal(2, polls.Count);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_wait()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Status = 429, RetryAfterSeconds = 1 });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var page = await Client.ListVmsAsync(new VmQuery(), null, None);
        Assert.Equal(3, page.Items.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {watch.Elapsed}");
        Assert.Equal(2, emu.Host.RequestsTo("/resource/virtual-machines", "GET").Count);
    }

    [Fact]
    public async Task A_503_on_create_is_not_sent_again()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "POST", Status = 503, Count = 5 });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "x", Size = "45", Image = "12", Location = Store.Datacenters[0].Id }, None));
        Assert.Equal((CloudVmErrorKind.ServerError, 503), (e.Kind, e.HttpStatus!.Value));
        Assert.Single(emu.Host.RequestsTo("/resource/virtual-machines", "POST"));
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_not_sent_again_and_says_so()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "POST", DropAfterServing = true });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "lost", Size = "45", Image = "12", Location = Store.Datacenters[0].Id }, None));
        Assert.Equal(CloudVmErrorKind.Network, e.Kind);
        Assert.Contains("not sent again", e.Message);
        Assert.Single(emu.Host.RequestsTo("/resource/virtual-machines", "POST"));
        Assert.Single(Store.Vms, v => v.Name == "lost");
    }

    [Fact]
    public async Task A_dropped_read_is_retried()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Drop = true });
        var id = Seeded("db-1").Id;
        var vm = await Client.GetVmAsync(id, None);
        Assert.Equal("db-1", vm.Name);
        Assert.Equal(2, emu.Host.RequestsTo("/resource/virtual-machines/", "GET").Count(r => r.Path.EndsWith(id)));
    }

    [Fact]
    public async Task Network_interfaces_public_ips_and_available_networks()
    {
        var vm = Seeded("web-server-1");
        var r = new VmRef(vm.Id, vm.Name);
        var nics = await Client.ListNetworkInterfacesAsync(r, None);
        var primary = Assert.Single(nics);
        Assert.True(primary.Primary);
        Assert.NotNull(primary.PublicIp);

        var available = await Client.ListAvailableNetworksAsync(r, None);
        Assert.Equal(2, available.Count);
        var l2 = available.Single(n => n.Type == "l2");
        var backend = available.Single(n => n.Type == "standard");

        await Wait(await Client.AddNetworkInterfaceAsync(r, backend.Id, None), await Client.AddNetworkInterfaceAsync(r, l2.Id, None));
        nics = await Client.ListNetworkInterfacesAsync(r, None);
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
        var net = (await Client.ListAvailableNetworksAsync(new VmRef(vm.Id), None)).First();
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.AddNetworkInterfaceAsync(new VmRef(vm.Id), net.Id, None));
        Assert.Equal(("VM_MUST_BE_STOPPED", 409), (e.ProviderCode, e.HttpStatus!.Value));
        await Wait(await Client.PowerAsync(new VmRef(vm.Id), PowerAction.Stop, null, None));
        await Wait(await Client.AddNetworkInterfaceAsync(new VmRef(vm.Id), net.Id, None));
        Assert.Equal(2, vm.Nics.Count);
    }

    [Fact]
    public async Task Console_password_and_ssh_key()
    {
        var vm = Seeded("web-server-1");
        var r = new VmRef(vm.Id, vm.Name);
        var console = await Client.GetConsoleAsync(r, None);
        Assert.StartsWith("https://console.emulator.invalid/vnc/?token=", console.Url!.ToString());
        var password = await Client.GetSecretAsync(r, CloudVmSecretType.Password, None);
        Assert.Equal(vm.Password, ApiCredential.Reveal(password.Secret));
        var key = await Client.GetSecretAsync(r, CloudVmSecretType.SshPrivateKey, None);
        Assert.Equal(vm.PrivateKey, ApiCredential.Reveal(key.Secret));
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
        var e = Assert.Throws<CloudVmException>(() => ProviderCatalog.CheckEndpoint(new Uri("http://api.gpcn.com/v1")));
        Assert.Contains("does not use https", e.Message);
        Assert.Equal("http://localhost:5080/gpcn/v1/", ProviderCatalog.CheckEndpoint(new Uri("http://localhost:5080/gpcn/v1")).ToString());
    }
}
