using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CloudVm.Emulator;

/// <summary>One planned fault: the next <see cref="Count"/> requests whose path contains <see cref="PathContains"/>
/// (and whose method matches, if given), after skipping <see cref="Skip"/> of them, get it.</summary>
public sealed class Fault
{
    public string PathContains { get; set; } = "";
    public string? Method { get; set; }
    public int Count { get; set; } = 1;
    /// <summary>Matching requests to let through first.</summary>
    public int Skip { get; set; }
    /// <summary>Answer with this status (429, 503, 200 …) instead of serving the request.</summary>
    public int? Status { get; set; }
    public int? RetryAfterSeconds { get; set; }
    /// <summary>With <see cref="Status"/>: this body (default: a GPCN-style error).</summary>
    public string? Body { get; set; }
    public string? ContentType { get; set; }
    /// <summary>A Content-Encoding header on the answer (whatever the body is: gzip on plain text is a broken proxy).</summary>
    public string? ContentEncoding { get; set; }
    /// <summary>A redirect to this URL (with Status 301/302/307).</summary>
    public string? Location { get; set; }
    /// <summary>An error body that echoes the request's headers back (credentials included), as careless servers do.</summary>
    public bool EchoHeaders { get; set; }
    /// <summary>A 200 answer of this many bytes of valid JSON.</summary>
    public long? HugeBodyBytes { get; set; }
    /// <summary>With <see cref="HugeBodyBytes"/>: wait this long on the world's clock between 64 KB chunks (a slow body).</summary>
    public int ChunkDelayMs { get; set; }
    /// <summary>Drop the connection without an answer.</summary>
    public bool Drop { get; set; }
    /// <summary>Serve the request (the work is done), then drop the connection: the client never hears.</summary>
    public bool DropAfterServing { get; set; }
    /// <summary>With <see cref="Status"/>: serve the request (the work is done), then answer that status instead of the
    /// provider's answer, as a gateway that gave up waiting does (500, 502, 504 after the provider acted).</summary>
    public bool ReplaceAnswerAfterServing { get; set; }
    /// <summary>Wait this long on the world's clock before going on (a long wait is a hang).</summary>
    public int LatencyMs { get; set; }
    /// <summary>In-process only: runs against the world before the request is served (then it is served normally).</summary>
    [JsonIgnore] public Action<World>? Before { get; set; }
    /// <summary>In-process only: told when a request this fault takes has arrived, before any latency (a test's signal that
    /// the request is in flight, instead of a wait on the real clock).</summary>
    [JsonIgnore] public Action<World>? Arrived { get; set; }
    /// <summary>In-process only, with <see cref="HugeBodyBytes"/>: told once the first chunk of the body has been written.</summary>
    [JsonIgnore] public Action? Streaming { get; set; }
    /// <summary>In-process only: besides <see cref="PathContains"/>, the request's path must satisfy this (a wildcard pattern).</summary>
    [JsonIgnore] public Func<string, bool>? PathMatches { get; set; }
    /// <summary>In-process only: the body of a 200 (or <see cref="Status"/>) answer, made per request.</summary>
    [JsonIgnore] public Func<HttpRequest, string>? Respond { get; set; }
    internal int Seen;
}

/// <summary>Faults for tests and demos: statuses with Retry-After, bodies that are not the documented shape, redirects,
/// huge answers, latency and hangs on the world's clock, dropped connections before or after serving, and hooks that
/// change the world between two requests. Set in-process (world.Faults.Add) or over HTTP (POST /_emulator/faults).</summary>
public sealed class FaultInjector
{
    readonly List<Fault> faults = new();

    public void Add(Fault fault)
    {
        lock (faults) faults.Add(fault);
    }

    public void Clear()
    {
        lock (faults) faults.Clear();
    }

    /// <summary>Removes the faults planned for paths under <paramref name="prefix"/> (all of them when null).</summary>
    public void Clear(string? prefix)
    {
        lock (faults) faults.RemoveAll(f => prefix == null || f.PathContains.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    internal Fault? Take(HttpRequest request)
    {
        lock (faults)
        {
            foreach (var f in faults)
            {
                if (request.Path.Value.IndexOf(f.PathContains, StringComparison.OrdinalIgnoreCase) < 0) continue;
                if (f.PathMatches != null && !f.PathMatches(request.Path.Value)) continue;
                if (f.Method != null && !string.Equals(f.Method, request.Method, StringComparison.OrdinalIgnoreCase)) continue;
                if (f.Seen++ < f.Skip) return null;
                if (--f.Count <= 0) faults.Remove(f);
                return f;
            }
            return null;
        }
    }

    /// <summary>What a planned fault makes of the request: an answer of its own, a dropped connection, or the request
    /// served (by <paramref name="serve"/>) and then lost or replaced.</summary>
    internal async Task<EmulatorAnswer> ApplyAsync(Fault f, HttpContext ctx, World world, Func<Task<EmulatorAnswer>> serve)
    {
        f.Arrived?.Invoke(world);
        if (f.LatencyMs > 0)
        {
            try { await world.Clock.Delay(TimeSpan.FromMilliseconds(f.LatencyMs), ctx.RequestAborted).ConfigureAwait(false); }
            catch (OperationCanceledException) { return EmulatorAnswer.Dropped(EmulatorDrop.Before); }
        }
        f.Before?.Invoke(world);
        if (f.Drop) return EmulatorAnswer.Dropped(EmulatorDrop.Before);
        if (f.DropAfterServing)
        {
            var served = await serve().ConfigureAwait(false);
            return new EmulatorAnswer(served.StatusCode, served.ContentType, served.Body) { Drop = EmulatorDrop.After };
        }
        if (f.ReplaceAnswerAfterServing && f.Status is int replaced)
        {
            await serve().ConfigureAwait(false);
            return new EmulatorAnswer(replaced, f.ContentType ?? "text/html",
                f.Body ?? $"<html><body><h1>{replaced} Gateway Error</h1><p>The upstream server did not answer in time.</p></body></html>");
        }
        if (f.HugeBodyBytes is long n)
            return new EmulatorAnswer(200, "application/json", null) { HugeBodyBytes = n, ChunkDelay = TimeSpan.FromMilliseconds(f.ChunkDelayMs), Streaming = f.Streaming };
        EmulatorAnswer? answer = null;
        if (f.Respond != null)
            answer = new EmulatorAnswer(f.Status ?? 200, f.ContentType ?? "application/json", f.Respond(ctx.Request));
        else if (f.Status is int status)
        {
            string body;
            if (f.EchoHeaders)
            {
                var echo = "Rejected request with headers: " + string.Join("; ", ctx.Request.Headers.Select(h => $"{h.Key}: {h.Value}"));
                body = new JsonObject { ["success"] = false, ["error"] = echo, ["message"] = echo }.ToJsonString();
            }
            else
                body = f.Body ?? new JsonObject { ["success"] = false, ["error"] = status == 429 ? "RATE_LIMITED" : "SERVICE_UNAVAILABLE", ["message"] = $"Emulated fault: HTTP {status}" }.ToJsonString();
            answer = new EmulatorAnswer(status, f.ContentType ?? "application/json", body);
            if (f.RetryAfterSeconds is int s) answer.Headers.Add(new KeyValuePair<string, string>("Retry-After", s.ToString(CultureInfo.InvariantCulture)));
            if (f.Location != null) answer.Headers.Add(new KeyValuePair<string, string>("Location", f.Location));
        }
        answer ??= await serve().ConfigureAwait(false);
        if (f.ContentEncoding != null) answer.Headers.Add(new KeyValuePair<string, string>("Content-Encoding", f.ContentEncoding));
        return answer;
    }

    internal static void MapControl(Routes app)
    {
        app.MapPost("/_emulator/faults", (HttpContext c, Fault fault) => { Worlds.Of(c).Faults.Add(fault); return Results.Ok(fault); });
        app.MapDelete("/_emulator/faults", (HttpContext c) => { Worlds.Of(c).Faults.Clear(); return Results.NoContent(); });
        // A new world of its own (state, faults, requests) under /w/{n}/, for test runs that share one emulator process.
        app.MapPost("/_emulator/worlds", (HttpContext c, WorldRequest r) =>
        {
            var world = Worlds.Of(c).Emulation.AddWorld(new EmulatorOptions { JobDuration = TimeSpan.FromSeconds(r.JobSeconds ?? 0.3), ExampleSeed = r.ExampleSeed, Seed = r.Seed ?? true, ListPageCap = r.PageCap });
            return Results.Ok(new { id = world.Id, baseUrl = world.BaseAddress.ToString() });
        });
        app.MapGet("/_emulator/requests", (HttpContext c) => Results.Ok(Worlds.Of(c).Requests.Select(r => new { r.Method, r.Path, r.Query, r.Body, Expect = r.Headers.TryGetValue("Expect", out var e) ? e : null }).ToArray()));
        app.MapDelete("/_emulator/requests", (HttpContext c) => { Worlds.Of(c).Requests.Clear(); return Results.NoContent(); });
        // How to reach each provider of this world: endpoint, demo key (secret, tenant), region.
        app.MapGet("/_emulator/providers", (HttpContext c) => Results.Ok(Worlds.Of(c).Profiles.Select(p => new { provider = p.Provider, endpoint = p.Endpoint.ToString(), key = p.Key, secret = p.Secret, tenant = p.Tenant, region = p.Region }).ToArray()));
    }
}

/// <summary>The body of POST /_emulator/worlds.</summary>
public sealed class WorldRequest
{
    public double? JobSeconds { get; set; }
    public bool ExampleSeed { get; set; }
    public bool? Seed { get; set; }
    /// <summary>The most items a list page holds, whatever is asked (a server that caps the page size).</summary>
    public int? PageCap { get; set; }
}
