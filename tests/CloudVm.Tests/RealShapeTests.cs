using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Providers;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>Issue 8: the answers the real services give, as the providers' own public clients read them (JSON fixtures written
/// by hand from NOTES.md, in Fixtures/), and the page's forms beside them, served in place of the emulator's answer; each
/// test checks what the client read and what it sent.</summary>
public sealed class RealShapeTests : IAsyncLifetime
{
    Emulator emu = null!;
    World World => emu.Host;

    public async Task InitializeAsync() => emu = await Emulator.StartAsync();
    public async Task DisposeAsync() => await emu.DisposeAsync();

    static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    void Serve(string pathContains, string method, string fixture, int status = 200) =>
        World.Faults.Add(new Fault { PathContains = pathContains, Method = method, Count = 1000, Status = status, Respond = _ => Fixture(fixture) });

    // ---- GPCN: both job shapes everywhere ----

    [Theory]
    [InlineData("gpcn/create-service.json", "0f1e2d3c-0000-4000-8000-00000000a001", "5a6b7c8d-0000-4000-8000-00000000b001", "web-01")]
    [InlineData("gpcn/create-page.json", "0f1e2d3c-0000-4000-8000-00000000a002", null, "web-01")]
    [InlineData("gpcn/create-page-shell.json", "0f1e2d3c-0000-4000-8000-00000000a003", null, "web-01")]
    public async Task Gpcn_create_reads_the_job_id_of_every_shape(string fixture, string jobId, string? vmId, string vmName)
    {
        Serve("/resource/virtual-machines", "POST", fixture, 202);
        var s = emu.Gpcn();
        var job = Assert.Single(await s.Api.CreateVmAsync(new VmCreateRequest { Name = "web-01", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = World.Gpcn.Datacenters[0].Id }, None));
        Assert.Equal((jobId, vmId, vmName, CloudVmJobOperation.Create), (job.Id, job.VmId, job.VmName, job.Operation));
        Assert.False(job.IsFinished);
        var sent = JsonNode.Parse(World.RequestsTo("/resource/virtual-machines", "POST").Single().Body)!;
        Assert.Equal(("web-01", World.Gpcn.SkuId(World.Gpcn.Datacenters[0], World.Gpcn.Configurations[45]), World.Gpcn.Images[12].StringId, World.Gpcn.Datacenters[0].Id, "ssh-key"),
            ((string)sent["name"]!, (string)sent["skuId"]!, (string)sent["imageId"]!, (string)sent["datacenterId"]!, (string)sent["authMethod"]!));
    }

    // ---- GPCN: the live API (its current Terraform provider) and the page's older forms ----

    [Theory]
    [InlineData("gpcn/detail-live.json", "web-live", "Shutoff", CloudVmStatus.Stopped, "GP-Small-1", "sku-7f3e", "12", false)]
    [InlineData("gpcn/detail-page.json", "web-page", "Running", CloudVmStatus.Running, "GP-Small-1", "45", "5", true)]
    public async Task Gpcn_detail_is_read_flat_as_the_live_api_answers_and_nested_as_the_page_shows(string fixture, string name, string word, CloudVmStatus status, string size, string sizeId, string group, bool hotplug)
    {
        // Faults match in the order they were added: the VM's interfaces (read when the detail names no IP) first.
        World.Faults.Add(new Fault { PathContains = "/network-interfaces", Method = "GET", Count = 10, Status = 200, Respond = _ => "{\"success\":true,\"data\":[]}" });
        Serve("/resource/virtual-machines/", "GET", fixture);
        var vm = await emu.Gpcn().Api.GetVmAsync("5a6b7c8d-0000-4000-8000-00000000c001", None);
        Assert.Equal((name, word, status, size, sizeId, group, "US East 1"), (vm.Name, vm.ProviderStatus!, vm.Status, vm.Size!, vm.SizeId!, vm.ResourceGroup!, vm.Location!));
        Assert.Equal(hotplug, vm.ProviderData["networkHotplug"]);
    }

    [Fact]
    public async Task Gpcn_catalog_is_read_in_the_live_shapes_and_a_create_by_names_sends_the_live_body()
    {
        // Faults match in the order they were added: the data center's sub-paths before the list of data centers.
        Serve("/virtual-machine-sizes", "GET", "gpcn/sizes-live.json");
        Serve("/virtual-machine-images", "GET", "gpcn/images-live.json");
        Serve("/resource/data-centers", "GET", "gpcn/datacenters-live.json");
        var s = emu.Gpcn();
        var dc = Assert.Single(await s.Api.ListLocationsAsync(None));
        Assert.Equal(("US East 1", "us-east-1", "North America", "United States"), (dc.Name, dc.Code!, dc.Region!, dc.Country!));
        var sizes = await s.Api.ListSizesAsync("US East 1", None);
        Assert.Equal(new[] { ("sku-7f3e", "GP-Small-1", "general-purpose"), ("sku-9a01", "MO-Large-1", "memory-optimized") }, sizes.Select(z => (z.Id, z.Name, z.Category!)));
        Assert.Equal(new[] { ("img-ubuntu-2404", "Linux"), ("img-win-2022", "Windows") }, (await s.Api.ListImagesAsync("us-east-1", None)).Select(i => (i.Id, i.Category!)));

        Serve("/resource/virtual-machines", "POST", "gpcn/create-service.json", 202);
        await s.Api.CreateVmAsync(new VmCreateRequest { Name = "web-01", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", Location = "US East 1", SshKeys = { "k-9" }, Networks = { new CloudVmNetworkSpec("3f1d2c4b-0000-4a6b-9c8d-000000000101") } }, None);
        var body = JsonNode.Parse(World.RequestsTo("/resource/virtual-machines", "POST").Single().Body)!.AsObject();
        Assert.Equal(new[] { "name", "datacenterId", "imageId", "skuId", "numberOfInstances", "allocatePublicIp", "authMethod", "sshKeyId", "networkInterfaces" }, body.Select(kv => kv.Key));
        Assert.Equal(("sku-7f3e", "img-ubuntu-2404", "0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01", "ssh-key", "k-9"), ((string)body["skuId"]!, (string)body["imageId"]!, (string)body["datacenterId"]!, (string)body["authMethod"]!, (string)body["sshKeyId"]!));
        Assert.Equal("{\"networkId\":\"3f1d2c4b-0000-4a6b-9c8d-000000000101\",\"primary\":true}", body["networkInterfaces"]![0]!.ToJsonString());
    }

    [Theory]
    [InlineData("gpcn/error-live.json", 409, "CONFLICT", CloudVmErrorKind.Conflict, "Virtual machine name already in use (name: taken)")]
    [InlineData("gpcn/error-page.json", 404, "NOT_FOUND", CloudVmErrorKind.NotFound, "Virtual machine not found")]
    public async Task Gpcn_errors_are_read_in_the_live_envelope_and_the_pages(string fixture, int status, string code, CloudVmErrorKind kind, string message)
    {
        Serve("/resource/virtual-machines/", "GET", fixture, status);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => emu.Gpcn().Api.GetVmAsync("5a6b7c8d-0000-4000-8000-00000000c001", None));
        Assert.Equal((status, code, kind, message), (e.HttpStatus!.Value, e.ProviderCode!, e.Kind, e.ProviderMessage!));
    }

    [Fact]
    public async Task Gpcn_rate_limiter_body_retryAfter_is_honoured_like_the_header()
    {
        var clock = TestClock.Manual();
        await emu.DisposeAsync();
        emu = await Emulator.StartAsync(clock: clock);
        World.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Count = 1, Status = 429, Respond = _ => Fixture("gpcn/ratelimit-live.json") });
        var list = ListAll(emu.Gpcn());
        await clock.AdvanceWhenWaitingFor(TimeSpan.FromSeconds(7), "the body's retryAfter");
        Assert.NotEmpty(await list);
        Assert.Equal(2, World.RequestsTo("/resource/virtual-machines", "GET").Count);
    }

    [Theory]
    [InlineData("gpcn/jobs-service.json", CloudVmJobState.Completed, CloudVmJobState.Failed, null)]
    [InlineData("gpcn/jobs-page-guide.json", CloudVmJobState.Running, CloudVmJobState.Failed, "Insufficient capacity in US East 1")]
    [InlineData("gpcn/jobs-page-reference.json", CloudVmJobState.Running, CloudVmJobState.Completed, null)]
    public async Task Gpcn_job_polls_read_the_service_shape_and_both_of_the_pages(string fixture, CloudVmJobState first, CloudVmJobState second, string? error)
    {
        var s = emu.Gpcn();
        Serve("/resource/virtual-machines", "POST", "gpcn/create-service.json", 202);
        var a = Assert.Single(await s.Api.CreateVmAsync(new VmCreateRequest { Name = "web-01", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = World.Gpcn.Datacenters[0].Id }, None));
        World.Faults.Clear();
        Serve("/resource/virtual-machines", "POST", "gpcn/create-page.json", 202);
        var b = Assert.Single(await s.Api.CreateVmAsync(new VmCreateRequest { Name = "web-02", Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = World.Gpcn.Datacenters[0].Id }, None));
        Serve("/resource/jobs", "POST", fixture);
        await s.Api.RefreshJobsAsync(new[] { a, b }, None);
        Assert.Equal((first, second), (a.State, b.State));
        if (fixture.Contains("guide")) Assert.Equal(40, a.PercentComplete);
        if (fixture.Contains("reference")) Assert.Equal(60, a.PercentComplete);
        if (error != null) Assert.Contains(error, b.Error);
        if (fixture.Contains("service")) Assert.Equal(("5a6b7c8d-0000-4000-8000-00000000b002", "web-02"), (b.VmId, b.VmName));
        // One poll for both, as the provider's client sends it.
        var poll = JsonNode.Parse(World.RequestsTo("/resource/jobs", "POST").Single().Body)!;
        Assert.Equal(new[] { a.Id, b.Id }, poll["jobIds"]!.AsArray().Select(x => (string)x!));
    }

    [Fact]
    public async Task Gpcn_resize_delete_nic_and_ip_answers_in_the_service_shape_give_the_provider_job()
    {
        var s = emu.Gpcn();
        var vm = (await ListAll(s)).First(v => v.Name == "web-server-2");
        var nic = (await s.Api.ListNetworkInterfacesAsync(VmRef.From(vm), None))[0];
        var net = (await s.Api.ListAvailableNetworksAsync(VmRef.From(vm), None))[0];
        Serve("/size", "PUT", "gpcn/job-service.json", 202);
        Serve("/public-ip", "POST", "gpcn/job-service.json", 202);
        Serve("/network-interfaces", "POST", "gpcn/job-service.json", 202);
        Serve("/resource/virtual-machines/", "DELETE", "gpcn/job-service.json", 202);
        var jobs = new[]
        {
            await s.Api.ResizeAsync(VmRef.From(vm), new VmResizeRequest { Size = "GP-Medium-1" }, None),
            await s.Api.AddPublicIpAsync(VmRef.From(vm), nic.Id, None),
            await s.Api.AddNetworkInterfaceAsync(VmRef.From(vm), net.Id, None),
            await s.Api.DeleteVmAsync(VmRef.From(vm), new VmDeleteOptions(), None),
        };
        Assert.All(jobs, j => Assert.Equal("0f1e2d3c-0000-4000-8000-00000000a010", j.Id));
        Assert.All(jobs, j => Assert.IsType<CloudVm.Jobs.ProviderJobTracker>(j.Tracker));
        Assert.Equal(new[] { CloudVmJobOperation.Resize, CloudVmJobOperation.AddPublicIp, CloudVmJobOperation.AddNetworkInterface, CloudVmJobOperation.Delete }, jobs.Select(j => j.Operation));
    }

    [Fact]
    public async Task Gpcn_bulk_answers_in_the_service_shape_give_each_vm_its_job()
    {
        var s = emu.Gpcn();
        Serve("/bulk/reset", "POST", "gpcn/bulk-service.json", 202);
        var vms = new[] { new VmRef("5a6b7c8d-0000-4000-8000-00000000b002", "web-02"), new VmRef("5a6b7c8d-0000-4000-8000-00000000b001", "web-01") };
        var outcomes = await s.Api.BulkPowerAsync(vms, PowerAction.Reset, None);
        Assert.Equal(new[] { "0f1e2d3c-0000-4000-8000-00000000a022", "0f1e2d3c-0000-4000-8000-00000000a021" }, outcomes.Select(o => o.Job!.Id));
        Assert.Equal(new[] { "web-02", "web-01" }, outcomes.Select(o => o.Vm.Name));
        var sent = JsonNode.Parse(World.RequestsTo("/bulk/reset").Single().Body)!;
        Assert.Equal(vms.Select(v => v.Id), sent["ids"]!.AsArray().Select(x => (string)x!));
    }

    // ---- e24cloud: catalog, key_id, zone fields, power on/off ----

    [Fact]
    public async Task E24_catalog_comes_from_regions_templates_and_account_and_resolves_names_for_a_create()
    {
        Serve("/v2/regions", "GET", "e24cloud/regions.json");
        Serve("/v2/templates", "GET", "e24cloud/templates.json");
        Serve("/v2/account", "GET", "e24cloud/account.json");
        var s = emu.E24();
        var zones = await s.Api.ListLocationsAsync(None);
        Assert.Equal(new[] { ("4b0e9a1c-0000-4000-8000-0000000000a1", "Poznań A"), ("4b0e9a1c-0000-4000-8000-0000000000a2", "Poznań B") }, zones.Select(z => (z.Id, z.Name)));
        Assert.Equal(new[] { "Ubuntu 24.04", "Windows Server 2022" }, (await s.Api.ListImagesAsync(null, None)).Select(i => i.Name));
        Assert.Equal(new[] { ("17", "laptop"), ("23", "ci") }, (await s.Api.ListSshKeysAsync(None)).Select(k => (k.Id, k.Name)));

        // The create that follows: names become ids, both zone fields, key_id an integer.
        World.Faults.Add(new Fault { PathContains = "/v2/virtual-machines", Method = "PUT", Status = 200, Respond = _ => "{\"virtual_machine\":{\"id\":\"e24vm-0000-4000-8000-000000000001\"}}" });
        await s.Api.CreateVmAsync(new VmCreateRequest { Name = "web", Cpu = 2, MemoryGB = 2, Location = "poznań b", Image = "Ubuntu 24.04", SshKeys = { "ci" } }, None);
        var body = JsonNode.Parse(World.RequestsTo("/v2/virtual-machines", "PUT").Single().Body)!["create_vm"]!;
        Assert.Equal("4b0e9a1c-0000-4000-8000-0000000000a2", (string)body["zone_id"]!);
        Assert.Equal("4b0e9a1c-0000-4000-8000-0000000000a2", (string)body["compute_zone_id"]!);
        Assert.Equal("9c3a7e10-0000-4000-8000-0000000000f1", (string)body["os"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["key_id"]!.GetValueKind());
        Assert.Equal(23, (int)body["key_id"]!);
    }

    [Fact]
    public async Task E24_start_and_stop_power_on_and_off_as_the_public_clients_do()
    {
        var s = emu.E24();
        var vm = (await ListAll(s)).First(v => v.Status == CloudVmStatus.Running);
        await Wait(await s.Api.PowerAsync(VmRef.From(vm), PowerAction.ForceStop, new PowerOptions(), None));
        await Wait(await s.Api.PowerAsync(VmRef.From(vm), PowerAction.Start, new PowerOptions(), None));
        Assert.Single(World.RequestsTo($"/v2/virtual-machines/{vm.Id}/poweroff", "POST"));
        Assert.Single(World.RequestsTo($"/v2/virtual-machines/{vm.Id}/poweron", "POST"));
        Assert.Equal(CloudVmStatus.Running, (await s.Api.GetVmAsync(vm.Id, None)).Status);
    }

    // ---- Magalu ----

    [Fact]
    public async Task Magalu_error_bodies_with_only_error_give_their_message()
    {
        Serve("/compute/v1/instances/", "GET", "magalu/error.json", 404);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => emu.Magalu().Api.GetVmAsync("7a1b2c3d-0000-4000-8000-000000000001", None));
        Assert.Equal(CloudVmErrorKind.NotFound, e.Kind);
        Assert.Equal("instance 7a1b2c3d-0000-4000-8000-000000000001 not found", e.ProviderMessage);
        Assert.DoesNotContain("no message", e.Message);
    }

    [Fact]
    public async Task Magalu_instance_types_are_read_where_machine_types_are_gone_and_ram_is_MB_or_GB_by_its_size()
    {
        World.Faults.Add(new Fault { PathContains = "/v1/machine-types", Status = 404, Body = "{\"error\":\"not found\"}", Count = 100 });
        Serve("/v1/instance-types", "GET", "magalu/instance-types.json");
        var sizes = await emu.Magalu().Api.ListSizesAsync(null, None);
        Assert.Equal(new[] { ("BV1-1-10", 1.0), ("BV2-2-20", 2.0) }, sizes.Select(z => (z.Name, z.MemoryGB!.Value)));

        Serve("/compute/v1/instances", "GET", "magalu/instances-ram.json");
        var vms = await ListAll(emu.Magalu());
        Assert.Equal(new[] { ("ram-in-mb", 2.0), ("ram-in-gb", 2.0) }, vms.Select(v => (v.Name, v.MemoryGB!.Value)));
        Assert.Equal(new[] { CloudVmStatus.Running, CloudVmStatus.Stopped }, vms.Select(v => v.Status));
    }

    [Fact]
    public async Task Magalu_sends_no_tenant_header_unless_given_and_no_vpc_unless_named()
    {
        var s = emu.Magalu();
        await Wait((await s.Api.CreateVmAsync(new VmCreateRequest { Name = "pub", Size = "BV2-2-20", Image = World.Magalu.Images[0].Name, PublicIp = true }, None)).ToArray());
        var create = World.RequestsTo("/compute/v1/instances", "POST").Single();
        Assert.False(create.Headers.ContainsKey("x-tenant-id"));
        Assert.Equal(DemoKeys.Magalu, create.Headers["x-api-key"]);
        var body = JsonNode.Parse(create.Body)!;
        Assert.Null(body["network"]?["vpc"]);
        Assert.Null(body["ssh_key_name"]);
        Assert.True((bool)body["network"]!["associate_public_ip"]!);
        World.Requests.Clear();
        await ListAll(emu.Magalu(tenant: DemoKeys.MagaluTenant));
        Assert.All(World.Requests, r => Assert.Equal(DemoKeys.MagaluTenant, r.Headers["x-tenant-id"]));
    }

    [Fact]
    public async Task Magalu_snapshot_restore_and_copy_use_the_sdk_paths()
    {
        var s = emu.Magalu();
        var vm = (await ListAll(s)).First();
        var make = await s.Api.CreateCopyAsync(CloudVmCopyKind.Snapshot, VmRef.From(vm), "snap-1", None);
        await Wait(make);
        var snap = (await CloudVm.Tests.T.ListCopies(s, CloudVmCopyKind.Snapshot)).Single(c => c.Name == "snap-1");
        Assert.Equal(vm.Name, snap.VmName);
        await Wait(await s.Api.RestoreCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, new RestoreRequest { Name = "restored", Size = "BV2-2-20" }, None));
        Assert.Single(World.RequestsTo($"/v1/snapshots/{snap.Id}", "POST"), r => r.Path.EndsWith(snap.Id, StringComparison.Ordinal));
        Assert.Empty(World.RequestsTo("/restore"));
        await s.Api.CopyCopyAsync(CloudVmCopyKind.Snapshot, snap.Id, "br-mgl1", None);
        var copy = World.RequestsTo($"/v1/snapshots/{snap.Id}/copy", "POST").Single();
        Assert.Equal("br-mgl1", (string)JsonNode.Parse(copy.Body)!["destination_region"]!);
    }

    [Fact]
    public async Task Magalu_backups_that_are_not_there_say_the_region_may_not_offer_them()
    {
        World.Faults.Add(new Fault { PathContains = "/v1/backups", Status = 404, Body = "{\"error\":\"route not found\"}", Count = 10 });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => CloudVm.Tests.T.ListCopies(emu.Magalu(), CloudVmCopyKind.Backup));
        Assert.Equal(CloudVmErrorKind.NotSupported, e.Kind);
        Assert.Contains("may not offer backups", e.Message + " " + e.RecommendedAction);
    }

    // ---- VPS247 ----

    [Fact]
    public async Task Vps247_answers_status_and_id_to_power_calls_and_off_is_stopped()
    {
        var s = emu.Vps247();
        Serve("/virtual_machines/90/start", "POST", "vps247/action.json");
        Serve("/virtual_machines/90", "GET", "vps247/vm-off.json");
        var vm = await s.Api.GetVmAsync("90", None);
        Assert.Equal((CloudVmStatus.Stopped, "off", "123.123.123.123"), (vm.Status, vm.ProviderStatus, vm.PublicIp));
        Assert.DoesNotContain("Vq9-initial-root-pw", vm.ProviderData.ToString());
        var job = await s.Api.PowerAsync(VmRef.From(vm), PowerAction.Start, new PowerOptions(), None);
        Assert.Equal(("90", CloudVmJobOperation.Start), (job.VmId, job.Operation));
        Assert.Single(World.RequestsTo("/virtual_machines/90/start", "POST"));
    }
}
