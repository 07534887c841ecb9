namespace CloudVm.Emulator;

/// <summary>Work that happens after a delay on the world's clock, run when a request arrives (no timers), in order.
/// Callers hold the store's lock.</summary>
public sealed class TimedWork
{
    readonly TimeProvider clock;
    readonly List<(DateTimeOffset due, long seq, Action act)> items = new();
    long seq;

    public TimedWork(TimeProvider clock) => this.clock = clock;

    public DateTimeOffset Now => clock.GetUtcNow();

    public void After(TimeSpan delay, Action act) => items.Add((clock.GetUtcNow() + delay, seq++, act));

    public void Advance()
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = items.Where(i => i.due <= now).OrderBy(i => i.due).ThenBy(i => i.seq).FirstOrDefault();
            if (due.act == null) return;
            items.Remove(due);
            due.act();
        }
    }
}

/// <summary>JSON answers shared by the providers' routes.</summary>
public static class Json
{
    public static IResult Send(System.Text.Json.Nodes.JsonNode? body, int status = 200) =>
        body == null ? Results.StatusCode(status) : Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    public static async Task<System.Text.Json.Nodes.JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        try { return await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body) as System.Text.Json.Nodes.JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
