using System.Collections.Concurrent;
using CloudVm.Emulator.Gpcn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace CloudVm.Emulator;

/// <summary>Knobs of the emulator.</summary>
public sealed class EmulatorOptions
{
    /// <summary>How long an async job (create, start, resize, …) takes.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>API keys GPCN accepts.</summary>
    public List<string> GpcnApiKeys { get; } = new() { DemoKeys.Gpcn };
    /// <summary>Which of the two job shapes GPCN's docs show the job endpoint answers with.</summary>
    public GpcnJobSchema GpcnJobSchema { get; set; } = GpcnJobSchema.Guide;
    /// <summary>Requests per minute per key before GPCN answers 429.</summary>
    public int GpcnRateLimit { get; set; } = 1000;
    /// <summary>Seeds a few VMs, networks and catalog entries.</summary>
    public bool Seed { get; set; } = true;
    public bool Quiet { get; set; } = true;
}

/// <summary>The keys the emulator accepts out of the box (printed when it starts).</summary>
public static class DemoKeys
{
    public const string Gpcn = "gpcn_emulator-demo-key";
    public const string E24Key = "e24-emulator-key";
    public const string E24Secret = "e24-emulator-secret";
    public const string Vps247 = "vps247-emulator-key";
    public const string VmGen = "vmgen-emulator-key";
    public const string Magalu = "magalu-emulator-key";
    public const string MagaluTenant = "tenant-emulator";
}

/// <summary>One request as the emulator saw it, for tests that check what a client sent.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body);

/// <summary>The emulator as a host a test or the playground starts in-process.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    readonly WebApplication app;

    EmulatorHost(WebApplication app, EmulatorOptions options, FaultInjector faults)
    {
        this.app = app;
        Options = options;
        Gpcn = new GpcnStore(options);
        E24 = new CloudVm.Emulator.E24Cloud.E24CloudStore(options);
        Vps247 = new CloudVm.Emulator.Vps247.Vps247Store(options);
        VmGen = new CloudVm.Emulator.VmGen.VmGenStore(options);
        Magalu = new CloudVm.Emulator.Magalu.MagaluStore(options);
        Faults = faults;
    }

    public EmulatorOptions Options { get; }
    public GpcnStore Gpcn { get; }
    public CloudVm.Emulator.E24Cloud.E24CloudStore E24 { get; }
    public CloudVm.Emulator.Vps247.Vps247Store Vps247 { get; }
    public CloudVm.Emulator.VmGen.VmGenStore VmGen { get; }
    public CloudVm.Emulator.Magalu.MagaluStore Magalu { get; }
    public FaultInjector Faults { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public Uri GpcnEndpoint => new(BaseAddress, "gpcn/v1/");
    public Uri E24Endpoint(string region = "eu-poland-1poznan") => new(BaseAddress, $"e24cloud/{region}/v2/");
    public Uri Vps247Endpoint => new(BaseAddress, "vps247/");
    public Uri VmGenEndpoint => new(BaseAddress, "vmgen/");
    public Uri MagaluEndpoint(string region = "br-se1") => new(BaseAddress, $"magalu/{region}/compute/");

    /// <summary>Starts on the given URL (port 0 picks a free one).</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, string url = "http://127.0.0.1:0")
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        if (options.Quiet) builder.Logging.ClearProviders();
        var app = builder.Build();
        var faults = new FaultInjector();
        var host = new EmulatorHost(app, options, faults);

        app.Use(async (ctx, next) =>
        {
            ctx.Request.EnableBuffering();
            var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
            ctx.Request.Body.Position = 0;
            host.Requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path, ctx.Request.QueryString.Value ?? "", body));
            if (await faults.ApplyAsync(ctx)) return;
            await next();
        });
        FaultInjector.MapControl(app, faults, host);
        GpcnApi.Map(app, host.Gpcn, options);
        CloudVm.Emulator.E24Cloud.E24CloudApi.Map(app, host.E24);
        CloudVm.Emulator.Vps247.Vps247Api.Map(app, host.Vps247);
        CloudVm.Emulator.VmGen.VmGenApi.Map(app, host.VmGen);
        CloudVm.Emulator.Magalu.MagaluApi.Map(app, host.Magalu);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");
        return host;
    }

    /// <summary>Requests whose path contains the text, in order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPart, string? method = null) =>
        Requests.Where(r => r.Path.Contains(pathPart, StringComparison.OrdinalIgnoreCase) && (method == null || r.Method == method)).ToList();

    public Task RunUntilStoppedAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
