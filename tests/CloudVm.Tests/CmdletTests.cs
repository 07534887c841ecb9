using System.Diagnostics;
using System.Management.Automation;
using CloudVm.Emulator;
using CloudVm.Emulator.Gpcn;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The cmdlets as a user runs them: the module imported into the hosted PowerShell 7.6 engine, real pipelines
/// against the emulator over HTTP, on the test's fake clock (a wait of minutes takes milliseconds).</summary>
public sealed class CmdletTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;
    GpcnStore Store => emu.Host.Gpcn;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh(emu.Clock);
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
        var r = ps.Run($"${variable} = Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Name {variable} -MaxPollIntervalSeconds 1",
            ("ep", e.Host.GpcnEndpoint), ("key", ApiCredential.Protect(e.GpcnKey)));
        r.NoErrors();
    }

    string Id(string name) => Store.Vms.Single(v => v.Name == name).Id;
    string Dc => Store.Datacenters[0].Id;

    void AddRunning(int count)
    {
        for (int i = 0; i < count; i++) Store.AddVm($"fleet-{i:000}", "Running", Store.Datacenters[0], Store.Configurations[30], Store.Images[12], null, false);
    }

    // ---- listing ----

    [Fact]
    public void Get_CloudVm_streams_the_first_page_before_the_last_arrives()
    {
        AddRunning(247);
        // Every page after the first takes 30 s (virtual): the first VMs must be out long before the list is complete.
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Skip = 1, Count = 100, LatencyMs = 30_000 });
        var r = ps.Run("$first = $null; $n = 0; Get-CloudVm | ForEach-Object { if ($n -eq 0) { $first = $clock.GetUtcNow() }; $n++ }; ($clock.GetUtcNow() - $first).TotalSeconds; $n", ("clock", emu.Clock));
        r.NoErrors();
        // Without streaming the first VM would come with the last (0 s); the clock runs on its own, so the time PowerShell
        // takes to start the pipeline moves it a little: half the page latency is the margin.
        Assert.True((double)r.Output[0].BaseObject >= 15, $"the first VM came {r.Output[0]} s before the end");
        Assert.Equal(250, (int)r.Output[1].BaseObject);
        Assert.Equal(3, emu.Host.RequestsTo("/resource/virtual-machines", "GET").Count);
    }

    [Fact]
    public void First_and_Skip_page_and_stop_asking()
    {
        AddRunning(247);
        var r = ps.Run("Get-CloudVm -First 5");
        Assert.Equal(5, r.All<VirtualMachine>().Count);
        Assert.Single(emu.Host.RequestsTo("/resource/virtual-machines", "GET"));
        r = ps.Run("Get-CloudVm -Skip 248");
        Assert.Equal(2, r.Output.Count);
        r = ps.Run("Get-CloudVm -First 3 -IncludeTotalCount");
        Assert.Contains(r.Output, o => o.BaseObject is PSObject or not VirtualMachine);
    }

    [Fact]
    public void Filters_and_wildcards_go_to_the_server_where_it_has_them()
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
        await using var other = await Emulator.StartAsync(clock: emu.Clock);
        Connect(other, "t");
        var r = ps.Run("Get-CloudVm -Session $s, $t -Status Running | Stop-CloudVm -Wait");
        r.NoErrors();
        Assert.Equal(4, r.All<VirtualMachine>().Count(v => v.Status == CloudVmStatus.Stopped));
        Assert.All(Store.Vms.Concat(other.Host.Gpcn.Vms), v => Assert.Equal("Stopped", v.Status));
        Assert.Single(emu.Host.RequestsTo("bulk/stop"));
        Assert.Single(other.Host.RequestsTo("bulk/stop"));
    }

    [Fact]
    public void A_list_answer_that_is_not_the_shape_is_an_InvalidResponse_error_not_an_empty_list()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Status = 200, ContentType = "text/html", Body = "<html>maintenance</html>" });
        var r = ps.Run("Get-CloudVm");
        Assert.Empty(r.Output);
        var e = Assert.Single(r.AllErrors);
        Assert.Equal("CloudVm.InvalidResponse,CloudVm.PowerShell.GetCloudVmCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category);
        Assert.Contains("maintenance", e.ToString());
    }

    // ---- power, bulk, per-VM errors ----

    [Fact]
    public void Piping_many_vms_uses_bulk_requests_of_at_most_fifty()
    {
        AddRunning(117);
        var r = ps.Run("Get-CloudVm -Status Running | Stop-CloudVm | Wait-CloudVmJob");
        r.NoErrors();
        Assert.Equal(119, r.All<CloudVmJob>().Count(j => j.State == CloudVmJobState.Completed));
        var bulks = emu.Host.RequestsTo("bulk/stop");
        Assert.Equal(3, bulks.Count);
        Assert.All(bulks, b => Assert.True(System.Text.Json.JsonDocument.Parse(b.Body).RootElement.GetProperty("ids").GetArrayLength() <= 50));
        Assert.All(Store.Vms, v => Assert.Equal("Stopped", v.Status));
    }

    [Fact]
    public void A_failure_for_one_vm_is_its_own_error_the_others_go_on_and_already_running_is_a_warning()
    {
        var r = ps.Run("$ids | Start-CloudVm -Wait", ("ids", new[] { Id("web-server-2"), "9f0c1a7e-0000-4000-8000-00000000dead", Id("db-1") }));
        var e = Assert.Single(r.Errors);
        Assert.Equal("9f0c1a7e-0000-4000-8000-00000000dead", e.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.StartsWith("CloudVm.NotFound", e.FullyQualifiedErrorId);
        Assert.Contains(r.Warning, w => w.Contains("db-1 is already running"));
        Assert.Equal(new[] { "web-server-2", "db-1" }, r.All<VirtualMachine>().Select(v => v.Name));
        Assert.All(r.All<VirtualMachine>(), v => Assert.Equal(CloudVmStatus.Running, v.Status));
    }

    [Fact]
    public void Binding_by_property_name_Id_and_by_id_string()
    {
        var r = ps.Run("[pscustomobject]@{ Id = $id } | Stop-CloudVm -Wait", ("id", Id("db-1")));
        r.NoErrors();
        Assert.Equal(CloudVmStatus.Stopped, r.Single<VirtualMachine>().Status);
        r = ps.Run("$id | Start-CloudVm -Wait", ("id", Id("db-1")));
        r.NoErrors();
        Assert.Equal(CloudVmStatus.Running, r.Single<VirtualMachine>().Status);
    }

    [Fact]
    public void A_bad_id_is_refused_before_any_request()
    {
        foreach (var id in new[] { "..", "a/b", "not-a-uuid" })
        {
            var r = ps.Run("Stop-CloudVm -Id $id -Confirm:$false", ("id", id));
            var e = Assert.Single(r.AllErrors);
            Assert.StartsWith("CloudVm.InvalidArgument", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        }
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public void Restart_without_Force_is_refused_on_GPCN_before_any_request()
    {
        var r = ps.Run("Get-CloudVm -Name web-server-1 | Restart-CloudVm");
        var e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.NotImplemented, e.CategoryInfo.Category);
        Assert.StartsWith("CloudVm.NotSupported", e.FullyQualifiedErrorId);
        Assert.Contains("GPCN does not support", e.ToString());
        Assert.Contains("Restart-CloudVm -Force", e.ErrorDetails?.RecommendedAction ?? e.ToString());
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
        r = ps.Run("Get-CloudVm -Name web-server-1 | Restart-CloudVm -Force -Wait");
        r.NoErrors();
        Assert.Contains(emu.Host.Requests, q => q.Path.EndsWith("/reset", StringComparison.Ordinal));
    }

    // ---- what-if, confirm ----

    [Fact]
    public void WhatIf_changes_nothing_and_sends_no_change()
    {
        var r = ps.Run("Get-CloudVm | Remove-CloudVm -WhatIf; Get-CloudVm | Stop-CloudVm -WhatIf; New-CloudVm -Name x -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc -WhatIf", ("dc", Dc));
        r.NoErrors();
        Assert.Empty(r.Output);
        Assert.Equal(3, Store.Vms.Count);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method != "GET");
        Assert.Contains("What if: Performing the operation \"Delete permanently\" on target \"web-server-1", r.HostText);
    }

    [Fact]
    public void Remove_asks_and_no_keeps_the_vm_Force_and_Confirm_false_do_not_ask()
    {
        ps.Host.Answers.Enqueue(2); // No
        var r = ps.Run("Get-CloudVm -Name db-1 | Remove-CloudVm");
        Assert.Single(ps.Host.Prompts);
        Assert.Contains("cannot be undone", ps.Host.Prompts[0]);
        Assert.Equal(3, Store.Vms.Count);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "DELETE");
        r = ps.Run("Get-CloudVm -Name db-1 | Remove-CloudVm -Force -Wait");
        r.NoErrors();
        Assert.Empty(r.Output);
        Assert.Equal(2, Store.Vms.Count);
        r = ps.Run("Get-CloudVm -Name web-server-2 | Remove-CloudVm -Confirm:$false -Wait");
        r.NoErrors();
        Assert.Single(ps.Host.Prompts);
        Assert.Single(Store.Vms);
    }

    // ---- create, wait, jobs ----

    [Fact]
    public void New_CloudVm_returns_jobs_or_with_Wait_the_running_vm()
    {
        var r = ps.Run("New-CloudVm -Name made-1 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc -PublicIp -Wait", ("dc", Dc));
        r.NoErrors();
        var vm = r.Single<VirtualMachine>();
        Assert.Equal((CloudVmStatus.Running, "made-1"), (vm.Status, vm.Name));
        Assert.NotNull(vm.PublicIp);

        r = ps.Run("New-CloudVm -Name made -Count 3 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc | Wait-CloudVmJob | Get-CloudVm", ("dc", Dc));
        r.NoErrors();
        Assert.Equal(new[] { "made-1", "made-2", "made-3" }, r.All<VirtualMachine>().Select(v => v.Name).OrderBy(x => x));
        Assert.Equal(2, emu.Host.RequestsTo("/resource/virtual-machines", "POST").Count);
    }

    [Theory]
    [InlineData("-Count 11", "1 to 10", ErrorCategory.InvalidArgument)]
    [InlineData("-Network $n1, $n2, $n3, $n4, $n5, $n6", "1 to 5 network interfaces", ErrorCategory.InvalidArgument)]
    [InlineData("-Cpu 4", "GPCN does not support", ErrorCategory.NotImplemented)]
    [InlineData("-Size GP-Small-1 -Image 'Ubuntu 24.04 LTS'", "needs a login method", ErrorCategory.InvalidArgument)]
    public void New_CloudVm_rejects_bad_input_before_any_request(string extra, string message, ErrorCategory category)
    {
        var nets = Enumerable.Range(1, 6).Select(i => ($"n{i}", (object?)Guid.NewGuid().ToString())).ToArray();
        var size = extra.Contains("-Size") ? "" : "-Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1";
        var r = ps.Run($"New-CloudVm -Name bad {size} -Location $dc {extra}", nets.Append(("dc", (object?)Dc)).ToArray());
        var e = Assert.Single(r.AllErrors);
        Assert.Contains(message, e.ToString() + e.ErrorDetails?.RecommendedAction);
        Assert.Equal(category, e.CategoryInfo.Category);
        Assert.DoesNotContain(emu.Host.Requests, q => q.Method == "POST");
    }

    [Fact]
    public async Task A_failed_job_is_an_error_with_the_providers_message_where_the_job_has_one()
    {
        // The service's job shape says only hasFailed; the page's guide shape carries the error text.
        Store.FailNextJob("No capacity for GP-Small-1 in US East 1");
        var r = ps.Run("New-CloudVm -Name doomed -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc | Wait-CloudVmJob", ("dc", Dc));
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("CloudVm.JobFailed", e.FullyQualifiedErrorId);
        Assert.Contains("Create of doomed failed", e.ToString());

        await using var guide = await Emulator.StartAsync(o => o.GpcnJobSchema = GpcnJobSchema.Guide, emu.Clock);
        Connect(guide, "g");
        guide.Host.Gpcn.FailNextJob("No capacity for GP-Small-1 in US East 1");
        r = ps.Run("New-CloudVm -Session $g -Name doomed -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc | Wait-CloudVmJob", ("dc", guide.Host.Gpcn.Datacenters[0].Id));
        Assert.Contains("No capacity for GP-Small-1 in US East 1", Assert.Single(r.Errors).ToString());
    }

    [Fact]
    public async Task Wait_times_out_at_the_timeout_with_CloudVm_Timeout_and_shows_progress()
    {
        await using var slow = await Emulator.StartAsync(o => o.JobDuration = TimeSpan.FromMinutes(30), emu.Clock);
        Connect(slow, "slow");
        var start = emu.Clock.GetUtcNow();
        var r = ps.Run("$ProgressPreference = 'Continue'; New-CloudVm -Session $slow -Name slow -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc | Wait-CloudVmJob -Timeout 60", ("dc", slow.Host.Gpcn.Datacenters[0].Id));
        var took = emu.Clock.GetUtcNow() - start;
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("CloudVm.Timeout", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
        Assert.Contains("60 s", e.ToString());
        Assert.InRange(took.TotalSeconds, 60, 120);
        Assert.Contains(r.Progress, p => p.Activity.Contains("slow"));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void A_wait_whose_poll_hangs_ends_at_its_timeout_as_CloudVm_Timeout()
    {
        var r = ps.Run("$j = New-CloudVm -Name hang -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc; $j", ("dc", Dc));
        r.NoErrors();
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/jobs", LatencyMs = 100_000_000, Count = 100 });
        var start = emu.Clock.GetUtcNow();
        r = ps.Run("$j | Wait-CloudVmJob -Timeout 3");
        Assert.StartsWith("CloudVm.Timeout", Assert.Single(r.Errors).FullyQualifiedErrorId);
        // The poll hangs for 100 000 s: ending within a few virtual seconds of the 3 s is the ceiling holding (the clock
        // runs on its own here, so a loaded machine adds a little virtual time).
        Assert.InRange((emu.Clock.GetUtcNow() - start).TotalSeconds, 3, 30);
    }

    [Fact]
    public async Task Ctrl_C_stops_a_wait_within_a_second()
    {
        await using var slow = await Emulator.StartAsync(o => o.JobDuration = TimeSpan.FromHours(5), emu.Clock);
        Connect(slow, "slow");
        var (p, handle) = ps.Begin($"New-CloudVm -Session $slow -Name slow -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location '{slow.Host.Gpcn.Datacenters[0].Id}' -Wait");
        using (p)
        {
            while (slow.Host.RequestsTo("/resource/jobs").Count == 0 && !handle.IsCompleted) await Task.Delay(5);
            Assert.False(handle.IsCompleted);
            var watch = Stopwatch.StartNew();
            p.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {watch.Elapsed}");
            Assert.Equal(PSInvocationState.Stopped, p.InvocationStateInfo.State);
        }
    }

    [Fact]
    public void Ctrl_C_stops_a_hung_list_within_a_second()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", LatencyMs = 100_000_000 });
        var (p, handle) = ps.Begin("Get-CloudVm");
        using (p)
        {
            while (emu.Host.Requests.IsEmpty) Thread.Sleep(5);
            var watch = Stopwatch.StartNew();
            p.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {watch.Elapsed}");
        }
    }

    [Fact]
    public void Get_CloudVmJob_and_Wait_CloudVmJob_find_jobs_by_id()
    {
        var r = ps.Run("$j = New-CloudVm -Name j -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -SshKey key-1 -Location $dc; Get-CloudVmJob -Id $j.Id; Wait-CloudVmJob -Id $j.Id | Get-CloudVm", ("dc", Dc));
        r.NoErrors();
        Assert.Equal("j", ((VirtualMachine)r.Output.Last().BaseObject).Name);
        Assert.Equal(CloudVmJobOperation.Create, ((CloudVmJob)r.Output[0].BaseObject).Operation);
    }

    [Fact]
    public void Wait_CloudVmJob_returns_the_finished_jobs()
    {
        var r = ps.Run("Get-CloudVm -Name db-1 | Stop-CloudVm | Wait-CloudVmJob");
        r.NoErrors();
        var job = r.Single<CloudVmJob>();
        Assert.Equal((CloudVmJobState.Completed, CloudVmJobOperation.Stop, "db-1"), (job.State, job.Operation, job.VmName));
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
        Assert.Contains("HTTP 404, NOT_FOUND", e.ToString());

        r = ps.Run("Get-CloudVm -Name web-server-1 | Resize-CloudVm -Size 30 -Confirm:$false");
        e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
    }

    [Fact]
    public void A_429_is_retried_and_the_retry_is_in_the_verbose_stream()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", Status = 429, RetryAfterSeconds = 1 });
        var r = ps.Run("Get-CloudVm -Verbose");
        r.NoErrors();
        Assert.Equal(3, r.Output.Count);
        Assert.Contains(r.Verbose, v => v.Contains("HTTP 429; trying again in 1 s"));
    }

    [Fact]
    public void A_lost_answer_to_a_reset_is_an_error_that_says_to_check_before_trying_again()
    {
        emu.Host.Faults.Add(new Fault { PathContains = "/reset", DropAfterServing = true });
        var r = ps.Run("Get-CloudVm -Name web-server-1 | Restart-CloudVm -Force");
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("CloudVm.Network", e.FullyQualifiedErrorId);
        Assert.Contains("Get-CloudVm", e.ErrorDetails.RecommendedAction);
        Assert.Single(emu.Host.RequestsTo("/reset"));
    }

    // ---- edit, secrets, console, networks ----

    [Fact]
    public void Rename_and_resource_group()
    {
        var r = ps.Run("Get-CloudVm -Name db-1 | Rename-CloudVm -NewName db-primary -Wait; Get-CloudVm -Name db-primary | Set-CloudVm -ResourceGroup 5 -Wait; Get-CloudVm -Name db-primary | Set-CloudVm -NoResourceGroup");
        r.NoErrors();
        Assert.Equal("db-primary", ((VirtualMachine)r.Output[0].BaseObject).Name);
        Assert.Equal("5", ((VirtualMachine)r.Output[1].BaseObject).ResourceGroup);
        Assert.Null(Store.Vms.Single(v => v.Name == "db-primary").TeamId);
    }

    [Fact]
    public void Login_secrets_are_SecureStrings_unless_asked_for_plain_text()
    {
        var vm = Store.Vms.Single(v => v.Name == "web-server-1");
        var r = ps.Run("$c = Get-CloudVm -Name web-server-1 | Get-CloudVmCredential; $c; $c | Out-Default; Get-CloudVm -Name web-server-1 | Get-CloudVmCredential -AsCredential -UserName admin; Get-CloudVm -Name web-server-1 | Get-CloudVmCredential -Type SshPrivateKey -AsPlainText");
        r.NoErrors();
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
        r.NoErrors();
        var only = Assert.Single(r.All<CloudVmNetworkInterface>());
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

    // ---- sessions shared by runspaces ----

    [Fact]
    public void Disconnect_forgets_the_session_and_its_objects_say_so()
    {
        var r = ps.Run("$vm = Get-CloudVm -First 1; Disconnect-CloudVm -Session $s; Get-CloudVmSession; $vm | Start-CloudVm");
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.Contains("disconnected", e.ToString());
    }
}
