using System.Diagnostics;
using System.Management.Automation;
using CloudVm.Emulator;
using CloudVm.Emulator.Gpcn;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The cmdlets as a user runs them: the built module imported into the hosted PowerShell 7.6
/// engine, real pipelines against the emulator over HTTP.</summary>
[Collection("pwsh")]
public sealed class CmdletTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;
    GpcnStore Store => emu.Host.Gpcn;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh();
        Connect(emu, "s");
        emu.Host.Requests.Clear();
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    void Connect(Emulator e, string variable)
    {
        var r = ps.Run($"${variable} = Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Name {variable} -MaxPollIntervalSeconds 0.2",
            ("ep", e.Host.GpcnEndpoint), ("key", ApiCredential.Protect(e.GpcnKey)));
        Assert.Null(r.Terminating);
    }

    string Id(string name) => Store.Vms.Single(v => v.Name == name).Id;

    void AddRunning(int count)
    {
        for (int i = 0; i < count; i++) Store.AddVm($"fleet-{i:000}", "Running", Store.Datacenters[0], Store.Configurations[30], Store.Images[12], null, false);
    }

    static void NoErrors(PwshResult r) => Assert.True(!r.AllErrors.Any(), string.Join("\n", r.AllErrors.Select(e => e.ToString())));

    // ---- module ----

    [Fact]
    public void The_manifest_is_valid_and_exports_every_cmdlet_with_help_hooks()
    {
        var r = ps.Run($"Test-ModuleManifest -Path '{Pwsh.ModulePath}'");
        NoErrors(r);
        var manifest = (PSModuleInfo)r.Output.Single().BaseObject;
        var exported = manifest.ExportedCmdlets.Keys.OrderBy(k => k).ToList();
        var loaded = ps.Run("(Get-Command -Module CloudVm).Name").Output.Select(o => o.ToString()).OrderBy(k => k).ToList();
        Assert.Equal(exported, loaded);
        var types = typeof(CloudVm.PowerShell.CloudVmCmdlet).Assembly.GetTypes().Where(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).Any()).ToList();
        Assert.Equal(exported.Count, types.Count);
        var approved = typeof(VerbsCommon).Assembly.GetTypes().Where(t => t.Name.StartsWith("Verbs")).SelectMany(t => t.GetFields()).Select(f => f.GetValue(null)).OfType<string>().ToHashSet();
        foreach (var t in types)
        {
            var c = (CmdletAttribute)t.GetCustomAttributes(typeof(CmdletAttribute), false).Single();
            Assert.Contains(c.VerbName, approved);
            Assert.True(t.GetCustomAttributes(typeof(OutputTypeAttribute), false).Any(), $"{c.VerbName}-{c.NounName} has no [OutputType]");
            bool changes = c.VerbName is not ("Get" or "Wait" or "Connect");
            if (changes) Assert.True(c.SupportsShouldProcess, $"{c.VerbName}-{c.NounName} changes something but has no -WhatIf/-Confirm");
            if (c.VerbName == "Remove" && c.NounName == "CloudVm") Assert.Equal(ConfirmImpact.High, c.ConfirmImpact);
        }
    }

    // ---- sessions and secrets ----

    [Fact]
    public void Connect_takes_the_key_from_the_environment_and_never_shows_it()
    {
        Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", emu.GpcnKey);
        try
        {
            var r = ps.Run("$e = Connect-CloudVm -Provider Gpcn -Endpoint $ep -Name fromenv -Verbose -Debug; $e; $e | Out-Default; $e.ToString(); $e.PSObject.Properties | ForEach-Object { \"$($_.Name)=$($_.Value)\" }; Get-CloudVmSession | Out-Default",
                ("ep", emu.Host.GpcnEndpoint), ("DebugPreference", "Continue"));
            NoErrors(r);
            Assert.Equal("fromenv", ((CloudVmSession)r.Output[0].BaseObject).Name);
            Assert.True(((CloudVmSession)r.Output[0].BaseObject).IsDefault);
            Assert.Contains("fromenv", r.HostText);
            Assert.DoesNotContain(emu.GpcnKey, r.Everything());
            Assert.Contains(r.Debug, d => d.Contains("X-API-Key: ***"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", null);
        }
    }

    [Fact]
    public void A_wrong_key_is_a_clear_authentication_error_without_the_key()
    {
        var wrong = "gpcn_wrong-" + Guid.NewGuid();
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Verbose -Debug", ("ep", emu.Host.GpcnEndpoint), ("key", ApiCredential.Protect(wrong)), ("DebugPreference", "Continue"));
        var error = Assert.Single(r.AllErrors);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("CloudVm.Unauthorized", error.FullyQualifiedErrorId);
        Assert.Contains("Invalid or missing API key", error.ToString());
        Assert.Contains("HTTP 401", error.ToString());
        Assert.DoesNotContain(wrong, r.Everything());
        Assert.DoesNotContain(ps.Run("Get-CloudVmSession").Output, o => ((CloudVmSession)o.BaseObject).Name == "Gpcn");
    }

    [Fact]
    public void Plain_http_to_a_remote_host_is_refused_before_any_request()
    {
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint 'http://api.gpcn.com/v1' -ApiKey $key", ("key", ApiCredential.Protect(emu.GpcnKey)));
        Assert.Equal(ErrorCategory.InvalidArgument, r.AllErrors.Single().CategoryInfo.Category);
        Assert.Contains("does not use https", r.AllErrors.Single().ToString());
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public void No_key_anywhere_without_one()
    {
        Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", null);
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint $ep", ("ep", emu.Host.GpcnEndpoint));
        Assert.Contains("CLOUDVM_GPCN_API_KEY", r.AllErrors.Single().ToString());
    }

    [Fact]
    public void Disconnect_forgets_the_session_and_its_objects_say_so()
    {
        var r = ps.Run("$vm = Get-CloudVm -First 1; Disconnect-CloudVm -Session $s; Get-CloudVmSession; $vm | Start-CloudVm");
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.Contains("was disconnected", e.ToString());
    }

    // ---- listing ----

    [Fact]
    public void Get_CloudVm_streams_the_first_page_before_asking_for_the_second()
    {
        AddRunning(247);
        var r = ps.Run("$seen = $null; $n = 0; Get-CloudVm | ForEach-Object { if ($n -eq 0) { $seen = $emu.RequestsTo('/resource/virtual-machines', 'GET').Count }; $n++ }; $seen; $n", ("emu", emu.Host));
        NoErrors(r);
        Assert.Equal(1, (int)r.Output[0].BaseObject);
        Assert.Equal(250, (int)r.Output[1].BaseObject);
        Assert.Equal(3, emu.Host.RequestsTo("/resource/virtual-machines", "GET").Count);
    }

    [Fact]
    public void First_stops_asking_for_pages()
    {
        AddRunning(247);
        var r = ps.Run("Get-CloudVm -First 5");
        Assert.Equal(5, r.All<VirtualMachine>().Count);
        Assert.Single(emu.Host.RequestsTo("/resource/virtual-machines", "GET"));
        r = ps.Run("Get-CloudVm -Skip 248");
        Assert.Equal(2, r.Output.Count);
    }

    [Fact]
    public void Filters_and_wildcards()
    {
        var r = ps.Run("Get-CloudVm -Name web-* -Status Running");
        Assert.Equal(new[] { "web-server-1" }, r.All<VirtualMachine>().Select(v => v.Name));
        Assert.Contains("filter[status]=Running", Uri.UnescapeDataString(emu.Host.Requests.Last().Query));
        r = ps.Run("Get-CloudVm -Location 'EU*'");
        Assert.Equal(new[] { "db-1" }, r.All<VirtualMachine>().Select(v => v.Name));
        r = ps.Run("Get-CloudVm -Id $id", ("id", Id("db-1")));
        Assert.Equal("GP-Medium-1", r.Single<VirtualMachine>().Size);
    }

    [Fact]
    public async Task Get_CloudVm_reads_through_several_sessions_and_each_vm_acts_through_its_own()
    {
        await using var other = await Emulator.StartAsync();
        {
            Connect(other, "t");
            var r = ps.Run("Get-CloudVm -Session $s, $t -Status Running | Stop-CloudVm -Wait");
            NoErrors(r);
            Assert.Equal(4, r.All<VirtualMachine>().Count(v => v.Status == CloudVmStatus.Stopped));
            Assert.All(Store.Vms.Concat(other.Host.Gpcn.Vms), v => Assert.Equal("Stopped", v.Status));
            Assert.Single(emu.Host.RequestsTo("bulk/stop"));
            Assert.Single(other.Host.RequestsTo("bulk/stop"));
        }
    }

    // ---- power, bulk, per-VM errors ----

    [Fact]
    public void Piping_many_vms_uses_bulk_requests_of_at_most_fifty()
    {
        AddRunning(117);
        var r = ps.Run("Get-CloudVm -Status Running | Stop-CloudVm | Wait-CloudVmJob");
        NoErrors(r);
        Assert.Equal(119, r.All<CloudVmJob>().Count(j => j.State == CloudVmJobState.Completed));
        var bulks = emu.Host.RequestsTo("bulk/stop");
        Assert.Equal(3, bulks.Count);
        Assert.All(bulks, b => Assert.True(System.Text.Json.JsonDocument.Parse(b.Body).RootElement.GetProperty("ids").GetArrayLength() <= 50));
        Assert.All(Store.Vms, v => Assert.Equal("Stopped", v.Status));
    }

    [Fact]
    public void A_failure_for_one_vm_is_its_own_error_and_the_others_go_on()
    {
        var r = ps.Run("$ids | Start-CloudVm -Wait", ("ids", new[] { Id("web-server-2"), "9f0c1a7e-0000-4000-8000-00000000dead", Id("db-1") }));
        var e = Assert.Single(r.Errors, x => x.Exception is CloudVmException ce && ce.ProviderCode == "NOT_FOUND");
        Assert.Equal("9f0c1a7e-0000-4000-8000-00000000dead", e.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        var conflict = Assert.Single(r.Errors, x => x.Exception is CloudVmException ce && ce.ProviderCode == "INVALID_STATE");
        Assert.Contains("db-1", conflict.ToString());
        Assert.Equal("web-server-2", r.Single<VirtualMachine>().Name);
        Assert.Equal("Running", Store.Vms.Single(v => v.Name == "web-server-2").Status);
    }

    [Fact]
    public void Binding_by_property_name_Id()
    {
        var r = ps.Run("[pscustomobject]@{ Id = $id } | Stop-CloudVm -Wait", ("id", Id("db-1")));
        NoErrors(r);
        Assert.Equal(CloudVmStatus.Stopped, r.Single<VirtualMachine>().Status);
    }

    [Fact]
    public void Restart_without_Force_is_refused_on_GPCN_before_any_request()
    {
        var r = ps.Run("Get-CloudVm -Name web-server-1 | Restart-CloudVm");
        var e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.NotImplemented, e.CategoryInfo.Category);
        Assert.StartsWith("CloudVm.NotSupported", e.FullyQualifiedErrorId);
        Assert.Contains("GPCN does not support a graceful restart", e.ToString());
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
        r = ps.Run("Get-CloudVm -Name web-server-1 | Restart-CloudVm -Force -Wait");
        NoErrors(r);
        Assert.Contains(emu.Host.Requests, q => q.Path.EndsWith("/reset"));
    }

    // ---- what-if, confirm ----

    [Fact]
    public void WhatIf_changes_nothing_and_sends_no_change()
    {
        var r = ps.Run("Get-CloudVm | Remove-CloudVm -WhatIf; Get-CloudVm | Stop-CloudVm -WhatIf; New-CloudVm -Name x -Size 45 -Image 12 -Location $dc -WhatIf",
            ("dc", Store.Datacenters[0].Id));
        NoErrors(r);
        Assert.Empty(r.Output);
        Assert.Equal(3, Store.Vms.Count);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method != "GET");
        Assert.Contains("What if: Performing the operation \"Delete permanently\" on target \"web-server-1", r.HostText);
    }

    [Fact]
    public void Remove_asks_for_confirmation_and_a_no_keeps_the_vm()
    {
        ps.Host.Answers.Enqueue(2); // No
        var r = ps.Run("Get-CloudVm -Name db-1 | Remove-CloudVm");
        Assert.Single(ps.Host.Prompts);
        Assert.Equal(3, Store.Vms.Count);
        r = ps.Run("Get-CloudVm -Name db-1 | Remove-CloudVm -Force -Wait");
        NoErrors(r);
        Assert.Empty(r.Output);
        Assert.Equal(2, Store.Vms.Count);
    }

    // ---- create, wait, jobs ----

    [Fact]
    public void New_CloudVm_returns_jobs_or_with_Wait_the_running_vm()
    {
        var r = ps.Run("New-CloudVm -Name made-1 -Size 45 -Image 12 -Location $dc -PublicIp -Wait", ("dc", Store.Datacenters[0].Id));
        NoErrors(r);
        var vm = r.Single<VirtualMachine>();
        Assert.Equal((CloudVmStatus.Running, "made-1"), (vm.Status, vm.Name));
        Assert.NotNull(vm.PublicIp);

        r = ps.Run("New-CloudVm -Name made -Count 3 -Size 45 -Image 12 -Location $dc | Wait-CloudVmJob | Get-CloudVm", ("dc", Store.Datacenters[0].Id));
        NoErrors(r);
        Assert.Equal(new[] { "made-1", "made-2", "made-3" }, r.All<VirtualMachine>().Select(v => v.Name).OrderBy(x => x));
        Assert.Equal(2, emu.Host.RequestsTo("/resource/virtual-machines", "POST").Count);
    }

    [Theory]
    [InlineData("-Count 11", "1 to 10 instances")]
    [InlineData("-Network $n1, $n2, $n3, $n4, $n5, $n6", "1 to 5 network interfaces")]
    [InlineData("-Network @{NetworkId=$n1; Primary=$true}, @{NetworkId=$n2; Primary=$true}", "Exactly one network interface must be primary")]
    [InlineData("-Cpu 4", "GPCN does not support -Cpu")]
    public void New_CloudVm_rejects_bad_input_before_any_request(string extra, string message)
    {
        var nets = Enumerable.Range(1, 6).Select(i => ($"n{i}", (object?)Guid.NewGuid().ToString())).ToArray();
        var r = ps.Run($"New-CloudVm -Name bad -Size 45 -Image 12 -Location $dc {extra}", nets.Append(("dc", (object?)Store.Datacenters[0].Id)).ToArray());
        var e = Assert.Single(r.Errors);
        Assert.Contains(message, e.ToString());
        Assert.Empty(emu.Host.Requests);
        r = ps.Run("New-CloudVm -Name bad -Size GP-Small-1 -Image 12 -Location $dc", ("dc", Store.Datacenters[0].Id));
        Assert.Equal(ErrorCategory.InvalidArgument, Assert.Single(r.Errors).CategoryInfo.Category);
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public void A_failed_job_is_an_error_carrying_the_providers_message()
    {
        Store.FailNextJob("No capacity for GP-Small-1 in US East 1");
        var r = ps.Run("New-CloudVm -Name doomed -Size 45 -Image 12 -Location $dc | Wait-CloudVmJob", ("dc", Store.Datacenters[0].Id));
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("CloudVm.JobFailed", e.FullyQualifiedErrorId);
        Assert.Contains("No capacity for GP-Small-1 in US East 1", e.ToString());
        Assert.IsType<CloudVmJob>(e.TargetObject);
    }

    [Fact]
    public async Task Wait_times_out_with_a_clear_error_and_shows_progress()
    {
        await using var slow = await Emulator.StartAsync(o => o.JobDuration = TimeSpan.FromMinutes(5));
        Connect(slow, "slow");
        var r = ps.Run("$ProgressPreference = 'Continue'; New-CloudVm -Session $slow -Name slow -Size 45 -Image 12 -Location $dc | Wait-CloudVmJob -Timeout 1", ("dc", slow.Host.Gpcn.Datacenters[0].Id));
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("CloudVm.Timeout", e.FullyQualifiedErrorId);
        Assert.Contains("did not finish within 1 s", e.ToString());
        Assert.Contains(r.Progress, p => p.Activity.Contains("Waiting for Create of slow"));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public async Task Ctrl_C_stops_a_wait_within_a_second()
    {
        await using var slow = await Emulator.StartAsync(o => o.JobDuration = TimeSpan.FromMinutes(5));
        Connect(slow, "slow");
        var (p, handle) = ps.Begin($"New-CloudVm -Session $slow -Name slow -Size 45 -Image 12 -Location '{slow.Host.Gpcn.Datacenters[0].Id}' -Wait");
        using (p)
        {
            await Task.Delay(1500);
            Assert.False(handle.IsCompleted);
            var watch = Stopwatch.StartNew();
            p.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {watch.Elapsed}");
            Assert.Equal(PSInvocationState.Stopped, p.InvocationStateInfo.State);
        }
    }

    [Fact]
    public void Get_CloudVmJob_reads_jobs_by_id()
    {
        var r = ps.Run("$j = New-CloudVm -Name j -Size 45 -Image 12 -Location $dc; Get-CloudVmJob -Id $j.Id; Wait-CloudVmJob -Id $j.Id | Get-CloudVm", ("dc", Store.Datacenters[0].Id));
        NoErrors(r);
        Assert.Equal("j", ((VirtualMachine)r.Output.Last().BaseObject).Name);
        Assert.Equal("Create", ((CloudVmJob)r.Output[0].BaseObject).Operation);
    }

    // ---- errors ----

    [Fact]
    public void Provider_errors_are_error_records_with_id_category_target_and_status()
    {
        var r = ps.Run("Get-CloudVm -Id 9f0c1a7e-0000-4000-8000-00000000beef");
        var e = Assert.Single(r.Errors);
        Assert.Equal("CloudVm.NotFound,CloudVm.PowerShell.GetCloudVmCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("9f0c1a7e-0000-4000-8000-00000000beef", e.TargetObject);
        Assert.Equal(404, ((CloudVmException)e.Exception).HttpStatus);
        Assert.Contains("Virtual machine 9f0c1a7e-0000-4000-8000-00000000beef not found (HTTP 404, NOT_FOUND", e.ToString());

        r = ps.Run("Get-CloudVm -Name web-server-1 | Resize-CloudVm -Size 30 -Confirm:$false");
        e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("Only upgrades are allowed", e.ToString());
    }

    [Fact]
    public void A_429_is_retried_and_the_retry_is_in_the_verbose_stream()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Status = 429, RetryAfterSeconds = 1 });
        var r = ps.Run("Get-CloudVm -Verbose");
        NoErrors(r);
        Assert.Equal(3, r.Output.Count);
        Assert.Contains(r.Verbose, v => v.Contains("Retrying after HTTP 429; waiting 1 s"));
    }

    // ---- edit, secrets, console, networks ----

    [Fact]
    public void Rename_and_resource_group()
    {
        var r = ps.Run("Get-CloudVm -Name db-1 | Rename-CloudVm -NewName db-primary -Wait; Get-CloudVm -Name db-primary | Set-CloudVm -ResourceGroup 5 -Wait; Get-CloudVm -Name db-primary | Set-CloudVm -NoResourceGroup");
        NoErrors(r);
        Assert.Equal("db-primary", ((VirtualMachine)r.Output[0].BaseObject).Name);
        Assert.Equal("5", ((VirtualMachine)r.Output[1].BaseObject).ResourceGroup);
        Assert.Equal(CloudVmJobState.Completed, ((CloudVmJob)r.Output[2].BaseObject).State);
        Assert.Null(Store.Vms.Single(v => v.Name == "db-primary").TeamId);
    }

    [Fact]
    public void Login_secrets_are_SecureStrings_unless_asked_for_plain_text()
    {
        var vm = Store.Vms.Single(v => v.Name == "web-server-1");
        var r = ps.Run("$c = Get-CloudVm -Name web-server-1 | Get-CloudVmCredential; $c; $c | Out-Default; Get-CloudVm -Name web-server-1 | Get-CloudVmCredential -AsCredential -UserName admin; Get-CloudVm -Name web-server-1 | Get-CloudVmCredential -Type SshPrivateKey -AsPlainText");
        NoErrors(r);
        var secret = (CloudVmSecret)r.Output[0].BaseObject;
        Assert.Equal(vm.Password, ApiCredential.Reveal(secret.Secret));
        Assert.DoesNotContain(vm.Password, r.HostText);
        var cred = (PSCredential)r.Output[1].BaseObject;
        Assert.Equal(("admin", vm.Password), (cred.UserName, cred.GetNetworkCredential().Password));
        Assert.Equal(vm.PrivateKey, r.Output[2].BaseObject);
        var console = ps.Run("Get-CloudVm -Name web-server-1 | Get-CloudVmConsole");
        Assert.StartsWith("https://", console.Single<CloudVmConsole>().Url!.ToString());
    }

    [Fact]
    public void Network_interfaces_end_to_end()
    {
        var r = ps.Run(@"
            $vm = Get-CloudVm -Name web-server-1
            $vm | Get-CloudVmNetwork | Where-Object Type -eq standard | Add-CloudVmNetworkInterface -Wait | Out-Null
            $nic = $vm | Get-CloudVmNetworkInterface | Where-Object { -not $_.Primary }
            $nic | Add-CloudVmPublicIp -Wait | Out-Null
            $nic | Set-CloudVmNetworkInterface -Primary | Out-Null
            $vm | Get-CloudVmNetworkInterface | Where-Object { -not $_.Primary } | Remove-CloudVmNetworkInterface -Confirm:$false | Wait-CloudVmJob | Out-Null
            $nic | Remove-CloudVmPublicIp -Confirm:$false -Wait
        ");
        NoErrors(r);
        var nics = r.All<CloudVmNetworkInterface>();
        var only = Assert.Single(nics);
        Assert.True(only.Primary);
        Assert.Null(only.PublicIp);
        Assert.Equal("us-east-backend", only.NetworkName);
    }

    [Fact]
    public void Nic_changes_without_hotplug_fail_clearly_on_a_running_vm()
    {
        var r = ps.Run("$vm = Get-CloudVm -Name db-1; $vm | Get-CloudVmNetwork | ForEach-Object { $vm | Add-CloudVmNetworkInterface -NetworkId $_.Id }");
        Assert.NotEmpty(r.Errors);
        Assert.All(r.Errors, e => Assert.Contains("stop the VM before changing its network interfaces", e.ToString()));
        Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category));
    }

    // ---- views, concurrency ----

    [Fact]
    public void Format_views_render_tables()
    {
        var r = ps.Run("Get-CloudVm | Out-Default; Get-CloudVm -Name web-server-1 | Stop-CloudVm | Out-Default");
        NoErrors(r);
        Assert.Matches(@"Name\s+Status\s+Provider\s+Size\s+Cpu\s+MemoryGB\s+Location\s+PublicIp\s+Id", r.HostText);
        Assert.Matches(@"Operation\s+Vm\s+State", r.HostText);
        Assert.Contains("web-server-1", r.HostText);
    }

    [Fact]
    public void The_default_session_is_shared_with_ForEach_Object_Parallel()
    {
        var r = ps.Run("$ids | ForEach-Object -ThrottleLimit 3 -Parallel { Import-Module $using:mod; Get-CloudVm -Id $_ }",
            ("ids", Store.Vms.Select(v => v.Id).ToArray()), ("mod", Pwsh.ModulePath));
        NoErrors(r);
        Assert.Equal(3, r.Output.Count);
    }
}
