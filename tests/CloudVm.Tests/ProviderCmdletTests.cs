using System.Management.Automation;
using CloudVm.Emulator;
using Xunit;

namespace CloudVm.Tests;

/// <summary>e24cloud and VPS247 through the cmdlets in the hosted PowerShell 7.6 engine.</summary>
[Collection("pwsh")]
public sealed class ProviderCmdletTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh();
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    static void NoErrors(PwshResult r) => Assert.True(!r.AllErrors.Any(), string.Join("\n", r.AllErrors.Select(e => e.ToString())));

    PwshResult ConnectE24() => ps.Run("$e = Connect-CloudVm -Provider E24Cloud -Endpoint $ep -Credential $cred -MaxPollIntervalSeconds 0.2",
        ("ep", emu.Host.E24Endpoint()), ("cred", new PSCredential(DemoKeys.E24Key, ApiCredential.Protect(DemoKeys.E24Secret))));

    PwshResult ConnectVps() => ps.Run("$v = Connect-CloudVm -Provider Vps247 -Endpoint $ep -ApiKey $key -MaxPollIntervalSeconds 0.2",
        ("ep", emu.Host.Vps247Endpoint), ("key", ApiCredential.Protect(DemoKeys.Vps247)));

    // ---- e24cloud ----

    [Fact]
    public void E24cloud_connects_from_the_environment_and_never_shows_key_or_secret()
    {
        Environment.SetEnvironmentVariable("CLOUDVM_E24CLOUD_API_KEY", DemoKeys.E24Key);
        Environment.SetEnvironmentVariable("CLOUDVM_E24CLOUD_API_SECRET", DemoKeys.E24Secret);
        try
        {
            var r = ps.Run("Connect-CloudVm -Provider E24Cloud -Endpoint $ep -Verbose | Out-Default; Get-CloudVm -Verbose | Out-Default",
                ("ep", emu.Host.E24Endpoint()), ("DebugPreference", "Continue"));
            NoErrors(r);
            Assert.Contains("app-1", r.HostText);
            Assert.Contains(r.Debug, d => d.Contains("Authorization: ***"));
            Assert.DoesNotContain(DemoKeys.E24Secret, r.Everything());
            Assert.DoesNotContain(DemoKeys.E24Key + ":", r.Everything());
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLOUDVM_E24CLOUD_API_KEY", null);
            Environment.SetEnvironmentVariable("CLOUDVM_E24CLOUD_API_SECRET", null);
        }
    }

    [Fact]
    public void E24cloud_needs_a_region_or_an_endpoint_and_a_secret()
    {
        var r = ps.Run("Connect-CloudVm -Provider E24Cloud -ApiKey $k", ("k", ApiCredential.Protect("key")));
        Assert.Contains("No API key and secret for e24cloud", r.AllErrors.Single().ToString());
        r = ps.Run("Connect-CloudVm -Provider E24Cloud -Credential $c -SkipValidation", ("c", new PSCredential("k", ApiCredential.Protect("s"))));
        Assert.Contains("e24cloud needs -Region, one of eu-poland-1poznan", r.AllErrors.Single().ToString());
        r = ps.Run("(Connect-CloudVm -Provider E24Cloud -Region eu-poland-1warszawa -Credential $c -SkipValidation).Endpoint", ("c", new PSCredential("k", ApiCredential.Protect("s"))));
        Assert.Equal("https://eu-poland-1warszawa.api.e24cloud.com/v2/", r.Output.Single().ToString());
    }

    [Fact]
    public void Start_on_e24cloud_is_refused_before_any_request()
    {
        NoErrors(ConnectE24());
        emu.Host.Requests.Clear();
        var r = ps.Run("Get-CloudVm -Name app-2 | Start-CloudVm");
        var e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.NotImplemented, e.CategoryInfo.Category);
        Assert.Contains("e24cloud does not support starting a VM", e.ToString());
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
    }

    [Fact]
    public void E24cloud_lifecycle_through_the_cmdlets()
    {
        NoErrors(ConnectE24());
        var r = ps.Run(@"
            $vm = New-CloudVm -Name web-e24 -Cpu 2 -MemoryGB 2 -Location $zone -Image ubuntu-2404 -Wait
            $vm
            $vm | Resize-CloudVm -Cpu 4 -MemoryGB 6 -Wait -Confirm:$false
            $vm | Restart-CloudVm -Wait
            $vm | Get-CloudVmConsole -AsPlainText
            $vm | Rename-CloudVm -NewName web-e24b -Wait
            $vm | Stop-CloudVm -ShutdownTimeoutMinutes 1 -Wait
            $vm | Remove-CloudVm -DeleteResources -Force -Wait",
            ("zone", emu.Host.E24.Zones[0].Id));
        NoErrors(r);
        var vms = r.Output.Select(o => o.BaseObject).OfType<VirtualMachine>().ToList();
        Assert.Equal((2, 2.0), (vms[0].Cpu!.Value, vms[0].MemoryGB!.Value));
        Assert.Equal((4, 6.0), (vms[1].Cpu!.Value, vms[1].MemoryGB!.Value));
        Assert.Equal(CloudVmStatus.Running, vms[2].Status);
        var console = r.Output.Select(o => o.BaseObject).OfType<CloudVmConsole>().Single();
        Assert.NotNull(console.Password);
        Assert.Equal(ApiCredential.Reveal(console.Password!), console.PlainTextPassword);
        Assert.Equal("web-e24b", vms[3].Name);
        Assert.Equal(CloudVmStatus.Stopped, vms[4].Status);
        Assert.DoesNotContain(emu.Host.E24.Vms, v => v.Label.StartsWith("web-e24"));
        Assert.Contains(emu.Host.RequestsTo("/virtual-machines/", "DELETE"), q => q.Body == "{\"deleteResources\":1}");
    }

    // ---- VPS247 ----

    [Fact]
    public void Vps247_catalog_create_by_names_and_secrets_out_of_view()
    {
        NoErrors(ConnectVps());
        var r = ps.Run("Get-CloudVmLocation; Get-CloudVmSize -Name Pro; Get-CloudVmImage -Name *Debian*");
        NoErrors(r);
        Assert.Equal(4, r.Output.Count);
        r = ps.Run("$vm = New-CloudVm -Name shop -Size Standard -Image 'Debian 12 x64' -Location 'London 1' -IPv6 -Wait; $vm; $vm | Out-Default; $vm | Get-CloudVmCredential | Out-Default");
        NoErrors(r);
        var vm = (VirtualMachine)r.Output[0].BaseObject;
        Assert.Equal(("shop", CloudVmStatus.Running, "Standard", "London 1"), (vm.Name, vm.Status, vm.Size, vm.Location));
        var password = emu.Host.Vps247.Vms.Single(v => v.Name == "shop").Password;
        Assert.DoesNotContain(password, r.HostText);
        r = ps.Run("Get-CloudVm -Name shop | Get-CloudVmCredential -AsPlainText");
        Assert.Equal(password, r.Output.Single().ToString());
    }

    [Fact]
    public void Vps247_state_errors_kill_and_delete_with_Force()
    {
        NoErrors(ConnectVps());
        var r = ps.Run("Get-CloudVm -Name mail | Stop-CloudVm");
        var e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category);
        Assert.Contains("HTTP 406", e.ToString());

        r = ps.Run("Get-CloudVm -Name api_test | Remove-CloudVm -Confirm:$false");
        e = Assert.Single(r.Errors);
        Assert.Contains("deletes only halted VMs", e.ToString());
        Assert.Contains("Remove-CloudVm -Force", e.ToString());

        r = ps.Run("Get-CloudVm -Name api_test | Stop-CloudVm -Force -Wait");
        NoErrors(r);
        Assert.Equal(CloudVmStatus.Stopped, ((VirtualMachine)r.Output.Single().BaseObject).Status);
        Assert.Equal("VmKill", emu.Host.Vps247.Vms.Single(v => v.Name == "api_test").LastTask!.Name);

        r = ps.Run("Get-CloudVm -Name api_test | Start-CloudVm -Wait | Remove-CloudVm -Force -Wait -Verbose");
        NoErrors(r);
        Assert.DoesNotContain(emu.Host.Vps247.Vms, v => v.Name == "api_test");
        Assert.Contains(r.Verbose, v => v.Contains("Stopping api_test before deleting it"));
    }

    [Fact]
    public async Task One_pipeline_across_three_clouds()
    {
        var key = "gpcn_test-" + Guid.NewGuid();
        await using var g = await Emulator.StartAsync(o => o.GpcnApiKeys.Add(key));
        NoErrors(ConnectE24());
        NoErrors(ConnectVps());
        NoErrors(ps.Run("$g = Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $k -MaxPollIntervalSeconds 0.2", ("ep", g.Host.GpcnEndpoint), ("k", ApiCredential.Protect(key))));
        var r = ps.Run("Get-CloudVm -Session $g, $e, $v -Status Running | Stop-CloudVm -Wait | Out-Default; Get-CloudVm -Session $g, $e, $v -Status Running");
        NoErrors(r);
        Assert.Empty(r.Output);
        Assert.Contains("Gpcn", r.HostText);
        Assert.Contains("E24Cloud", r.HostText);
        Assert.Contains("Vps247", r.HostText);
        Assert.Equal("offline", emu.Host.E24.Vms.Single(v => v.Label == "app-1").State);
        Assert.Equal("halted", emu.Host.Vps247.Vms.Single(v => v.Name == "api_test").State);
        Assert.All(g.Host.Gpcn.Vms, v => Assert.Equal("Stopped", v.Status));
    }
}

[Collection("pwsh")]
public sealed class VmGenCmdletTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh();
        var r = ps.Run("$g = Connect-CloudVm -Provider VmGen -Endpoint $ep -ApiKey $key -MaxPollIntervalSeconds 0.2", ("ep", emu.Host.VmGenEndpoint), ("key", ApiCredential.Protect(DemoKeys.VmGen)));
        Assert.Empty(r.AllErrors);
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    static void NoErrors(PwshResult r) => Assert.True(!r.AllErrors.Any(), string.Join("\n", r.AllErrors.Select(e => e.ToString())));

    [Fact]
    public void Lifecycle_with_jobs_usage_and_networking()
    {
        var r = ps.Run(@"
            $vm = New-CloudVm -Name shop -Size VM-M -Location 1 -Image 1 -SshKey 5 -Wait
            $vm
            $vm | Stop-CloudVm -Wait
            $vm | Start-CloudVm | Wait-CloudVmJob
            $vm | Restart-CloudVm -Wait
            $vm | Get-CloudVmJob
            $vm | Get-CloudVmJob -Latest
            $vm | Get-CloudVmUsage
            $vm | Get-CloudVmNetworkInterface
            $vm | Remove-CloudVm -Force -Wait");
        NoErrors(r);
        var objects = r.Output.Select(o => o.BaseObject).ToList();
        Assert.Equal(CloudVmStatus.Running, ((VirtualMachine)objects[0]).Status);
        Assert.Equal(CloudVmStatus.Stopped, ((VirtualMachine)objects[1]).Status);
        var history = objects.OfType<CloudVmJob>().Where(j => j.Tracking == JobTracking.Immediate).Select(j => j.Operation).ToList();
        Assert.Equal(new[] { "Deploy", "PowerOff", "PowerOn", "Reboot", "Reboot" }, history);
        Assert.Equal(3, objects.OfType<CloudVmUsage>().Count());
        Assert.Equal(2, objects.OfType<CloudVmNetworkInterface>().Count());
        Assert.DoesNotContain(emu.Host.VmGen.Vms, v => v.Name == "shop");
    }

    [Fact]
    public void A_bad_deploy_is_refused_before_sending_and_a_provider_message_becomes_the_error()
    {
        emu.Host.Requests.Clear();
        var r = ps.Run("New-CloudVm -Name x -Size VM-S -Location 1 -Image 1");
        Assert.Contains("root password (-Password) or SSH keys", r.AllErrors.Single().ToString());
        Assert.Empty(emu.Host.Requests);
        r = ps.Run("New-CloudVm -Name x -Size VM-XL -Location 1 -Image 1 -SshKey 5");
        var e = r.AllErrors.Single();
        Assert.Contains("Package VM-XL is not available in Amsterdam (HTTP 422", e.ToString());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
    }

    [Fact]
    public void Catalog_account_scripts_and_a_ticket_with_WhatIf()
    {
        var r = ps.Run(@"
            Get-CloudVmLocation -Name Ams* | Get-CloudVmSize
            Get-CloudVmImage -Name *Debian*
            Get-CloudVmMarketplaceItem
            Get-CloudVmSshKey
            New-CloudVmUserDataScript -Description motd -Content 'echo hi'
            Get-CloudVmUserDataScript -Description motd
            Get-CloudVmAccount
            Get-CloudVmInvoice
            New-CloudVmSupportTicket -Topic 'Slow disk' -Text 'Please look' -ReplyTo ops@example.com -WhatIf");
        NoErrors(r);
        var o = r.Output.Select(x => x.BaseObject).ToList();
        Assert.Equal(3, o.OfType<CloudVmSize>().Count());
        Assert.Single(o.OfType<CloudVmImage>());
        Assert.Single(o.OfType<CloudVmMarketplaceItem>());
        Assert.Single(o.OfType<CloudVmSshKey>());
        Assert.Equal(2, o.OfType<CloudVmUserDataScript>().Count(s => s.Description == "motd"));
        Assert.Single(o.OfType<CloudVmAccount>());
        Assert.Single(o.OfType<CloudVmInvoice>());
        Assert.Empty(emu.Host.VmGen.Tickets);
        Assert.Contains("What if", r.HostText);
        r = ps.Run("New-CloudVmSupportTicket -Topic 'Slow disk' -Text 'Please look' -ReplyTo ops@example.com");
        NoErrors(r);
        Assert.Single(emu.Host.VmGen.Tickets);
        r = ps.Run("New-CloudVmSupportTicket -Topic t -Text x -ReplyTo nobody");
        Assert.Contains("ReplyTo", r.AllErrors.Single().ToString()); Assert.StartsWith("ParameterArgumentValidationError", r.AllErrors.Single().FullyQualifiedErrorId);
    }

    [Fact]
    public void A_custom_auth_header_is_used_and_the_key_is_never_shown()
    {
        var r = ps.Run("Connect-CloudVm -Provider VmGen -Endpoint $ep -ApiKey $key -AuthHeader X-Api-Key -Verbose | Out-Default; Get-CloudVm -Verbose | Out-Default",
            ("ep", emu.Host.VmGenEndpoint), ("key", ApiCredential.Protect(DemoKeys.VmGen)), ("DebugPreference", "Continue"));
        NoErrors(r);
        Assert.Contains(r.Debug, d => d.Contains("X-Api-Key: ***"));
        Assert.DoesNotContain(DemoKeys.VmGen, r.Everything());
    }
}

[Collection("pwsh")]
public sealed class MagaluCmdletTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh();
        var r = ps.Run("$m = Connect-CloudVm -Provider Magalu -Region br-se1 -TenantId $tenant -Endpoint $ep -ApiKey $key -MaxPollIntervalSeconds 0.2",
            ("ep", emu.Host.MagaluEndpoint()), ("tenant", DemoKeys.MagaluTenant), ("key", ApiCredential.Protect(DemoKeys.Magalu)));
        Assert.Empty(r.AllErrors);
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    static void NoErrors(PwshResult r) => Assert.True(!r.AllErrors.Any(), string.Join("\n", r.AllErrors.Select(e => e.ToString())));

    [Fact]
    public void Instances_through_the_cmdlets()
    {
        var r = ps.Run(@"
            $vm = New-CloudVm -Name shop -Size BV2-2-20 -Image 'cloud-debian-12 LTS' -SshKey me -UserData 'echo hi' -Wait
            $vm
            $vm | Suspend-CloudVm -Wait
            $vm | Start-CloudVm -Wait
            $vm | Resize-CloudVm -Size BV4-8-40 -Wait -Confirm:$false
            $vm | Add-CloudVmNetworkInterface -InterfaceId $port -Wait | Out-Null
            $vm | Get-CloudVmNetworkInterface | Where-Object { -not $_.Primary } | Remove-CloudVmNetworkInterface -Confirm:$false -Wait
            $vm | Remove-CloudVm -DeletePublicIp -Force -Wait",
            ("port", emu.Host.Magalu.Regions["br-se1"].Ports.First(p => p.InstanceId == null).Id));
        NoErrors(r);
        var vms = r.Output.Select(o => o.BaseObject).OfType<VirtualMachine>().ToList();
        Assert.Equal(new[] { CloudVmStatus.Running, CloudVmStatus.Suspended, CloudVmStatus.Running, CloudVmStatus.Running }, vms.Select(v => v.Status));
        Assert.Equal("BV4-8-40", vms[3].Size);
        Assert.Single(r.Output.Select(o => o.BaseObject).OfType<CloudVmNetworkInterface>());
        Assert.DoesNotContain(emu.Host.Magalu.Regions["br-se1"].Instances, v => v.Name == "shop");
    }

    [Fact]
    public void State_rules_are_checked_before_sending()
    {
        emu.Host.Requests.Clear();
        var r = ps.Run("Get-CloudVm -Name mgc-batch | Suspend-CloudVm");
        var e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category);
        Assert.Contains("can suspend an instance only when it is running", e.ToString());
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
    }

    [Fact]
    public void Snapshots_and_backups_through_the_cmdlets()
    {
        var r = ps.Run(@"
            $vm = Get-CloudVm -Name mgc-web
            $snap = $vm | New-CloudVmSnapshot -Name golden -Wait
            $snap
            $vm | New-CloudVmSnapshot -Name golden
            $snap | Rename-CloudVmSnapshot -NewName golden-2 -Wait
            $snap | Restore-CloudVmSnapshot -Name clone -Size BV2-2-20 -SshKey me -Wait
            $snap | Restore-CloudVmSnapshot -Name too-small -Size BV2-4-10 -SshKey me
            Get-CloudVmSnapshot -Name golden*
            $snap | Remove-CloudVmSnapshot -Confirm:$false -Wait
            $b = $vm | New-CloudVmBackup -Name nightly -Wait
            $b | Copy-CloudVmBackup -Region br-ne1 -Confirm:$false
            $b | Restore-CloudVmBackup -Name from-backup -Size BV4-8-40 -SshKey me -Wait
            $b | Rename-CloudVmBackup -NewName weekly -Wait
            Get-CloudVmBackup -VmId $vm.Id
            $b | Remove-CloudVmBackup -WhatIf");
        var objects = r.Output.Select(o => o.BaseObject).ToList();
        var errors = r.Errors.Select(e => e.ToString()).ToList();
        Assert.True(errors.Count == 2, string.Join("\n", errors));
        Assert.Contains(errors, e => e.Contains("A snapshot named 'golden' already exists"));
        Assert.Contains(errors, e => e.Contains("needs at least 20 GB"));
        var snaps = objects.OfType<CloudVmSnapshot>().ToList();
        Assert.Equal(("golden", "available"), (snaps[0].Name, snaps[0].State));
        Assert.Equal("golden-2", snaps[1].Name);
        Assert.Equal(new[] { "clone", "from-backup" }, objects.OfType<VirtualMachine>().Select(v => v.Name));
        Assert.Empty(emu.Host.Magalu.Regions["br-se1"].Snapshots);
        Assert.Equal("weekly", objects.OfType<CloudVmBackup>().Last().Name);
        Assert.Single(emu.Host.Magalu.Regions["br-ne1"].Backups);
        Assert.Single(emu.Host.Magalu.Regions["br-se1"].Backups);
        Assert.Contains("What if", r.HostText);
    }
}
