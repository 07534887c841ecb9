using System.Text;
using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Emulator.E24Cloud;
using CloudVm.Providers.E24Cloud;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The e24cloud client against the emulator over real HTTP: every request signed; the page's operations plus what
/// the three public clients use (poweron/poweroff, both zone fields, key_id from the account, the regions and templates).</summary>
public sealed class E24CloudClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    ICloudProvider Client => session.Api;
    E24CloudStore Store => emu.Host.E24;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.E24();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    E24Vm Seeded(string label) => Store.Vms.Single(v => v.Label == label);

    /// <summary>Five fixed inputs and the signatures an independent implementation (Python's hmac) gives for them, signed as
    /// the three public clients sign: METHOD, HOST (with a non-default port), X-Date, the path without the query, the body.</summary>
    [Theory]
    [InlineData("s3cret", "GET", "https://eu-poland-1poznan.api.e24cloud.com/v2/virtual-machines", "Mon, 23 Nov 2026 01:00:00 GMT", "", "58GPUQRLfwrp6iMYDODwK1j7JrxWO7jpIpQ8H5msYn8=")]
    [InlineData("s3cret", "PUT", "https://eu-poland-1poznan.api.e24cloud.com/v2/virtual-machines", "Tue, 24 Nov 2026 10:15:30 GMT", "{\"create_vm\":{\"cpus\":2,\"ram\":2048,\"name\":\"web\"}}", "Y3pjZPynf8JqOaJwRDOgVUWhQovi5waxBUjiuCpe1C4=")]
    [InlineData("another-secret", "POST", "https://eu-poland-1warszawa.api.e24cloud.com/v2/virtual-machines/0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01/shutdown", "Wed, 25 Nov 2026 23:59:59 GMT", "{\"wait_for\":4}", "5GQzaWOZmWTKFMEqwU8FbEQliPO/2Ka+qRBDCPWnGP4=")]
    [InlineData("żółć-ключ", "DELETE", "https://eu-poland-1poznan2.api.e24cloud.com/v2/virtual-machines/7d4e1a90-3b2c-4f8d-8e61-0a9b8c7d6e02", "Thu, 26 Nov 2026 00:00:00 GMT", "{\"deleteResources\":1}", "hjyYIMdeks7jAsNov0XaA4cgUt4cIbnxsyffuyrKxfk=")]
    [InlineData("s3cret", "POST", "http://127.0.0.1:5080/e24cloud/eu-poland-1poznan/v2/virtual-machines/1/rename?ignored=1", "Fri, 27 Nov 2026 12:00:00 GMT", "{\"name\":\"zażółć\"}", "u0AiLDYGLknb4gxlqNcfd+ZS12rMxsMpoVCoehy77Yo=")]
    public void The_signature_matches_the_independent_implementations(string secret, string method, string url, string date, string body, string expected) =>
        Assert.Equal(expected, E24CloudClient.Sign(secret, method, new Uri(url), date, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task Lists_and_gets_with_the_signature_the_emulator_checks()
    {
        var all = await ListAll(session);
        Assert.Equal(new[] { "app-1", "app-2" }, all.Select(v => v.Name).OrderBy(n => n));
        var app1 = all.Single(v => v.Name == "app-1");
        Assert.Equal((CloudVmStatus.Running, "online", 2, 4.0, "Ubuntu 24.04"), (app1.Status, app1.ProviderStatus, app1.Cpu!.Value, app1.MemoryGB!.Value, app1.Image));
        var got = await Client.GetVmAsync(app1.Id, None);
        Assert.Equal(app1.PublicIp, got.PublicIp);
        Assert.All(emu.Host.RequestsTo("/e24cloud/"), r => Assert.StartsWith("/e24cloud/eu-poland-1poznan/v2/", r.Path));
    }

    [Fact]
    public async Task A_wrong_secret_or_key_is_a_401_without_either_in_the_error()
    {
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.E24(secret: "not-the-secret")));
        Assert.Equal((CloudVmErrorKind.Unauthorized, "Invalid signature"), (e.Kind, e.ProviderMessage));
        Assert.DoesNotContain("not-the-secret", e.ToString());
        Assert.Equal("Unknown API key", (await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.E24(key: "someone-else")))).ProviderMessage);
    }

    [Fact]
    public async Task Create_sends_MB_both_zone_fields_and_an_integer_key_id_resolved_from_the_account()
    {
        var zone = Store.Zones[0];
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "web", Cpu = 2, MemoryGB = 1.5, Location = zone.Name, Image = "Ubuntu 24.04", Password = ApiCredential.Protect("Pa55word!"), SshKeys = { "laptop" }, UserData = "#cloud-config" }, None);
        await Wait(jobs.ToArray());
        Assert.Equal(CloudVmJobState.Completed, jobs[0].State);
        var vm = Store.Vms.Single(v => v.Label == "web");
        Assert.Equal((1536, "online", 101), (vm.RamMb, vm.State, vm.KeyId!.Value));
        var sent = JsonNode.Parse(emu.Host.RequestsTo("/virtual-machines", "PUT").Single().Body)!["create_vm"]!;
        Assert.Equal(("image", "ubuntu-2404", 101, 1536), (sent["boot_type"]!.GetValue<string>(), sent["os"]!.GetValue<string>(), sent["key_id"]!.GetValue<int>(), sent["ram"]!.GetValue<int>()));
        Assert.Equal((zone.Id, zone.Id), (sent["zone_id"]!.GetValue<string>(), sent["compute_zone_id"]!.GetValue<string>()));
        Assert.Single(emu.Host.RequestsTo("/v2/account"));

        await Wait((await Client.CreateVmAsync(new VmCreateRequest { Name = "rescue", Cpu = 1, MemoryGB = 1, Location = zone.Id, Iso = "systemrescue.iso" }, None)).ToArray());
        Assert.Equal("systemrescue.iso", Store.Vms.Single(v => v.Label == "rescue").Cdrom);
    }

    [Fact]
    public async Task An_unknown_key_name_is_refused_before_the_create_with_the_names_there_are()
    {
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "web", Cpu = 1, MemoryGB = 1, Location = Store.Zones[0].Id, Image = "debian-12", SshKeys = { "my-key-name" } }, None));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("laptop (101)", e.Message);
        Assert.Empty(emu.Host.RequestsTo("/virtual-machines", "PUT"));
    }

    [Theory]
    [InlineData("size", "does not support -Size on New-CloudVm")]
    [InlineData("both", "exactly one")]
    [InlineData("iso+password", "only when booting from an image")]
    [InlineData("count", "does not support -Count above 1")]
    public async Task Create_is_checked_before_sending(string what, string message)
    {
        var r = new VmCreateRequest { Name = "x", Cpu = 1, MemoryGB = 1, Location = Store.Zones[0].Id, Image = "debian-12" };
        switch (what)
        {
            case "size": r.Size = "small"; break;
            case "both": r.Iso = "a.iso"; break;
            case "iso+password": r.Image = null; r.Iso = "a.iso"; r.Password = ApiCredential.Protect("x"); break;
            case "count": r.Count = 2; break;
        }
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(r, None));
        Assert.Contains(message, e.Message);
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public async Task Success_false_with_HTTP_200_is_a_conflict_unless_the_vm_is_already_there()
    {
        var running = Seeded("app-1");
        Store.Task(running, "rebooting", () => running.State = "online");
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(new VmRef(running.Id), PowerAction.Stop, new PowerOptions(), None));
        Assert.Equal((200, CloudVmErrorKind.Conflict), (e.HttpStatus, e.Kind));
        Assert.Contains("A task is running", e.Message);
        Assert.Contains("success=false", e.Message);
        var off = Seeded("app-2");
        var stop = await Client.PowerAsync(new VmRef(off.Id), PowerAction.Stop, new PowerOptions(), None);
        Assert.Equal(CloudVmJobState.Completed, stop.State);
    }

    [Fact]
    public async Task Power_on_and_off_as_the_public_clients_do_shutdown_with_wait_for_reboot_and_reset()
    {
        var vm = Seeded("app-1");
        var r = new VmRef(vm.Id, vm.Label);
        var reboot = await Client.PowerAsync(r, PowerAction.Restart, new PowerOptions(), None);
        await Wait(reboot);
        Assert.Equal(CloudVmJobState.Completed, reboot.State);
        await Wait(await Client.PowerAsync(r, PowerAction.Reset, new PowerOptions(), None));
        Assert.Contains(emu.Host.Requests, q => q.Path.EndsWith("/reset", StringComparison.Ordinal));
        await Wait(await Client.PowerAsync(r, PowerAction.Stop, new PowerOptions { ShutdownTimeoutMinutes = 2 }, None));
        Assert.Equal("offline", vm.State);
        Assert.Equal("{\"wait_for\":2}", emu.Host.RequestsTo("/shutdown").Single().Body);
        await Wait(await Client.PowerAsync(r, PowerAction.Start, new PowerOptions(), None));
        Assert.Equal("online", vm.State);
        Assert.Single(emu.Host.RequestsTo("/poweron", "POST"));
        await Wait(await Client.PowerAsync(r, PowerAction.ForceStop, new PowerOptions(), None));
        Assert.Equal("offline", vm.State);
        Assert.Single(emu.Host.RequestsTo("/poweroff", "POST"));
    }

    [Fact]
    public async Task Resize_by_cores_and_GB_waits_for_the_new_size()
    {
        var vm = Seeded("app-1");
        var job = await Client.ResizeAsync(new VmRef(vm.Id), new VmResizeRequest { Cpu = 4, ShutdownTimeoutMinutes = 1 }, None);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        Assert.Equal((4, 4096, "online"), (vm.Cores, vm.RamMb, vm.State));
        Assert.Equal("{\"cores\":4,\"ram\":4096,\"wait_for\":1}", emu.Host.RequestsTo("/resize").Single().Body);
    }

    [Fact]
    public async Task Console_rename_and_delete_with_deleteResources()
    {
        var vm = Seeded("app-1");
        var r = new VmRef(vm.Id, vm.Label);
        var console = await Client.GetConsoleAsync(r, None);
        Assert.Equal("console.eu-poland-1poznan.e24cloud.invalid", console.Host);
        Assert.InRange(console.Port!.Value, 5900, 5999);   // the emulator gives 5900 + a hash of the VM id (0 to 99)
        Assert.True(console.Password!.Length > 0);
        await Client.UpdateAsync(r, new VmUpdateRequest { NewName = "app-primary" }, None);
        Assert.Equal("app-primary", vm.Label);
        var del = await Client.DeleteVmAsync(r, new VmDeleteOptions { DeleteResources = true }, None);
        await Wait(del);
        Assert.Equal(CloudVmJobState.Completed, del.State);
        Assert.DoesNotContain(vm, Store.Vms);
        Assert.Equal(1, vm.DeleteResources);
    }

    [Fact]
    public async Task The_catalog_is_the_regions_zones_templates_and_account_keys()
    {
        var zones = await Client.ListLocationsAsync(None);
        Assert.Equal(3, zones.Count);
        Assert.Contains(zones, z => z.Name == "Poznań A" && z.Region == "eu-poland-1poznan");
        var templates = await Client.ListImagesAsync(null, None);
        Assert.Contains(templates, t => t.Id == "ubuntu-2404" && t.Name == "Ubuntu 24.04");
        var keys = await Client.ListSshKeysAsync(None);
        Assert.Equal(new[] { "101", "102" }, keys.Select(k => k.Id));
    }

    [Fact]
    public async Task Get_accepts_an_object_as_well_as_the_documented_array()
    {
        var vm = Seeded("app-1");
        emu.Host.Faults.Add(new Fault { PathContains = "/virtual-machines/" + vm.Id, Method = "GET", Status = 200, Body = $"{{\"success\":true,\"virtual_machine\":{{\"id\":\"{vm.Id}\",\"label\":\"as-object\",\"state\":\"online\"}}}}" });
        Assert.Equal("as-object", (await Client.GetVmAsync(vm.Id, None)).Name);
        Assert.Equal("app-1", (await Client.GetVmAsync(vm.Id, None)).Name);
    }
}
