using System.Text.Json.Nodes;
using CloudVm.Emulator;
using CloudVm.Emulator.E24Cloud;
using CloudVm.Providers;
using CloudVm.Providers.E24Cloud;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The e24cloud client against the emulator over real HTTP: every request signed, every operation on the page.</summary>
public sealed class E24CloudClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    E24CloudClient Client => (E24CloudClient)session.Api;
    E24CloudStore Store => emu.Host.E24;
    static readonly CancellationToken None = CancellationToken.None;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.E24();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    E24Vm Seeded(string label) => Store.Vms.Single(v => v.Label == label);
    static Task Wait(params CloudVmJob[] jobs) => JobWaiter.WaitAsync(jobs, TimeSpan.FromSeconds(20), "test", None);

    [Fact]
    public void The_signature_is_the_documented_HMAC_over_method_host_date_path_and_body()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"name\":\"x\"}");
        var sig = E24CloudClient.Sign("s3cret", "POST", new Uri("http://127.0.0.1:5080/e24cloud/eu-poland-1poznan/v2/virtual-machines/1/rename?a=b"), "Mon, 23 Nov 2026 01:00:00 GMT", body);
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes("s3cret"));
        var expected = Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(
            "POST\n127.0.0.1:5080\nMon, 23 Nov 2026 01:00:00 GMT\n/e24cloud/eu-poland-1poznan/v2/virtual-machines/1/rename?a=b\n{\"name\":\"x\"}")));
        Assert.Equal(expected, sig);
    }

    [Fact]
    public async Task Lists_and_gets_with_the_signature_the_emulator_checks()
    {
        var page = await Client.ListVmsAsync(new VmQuery(), null, None);
        Assert.Equal(new[] { "app-1", "app-2" }, page.Items.Select(v => v.Name).OrderBy(n => n));
        Assert.Null(page.NextPageToken);
        var app1 = page.Items.Single(v => v.Name == "app-1");
        Assert.Equal((CloudVmStatus.Running, "online", 2, 4.0), (app1.Status, app1.ProviderStatus, app1.Cpu!.Value, app1.MemoryGB!.Value));
        Assert.Equal("Ubuntu 24.04", app1.Image);
        var got = await Client.GetVmAsync(app1.Id, None);
        Assert.Equal(app1.PublicIp, got.PublicIp);
        var all = emu.Host.RequestsTo("/e24cloud/");
        Assert.All(all, r => Assert.StartsWith("/e24cloud/eu-poland-1poznan/v2/", r.Path));
    }

    [Fact]
    public async Task A_wrong_secret_or_key_is_a_401_without_either_in_the_error()
    {
        var bad = emu.E24(secret: "not-the-secret");
        var e = await Assert.ThrowsAsync<CloudVmException>(() => bad.Api.ListVmsAsync(new VmQuery(), null, None));
        Assert.Equal((CloudVmErrorKind.Unauthorized, "Invalid signature"), (e.Kind, e.ProviderMessage));
        Assert.DoesNotContain("not-the-secret", e.ToString());
        var unknown = emu.E24(key: "someone-else");
        Assert.Equal("Unknown API key", (await Assert.ThrowsAsync<CloudVmException>(() => unknown.Api.ListVmsAsync(new VmQuery(), null, None))).ProviderMessage);
    }

    [Fact]
    public async Task Create_sends_MB_and_boots_from_an_image_or_an_iso()
    {
        var zone = Store.Zones[0].Id;
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "web", Cpu = 2, MemoryGB = 1.5, Location = zone, Image = "ubuntu-2404", Password = ApiCredential.Protect("Pa55word!"), SshKeys = { "key-7" }, UserData = "#cloud-config" }, None);
        await Wait(jobs.ToArray());
        Assert.Equal(CloudVmJobState.Completed, jobs[0].State);
        var vm = Store.Vms.Single(v => v.Label == "web");
        Assert.Equal((1536, "online"), (vm.RamMb, vm.State));
        var sent = JsonNode.Parse(emu.Host.RequestsTo("/virtual-machines", "PUT").Single().Body)!["create_vm"]!;
        Assert.Equal(("image", "ubuntu-2404", "key-7", 1536), (sent["boot_type"]!.GetValue<string>(), sent["os"]!.GetValue<string>(), sent["key_id"]!.GetValue<string>(), sent["ram"]!.GetValue<int>()));

        await Wait((await Client.CreateVmAsync(new VmCreateRequest { Name = "rescue", Cpu = 1, MemoryGB = 1, Location = zone, Iso = "systemrescue.iso" }, None)).ToArray());
        Assert.Equal("systemrescue.iso", Store.Vms.Single(v => v.Label == "rescue").Cdrom);
    }

    [Theory]
    [InlineData("size", "does not support named sizes")]
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
    public async Task Success_false_with_HTTP_200_is_a_failure()
    {
        var off = Seeded("app-2");
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(new VmRef(off.Id), PowerAction.Stop, null, None));
        Assert.Equal(200, e.HttpStatus);
        Assert.Contains("only a running machine can be shut down", e.Message);
        Assert.Contains("success=false", e.Message);
    }

    [Fact]
    public async Task Shutdown_reboot_reset_with_wait_for()
    {
        var vm = Seeded("app-1");
        var r = new VmRef(vm.Id, vm.Label);
        var reboot = await Client.PowerAsync(r, PowerAction.Restart, null, None);
        await Wait(reboot);
        Assert.Equal(CloudVmJobState.Completed, reboot.State);
        await Wait(await Client.PowerAsync(r, PowerAction.Reset, null, None));
        Assert.Contains(emu.Host.Requests, q => q.Path.EndsWith("/reset"));
        var stop = await Client.PowerAsync(r, PowerAction.Stop, new PowerOptions { ShutdownTimeoutMinutes = 2 }, None);
        await Wait(stop);
        Assert.Equal("offline", vm.State);
        Assert.Equal("{\"wait_for\":2}", emu.Host.RequestsTo("/shutdown").Single().Body);
        var start = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(r, PowerAction.Start, null, None));
        Assert.Equal(CloudVmErrorKind.NotSupported, start.Kind);
        Assert.StartsWith("e24cloud does not support starting a VM", start.Message);
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
        Assert.True(console.Port > 5900);
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
    public async Task Get_accepts_an_object_as_well_as_the_documented_array()
    {
        // The page shows "virtual_machine": [ … ] on get; a client must also take an object.
        var node = JsonNode.Parse("{\"success\":true,\"virtual_machine\":{\"id\":\"a\",\"label\":\"b\",\"state\":\"online\"}}");
        Assert.Equal("b", node.ObjOrFirst("virtual_machine").Str("label"));
        var arr = JsonNode.Parse("{\"success\":true,\"virtual_machine\":[{\"id\":\"a\",\"label\":\"c\"}]}");
        Assert.Equal("c", arr.ObjOrFirst("virtual_machine").Str("label"));
        await Task.CompletedTask;
    }
}
