using System.Management.Automation;
using CloudVm.Emulator;
using Xunit;

namespace CloudVm.Tests;

/// <summary>How a test connects a runspace to each provider of its emulator world.</summary>
public static class Connections
{
    /// <summary>Every registered provider: a theory over these covers a provider the day it is registered.</summary>
    public static readonly string[] All = CloudVm.Providers.ProviderRegistry.All.Select(f => f.Provider.Name).ToArray();

    public static PwshResult Connect(Pwsh ps, Emulator emu, string provider, string name, string extra = "")
    {
        // From the world's published profile: a provider the emulator does not have is an error here, never another's endpoint.
        var p = emu.Host.Profile(provider);
        var vars = new List<(string, object?)> { ("key", ApiCredential.Protect(emu.KeyFor(CloudProvider.Parse(provider)))) };
        var args = "-ApiKey $key";
        if (p.Secret != null) { args += " -ApiSecret $secret"; vars.Add(("secret", ApiCredential.Protect(p.Secret))); }
        if (p.Region != null) args += " -Region " + p.Region;
        var endpoint = p.Endpoint;
        return ps.Run($"${name} = Connect-CloudVm -Provider {provider} -Endpoint $ep {args} -Name {name} -MaxPollIntervalSeconds 1 {extra}; ${name}",
            vars.Append(("ep", (object?)endpoint)).ToArray());
    }

    public static IEnumerable<object[]> Providers() => All.Select(p => new object[] { p });
}

/// <summary>The same pipelines on every provider (issue 10): one vocabulary, one error id for one condition, job ids
/// that can be given back, binding by type.</summary>
public sealed class ProviderCmdletTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh(emu.Clock);
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    void Connect(string provider) => Connections.Connect(ps, emu, provider, "s").NoErrors();

    [Theory]
    [MemberData(nameof(Connections.Providers), MemberType = typeof(Connections))]
    public void The_lifecycle_runs_through_one_vocabulary(string provider)
    {
        Connect(provider);
        var r = ps.Run("$vm = Get-CloudVm | Where-Object Status -eq Running | Select-Object -First 1; $vm | Stop-CloudVm -Wait; $vm | Start-CloudVm -Wait");
        r.NoErrors();
        var vms = r.All<VirtualMachine>();
        Assert.Equal(new[] { CloudVmStatus.Stopped, CloudVmStatus.Running }, vms.Select(v => v.Status));
        Assert.Equal(vms[0].Id, vms[1].Id);
    }

    [Theory]
    [MemberData(nameof(Connections.Providers), MemberType = typeof(Connections))]
    public void Stopping_a_stopped_vm_is_the_same_warning_and_success_everywhere(string provider)
    {
        Connect(provider);
        var r = ps.Run("$vm = Get-CloudVm | Where-Object Status -eq Running | Select-Object -First 1; $vm | Stop-CloudVm -Wait | Out-Null; $vm | Stop-CloudVm | Wait-CloudVmJob");
        r.NoErrors();
        var job = r.Single<CloudVmJob>();
        Assert.Equal(CloudVmJobState.Completed, job.State);
        Assert.Contains(r.Warning, w => w.Contains("is already stopped"));
    }

    [Theory]
    [MemberData(nameof(Connections.Providers), MemberType = typeof(Connections))]
    public void Every_job_id_a_user_sees_can_be_given_back(string provider)
    {
        Connect(provider);
        var r = ps.Run("$j = Get-CloudVm | Where-Object Status -eq Running | Select-Object -First 1 | Stop-CloudVm; Get-CloudVmJob -Id $j.Id; Wait-CloudVmJob -Id $j.Id");
        r.NoErrors();
        Assert.Equal(2, r.Output.Count);
        Assert.All(r.All<CloudVmJob>(), j => Assert.Equal(CloudVmJobOperation.Stop, j.Operation));
        Assert.Equal(CloudVmJobState.Completed, ((CloudVmJob)r.Output[1].BaseObject).State);

        r = ps.Run("Wait-CloudVmJob -Id nope-123");
        var e = Assert.Single(r.AllErrors);
        Assert.Equal("nope-123", e.TargetObject);
        Assert.Matches("^CloudVm.(NotFound|InvalidArgument),", e.FullyQualifiedErrorId);
    }

    [Theory]
    [MemberData(nameof(Connections.Providers), MemberType = typeof(Connections))]
    public void Objects_that_do_not_stand_for_a_vm_never_bind_as_one(string provider)
    {
        Connect(provider);
        foreach (var script in new[] { "Get-CloudVmProvider | Select-Object -First 2 | Remove-CloudVm -Force", "Get-CloudVmSession | Remove-CloudVm -WhatIf", "Get-Date | Stop-CloudVm" })
        {
            emu.Host.Requests.Clear();
            var r = ps.Run(script);
            var e = Assert.Single(r.AllErrors.Take(1));
            Assert.Contains("does not stand for a VM", e.ToString());
            Assert.DoesNotContain(emu.Host.Requests, q => q.Method is "DELETE" or "POST" && !q.Path.Contains("jobs"));
        }
    }

    [Fact]
    public void A_job_piped_to_a_vm_cmdlet_means_its_vm_not_the_job()
    {
        Connect("Vps247");
        var r = ps.Run("Get-CloudVm -Name mail | Stop-CloudVm -Force -Confirm:$false | Wait-CloudVmJob | Start-CloudVm -Wait");
        r.NoErrors();
        Assert.Equal(("mail", CloudVmStatus.Running), (r.Single<VirtualMachine>().Name, r.Single<VirtualMachine>().Status));
    }

    [Fact]
    public void Ssh_keys_and_sizes_piped_to_stop_are_binding_errors_on_small_integer_ids()
    {
        Connect("VmGen");
        emu.Host.Requests.Clear();
        var r = ps.Run("Get-CloudVmSshKey | Stop-CloudVm -Force -Confirm:$false");
        Assert.NotEmpty(r.AllErrors);
        Assert.All(r.AllErrors, e => Assert.Equal("ParameterArgumentTransformationError,CloudVm.PowerShell.StopCloudVmCommand", e.FullyQualifiedErrorId));
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
    }

    [Theory]
    [InlineData("Gpcn", "-ResourceGroup 5", null)]
    [InlineData("Vps247", "-ResourceGroup 5", "VPS247 does not support")]
    [InlineData("VmGen", "-Sort name:asc", null)]
    public void Filters_a_provider_lacks_are_errors_not_empty_lists(string provider, string filter, string? error)
    {
        Connect(provider);
        var r = ps.Run($"Get-CloudVm {filter}");
        if (error == null) r.NoErrors();
        else Assert.Contains(error, Assert.Single(r.AllErrors).ToString());
    }

    [Fact]
    public void Name_takes_several_patterns_and_IncludeTotalCount_uses_the_providers_total()
    {
        Connect("Gpcn");
        var r = ps.Run("Get-CloudVm -Name web-server-1, db-*");
        Assert.Equal(new[] { "db-1", "web-server-1" }, r.All<VirtualMachine>().Select(v => v.Name).OrderBy(n => n));
        r = ps.Run("Get-CloudVm -First 1 -IncludeTotalCount");
        r.NoErrors();
        Assert.Equal(3UL, Assert.Single(r.Output, o => o.BaseObject is ulong).BaseObject);
    }

    [Fact]
    public void A_mistyped_endpoint_path_says_what_to_check()
    {
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key", ("ep", new Uri(emu.Host.BaseAddress, "gpcn/v2/")), ("key", ApiCredential.Protect(emu.GpcnKey)));
        var e = Assert.Single(r.AllErrors);
        Assert.Contains("-Endpoint", e.ErrorDetails.RecommendedAction);
        Assert.Contains("https://api.gpcn.com/v1", e.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void After_a_rename_the_object_itself_has_the_new_name()
    {
        Connect("Gpcn");
        var r = ps.Run("$vm = Get-CloudVm -Name db-1; $vm | Rename-CloudVm -NewName db-main | Out-Null; $vm.Name");
        r.NoErrors();
        Assert.Equal("db-main", r.Output.Single().ToString());
    }

    [Theory]
    [InlineData("Vps247", "Stop-CloudVm -Force", "without a graceful shutdown")]
    [InlineData("Gpcn", "Restart-CloudVm -Force", "without a graceful shutdown")]
    public void Hard_power_actions_ask_unless_Confirm_false(string provider, string command, string question)
    {
        Connect(provider);
        emu.Host.Requests.Clear();
        ps.Host.Answers.Enqueue(2); // No
        var pick = "Get-CloudVm | Where-Object Status -eq Running | Select-Object -First 1";
        var r = ps.Run($"{pick} | {command}");
        r.NoErrors();
        Assert.Contains(question, Assert.Single(ps.Host.Prompts));
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
        r = ps.Run($"{pick} | {command} -Confirm:$false -Wait");
        r.NoErrors();
        Assert.Single(ps.Host.Prompts);
    }

    [Fact]
    public void A_resize_that_restarts_the_guest_asks()
    {
        Connect("E24Cloud");
        ps.Host.Answers.Enqueue(2);
        var r = ps.Run("Get-CloudVm | Select-Object -First 1 | Resize-CloudVm -Cpu 2 -MemoryGB 4");
        r.NoErrors();
        Assert.Contains("may shut it down", Assert.Single(ps.Host.Prompts));
        Assert.Empty(emu.Host.RequestsTo("/resize"));
    }
}
