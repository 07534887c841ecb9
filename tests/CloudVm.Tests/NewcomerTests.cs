using System.Management.Automation;
using CloudVm.Emulator;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Issue 23: what a new user trips over, in the hosted PowerShell 7.6 engine against the emulator (the items
/// users meet in real pwsh — help, completion, prompts — are in Pester/Module.Tests.ps1).</summary>
[Collection("process")]
public sealed class NewcomerTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;
    string configDir = null!;
    string? configBefore;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync(o => o.ExampleSeed = true);
        ps = new Pwsh(emu.Clock);
        foreach (var p in Connections.All) Connections.Connect(ps, emu, p, p.ToLowerInvariant()).NoErrors();
        configBefore = Environment.GetEnvironmentVariable("CLOUDVM_CONFIG_DIR");
        configDir = Directory.CreateTempSubdirectory("cloudvm-newcomer-").FullName;
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", configDir);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", configBefore);
        Directory.Delete(configDir, true);
        ps.Dispose();
        await emu.DisposeAsync();
    }

    [Fact]
    public void A_location_piped_on_is_answered_by_the_session_it_came_from_not_the_default()
    {
        // Magalu is the default (connected last); the location is VMgen's.
        var r = ps.Run("(Get-CloudVmSession -Default).Name; Get-CloudVmLocation -Session vmgen | Select-Object -First 1 | Get-CloudVmSize | ForEach-Object Provider | Sort-Object -Unique");
        r.NoErrors();
        Assert.Equal("magalu", r.Output[0].ToString());
        Assert.Equal("VmGen", Assert.Single(r.Output.Skip(1)).ToString());
        var direct = ps.Run("$l = Get-CloudVmLocation -Session vmgen | Select-Object -First 1; Get-CloudVmSize -InputObject $l | ForEach-Object Provider | Sort-Object -Unique");
        direct.NoErrors();
        Assert.Equal("VmGen", Assert.Single(direct.Output).ToString());
    }

    [Fact]
    public void Every_vm_of_every_provider_has_a_size_that_Select_and_Export_keep()
    {
        var r = ps.Run("Get-CloudVm -Session gpcn, e24cloud, vps247, vmgen, magalu | Select-Object Provider, Name, Size, SizeId");
        r.NoErrors();
        Assert.NotEmpty(r.Output);
        foreach (var o in r.Output)
            Assert.False(string.IsNullOrEmpty(o.Properties["Size"].Value as string), $"{o.Properties["Provider"].Value} {o.Properties["Name"].Value} has no Size");
        Assert.All(r.Output.Where(o => o.Properties["Provider"].Value.ToString() is "Gpcn" or "Vps247" or "Magalu"), o => Assert.False(string.IsNullOrEmpty(o.Properties["SizeId"].Value as string)));
        Assert.Contains(r.Output, o => o.Properties["Provider"].Value.ToString() == "E24Cloud" && ((string)o.Properties["Size"].Value).Contains("vCPU", StringComparison.Ordinal));
    }

    [Fact]
    public void WhatIf_and_prompts_say_which_session_a_vm_is_in_when_several_are_connected()
    {
        var r = ps.Run("Get-CloudVm -Session vps247 | Select-Object -First 1 | Remove-CloudVm -WhatIf");
        r.NoErrors();
        Assert.Contains("on vps247 (VPS247)", r.HostText);
    }

    [Fact]
    public void A_failed_SaveAs_changes_nothing_and_a_saved_session_is_named_after_its_connection()
    {
        var before = ps.Run("(Get-CloudVmSession).Count; (Get-CloudVmSession -Default).Name");
        // No vault here and not Windows: a saved secret has nowhere to go, so the save fails.
        var failed = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Name other -SaveAs broken -ErrorAction Stop", ("ep", emu.Host.GpcnEndpoint), ("key", ApiCredential.Protect("gpcn_emulator-demo-key")));
        Assert.Contains(failed.AllErrors, e => e.ToString().Contains("was not saved", StringComparison.Ordinal));
        var after = ps.Run("(Get-CloudVmSession).Count; (Get-CloudVmSession -Default).Name");
        Assert.Equal(before.Output.Select(o => o.ToString()), after.Output.Select(o => o.ToString()));

        Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", emu.GpcnKey);
        try
        {
            var saved = ps.Run("$p = Connect-CloudVm -Provider Gpcn -Endpoint $ep -SaveAs prod -SecretFromEnvironment; $p.Name; $p.SavedConnection", ("ep", emu.Host.GpcnEndpoint));
            saved.NoErrors();
            Assert.Equal(new[] { "prod", "prod" }, saved.Output.Select(o => o.ToString()));
        }
        finally { Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", null); }
    }

    [Fact]
    public void A_disconnected_session_is_CloudVm_NoSession_whether_piped_or_given_as_Session()
    {
        var r = ps.Run("$vm = Get-CloudVm -Session vps247 | Select-Object -First 1; $s = Get-CloudVmSession vps247; Disconnect-CloudVm -Session $s; $vm | Get-CloudVm; Get-CloudVm -Session $s");
        var ids = r.AllErrors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Equal("CloudVm.NoSession", id));
        Assert.All(r.AllErrors, e => Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category));
    }

    [Fact]
    public void A_second_name_for_the_same_account_renames_its_session_and_says_so()
    {
        var r = ps.Run("$a = Connect-CloudVm -Provider Vps247 -Endpoint $ep -ApiKey $key -Name vps-a; $b = Connect-CloudVm -Provider Vps247 -Endpoint $ep -ApiKey $key -Name vps-b; [object]::ReferenceEquals($a, $b); $a.Name; $a.IsConnected",
            ("ep", emu.Host.Vps247Endpoint), ("key", ApiCredential.Protect(DemoKeys.Vps247)));
        r.NoErrors();
        Assert.Equal(new[] { "True", "vps-b", "True" }, r.Output.Select(o => o.ToString()));
        Assert.Contains(r.Warning, w => w.Contains("it is now named 'vps-b'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_without_wildcards_that_matches_nothing_is_an_ObjectNotFound_error_and_a_wildcard_stays_silent()
    {
        var exact = ps.Run("Get-CloudVm -Session gpcn -Name no-such-vm");
        var e = Assert.Single(exact.AllErrors);
        Assert.Equal(("CloudVm.NotFound", ErrorCategory.ObjectNotFound), (e.FullyQualifiedErrorId.Split(',')[0], e.CategoryInfo.Category));
        Assert.Empty(ps.Run("Get-CloudVm -Session gpcn -Name no-such-*").AllErrors);
        var session = Assert.Single(ps.Run("Get-CloudVmSession nosuch").AllErrors);
        Assert.Equal(ErrorCategory.ObjectNotFound, session.CategoryInfo.Category);
        Assert.Empty(ps.Run("Get-CloudVmSession nosuch*").AllErrors);
    }

    [Fact]
    public void A_vm_piped_into_Add_CloudVmPublicIp_means_its_primary_interface()
    {
        var r = ps.Run("Get-CloudVm -Session gpcn -Name web-server-2 | Add-CloudVmPublicIp -WhatIf");
        r.NoErrors();
        Assert.Contains("Allocate a public IP", r.HostText);
        var refused = ps.Run("Get-CloudVm -Session gpcn -Name web-server-2 | Remove-CloudVmNetworkInterface -Confirm:$false");
        var e = Assert.Single(refused.AllErrors);
        Assert.Contains("pipe it from Get-CloudVmNetworkInterface", e.ToString());
    }
}
