using System.Net.Http;
using CloudVm.Emulator;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The emulator library in process (issue 24), for all five providers: the module's own client stack over
/// <see cref="EmulatorHandler"/>, no socket. The process has one emulated world, so these run one at a time with the other
/// tests that use it (the examples).</summary>
[Collection("process")]
public sealed class InProcessEmulatorTests
{
    public static TheoryData<string> Providers() => new(CloudVm.Providers.ProviderRegistry.All.Select(f => f.Provider.ToString()));

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_provider_on_the_emulator_lists_creates_waits_powers_and_deletes_with_nothing_on_the_network(string provider)
    {
        using var ps = new Pwsh(TestClock.Fast());
        var r = ps.Run($$"""
            Reset-CloudVmEmulator -Provider {{provider}} -VmCount 2 -JobSeconds 0
            $s = Connect-CloudVm -Provider {{provider}} -Emulator -Name emu -MaxPollIntervalSeconds 0.2
            $s.IsEmulated; $s.Endpoint.Host
            @(Get-CloudVm).Count
            Get-CloudVm -Name vm-1 | Stop-CloudVm -Wait | ForEach-Object Status
            Get-CloudVm -Name vm-1 | Start-CloudVm -Wait | ForEach-Object Status
            Get-CloudVm -Name vm-2 | Remove-CloudVm -Force -Wait
            @(Get-CloudVm).Count
            Get-CloudVmEmulatorRequest -Provider {{provider}} | ForEach-Object { "$($_.Method) $($_.Status)" }
            """);
        r.NoErrors();
        var lines = r.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("True", lines[0]);
        Assert.Equal("emulator.cloudvm.invalid", lines[1]);
        Assert.Equal("2", lines[2]);
        Assert.Equal("Stopped", lines[3]);
        Assert.Equal("Running", lines[4]);
        Assert.Equal("1", lines[5]);
        var requests = lines.Skip(6).ToList();
        Assert.Contains(requests, l => l.StartsWith("DELETE ", StringComparison.Ordinal) || l.StartsWith("POST ", StringComparison.Ordinal));
        Assert.All(requests, l => Assert.Matches(@"^(GET|POST|PUT|PATCH|DELETE) [1-5]\d\d$", l));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_create_whose_answer_the_emulator_loses_is_sent_once_and_said_to_may_have_been_done(string provider)
    {
        using var ps = new Pwsh(TestClock.Fast());
        var method = provider == "E24Cloud" ? "PUT" : "POST";   // e24cloud creates with PUT
        var r = ps.Run($$"""
            Reset-CloudVmEmulator -Provider {{provider}} -VmCount 0 -JobSeconds 0
            $s = Connect-CloudVm -Provider {{provider}} -Emulator -Name emu
            Add-CloudVmEmulatorFault -Provider {{provider}} -Method {{method}} -LoseAnswer | Out-Null
            """);
        r.NoErrors();
        var create = provider switch
        {
            "Gpcn" => "New-CloudVm -Name lost-1 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -Location 'US East 1' -SshKey ops-key",
            "E24Cloud" => "New-CloudVm -Name lost-1 -Cpu 2 -MemoryGB 2 -Location (Get-CloudVmLocation | Select-Object -First 1).Id -Image ubuntu-2404 -SshKey laptop",
            "Vps247" => "New-CloudVm -Name lost-1 -Size Budget -Image 'Ubuntu 24.04 Server x64' -Location 'New York 1'",
            "VmGen" => "New-CloudVm -Name lost-1 -Size VM-M -Location (Get-CloudVmLocation | Select-Object -First 1).Id -Image 1 -SshKey 5",
            _ => "New-CloudVm -Name lost-1 -Size BV2-2-20 -Image 'cloud-ubuntu-24.04 LTS' -SshKey ops",
        };
        var lost = ps.Run(create + " -ErrorAction SilentlyContinue -ErrorVariable failed | Out-Null; $failed.Count; $failed[0].Exception.MayHaveActed; @(Get-CloudVmEmulatorRequest -Provider " + provider + " | Where-Object Method -EQ " + method + ").Count; @(Get-CloudVm -Name lost-1).Count");
        var lines = lost.Output.Select(o => o.ToString()).ToList();
        Assert.True(lines.Count == 4, string.Join("\n", lines.Concat(lost.AllErrors.Select(e => e.ToString()))));
        Assert.Equal("1", lines[0]);
        Assert.Equal("True", lines[1]);
        Assert.Equal("1", lines[2]);        // sent once, never again
        Assert.Equal("1", lines[3]);        // and the provider did make it
    }

    [Fact]
    public void A_rate_limit_is_waited_out_and_the_log_shows_the_429s_then_the_answer()
    {
        using var ps = new Pwsh(TestClock.Fast());
        var r = ps.Run("""
            Reset-CloudVmEmulator -Provider Gpcn -VmCount 3 -JobSeconds 0
            $s = Connect-CloudVm -Provider Gpcn -Emulator -Name emu
            Add-CloudVmEmulatorFault -Provider Gpcn -Status 429 -RetryAfter 2 -Count 2 -Path '*/virtual-machines' -Method GET | Out-Null
            @(Get-CloudVm).Count
            (Get-CloudVmEmulatorRequest -Provider Gpcn | Where-Object Path -Like '*/virtual-machines' | Select-Object -Last 3).Status -join ','
            """);
        r.NoErrors();
        Assert.Equal(new[] { "3", "429,429,200" }, r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_reset_of_one_provider_brings_back_its_example_world_and_leaves_the_others()
    {
        using var ps = new Pwsh(TestClock.Fast());
        var r = ps.Run("""
            Reset-CloudVmEmulator -VmCount 1 -JobSeconds 0
            $e = Connect-CloudVm -Provider E24Cloud -Emulator -Name e -NoDefault
            $g = Connect-CloudVm -Provider Gpcn -Emulator -Name g -NoDefault
            (Get-CloudVm -Session e | Sort-Object Name).Name -join ','
            Reset-CloudVmEmulator -Provider E24Cloud
            (Get-CloudVm -Session e | Sort-Object Name).Name -join ','
            (Get-CloudVm -Session g).Name -join ','
            """);
        r.NoErrors();
        Assert.Equal(new[] { "vm-1", "app-1,app-2,web-1", "vm-1" }, r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task The_handler_refuses_any_other_host_as_a_name_that_does_not_resolve()
    {
        using var client = new HttpClient(new EmulatorHandler(new Emulation()));
        var inner = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://api.gpcn.com/v1/resource/virtual-machines"));
        Assert.IsType<System.Net.Sockets.SocketException>(inner.InnerException);
        Assert.Contains("nothing was sent", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_library_answers_in_process_as_the_http_host_does()
    {
        var emulation = new Emulation(new EmulatorOptions { Seed = true });
        using var client = new HttpClient(new EmulatorHandler(emulation));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulation.Default.Vps247Endpoint, "virtual_machines"));
        request.Headers.Add("X-Api-Key", DemoKeys.Vps247);
        using var inProcess = await client.SendAsync(request);
        Assert.Equal(200, (int)inProcess.StatusCode);
        var body = await inProcess.Content.ReadAsStringAsync();
        Assert.Contains("\"api_test\"", body, StringComparison.Ordinal);
        Assert.Equal("application/json", inProcess.Content.Headers.ContentType?.MediaType);
        var logged = Assert.Single(emulation.Default.Requests);
        Assert.Equal(("GET", "/vps247/virtual_machines", 200), (logged.Method, logged.Path, logged.Status));
    }
}
