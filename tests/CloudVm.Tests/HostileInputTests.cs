using System.Security;
using CloudVm.Emulator;
using CloudVm.Providers;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>Issue 19, rows 1 and 2: input nobody planned for never reaches the wire. Header injection through every
/// credential setting, trailing newlines past pattern checks, and the transport guard below every provider; the
/// emulator's request log is the logging proxy: what it did not receive was not sent.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    Emulator emu = null!;
    World World => emu.Host;

    public async Task InitializeAsync() => emu = await Emulator.StartAsync();
    public async Task DisposeAsync() => await emu.DisposeAsync();

    const string Smuggle = "\r\n\r\nDELETE /gpcn/v1/resource/virtual-machines/6f1c2a3b-0000-4000-8000-000000000001 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    static CloudVmSession Make(CloudProvider provider, Uri endpoint, string key, string? secret = null, string? tenant = null, string? authHeader = null, string? region = null) =>
        CloudVmSessions.Create(new CloudVmSessionOptions
        {
            Provider = provider, Endpoint = endpoint, Region = region, TenantId = tenant, AuthHeader = authHeader,
            Credential = new ApiCredential(ApiCredential.Protect(key), secret == null ? null : ApiCredential.Protect(secret)),
        });

    public static IEnumerable<object[]> Injections() => new[]
    {
        new object[] { "GPCN key with CRLF CRLF and a request line", "gpcn-key" },
        new object[] { "GPCN key with a header", "gpcn-header" },
        new object[] { "e24cloud key", "e24-key" },
        new object[] { "e24cloud secret", "e24-secret" },
        new object[] { "VPS247 key", "vps-key" },
        new object[] { "VMgen key", "vmgen-key" },
        new object[] { "VMgen auth header name", "vmgen-header" },
        new object[] { "Magalu key", "magalu-key" },
        new object[] { "Magalu tenant", "magalu-tenant" },
    };

    CloudVmSession Hostile(string which) => which switch
    {
        "gpcn-key" => Make(CloudProvider.Gpcn, World.GpcnEndpoint, emu.GpcnKey + Smuggle),
        "gpcn-header" => Make(CloudProvider.Gpcn, World.GpcnEndpoint, emu.GpcnKey + "\r\nX-Forwarded-Host: evil.example"),
        "e24-key" => Make(CloudProvider.E24Cloud, World.E24Endpoint(), DemoKeys.E24Key + "\r\nX-Forwarded-Host: evil.example", DemoKeys.E24Secret, region: "eu-poland-1poznan"),
        "e24-secret" => Make(CloudProvider.E24Cloud, World.E24Endpoint(), DemoKeys.E24Key, DemoKeys.E24Secret + "\n", region: "eu-poland-1poznan"),
        "vps-key" => Make(CloudProvider.Vps247, World.Vps247Endpoint, DemoKeys.Vps247 + "\nX-Forwarded-Host: evil.example"),
        "vmgen-key" => Make(CloudProvider.VmGen, World.VmGenEndpoint, DemoKeys.VmGen + "\r\n"),
        "vmgen-header" => Make(CloudProvider.VmGen, World.VmGenEndpoint, DemoKeys.VmGen, authHeader: "X-Token\r\nX-Forwarded-Host: evil.example"),
        "magalu-key" => Make(CloudProvider.Magalu, World.MagaluEndpoint(), DemoKeys.Magalu + "\u0007ab\0cd", region: "br-se1"),
        "magalu-tenant" => Make(CloudProvider.Magalu, World.MagaluEndpoint(), DemoKeys.Magalu, tenant: "t1\r\nX-Forwarded-Host: evil.example", region: "br-se1"),
        _ => throw new ArgumentException(which),
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public void A_control_character_in_a_credential_setting_is_refused_before_any_request_naming_the_setting_not_the_value(string what, string which)
    {
        var e = Assert.Throws<CloudVmException>(() => Hostile(which));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.True(e.Message.Contains("control character", StringComparison.Ordinal) || e.Message.Contains("is not a", StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.DoesNotContain("evil.example", e.Message);
        Assert.DoesNotContain(emu.GpcnKey, e.Message);
        Assert.DoesNotContain(DemoKeys.E24Secret, e.Message);
        Assert.Empty(World.Requests);
    }

    [Fact]
    public async Task The_transport_guard_refuses_a_header_value_with_CRLF_whatever_set_it_and_nothing_arrives()
    {
        // Below every provider: a setting changed after the session was made (as a script could) still never reaches the wire.
        var s = emu.Magalu(tenant: DemoKeys.MagaluTenant);
        await ListAll(s);
        World.Requests.Clear();
        s.Options.TenantId = "t1\r\nX-Forwarded-Host: evil.example";
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("x-tenant-id header holds a control character", e.Message);
        Assert.DoesNotContain("evil.example", e.Message);
        Assert.Empty(World.Requests);
    }

    public static IEnumerable<object[]> TrailingNewlines() => new[]
    {
        new object[] { "Vps247", "90\n" },
        new object[] { "VmGen", "100\n" },
        new object[] { "Gpcn", "6f1c2a3b-0000-4000-8000-000000000001\n" },
        new object[] { "Magalu", "6f1c2a3b-0000-4000-8000-000000000001\n" },
        new object[] { "E24Cloud", "e24vm-1\n" },
    };

    [Theory]
    [MemberData(nameof(TrailingNewlines))]
    public async Task An_id_with_a_trailing_newline_is_refused_before_any_request(string provider, string id)
    {
        var s = provider switch
        {
            "Vps247" => emu.Vps247(), "VmGen" => emu.VmGen(), "Gpcn" => emu.Gpcn(), "Magalu" => emu.Magalu(), _ => emu.E24(),
        };
        foreach (var call in new Func<Task>[]
        {
            () => s.Api.GetVmAsync(id, None),
            () => s.Api.PowerAsync(new VmRef(id), PowerAction.Stop, new PowerOptions(), None),
        })
        {
            var e = await Assert.ThrowsAsync<CloudVmException>(call);
            Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("\\n", e.Message);                 // shown as an escape, never as a line break
            Assert.DoesNotContain("\n", e.Message);
        }
        Assert.Empty(World.Requests);
    }

    [Fact]
    public void A_region_with_a_trailing_newline_is_an_InvalidArgument_not_a_UriFormatException()
    {
        var e = Assert.Throws<CloudVmException>(() => CloudVmSessions.Create(new CloudVmSessionOptions
        {
            Provider = CloudProvider.E24Cloud, Region = "eu-poland-1poznan\n",
            Credential = new ApiCredential(ApiCredential.Protect(DemoKeys.E24Key), ApiCredential.Protect(DemoKeys.E24Secret)),
        }));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("region", e.Message);
    }

    [Theory]
    [InlineData("X-Token\n")]
    [InlineData("X-Token\r\nX-Evil: 1")]
    [InlineData("X Token")]
    [InlineData("X-Token:")]
    public void A_VMgen_auth_header_that_is_not_a_token_is_refused(string header)
    {
        var e = Assert.Throws<CloudVmException>(() => Make(CloudProvider.VmGen, World.VmGenEndpoint, DemoKeys.VmGen, authHeader: header));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("header name", e.Message);
        Assert.Empty(World.Requests);
    }

    [Fact]
    public void Whole_value_matching_is_immune_to_the_dollar_before_a_final_newline()
    {
        Assert.Matches("^[0-9]+$", "90\n");                      // what .NET's $ does
        Assert.False(Input.Matches("90\n", "^[0-9]+$"));          // what CloudVm's check does with the same pattern
        Assert.True(Input.Matches("90", "^[0-9]+$"));
        Assert.False(Input.Matches("90\u0085", "^[0-9\u0085]+$")); // C1 controls are controls too
    }
}

/// <summary>Issue 19, row 6: a script cannot change what every session of the process sends.</summary>
public sealed class DescriptorTests
{
    [Fact]
    public void Get_CloudVmProvider_returns_a_copy_and_the_live_descriptors_are_read_only()
    {
        using var ps = new Pwsh();
        var r = ps.Run(@"
$p = Get-CloudVmProvider Gpcn
$p.Features.MaxBulkSize = 500
try { $p.Features.Regions[0] = 'x' } catch { 'regions: ' + $_.Exception.GetType().Name }
try { $p.Features.StatusWords['Running'] = 'Stopped' } catch { 'words: ' + $_.Exception.GetType().Name }
(Get-CloudVmProvider Gpcn).MaxBulkSize");
        Assert.Contains(r.AllErrors, e => e.Exception.GetBaseException().Message.Contains("read-only", StringComparison.Ordinal));
        Assert.Equal(50, (int)r.Output.Last().BaseObject);
        Assert.Equal(50, CloudVm.Providers.ProviderRegistry.Features(CloudProvider.Gpcn).MaxBulkSize);
        Assert.Throws<InvalidOperationException>(() => CloudVm.Providers.ProviderRegistry.Features(CloudProvider.Gpcn).MaxBulkSize = 500);
        Assert.ThrowsAny<NotSupportedException>(() => ((IDictionary<string, CloudVmStatus>)CloudVm.Providers.ProviderRegistry.Features(CloudProvider.Gpcn).StatusWords)["Running"] = CloudVmStatus.Stopped);
    }
}

/// <summary>Issue 19, row 7: Export-Clixml of a secret off Windows is not encrypted, and Get-CloudVmCredential says so.</summary>
public sealed class CredentialExportTests : IAsyncLifetime
{
    Emulator emu = null!;
    Pwsh ps = null!;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        ps = new Pwsh(emu.Clock);
        ps.Run("$s = Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Name s", ("ep", emu.Host.GpcnEndpoint), ("key", ApiCredential.Protect(emu.GpcnKey))).NoErrors();
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    [Fact]
    public void Piping_a_credential_to_Export_Clixml_off_Windows_warns_that_it_is_not_encrypted()
    {
        var path = Path.Combine(Path.GetTempPath(), "cloudvm-cred-" + Guid.NewGuid().ToString("N") + ".xml");
        var id = emu.Host.Gpcn.Vms[0].Id;
        var piped = ps.Run($"Get-CloudVmCredential -Id {id} -Session $s | Export-Clixml -Path '{path}'");
        var alone = ps.Run($"$c = Get-CloudVmCredential -Id {id} -Session $s");
        if (File.Exists(path)) File.Delete(path);
        if (OperatingSystem.IsWindows()) { Assert.Empty(piped.Warning); return; }
        Assert.Contains(piped.Warning, w => w.Contains("does not encrypt", StringComparison.Ordinal));
        Assert.DoesNotContain(alone.Warning, w => w.Contains("does not encrypt", StringComparison.Ordinal));
    }
}
