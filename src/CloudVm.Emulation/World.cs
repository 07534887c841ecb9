using System.Collections.Concurrent;
using System.Text;

namespace CloudVm.Emulator;

/// <summary>Knobs of the emulator. By default it answers as the real services do (the providers' own public clients'
/// shapes, see ../shared/api/NOTES.md); the pages' variants are options, covered by tests.</summary>
public sealed partial class EmulatorOptions
{
    /// <summary>How long an async job (create, start, resize, …) takes, on the world's clock.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>The clock of the world: jobs finish by it, latency faults wait on it (tests give a fake one).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    /// <summary>A server that caps the page size (the paged lists): at most this many items a page, the limit asked
    /// for honoured below it, and a page's own size field saying what was served.</summary>
    public int? ListPageCap { get; set; }
    /// <summary>A server that serves this many items a page whatever limit is asked (one provider's own page sample answers
    /// pageSize 10 to any limit); offsets and page numbers count in this size.</summary>
    public int? ListFixedPageSize { get; set; }
    /// <summary>The page size a list request gets on this server.</summary>
    public int ServedPageSize(int asked) => ListFixedPageSize ?? Math.Min(asked, ListPageCap ?? int.MaxValue);
    /// <summary>Seeds a few VMs, networks and catalog entries.</summary>
    public bool Seed { get; set; } = true;
    /// <summary>Instead of the usual seed and the example seed: this many VMs on each provider, named vm-1, vm-2, … (0: none).</summary>
    public int? VmCount { get; set; }
    /// <summary>Also seeds what the help examples and README name (each store's SeedExamples).</summary>
    public bool ExampleSeed { get; set; }
    public bool Quiet { get; set; } = true;
}

/// <summary>The keys the emulator accepts out of the box (printed when it starts); each provider's folder adds its own.</summary>
public static partial class DemoKeys
{
}

/// <summary>How to reach one provider of a world (see <see cref="World.Profile"/>).</summary>
public sealed record ProviderProfile(string Provider, Uri Endpoint, string Key, string? Secret, string? Tenant, string? Region);

/// <summary>One request as the emulator saw it, for tests that check what a client sent.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>When it arrived, on the world's clock.</summary>
    public DateTimeOffset Time { get; init; }
    /// <summary>The status it was answered with; null while it is served, or when the connection was dropped without one.</summary>
    public int? Status { get; internal set; }
}

/// <summary>One emulated world: every emulated provider's state, its own clock, faults and request log. A host serves
/// many (tests share one host, one world each) under /w/{n}; world 0 answers at the root (dotnet run). Each provider's
/// folder adds its typed store and endpoint here (a partial class); this file names none.</summary>
public sealed partial class World
{
    readonly ConcurrentDictionary<string, object> stores = new(StringComparer.OrdinalIgnoreCase);

    internal World(Emulation emulation, int id, EmulatorOptions options)
    {
        Emulation = emulation;
        Id = id;
        Options = options;
        Reset(null, options);
    }

    /// <summary>The emulator this world is part of.</summary>
    public Emulation Emulation { get; }
    public int Id { get; }
    public EmulatorOptions Options { get; private set; }
    public TimeProvider Clock => Options.Clock;

    /// <summary>A provider's state in this world.</summary>
    public T Store<T>(string provider) where T : class =>
        stores.TryGetValue(EmulatedClouds.Get(provider).Provider, out var s) ? (T)s : throw new InvalidOperationException($"The world has no store for {provider}.");

    /// <summary>How a client reaches a provider of this world: its endpoint (in its first region where it has regions), the
    /// demo key, secret and tenant, and that region. Tests, the playground and the in-process sessions read this instead
    /// of writing endpoints and keys out again.</summary>
    public ProviderProfile Profile(string provider)
    {
        var c = EmulatedClouds.Get(provider);
        return new ProviderProfile(c.Provider, Endpoint(c.Provider, c.DefaultRegion), c.DemoKey, c.DemoSecret, c.DemoTenant, c.DefaultRegion);
    }

    /// <summary>Every provider's <see cref="Profile"/>.</summary>
    public IReadOnlyList<ProviderProfile> Profiles => EmulatedClouds.All.Select(c => Profile(c.Provider)).ToList();

    /// <summary>The provider a request path belongs to (null: the emulator's own).</summary>
    public static string? ProviderOf(string path) => EmulatedClouds.Of(path)?.Provider;

    /// <summary>The first path segment of a provider's requests ("/gpcn/").</summary>
    public static string PrefixOf(string provider) => EmulatedClouds.Get(provider).Prefix;

    /// <summary>A clean state (of one provider, or of all): fresh seed, that provider's request log and faults gone.</summary>
    public void Reset(string? provider, EmulatorOptions options)
    {
        var clouds = provider == null ? EmulatedClouds.All : new[] { EmulatedClouds.Get(provider) };
        Options = options;
        foreach (var c in clouds) stores[c.Provider] = c.NewStore(options);
        var prefix = provider == null ? null : PrefixOf(provider);
        var kept = Requests.ToArray().Where(r => prefix != null && !r.Path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        Requests.Clear();
        foreach (var r in kept) Requests.Enqueue(r);
        Faults.Clear(prefix);
    }
    public FaultInjector Faults { get; } = new();
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress => Id == 0 ? Emulation.BaseAddress : new Uri(Emulation.BaseAddress, $"w/{Id}/");

    /// <summary>A provider's endpoint in this world, by the provider's name as CloudVm spells it, in the given region
    /// where the provider has regions in its URL (else its first).</summary>
    public Uri Endpoint(string provider, string? region = null) => new(BaseAddress, EmulatedClouds.Get(provider).EndpointPath(region));

    /// <summary>Requests whose path contains the text, in order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPart, string? method = null) =>
        Requests.Where(r => r.Path.IndexOf(pathPart, StringComparison.OrdinalIgnoreCase) >= 0 && (method == null || r.Method == method)).ToList();

    public DateTimeOffset Now => Clock.GetUtcNow();
}


/// <summary>The emulator without a transport: its worlds (world 0 at the root, more under /w/{n}), the routes of the
/// emulated providers and of its own control API, the request log and the faults. <see cref="HandleAsync"/> answers one
/// request; <see cref="EmulatorHandler"/> serves it in process, src/CloudVm.Emulator over HTTP.</summary>
public sealed class Emulation
{
    readonly ConcurrentDictionary<int, World> worlds = new();
    readonly Routes routes = new();
    int nextWorld;

    /// <summary>The address in-process sessions use: https on a name under .invalid (RFC 2606), which no resolver answers,
    /// so a request that ever left the handler could reach nobody.</summary>
    public static readonly Uri InProcessAddress = new("https://emulator.cloudvm.invalid/");

    public Emulation(EmulatorOptions? options = null, Uri? baseAddress = null)
    {
        BaseAddress = baseAddress ?? InProcessAddress;
        worlds[0] = new World(this, 0, options ?? new EmulatorOptions());
        FaultInjector.MapControl(routes);
        foreach (var cloud in EmulatedClouds.All) cloud.Map(routes);
    }

    /// <summary>Where world 0 answers (the Kestrel host sets its listening address here).</summary>
    public Uri BaseAddress { get; set; }
    public World Default => worlds[0];

    /// <summary>A new world with its own state, clock and faults, served under /w/{n}.</summary>
    public World AddWorld(EmulatorOptions options)
    {
        var id = Interlocked.Increment(ref nextWorld);
        var w = new World(this, id, options);
        worlds[id] = w;
        return w;
    }

    public void RemoveWorld(World w) => worlds.TryRemove(w.Id, out _);

    /// <summary>Serves one request: picks its world, records it (not the emulator's own /_emulator calls), applies a planned
    /// fault, routes it. What the transport must do besides writing the answer (drop the connection, stream a huge body)
    /// is in the answer.</summary>
    public async Task<EmulatorAnswer> HandleAsync(HttpRequest request, CancellationToken aborted = default)
    {
        var world = Default;
        var path = request.Path.Value;
        if (path.StartsWith("/w/", StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', 3);
            if (end > 3 && int.TryParse(path.Substring(3, end - 3), out var id) && worlds.TryGetValue(id, out var w))
            {
                world = w;
                request.PathBase = new PathString(path.Substring(0, end));
                request.Path = new PathString(path.Substring(end));
            }
            else return new EmulatorAnswer(404, null, null);
        }
        var http = new HttpContext(request, aborted);
        http.Items["world"] = world;
        Worlds.Current = world;
        var control = request.Path.StartsWithSegments("/_emulator");
        RecordedRequest? recorded = null;
        if (!control)
            world.Requests.Enqueue(recorded = new RecordedRequest(request.Method, request.Path.Value, request.QueryString.Value, request.BodyText,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)) { Time = world.Now });
        var fault = control ? null : world.Faults.Take(request);
        EmulatorAnswer answer;
        if (fault != null)
        {
            var planned = await world.Faults.ApplyAsync(fault, http, world, () => Serve(http)).ConfigureAwait(false);
            answer = planned;
        }
        else answer = await Serve(http).ConfigureAwait(false);
        if (recorded != null && answer.Drop != EmulatorDrop.Before) recorded.Status = answer.StatusCode;
        answer.Clock = world.Clock;
        return answer;
    }

    async Task<EmulatorAnswer> Serve(HttpContext http)
    {
        var result = await routes.DispatchAsync(http).ConfigureAwait(false);
        return EmulatorAnswer.From(result, http.Response.Headers);
    }
}

/// <summary>What the transport does with an answer.</summary>
public enum EmulatorDrop
{
    /// <summary>Write the answer.</summary>
    None,
    /// <summary>Close the connection without an answer (the request was not served).</summary>
    Before,
    /// <summary>The request was served (the work is done), then the connection closed: the client never hears.</summary>
    After,
}

/// <summary>One answer of the emulator, for a transport to deliver.</summary>
public sealed class EmulatorAnswer
{
    public EmulatorAnswer(int status, string? contentType, string? body)
    {
        StatusCode = status;
        ContentType = contentType;
        Body = body;
    }

    public int StatusCode { get; }
    public string? ContentType { get; }
    public string? Body { get; }
    public List<KeyValuePair<string, string>> Headers { get; } = new();
    public EmulatorDrop Drop { get; init; }
    /// <summary>A 200 of this many bytes of valid JSON, sent in 64 KB chunks <see cref="ChunkDelay"/> apart on the world's clock.</summary>
    public long? HugeBodyBytes { get; init; }
    public TimeSpan ChunkDelay { get; init; }
    /// <summary>Told once the huge body's first chunk is written.</summary>
    public Action? Streaming { get; init; }
    /// <summary>The clock of the world that answered (a slow body waits on it).</summary>
    public TimeProvider Clock { get; internal set; } = TimeProvider.System;

    internal static EmulatorAnswer From(IResult result, HeaderDictionary headers)
    {
        var a = new EmulatorAnswer(result.StatusCode, result.ContentType, result.Body);
        foreach (var h in headers) a.Headers.Add(new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        return a;
    }

    public static EmulatorAnswer Dropped(EmulatorDrop how) => new(0, null, null) { Drop = how };

    /// <summary>The huge body's chunks: its opening, then the padding, then its end.</summary>
    internal static readonly byte[] HugeStart = Encoding.UTF8.GetBytes("{\"success\":true,\"data\":[],\"pad\":\"");
    internal static readonly byte[] HugeEnd = Encoding.UTF8.GetBytes("\"}");
    internal static readonly byte[] HugeChunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));

    /// <summary>Writes the huge body to a stream, pausing between chunks on the clock; stops when cancelled.</summary>
    public async Task WriteHugeBodyAsync(Stream to, TimeProvider clock, CancellationToken ct)
    {
        await to.WriteAsync(HugeStart, 0, HugeStart.Length, ct).ConfigureAwait(false);
        for (long sent = 0; sent < HugeBodyBytes && !ct.IsCancellationRequested; sent += HugeChunk.Length)
        {
            await to.WriteAsync(HugeChunk, 0, HugeChunk.Length, ct).ConfigureAwait(false);
            if (sent == 0)
            {
                await to.FlushAsync(ct).ConfigureAwait(false);
                Streaming?.Invoke();
            }
            if (ChunkDelay > TimeSpan.Zero) await clock.Delay(ChunkDelay, ct).ConfigureAwait(false);
        }
        await to.WriteAsync(HugeEnd, 0, HugeEnd.Length, ct).ConfigureAwait(false);
    }
}

/// <summary>The world a request belongs to.</summary>
public static class Worlds
{
    static readonly AsyncLocal<World?> current = new();

    public static World Of(HttpContext ctx) => (World)ctx.Items["world"]!;

    /// <summary>The world of the request being served (set by the dispatcher; flows into the route handlers).</summary>
    public static World Current
    {
        get => current.Value ?? throw new InvalidOperationException("No request is being served.");
        internal set => current.Value = value;
    }
}
