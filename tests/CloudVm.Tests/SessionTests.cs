using System.Management.Automation;
using CloudVm.Emulator;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Sessions with an identity, settings from the environment, saved connections (issues 10 and 15). These change
/// environment variables, so they run one at a time.</summary>
[Collection("process")]
public sealed class SessionTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;
    string configDir = null!;
    readonly List<string> envSet = new();

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh(emu.Clock);
        configDir = Directory.CreateTempSubdirectory("cloudvm-config-").FullName;
        Env("CLOUDVM_CONFIG_DIR", configDir);
    }

    public async Task DisposeAsync()
    {
        foreach (var name in envSet) Environment.SetEnvironmentVariable(name, null);
        ps.Dispose();
        await emu.DisposeAsync();
        Directory.Delete(configDir, true);
    }

    void Env(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        envSet.Add(name);
    }

    PwshResult Gpcn(string name, string extra = "") => Connections.Connect(ps, emu, "Gpcn", name, extra);

    [Fact]
    public void Connect_reads_key_and_endpoint_from_the_environment_and_never_shows_the_key()
    {
        Env("CLOUDVM_GPCN_API_KEY", emu.GpcnKey);
        Env("CLOUDVM_GPCN_ENDPOINT", emu.Host.GpcnEndpoint.ToString());
        var r = ps.Run("$e = Connect-CloudVm -Provider Gpcn -Name fromenv -Verbose -Debug; $e; $e | Out-Default; $e | Format-List * | Out-Default; $e.ToString(); Get-CloudVmSession | Out-Default", ("DebugPreference", "Continue"));
        r.NoErrors();
        var s = (CloudVmSession)r.Output[0].BaseObject;
        Assert.Equal(("fromenv", true, emu.Host.GpcnEndpoint), (s.Name, s.IsDefault, s.Endpoint));
        Assert.NotEmpty(emu.Host.Requests);
        Assert.DoesNotContain(emu.GpcnKey, r.Everything());
        Assert.Contains(r.Debug, d => d.Contains("X-API-Key: ***"));
    }

    [Fact]
    public void Without_a_key_the_error_names_the_variable_to_set()
    {
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint $ep", ("ep", emu.Host.GpcnEndpoint));
        var e = Assert.Single(r.AllErrors);
        Assert.Contains("CLOUDVM_GPCN_API_KEY", e.ToString());
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Empty(emu.Host.Requests);
    }

    [Theory]
    [InlineData("Gpcn", "-Region eu")]
    [InlineData("Gpcn", "-TenantId t1")]
    [InlineData("Vps247", "-AuthHeader X-Key")]
    [InlineData("Gpcn", "-ApiSecret $key")]
    public void Connect_refuses_what_does_not_apply_to_the_provider(string provider, string extra)
    {
        var r = ps.Run($"Connect-CloudVm -Provider {provider} -Endpoint $ep -ApiKey $key {extra}", ("ep", emu.Host.GpcnEndpoint), ("key", ApiCredential.Protect("k-123456")));
        var e = Assert.Single(r.AllErrors);
        Assert.Contains("takes no", e.ToString());
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public void Plain_http_to_a_remote_host_is_refused_before_any_request()
    {
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint 'http://api.gpcn.com/v1' -ApiKey $key", ("key", ApiCredential.Protect(emu.GpcnKey)));
        var e = Assert.Single(r.AllErrors);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("https", e.ToString());
    }

    [Fact]
    public void A_wrong_key_is_an_authentication_error_without_the_key_and_makes_no_session()
    {
        var wrong = "gpcn_wrong-" + Guid.NewGuid();
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Verbose -Debug", ("ep", emu.Host.GpcnEndpoint), ("key", ApiCredential.Protect(wrong)), ("DebugPreference", "Continue"));
        var e = Assert.Single(r.AllErrors);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.StartsWith("CloudVm.Unauthorized", e.FullyQualifiedErrorId);
        Assert.DoesNotContain(wrong, r.Everything());
        Assert.Empty(ps.Run("Get-CloudVmSession").Output);
    }

    [Fact]
    public void Reconnecting_with_the_same_name_replaces_the_session_and_old_objects_keep_working()
    {
        Gpcn("prod").NoErrors();
        var r = ps.Run("$vm = Get-CloudVm -Name db-1");
        r.NoErrors();
        r = Gpcn("prod");
        r.NoErrors();
        Assert.Single(ps.Run("Get-CloudVmSession").Output);
        r = ps.Run("$j = $vm | Stop-CloudVm; (Get-CloudVmJob -Id $j.Id).Id -eq $j.Id; ($j | Wait-CloudVmJob).State");
        r.NoErrors();
        Assert.Equal(new[] { "True", "Completed" }, r.Output.Select(o => o.ToString()));
        // Disconnect, connect again to the same account under another name: the object finds the new session by identity.
        r = ps.Run("Disconnect-CloudVm -Name prod");
        r.NoErrors();
        Gpcn("again").NoErrors();
        r = ps.Run("$vm | Start-CloudVm -Wait");
        r.NoErrors();
        Assert.Equal(CloudVmStatus.Running, r.Single<VirtualMachine>().Status);
    }

    [Fact]
    public async Task Session_rebinds_piped_objects_and_Disconnect_removes_only_what_was_named()
    {
        Gpcn("a").NoErrors();
        await using var other = await Emulator.StartAsync(clock: emu.Clock);
        Connections.Connect(ps, other, "Gpcn", "b").NoErrors();
        Connections.Connect(ps, emu, "Vps247", "v").NoErrors();
        // The VMs of world a, piped with -Session b: b answers (it has the same seeded names, other ids) — not found there.
        var r = ps.Run("Get-CloudVm -Session $a -Name db-1 | Get-CloudVm -Session $b");
        Assert.StartsWith("CloudVm.NotFound", Assert.Single(r.AllErrors).FullyQualifiedErrorId);
        r = ps.Run("Get-CloudVm -Session $a -Name db-1 | Stop-CloudVm -Session $v");
        Assert.Contains("-Session 'v' is VPS247", Assert.Single(r.AllErrors).ToString());

        r = ps.Run("Disconnect-CloudVm -Name b; (Get-CloudVmSession).Name");
        r.NoErrors();
        Assert.Equal(new[] { "a", "v" }, r.Output.Select(o => o.ToString()).OrderBy(x => x));
        r = ps.Run("Disconnect-CloudVm -Name v; Disconnect-CloudVm -Name nothing-like-it");
        Assert.Contains("no session named 'nothing-like-it'", Assert.Single(r.AllErrors).ToString());
        Assert.Contains(r.Warning, w => w.Contains("'v' was the default session; there is no default now"));
        r = ps.Run("Get-CloudVm");
        Assert.StartsWith("CloudVm.NoSession", Assert.Single(r.AllErrors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_saved_connection_keeps_settings_not_secrets_and_reads_the_key_from_the_environment_when_asked()
    {
        var r = Gpcn("prod", "-SaveAs prod -SecretFromEnvironment -RequestTimeoutSeconds 30");
        r.NoErrors();
        var file = File.ReadAllText(Path.Combine(configDir, "connections.json"));
        Assert.DoesNotContain(emu.GpcnKey, file);
        Assert.Contains("\"requestTimeoutSeconds\": 30", file.Replace("\":30", "\": 30"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(configDir, "connections.json")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(configDir));
        }

        r = ps.Run("Get-CloudVmConnection; Get-CloudVmConnection | Out-Default");
        r.NoErrors();
        var c = Assert.IsType<CloudVmConnection>(r.Output.Single().BaseObject);
        Assert.Equal(("prod", CloudProvider.Gpcn, emu.Host.GpcnEndpoint, CloudVmSecretStore.Environment), (c.Name, c.Provider, c.Endpoint, c.SecretStore));

        ps.Run("Disconnect-CloudVm -Name prod").NoErrors();
        r = ps.Run("Connect-CloudVm -Saved prod");
        Assert.Contains("CLOUDVM_GPCN_API_KEY", Assert.Single(r.AllErrors).ToString());
        Env("CLOUDVM_GPCN_API_KEY", emu.GpcnKey);
        r = ps.Run("$p = Connect-CloudVm -Saved prod; $p.RequestTimeout.TotalSeconds; Get-CloudVm -Session $p | Measure-Object | ForEach-Object Count");
        r.NoErrors();
        Assert.Equal(new[] { "30", "3" }, r.Output.Select(o => o.ToString()));
        Assert.DoesNotContain(emu.GpcnKey, r.Everything());

        r = ps.Run("Remove-CloudVmConnection -Name prod -Confirm:$false; Get-CloudVmConnection");
        r.NoErrors();
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Saving_without_a_vault_or_DPAPI_is_refused_with_how_to_fix_it()
    {
        if (OperatingSystem.IsWindows()) return; // DPAPI is there: covered by the Windows workflow
        var r = Gpcn("prod", "-SaveAs prod");
        var e = Assert.Single(r.AllErrors);
        Assert.StartsWith("CloudVm.NotSupported", e.FullyQualifiedErrorId);
        Assert.Contains("SecretManagement", e.ErrorDetails.RecommendedAction);
        Assert.Contains("-SecretFromEnvironment", e.ErrorDetails.RecommendedAction);
        Assert.False(File.Exists(Path.Combine(configDir, "connections.json")));
    }

    [Fact]
    public void Secret_name_without_SecretManagement_says_how_to_install_it()
    {
        var r = ps.Run("Connect-CloudVm -Provider Gpcn -SecretName gpcn-prod -Endpoint $ep", ("ep", emu.Host.GpcnEndpoint));
        var e = Assert.Single(r.AllErrors);
        Assert.Contains("Microsoft.PowerShell.SecretManagement", e.ToString() + e.ErrorDetails?.RecommendedAction);
        Assert.Empty(emu.Host.Requests);
    }

    [Fact]
    public void The_process_sessions_are_shared_with_ForEach_Object_Parallel()
    {
        using var shared = new Pwsh(emu.Clock, processStore: true);
        try
        {
            Connections.Connect(shared, emu, "Gpcn", "par").NoErrors();
            // (The hosted engine has no module path: each parallel runspace imports the module, as an installed one autoloads.)
            var r = shared.Run("$ids | ForEach-Object -ThrottleLimit 3 -Parallel { Import-Module $using:mod; Get-CloudVm -Id $_ }", ("ids", emu.Host.Gpcn.Vms.Select(v => v.Id).ToArray()), ("mod", Pwsh.ModulePath));
            r.NoErrors();
            Assert.Equal(3, r.Output.Count);
        }
        finally
        {
            shared.Run("Disconnect-CloudVm -Name par");
        }
    }
}
