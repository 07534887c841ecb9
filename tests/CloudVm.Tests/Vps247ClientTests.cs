using System.Globalization;
using CloudVm.Emulator;
using CloudVm.Emulator.Vps247;
using CloudVm.Jobs;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The VPS247 client against the emulator, which answers as the service does ({"status": "success", "id": …});
/// the page's VM-object answers (with last_task) are covered too.</summary>
public sealed class Vps247ClientTests : IAsyncLifetime
{
    Emulator emu = null!;
    CloudVmSession session = null!;
    ICloudProvider Client => session.Api;
    Vps247Store Store => emu.Host.Vps247;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        session = emu.Vps247();
    }

    public async Task DisposeAsync() => await emu.DisposeAsync();

    Vps247Vm Seeded(string name) => Store.Vms.Single(v => v.Name == name);

    [Fact]
    public async Task List_and_get_never_keep_the_initial_password_on_the_object()
    {
        var all = await ListAll(session, new VmQuery { Sort = "name:asc" });
        Assert.Equal(new[] { "api_test", "mail" }, all.Select(v => v.Name));
        var vm = all[0];
        Assert.Equal((CloudVmStatus.Running, "Budget", "New York 1", "Ubuntu 24.04 Server x64", "90"), (vm.Status, vm.Size, vm.Location, vm.Image, vm.Id));
        Assert.DoesNotContain(Seeded("api_test").Password, vm.ProviderData.ToString());
        var missing = await Assert.ThrowsAsync<CloudVmException>(() => Client.GetVmAsync("12345", None));
        Assert.Equal((CloudVmErrorKind.NotFound, 404, "No virtual machine with id 12345"), (missing.Kind, missing.HttpStatus!.Value, missing.ProviderMessage));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_resolves_names_and_follows_the_task_or_the_state(bool pageAnswers)
    {
        await using var e2 = await Emulator.StartAsync(o => o.Vps247PageAnswers = pageAnswers);
        var s = e2.Vps247();
        var job = Assert.Single(await s.Api.CreateVmAsync(new VmCreateRequest { Name = "web", Size = "Standard", Image = "2", Location = "london 1", IPv6 = true, PrivateNetworking = true, SshKeys = { "7" } }, None));
        if (pageAnswers) Assert.IsType<TaskTracker>(job.Tracker); else Assert.IsType<VmStateTracker>(job.Tracker);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        var vm = e2.Host.Vps247.Vms.Single(v => v.Name == "web");
        Assert.Equal((vm.Id.ToString(CultureInfo.InvariantCulture), "running", 2, 2, true, true), (job.VmId, vm.State, vm.Package.Id, vm.Region.Id, vm.Ipv6, vm.PrivateNetworking));
        Assert.Contains("\"ssh_key_ids\":[7]", e2.Host.RequestsTo("/virtual_machines", "POST").Single().Body);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => s.Api.CreateVmAsync(new VmCreateRequest { Name = "x", Size = "Huge", Image = "1", Location = "1" }, None));
        Assert.Contains("no package named 'Huge'", e.Message);
        Assert.Contains("Budget (1)", e.Message);
    }

    [Fact]
    public async Task Power_start_stop_restart_kill_the_off_state_and_a_406_on_a_stopped_vm_is_a_success()
    {
        var vm = Seeded("mail");
        var r = new VmRef(vm.Id.ToString(CultureInfo.InvariantCulture), vm.Name);
        await Wait(await Client.PowerAsync(r, PowerAction.Start, new PowerOptions(), None));
        Assert.Equal("running", vm.State);
        var restart = await Client.PowerAsync(r, PowerAction.Restart, new PowerOptions(), None);
        await Wait(restart);
        Assert.Equal((CloudVmJobState.Completed, "VmRestart"), (restart.State, vm.LastTask!.Name));
        var kill = await Client.PowerAsync(r, PowerAction.ForceStop, new PowerOptions(), None);
        Assert.Equal(CloudVmJobOperation.ForceStop, kill.Operation);
        await Wait(kill);
        Assert.Equal("off", vm.State);
        Assert.Equal(CloudVmStatus.Stopped, (await Client.GetVmAsync(r.Id, None)).Status);
        var again = await Client.PowerAsync(r, PowerAction.Stop, new PowerOptions(), None);
        Assert.Equal(CloudVmJobState.Completed, again.State);
        Assert.Single(emu.Host.RequestsTo("/stop", "POST"));
    }

    [Fact]
    public async Task Delete_needs_a_halted_vm_and_says_how()
    {
        var vm = Seeded("api_test");
        var e = await Assert.ThrowsAsync<CloudVmException>(() => Client.DeleteVmAsync(new VmRef(vm.Id.ToString(CultureInfo.InvariantCulture), vm.Name), new VmDeleteOptions(), None));
        Assert.Equal((CloudVmErrorKind.Conflict, 400), (e.Kind, e.HttpStatus!.Value));
        Assert.Contains("Remove-CloudVm -Force", e.RecommendedAction);
        await Waiting.EnsureStoppedAsync(session, new VmRef(vm.Id.ToString(CultureInfo.InvariantCulture)), TimeSpan.FromMinutes(5), None);
        var del = await Client.DeleteVmAsync(new VmRef(vm.Id.ToString(CultureInfo.InvariantCulture)), new VmDeleteOptions(), None);
        await Wait(del);
        Assert.Equal(CloudVmJobState.Completed, del.State);
        Assert.DoesNotContain(vm, Store.Vms);
    }

    [Fact]
    public async Task Initial_password_and_catalog()
    {
        var vm = Seeded("api_test");
        var secret = await Client.GetSecretAsync(new VmRef(vm.Id.ToString(CultureInfo.InvariantCulture)), CloudVmSecretType.Password, None);
        Assert.Equal(vm.Password, ApiCredential.Reveal(secret.Secret));
        Assert.Equal(new[] { "New York 1", "London 1" }, (await Client.ListLocationsAsync(None)).Select(l => l.Name));
        var pro = (await Client.ListSizesAsync(null, None)).Single(s => s.Name == "Pro");
        Assert.Equal((4, 8.0, 80), (pro.Cpu!.Value, pro.MemoryGB!.Value, pro.DiskGB!.Value));
        Assert.Equal(2, (await Client.ListImagesAsync(null, None)).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Waiting_on_many_jobs_reads_the_list_once_per_poll_not_each_vm(bool pageAnswers)
    {
        await using var e2 = await Emulator.StartAsync(o => o.Vps247PageAnswers = pageAnswers);
        var s = e2.Vps247();
        var store = e2.Host.Vps247;
        for (int i = 0; i < 40; i++) store.Add($"fleet-{i:00}", "running", store.Regions[0], store.Packages[0], store.Templates[0]);
        var jobs = new List<CloudVmJob>();
        foreach (var vm in store.Vms.Where(v => v.Name.StartsWith("fleet-", StringComparison.Ordinal)))
            jobs.Add(await s.Api.PowerAsync(new VmRef(vm.Id.ToString(CultureInfo.InvariantCulture), vm.Name), PowerAction.Stop, new PowerOptions(), None));
        e2.Host.Requests.Clear();
        await Wait(jobs.ToArray());
        Assert.All(jobs, j => Assert.Equal(CloudVmJobState.Completed, j.State));
        Assert.True(e2.Host.RequestsTo("/vps247/virtual_machines", "GET").Any(r => r.Path.TrimEnd('/') == "/vps247/virtual_machines"), "no list read");
        // The last few open jobs (at most ListPollThreshold) may be read one by one: never each VM of the 40.
        Assert.True(e2.Host.RequestsTo("/vps247/virtual_machines/", "GET").Count <= 2 * CloudVm.Providers.ProviderClient.ListPollThreshold);
    }

    [Fact]
    public async Task A_wrong_key_is_a_401()
    {
        // A key as long as real ones: every CloudVm error of the process is redacted against every live key, so a key
        // like "nope" would mask that word in other tests' errors while this session lives (GP-Nope-1 became GP-***-1).
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Vps247("vps247-wrong-key-" + Guid.NewGuid().ToString("N"))));
        Assert.Equal((CloudVmErrorKind.Unauthorized, "Invalid or missing X-Api-Key"), (e.Kind, e.ProviderMessage));
    }
}
