using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CloudVm.Emulator.Gpcn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace CloudVm.Emulator;

/// <summary>Knobs of the emulator. By default it answers as the real services do (the providers' own public clients'
/// shapes, see ../shared/api/NOTES.md); the pages' variants are options, covered by tests.</summary>
public sealed class EmulatorOptions
{
    /// <summary>How long an async job (create, start, resize, …) takes, on the world's clock.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>The clock of the world: jobs finish by it, latency faults wait on it (tests give a fake one).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    /// <summary>API keys GPCN accepts.</summary>
    public List<string> GpcnApiKeys { get; } = new() { DemoKeys.Gpcn };
    /// <summary>Which job shape GPCN answers with: the service's (data.jobs[].jobId, as GPCN's Terraform provider reads it),
    /// or one of the two its docs show.</summary>
    public GpcnJobSchema GpcnJobSchema { get; set; } = GpcnJobSchema.Service;
    /// <summary>Requests per minute per key before GPCN answers 429.</summary>
    public int GpcnRateLimit { get; set; } = 1000;
    /// <summary>VPS247 create and power answers: {"status":"success","id":…} (the service) or the VM object (the page).</summary>
    public bool Vps247PageAnswers { get; set; }
    /// <summary>Magalu machine types' RAM in GB (some spec examples) instead of MB (the spec's schema).</summary>
    public bool MagaluRamInGB { get; set; }
    /// <summary>Magalu copies name their instance by id only (the service); true adds its name.</summary>
    public bool MagaluCopyInstanceNames { get; set; }
    /// <summary>Magalu errors as {"error": "…"} (the SDK's test doubles) instead of {slug, message}.</summary>
    public bool MagaluErrorOnly { get; set; }
    /// <summary>Magalu backups (left the public spec in 2025-03): false answers them 404.</summary>
    public bool MagaluBackups { get; set; } = true;
    /// <summary>Magalu machine types only at /v1/instance-types (the current spec), not at /v1/machine-types.</summary>
    public bool MagaluInstanceTypesOnly { get; set; }
    /// <summary>A server that caps the page size (GPCN and Magalu lists): at most this many items a page, the limit asked
    /// for honoured below it, and GPCN's meta.pageSize saying what was served.</summary>
    public int? ListPageCap { get; set; }
    /// <summary>A server that serves this many items a page whatever limit is asked (GPCN's own page sample answers
    /// pageSize 10 to any limit); offsets and page numbers count in this size.</summary>
    public int? ListFixedPageSize { get; set; }
    /// <summary>GPCN list answers without meta.pageSize (the client must learn the size from the item count).</summary>
    public bool GpcnOmitPageSize { get; set; }
    /// <summary>The page size a list request gets on this server.</summary>
    public int ServedPageSize(int asked) => ListFixedPageSize ?? Math.Min(asked, ListPageCap ?? int.MaxValue);
    /// <summary>Seeds a few VMs, networks and catalog entries.</summary>
    public bool Seed { get; set; } = true;
    /// <summary>Also seeds what the help examples and README name (see <see cref="ExampleSeed"/>).</summary>
    public bool ExampleSeed { get; set; }
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
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>One emulated world: the five providers' state, its own clock, faults and request log. A host serves many
/// (tests share one host, one world each) under /w/{n}; world 0 answers at the root (dotnet run).</summary>
public sealed class World
{
    internal World(EmulatorHost host, int id, EmulatorOptions options)
    {
        Host = host;
        Id = id;
        Options = options;
        Gpcn = new GpcnStore(options);
        E24 = new E24Cloud.E24CloudStore(options);
        Vps247 = new Vps247.Vps247Store(options);
        VmGen = new VmGen.VmGenStore(options);
        Magalu = new Magalu.MagaluStore(options);
        if (options.ExampleSeed) CloudVm.Emulator.ExampleSeed.Apply(this);
    }

    public EmulatorHost Host { get; }
    public int Id { get; }
    public EmulatorOptions Options { get; }
    public TimeProvider Clock => Options.Clock;
    public GpcnStore Gpcn { get; }
    public E24Cloud.E24CloudStore E24 { get; }
    public Vps247.Vps247Store Vps247 { get; }
    public VmGen.VmGenStore VmGen { get; }
    public Magalu.MagaluStore Magalu { get; }
    public FaultInjector Faults { get; } = new();
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress => Id == 0 ? Host.BaseAddress : new Uri(Host.BaseAddress, $"w/{Id}/");
    public Uri GpcnEndpoint => new(BaseAddress, "gpcn/v1/");
    public Uri E24Endpoint(string region = "eu-poland-1poznan") => new(BaseAddress, $"e24cloud/{region}/v2/");
    public Uri Vps247Endpoint => new(BaseAddress, "vps247/");
    public Uri VmGenEndpoint => new(BaseAddress, "vmgen/");
    /// <summary>The URL segment of a region (br-mgl1 is br-se-1 in URLs, as Magalu's SDK has it).</summary>
    public Uri MagaluEndpoint(string region = "br-se1") => new(BaseAddress, $"magalu/{(region == "br-mgl1" ? "br-se-1" : region)}/compute/");

    /// <summary>Requests whose path contains the text, in order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPart, string? method = null) =>
        Requests.Where(r => r.Path.Contains(pathPart, StringComparison.OrdinalIgnoreCase) && (method == null || r.Method == method)).ToList();

    public DateTimeOffset Now => Clock.GetUtcNow();
}

/// <summary>The emulator as a host a test or the playground starts in-process.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<int, World> worlds = new();
    int nextWorld;

    EmulatorHost(WebApplication app, EmulatorOptions options)
    {
        this.app = app;
        worlds[0] = new World(this, 0, options);
    }

    /// <summary>World 0, at the root: what `dotnet run` and the playground use.</summary>
    public World Default => worlds[0];
    public Uri BaseAddress { get; private set; } = null!;
    public bool Https { get; private set; }

    // World 0's parts, for the playground and simple tests.
    public EmulatorOptions Options => Default.Options;
    public GpcnStore Gpcn => Default.Gpcn;
    public E24Cloud.E24CloudStore E24 => Default.E24;
    public Vps247.Vps247Store Vps247 => Default.Vps247;
    public VmGen.VmGenStore VmGen => Default.VmGen;
    public Magalu.MagaluStore Magalu => Default.Magalu;
    public FaultInjector Faults => Default.Faults;
    public ConcurrentQueue<RecordedRequest> Requests => Default.Requests;
    public Uri GpcnEndpoint => Default.GpcnEndpoint;
    public Uri E24Endpoint(string region = "eu-poland-1poznan") => Default.E24Endpoint(region);
    public Uri Vps247Endpoint => Default.Vps247Endpoint;
    public Uri VmGenEndpoint => Default.VmGenEndpoint;
    public Uri MagaluEndpoint(string region = "br-se1") => Default.MagaluEndpoint(region);
    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPart, string? method = null) => Default.RequestsTo(pathPart, method);

    /// <summary>A new world with its own state, clock and faults, served under /w/{n}.</summary>
    public World AddWorld(EmulatorOptions options)
    {
        var id = Interlocked.Increment(ref nextWorld);
        var w = new World(this, id, options);
        worlds[id] = w;
        return w;
    }

    public void RemoveWorld(World w) => worlds.TryRemove(w.Id, out _);

    /// <summary>Starts on the given URL (port 0 picks a free one); with <paramref name="https"/>, on https with a
    /// self-signed certificate no machine trusts (for the TLS tests).</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, string url = "http://127.0.0.1:0", bool https = false)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        if (https)
        {
            var cert = SelfSigned();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(cert)));
        }
        else builder.WebHost.UseUrls(url);
        if (options.Quiet) builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new EmulatorHost(app, options) { Https = https };

        app.Use(async (ctx, next) =>
        {
            var world = host.Default;
            var path = ctx.Request.Path.Value ?? "";
            if (path.StartsWith("/w/", StringComparison.Ordinal))
            {
                var end = path.IndexOf('/', 3);
                if (end > 3 && int.TryParse(path.AsSpan(3, end - 3), out var id) && host.worlds.TryGetValue(id, out var w))
                {
                    world = w;
                    ctx.Request.PathBase = path[..end];
                    ctx.Request.Path = path[end..];
                }
                else
                {
                    ctx.Response.StatusCode = 404;
                    return;
                }
            }
            ctx.Items["world"] = world;
            Worlds.Current = world;
            ctx.Request.EnableBuffering();
            var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
            ctx.Request.Body.Position = 0;
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            // The emulator's own control requests are not the client's: they are not recorded.
            if (!ctx.Request.Path.StartsWithSegments("/_emulator"))
                world.Requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path, ctx.Request.QueryString.Value ?? "", body, headers));
            if (await world.Faults.ApplyAsync(ctx, world, () => next())) return;
            await next();
        });
        // Routing after the world is chosen, so routes match the path within the world.
        app.UseRouting();
        FaultInjector.MapControl(app);
        GpcnApi.Map(app);
        CloudVm.Emulator.E24Cloud.E24CloudApi.Map(app);
        CloudVm.Emulator.Vps247.Vps247Api.Map(app);
        CloudVm.Emulator.VmGen.VmGenApi.Map(app);
        CloudVm.Emulator.Magalu.MagaluApi.Map(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/') + "/");
        return host;
    }

    static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=cloudvm-emulator-untrusted", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public Task RunUntilStoppedAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>The world a request belongs to.</summary>
public static class Worlds
{
    static readonly AsyncLocal<World?> current = new();

    public static World Of(HttpContext ctx) => (World)ctx.Items["world"]!;

    /// <summary>The world of the request being served (set by the host's middleware; flows into the route handlers).</summary>
    public static World Current
    {
        get => current.Value ?? throw new InvalidOperationException("No request is being served.");
        internal set => current.Value = value;
    }
}
