using CloudVm.Emulator.Vps247;
using CloudVm.Providers;
using CloudVm.Providers.Vps247;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The VPS247 client against the emulator over real HTTP.</summary>
public sealed class Vps247ClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    Vps247Client Client => (Vps247Client)session.Api;
    Vps247Store Store => emu.Host.Vps247;
    static readonly CancellationToken None = CancellationToken.None;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.Vps247();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    Vps247Vm Seeded(string name) => Store.Vms.Single(v => v.Name == name);
    static Task Wait(params CloudVmJob[] jobs) => JobWaiter.WaitAsync(jobs, TimeSpan.FromSeconds(20), "test", None);

    [Fact]
    public async Task List_and_get_never_keep_the_initial_password_on_the_object()
    {
        var page = await Client.ListVmsAsync(new VmQuery { Sort = "name:asc" }, null, None);
        Assert.Equal(new[] { "api_test", "mail" }, page.Items.Select(v => v.Name));
        var vm = page.Items[0];
        Assert.Equal((CloudVmStatus.Running, "Budget", "New York 1", "Ubuntu 24.04 Server x64"), (vm.Status, vm.Size, vm.Location, vm.Image));
        Assert.Equal("90", vm.Id);
        Assert.DoesNotContain(Seeded("api_test").Password, string.Join(",", vm.ProviderData.Values));
        var missing = await Assert.ThrowsAsync<CloudVmException>(() => Client.GetVmAsync("12345", None));
        Assert.Equal((CloudVmErrorKind.NotFound, 404), (missing.Kind, missing.HttpStatus!.Value));
        Assert.Equal("No virtual machine with id 12345", missing.ProviderMessage);
    }

    [Fact]
    public async Task Create_resolves_names_and_follows_last_task()
    {
        var jobs = await Client.CreateVmAsync(new VmCreateRequest { Name = "web", Size = "Standard", Image = "2", Location = "london 1", IPv6 = true, PrivateNetworking = true, SshKeys = { "7" } }, None);
        var job = Assert.Single(jobs);
        Assert.NotNull(job.ResourceId);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        var vm = Seeded("web");
        Assert.Equal(("running", 2, 2, true, true), (vm.State, vm.Package.Id, vm.Region.Id, vm.Ipv6, vm.PrivateNetworking));
        Assert.Contains("\"ssh_key_ids\":[7]", emu.Host.RequestsTo("/virtual_machines", "POST").Single().Body);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.CreateVmAsync(new VmCreateRequest { Name = "x", Size = "Huge", Image = "1", Location = "1" }, None));
        Assert.Contains("no package named 'Huge'", e.Message);
        Assert.Contains("Budget (1)", e.Message);
    }

    [Fact]
    public async Task Power_start_stop_restart_kill_and_406()
    {
        var vm = Seeded("mail");
        var r = new VmRef(vm.Id.ToString(), vm.Name);
        await Wait(await Client.PowerAsync(r, PowerAction.Start, null, None));
        Assert.Equal("running", vm.State);
        var restart = await Client.PowerAsync(r, PowerAction.Restart, null, None);
        await Wait(restart);
        Assert.Equal((CloudVmJobState.Completed, "VmRestart"), (restart.State, vm.LastTask!.Name));
        var kill = await Client.PowerAsync(r, PowerAction.ForceStop, null, None);
        Assert.Equal("Kill", kill.Operation);
        await Wait(kill);
        Assert.Equal("halted", vm.State);
        var again = await Assert.ThrowsAsync<CloudVmException>(() => Client.PowerAsync(r, PowerAction.Stop, null, None));
        Assert.Equal((CloudVmErrorKind.Conflict, 406), (again.Kind, again.HttpStatus!.Value));
        Assert.Contains("cannot be stopped", again.Message);
    }

    [Fact]
    public async Task Delete_needs_a_halted_vm_and_says_how()
    {
        var vm = Seeded("api_test");
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.DeleteVmAsync(new VmRef(vm.Id.ToString(), vm.Name), new VmDeleteOptions(), None));
        Assert.Equal((CloudVmErrorKind.Conflict, 400), (e.Kind, e.HttpStatus!.Value));
        Assert.Contains("Remove-CloudVm -Force", e.Message);
        await VmOperations.EnsureStoppedAsync(Client, new VmRef(vm.Id.ToString()), TimeSpan.FromSeconds(20), None);
        var del = await Client.DeleteVmAsync(new VmRef(vm.Id.ToString()), new VmDeleteOptions(), None);
        await Wait(del);
        Assert.Equal(CloudVmJobState.Completed, del.State);
        Assert.DoesNotContain(vm, Store.Vms);
    }

    [Fact]
    public async Task Initial_password_and_catalog()
    {
        var vm = Seeded("api_test");
        var secret = await Client.GetSecretAsync(new VmRef(vm.Id.ToString()), CloudVmSecretType.Password, None);
        Assert.Equal(vm.Password, ApiCredential.Reveal(secret.Secret));
        Assert.Equal(new[] { "New York 1", "London 1" }, (await Client.ListLocationsAsync(None)).Select(l => l.Name));
        var pro = (await Client.ListSizesAsync(null, None)).Single(s => s.Name == "Pro");
        Assert.Equal((4, 8.0, 80), (pro.Cpu!.Value, pro.MemoryGB!.Value, pro.DiskGB!.Value));
        Assert.Equal(2, (await Client.ListImagesAsync(None)).Count);
    }

    [Fact]
    public async Task Waiting_on_many_jobs_reads_the_list_once_per_poll_not_each_vm()
    {
        await ManyJobs(followTask: true);
        await ManyJobs(followTask: false);
    }

    async Task ManyJobs(bool followTask)
    {
        Store.Vms.RemoveAll(v => v.Name.StartsWith("fleet-"));
        for (int i = 0; i < 40; i++) Store.Add($"fleet-{i:00}", "running", Store.Regions[0], Store.Packages[0], Store.Templates[0]);
        var jobs = new List<CloudVmJob>();
        foreach (var vm in Store.Vms.Where(v => v.Name.StartsWith("fleet-")))
            jobs.Add(await Client.PowerAsync(new VmRef(vm.Id.ToString(), vm.Name), PowerAction.Stop, null, None));
        // Stop answers with the VM's last_task; without it the jobs follow the VMs' state.
        if (!followTask) foreach (var j in jobs) j.ResourceId = null;
        emu.Host.Requests.Clear();
        await Wait(jobs.ToArray());
        Assert.All(jobs, j => Assert.Equal(CloudVmJobState.Completed, j.State));
        var lists = emu.Host.RequestsTo("/vps247/virtual_machines", "GET").Count(r => r.Path.TrimEnd('/') == "/vps247/virtual_machines");
        var singles = emu.Host.RequestsTo("/vps247/virtual_machines/", "GET").Count;
        Assert.True(lists >= 1, "no list read");
        Assert.Equal(0, singles);
    }

    [Fact]
    public async Task A_wrong_key_is_a_401()
    {
        var e = await Assert.ThrowsAsync<CloudVmException>(() => emu.Vps247("nope").Api.ListVmsAsync(new VmQuery(), null, None));
        Assert.Equal((CloudVmErrorKind.Unauthorized, "Invalid or missing X-Api-Key"), (e.Kind, e.ProviderMessage));
    }
}
