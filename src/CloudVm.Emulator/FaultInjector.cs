using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CloudVm.Emulator;

/// <summary>One planned fault: the next <see cref="Count"/> requests whose path contains <see cref="PathContains"/>
/// (and whose method matches, if given) get it.</summary>
public sealed class Fault
{
    public string PathContains { get; set; } = "";
    public string? Method { get; set; }
    /// <summary>Answer with this status (429, 503, …) instead of serving the request.</summary>
    public int? Status { get; set; }
    public int? RetryAfterSeconds { get; set; }
    /// <summary>Drop the connection without an answer.</summary>
    public bool Drop { get; set; }
    /// <summary>Drop the connection after the request was served (the server did the work, the client never hears).</summary>
    public bool DropAfterServing { get; set; }
    public int LatencyMs { get; set; }
    public int Count { get; set; } = 1;
}

/// <summary>Faults for tests: 429 with Retry-After, 5xx, latency, dropped connections. Set in-process
/// (host.Faults.Add) or over HTTP (POST /_emulator/faults) when the emulator runs on its own.</summary>
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

    Fault? Take(HttpRequest request)
    {
        lock (faults)
        {
            var f = faults.FirstOrDefault(x => request.Path.Value!.Contains(x.PathContains, StringComparison.OrdinalIgnoreCase)
                && (x.Method == null || string.Equals(x.Method, request.Method, StringComparison.OrdinalIgnoreCase)));
            if (f == null) return null;
            if (--f.Count <= 0) faults.Remove(f);
            return f;
        }
    }

    /// <summary>Applies a fault to the request; true when the request was answered (or dropped) here.</summary>
    public async Task<bool> ApplyAsync(HttpContext ctx)
    {
        if (ctx.Request.Path.StartsWithSegments("/_emulator")) return false;
        var f = Take(ctx.Request);
        if (f == null) return false;
        if (f.LatencyMs > 0) await Task.Delay(f.LatencyMs, ctx.RequestAborted);
        if (f.Drop)
        {
            ctx.Abort();
            return true;
        }
        if (f.DropAfterServing)
        {
            ctx.Response.OnStarting(() => { ctx.Abort(); return Task.CompletedTask; });
            return false;
        }
        if (f.Status is int status)
        {
            ctx.Response.StatusCode = status;
            if (f.RetryAfterSeconds is int s) ctx.Response.Headers.RetryAfter = s.ToString();
            ctx.Response.ContentType = "application/json";
            var code = status == 429 ? "RATE_LIMITED" : "SERVICE_UNAVAILABLE";
            await ctx.Response.WriteAsync(new JsonObject { ["success"] = false, ["error"] = code, ["message"] = $"Emulated fault: HTTP {status}" }.ToJsonString());
            return true;
        }
        return false;
    }

    internal static void MapControl(WebApplication app, FaultInjector faults, EmulatorHost host)
    {
        app.MapPost("/_emulator/faults", (Fault fault) => { faults.Add(fault); return Results.Ok(fault); });
        app.MapDelete("/_emulator/faults", () => { faults.Clear(); return Results.NoContent(); });
        app.MapGet("/_emulator/requests", () => Results.Ok(host.Requests.ToArray()));
        app.MapDelete("/_emulator/requests", () => { host.Requests.Clear(); return Results.NoContent(); });
    }
}
