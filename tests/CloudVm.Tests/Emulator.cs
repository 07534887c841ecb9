using System.Security;
using CloudVm.Emulator;
using CloudVm.Providers;

namespace CloudVm.Tests;

/// <summary>A test's own world on the one emulator host the test run shares (started once; its minimal-API handlers are
/// built once), with its own clock, and sessions that talk to it through that clock.</summary>
public sealed class Emulator : IAsyncDisposable
{
    static readonly Lazy<Task<EmulatorHost>> Shared = new(() => EmulatorHost.StartAsync(new EmulatorOptions { Seed = false }));

    // A developer's shell may have $env:CLOUDVM_EMULATOR set from trying the module: it would send every session of these
    // tests to the in-process emulator instead of the worlds they set up.
    static Emulator() => Environment.SetEnvironmentVariable(CloudVmEmulator.EnvironmentVariable, null);

    public World Host { get; private init; } = null!;
    public TestClock Clock { get; private init; } = null!;
    public string GpcnKey { get; private init; } = "";
    bool ownsClock;

    public static async Task<Emulator> StartAsync(Action<EmulatorOptions>? configure = null, TestClock? clock = null)
    {
        var host = await Shared.Value;
        var owns = clock == null;
        clock ??= TestClock.Fast();
        var key = "gpcn_test-" + Guid.NewGuid();
        var options = new EmulatorOptions { JobDuration = TimeSpan.FromSeconds(3), Clock = clock };
        options.GpcnApiKeys.Add(key);
        configure?.Invoke(options);
        return new Emulator { Host = host.AddWorld(options), Clock = clock, GpcnKey = key, ownsClock = owns };
    }

    public static Task<EmulatorHost> SharedHost => Shared.Value;

    CloudVmSession Session(CloudProvider provider, Uri endpoint, SecureString key, SecureString? secret = null, Action<CloudVmSessionOptions>? configure = null, string? region = null, string? tenant = null, string? authHeader = null)
    {
        var o = new CloudVmSessionOptions
        {
            Provider = provider,
            Endpoint = endpoint,
            Region = region,
            TenantId = tenant,
            AuthHeader = authHeader,
            Credential = new ApiCredential(key, secret),
            MaxPollInterval = TimeSpan.FromSeconds(1),
            RequestTimeout = TimeSpan.FromHours(1),
        };
        configure?.Invoke(o);
        return CloudVmSessions.Create(o, Clock);
    }

    /// <summary>A session on any provider of this world, from the world's published profile (GPCN with this test's own key).</summary>
    public CloudVmSession For(CloudProvider provider, Action<CloudVmSessionOptions>? configure = null)
    {
        var p = Host.Profile(provider.Name);
        return Session(provider, p.Endpoint, ApiCredential.Protect(KeyFor(provider)), p.Secret == null ? null : ApiCredential.Protect(p.Secret), configure, p.Region);
    }

    /// <summary>The key a test connects with: the world's demo key, or for GPCN this test's own (GPCN limits requests per key).</summary>
    public string KeyFor(CloudProvider provider) => provider == CloudProvider.Gpcn ? GpcnKey : Host.Profile(provider.Name).Key;

    public CloudVmSession Gpcn(string? key = null, Action<CloudVmSessionOptions>? configure = null) =>
        Session(CloudProvider.Gpcn, Host.GpcnEndpoint, ApiCredential.Protect(key ?? GpcnKey), configure: configure);

    public CloudVmSession E24(string? secret = null, string? key = null, Action<CloudVmSessionOptions>? configure = null) =>
        Session(CloudProvider.E24Cloud, Host.E24Endpoint(), ApiCredential.Protect(key ?? DemoKeys.E24Key), ApiCredential.Protect(secret ?? DemoKeys.E24Secret), configure);

    public CloudVmSession Vps247(string? key = null, Action<CloudVmSessionOptions>? configure = null) =>
        Session(CloudProvider.Vps247, Host.Vps247Endpoint, ApiCredential.Protect(key ?? DemoKeys.Vps247), configure: configure);

    public CloudVmSession VmGen(string? key = null, string? authHeader = null, Action<CloudVmSessionOptions>? configure = null) =>
        Session(CloudProvider.VmGen, Host.VmGenEndpoint, ApiCredential.Protect(key ?? DemoKeys.VmGen), configure: configure, authHeader: authHeader);

    public CloudVmSession Magalu(string region = "br-se1", string? tenant = null, Action<CloudVmSessionOptions>? configure = null) =>
        Session(CloudProvider.Magalu, Host.MagaluEndpoint(region), ApiCredential.Protect(DemoKeys.Magalu), configure: configure, region: region, tenant: tenant);

    public ValueTask DisposeAsync()
    {
        if (ownsClock) Clock.Stopped = true;
        Host.Emulation.RemoveWorld(Host);
        return ValueTask.CompletedTask;
    }
}
