using System.Security;
using CloudVm.Emulator;
using CloudVm.Providers;

namespace CloudVm.Tests;

/// <summary>A fresh emulator on 127.0.0.1:0 with short jobs, and sessions that talk to it.</summary>
public sealed class Emulator : IAsyncDisposable
{
    public EmulatorHost Host { get; private init; } = null!;
    public string GpcnKey { get; private init; } = "";

    public static async Task<Emulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        JobWaiter.FirstPollDelay = TimeSpan.FromMilliseconds(50);
        var key = "gpcn_test-" + Guid.NewGuid();
        var options = new EmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(300) };
        options.GpcnApiKeys.Add(key);
        configure?.Invoke(options);
        return new Emulator { Host = await EmulatorHost.StartAsync(options), GpcnKey = key };
    }

    public CloudVmSession Gpcn(string? key = null) => CloudVmSession.Create(new CloudVmSessionOptions
    {
        Provider = CloudProvider.Gpcn,
        Endpoint = Host.GpcnEndpoint,
        Credential = new ApiCredential(ApiCredential.Protect(key ?? GpcnKey)),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
    });

    public CloudVmSession E24(string? secret = null, string? key = null) => CloudVmSession.Create(new CloudVmSessionOptions
    {
        Provider = CloudProvider.E24Cloud,
        Endpoint = Host.E24Endpoint(),
        Credential = new ApiCredential(ApiCredential.Protect(key ?? DemoKeys.E24Key), ApiCredential.Protect(secret ?? DemoKeys.E24Secret)),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
    });

    public CloudVmSession Vps247(string? key = null) => CloudVmSession.Create(new CloudVmSessionOptions
    {
        Provider = CloudProvider.Vps247,
        Endpoint = Host.Vps247Endpoint,
        Credential = new ApiCredential(ApiCredential.Protect(key ?? DemoKeys.Vps247)),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
    });

    public CloudVmSession VmGen(string? key = null, string? authHeader = null) => CloudVmSession.Create(new CloudVmSessionOptions
    {
        Provider = CloudProvider.VmGen,
        Endpoint = Host.VmGenEndpoint,
        AuthHeader = authHeader,
        Credential = new ApiCredential(ApiCredential.Protect(key ?? DemoKeys.VmGen)),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
    });

    public CloudVmSession Magalu(string region = "br-se1", string? tenant = null) => CloudVmSession.Create(new CloudVmSessionOptions
    {
        Provider = CloudProvider.Magalu,
        Endpoint = Host.MagaluEndpoint(region),
        Region = region,
        TenantId = tenant ?? DemoKeys.MagaluTenant,
        Credential = new ApiCredential(ApiCredential.Protect(DemoKeys.Magalu)),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
    });

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
