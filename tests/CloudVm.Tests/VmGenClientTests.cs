using System.Globalization;
using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Emulator.VmGen;
using CloudVm.Jobs;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The VMgen client against the emulator: every operation on the page, jobs as "vmId:jobId".</summary>
public sealed class VmGenClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    ICloudProvider Client => session.Api;
    VmGenStore Store => emu.Host.VmGen;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.VmGen();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    VmGenVm Seeded(string name) => Store.Vms.Single(v => v.Name == name);

    [Fact]
    public async Task Bearer_by_default_and_a_configurable_header()
    {
        Assert.Equal(2, (await ListAll(session)).Count);
        Assert.Equal(2, (await ListAll(emu.VmGen(authHeader: "X-Api-Key"))).Count);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.VmGen(authHeader: "X-Token")));
        Assert.Equal((CloudVmErrorKind.Unauthorized, "Unauthenticated."), (e.Kind, e.ProviderMessage));
        Assert.Throws<CloudVmException>(() => emu.VmGen(authHeader: "X-Token: injected"));
    }

    [Fact]
    public async Task List_and_configuration_with_string_ids()
    {
        var vm = (await ListAll(session, new VmQuery { Names = new[] { "vmgen-web" } })).Single();
        Assert.Equal((CloudVmStatus.Running, "UP", "VM-M", Seeded("vmgen-web").Id.ToString(CultureInfo.InvariantCulture)), (vm.Status, vm.ProviderStatus, vm.Size, vm.Id));
        Assert.Equal("vmgen-web.vmgen.invalid", (await Client.GetVmAsync(vm.Id, None)).ProviderData["fqdn"]);
        var missing = await Assert.ThrowsAsync<CloudVmException>(() => Client.GetVmAsync("9999", None));
        Assert.Equal(("Virtual machine 9999 not found", 404), (missing.ProviderMessage, missing.HttpStatus!.Value));
    }

    [Fact]
    public async Task Deploy_by_package_or_by_resources_from_an_image_or_the_marketplace()
    {
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "pkg", Size = "VM-S", Location = "1", Image = "1", SshKeys = { "5", "ssh-ed25519 AAAA me@host" }, UserDataScript = "98" }, None);
        await Wait(jobs.ToArray());
        Assert.Equal(CloudVmJobState.Completed, jobs[0].State);
        Assert.Equal("UP", Seeded("pkg").State);
        var body = JsonNode.Parse(emu.Host.RequestsTo("/vmgen/virtual-machines", "POST").Single().Body)!;
        Assert.Equal("[5]", body["ssh_keys_ids"]!.ToJsonString());
        Assert.Equal("[\"ssh-ed25519 AAAA me@host\"]", body["ssh_keys"]!.ToJsonString());
        Assert.Equal(98, body["version_id"]!.GetValue<int>());

        await Wait((await Client.CreateVmAsync(new VmCreateRequest { Name = "custom", Cpu = 3, MemoryGB = 6, DiskGB = 60, Location = "2", MarketplaceItem = "10", Password = ApiCredential.Protect("S3cret!") }, None)).ToArray());
        Assert.Equal((3, 6, 60), (Seeded("custom").Cpu, Seeded("custom").RamGb, Seeded("custom").DiskGb));

        Store.CustomResources = false;
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "no", Cpu = 1, MemoryGB = 1, DiskGB = 20, Location = "1", Image = "1", Password = ApiCredential.Protect("x") }, None));
        Assert.Equal((422, CloudVmErrorKind.InvalidArgument), (e.HttpStatus, e.Kind));
        Assert.Contains("not enabled for this account", e.Message);
    }

    [Theory]
    [InlineData("nocreds", "root password (-Password) or SSH keys")]
    [InlineData("both", "exactly one")]
    [InlineData("pkg+cpu", "not both")]
    [InlineData("partial", "all of -Cpu, -MemoryGB and -DiskGB")]
    [InlineData("userdata", "Save it with New-CloudVmUserDataScript")]
    public async Task Deploy_is_checked_before_sending(string what, string message)
    {
        var r = new VmCreateRequest { Name = "x", Size = "VM-S", Location = "1", Image = "1", Password = ApiCredential.Protect("p") };
        switch (what)
        {
            case "nocreds": r.Password = null; break;
            case "both": r.MarketplaceItem = "10"; break;
            case "pkg+cpu": r.Cpu = 2; break;
            case "partial": r.Size = null; r.Cpu = 2; break;
            case "userdata": r.UserData = "#!/bin/sh"; break;
        }
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(r, None));
        Assert.Contains(message, e.Message);
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public async Task Power_commands_return_jobs_followed_at_the_job_endpoint_and_a_stopped_vm_stops_as_a_success()
    {
        var db = Seeded("vmgen-db");
        var r = new VmRef(db.Id.ToString(CultureInfo.InvariantCulture), db.Name);
        var on = await Client.PowerAsync(r, PowerAction.Start, new PowerOptions(), None);
        Assert.IsType<ProviderJobTracker>(on.Tracker);
        Assert.StartsWith(db.Id + ":", on.Id);
        await Wait(on);
        Assert.Equal(("UP", CloudVmJobState.Completed), (db.State, on.State));
        Assert.All(emu.Host.RequestsTo($"/virtual-machines/{db.Id}/jobs/"), q => Assert.Equal("POST", q.Method));
        Assert.Contains("{\"command\":\"power on\"}", emu.Host.RequestsTo("/command").Select(q => q.Body));
        await Wait(await Client.PowerAsync(r, PowerAction.Restart, new PowerOptions(), None));
        await Wait(await Client.PowerAsync(r, PowerAction.Stop, new PowerOptions(), None));
        Assert.Equal("DOWN", db.State);
        var again = await Client.PowerAsync(r, PowerAction.Stop, new PowerOptions(), None);
        Assert.Equal(CloudVmJobState.Completed, again.State);
        var reset = Assert.Throws<CloudVmException>(() => session.Features.CheckPower(PowerAction.Reset, null));
        Assert.Equal(CloudVmErrorKind.NotSupported, reset.Kind);
        // The job id a user sees can be looked up again.
        var found = await Client.LookupJobsAsync(new[] { on.Id }, None);
        Assert.Equal(CloudVmJobState.Completed, found.Single().State);
    }

    [Fact]
    public async Task Jobs_history_status_usage_networking_and_delete()
    {
        var web = Seeded("vmgen-web");
        var r = new VmRef(web.Id.ToString(CultureInfo.InvariantCulture), web.Name);
        await Wait(await Client.PowerAsync(r, PowerAction.Restart, new PowerOptions(), None));
        var history = await Client.ListVmJobsAsync(r, None);
        Assert.Equal((CloudVmJobOperation.Restart, "reboot", CloudVmJobState.Completed), (history.Single().Operation, history.Single().ProviderOperation, history.Single().State));
        Assert.Equal(CloudVmJobOperation.Restart, (await Client.GetVmStatusAsync(r, None)).Operation);
        var usage = await Client.ListUsageAsync(r, None);
        Assert.Equal(3, usage.Count);
        Assert.Equal(new DateTime(2026, 11, 1), usage[0].Date);
        var nics = await Client.ListNetworkInterfacesAsync(r, None);
        Assert.Equal(("vmgen-web.vmgen.invalid", true, "IPv4"), (nics[0].ReverseDns, nics[0].Primary, nics[0].IpVersion));
        Assert.Equal(web.Ipv6, nics[1].PublicIp);
        var del = await Client.DeleteVmAsync(r, new VmDeleteOptions(), None);
        await Wait(del);
        Assert.DoesNotContain(web, Store.Vms);
    }

    [Fact]
    public async Task Catalog_account_scripts_and_tickets()
    {
        Assert.Equal(new[] { "Amsterdam", "New York" }, (await Client.ListLocationsAsync(None)).Select(l => l.Name));
        Assert.Equal(2, (await Client.ListSizesAsync("2", None)).Count);
        var all = await Client.ListSizesAsync(null, None);
        Assert.Equal(5, all.Count);
        Assert.Equal((4, 8.0, 100), (all[2].Cpu!.Value, all[2].MemoryGB!.Value, all[2].DiskGB!.Value));
        Assert.Equal("Ubuntu 24.04 64-bit", (await Client.ListImagesAsync(null, None))[0].Name);
        Assert.Equal("WordPress", (await Client.ListMarketplaceItemsAsync(None)).Single().Description);
        Assert.Equal("laptop", (await Client.ListSshKeysAsync(None)).Single().Name);
        var script = await Client.CreateUserDataScriptAsync("motd", "#!/bin/sh\necho hi", false, "user_data", None);
        Assert.Equal("99", script.VersionId);
        Assert.Contains(await Client.ListUserDataScriptsAsync(None), s => s.VersionId == "99");
        var account = await Client.GetAccountAsync(None);
        Assert.Equal(("1000.00", "after_payment"), (account.Credit, account.InvoicingModel));
        Assert.Contains("\n", account.BillingAddress);
        Assert.Equal(12.5m, (await Client.ListInvoicesAsync(None)).Single().TotalCost);
        await Client.CreateSupportTicketAsync("Disk slow", "vmgen-web is slow", "ops@example.com", None);
        Assert.Single(Store.Tickets);
        var bad = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateSupportTicketAsync("t", "x", "not-an-email", None));
        Assert.Equal(422, bad.HttpStatus);
    }
}
