using System.Globalization;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CloudVm.Benchmarks;

/// <summary>A fake GPCN on a raw socket (HTTP/1.1 keep-alive, no framework): pre-serialized list pages, bulk power calls,
/// and job polls, each answered after a fixed added latency. Cheap enough that what is measured is the client.</summary>
public sealed class RawGpcn : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentDictionary<(int page, int limit), byte[]> pages = new();
    readonly ConcurrentDictionary<string, int> jobPolls = new();
    int requests;

    public RawGpcn(int vms)
    {
        Vms = vms;
        listener.Start();
        _ = AcceptAsync();
    }

    int vms;
    /// <summary>How many VMs the list has (a new value drops the cached pages).</summary>
    public int Vms { get => vms; set { vms = value; pages.Clear(); } }
    public ConcurrentDictionary<string, int> ByPath { get; } = new();
    public TimeSpan Latency { get; set; }
    /// <summary>Polls a job needs before it is completed.</summary>
    public int PollsToComplete { get; set; } = 3;
    public int Requests => requests;
    public void ResetCount() { Interlocked.Exchange(ref requests, 0); ByPath.Clear(); }
    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/gpcn/v1/");

    public static string VmId(int i) => $"00000000-0000-4000-8000-{i:D12}";
    public static string JobId(int i) => $"10000000-0000-4000-8000-{i:D12}";

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            client.NoDelay = true;
            _ = ServeAsync(client);
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        int filled = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, filled, "\r\n\r\n"u8)) < 0)
                {
                    if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), stop.Token);
                    if (n == 0) return;
                    filled += n;
                }
                var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
                var lines = head.Split("\r\n");
                var parts = lines[0].Split(' ');
                var length = lines.Skip(1).Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
                var total = headerEnd + 4 + length;
                while (filled < total)
                {
                    if (total > buffer.Length) Array.Resize(ref buffer, Math.Max(total, buffer.Length * 2));
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), stop.Token);
                    if (n == 0) return;
                    filled += n;
                }
                var body = buffer.AsSpan(headerEnd + 4, length).ToArray();
                Buffer.BlockCopy(buffer, total, buffer, 0, filled - total);
                filled -= total;
                Interlocked.Increment(ref requests);
                ByPath.AddOrUpdate(parts[0] + " " + parts[1].Split('?')[0], 1, (_, n) => n + 1);
                var answer = Answer(parts[0], parts[1], body);
                if (Latency > TimeSpan.Zero) await Task.Delay(Latency, stop.Token);
                var header = Encoding.ASCII.GetBytes($"HTTP/1.1 {(answer.status == 200 ? "200 OK" : "404 Not Found")}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {answer.body.Length}\r\n\r\n");
                await stream.WriteAsync(header, stop.Token);
                await stream.WriteAsync(answer.body, stop.Token);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested) { }
        catch (IOException) { }
    }

    static int IndexOf(byte[] buffer, int length, ReadOnlySpan<byte> what) => buffer.AsSpan(0, length).IndexOf(what);

    (int status, byte[] body) Answer(string method, string target, byte[] body)
    {
        var path = target.Split('?')[0];
        var query = target.Contains('?') ? target[(target.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1])) : new Dictionary<string, string>();
        if (method == "GET" && path.EndsWith("/resource/virtual-machines", StringComparison.Ordinal))
        {
            int page = int.Parse(query.GetValueOrDefault("page", "1"), CultureInfo.InvariantCulture), limit = int.Parse(query.GetValueOrDefault("limit", "10"), CultureInfo.InvariantCulture);
            return (200, pages.GetOrAdd((page, limit), k => Page(k.page, k.limit)));
        }
        if (method == "POST" && path.EndsWith("/bulk/delete", StringComparison.Ordinal))
        {
            using var doc = JsonDocument.Parse(body);
            var ids = doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
            return (200, Write(w =>
            {
                w.WriteBoolean("success", true);
                w.WriteStartObject("data");
                w.WriteStartArray("jobs");
                foreach (var id in ids)
                {
                    w.WriteStartObject(); w.WriteString("jobId", JobId(int.Parse(id[^12..], CultureInfo.InvariantCulture))); w.WriteBoolean("isCompleted", false); w.WriteBoolean("hasFailed", false);
                    w.WriteString("resourceId", id); w.WriteString("resourceType", "vm"); w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }));
        }
        if (method == "POST" && path.Contains("/bulk/"))
        {
            using var doc = JsonDocument.Parse(body);
            var ids = doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
            return (200, Write(w =>
            {
                w.WriteBoolean("success", true);
                w.WriteStartArray("data");
                foreach (var id in ids) { w.WriteStartObject(); w.WriteString("id", id); w.WriteBoolean("success", true); w.WriteString("status", "Stopping"); w.WriteEndObject(); }
                w.WriteEndArray();
            }));
        }
        if (method == "POST" && path.EndsWith("/resource/jobs", StringComparison.Ordinal))
        {
            using var doc = JsonDocument.Parse(body);
            var ids = doc.RootElement.GetProperty("jobIds").EnumerateArray().Select(e => e.GetString()!).ToList();
            return (200, Write(w =>
            {
                w.WriteBoolean("success", true);
                w.WriteStartObject("data");
                w.WriteStartArray("jobs");
                foreach (var id in ids)
                {
                    var polls = jobPolls.AddOrUpdate(id, 1, (_, n) => n + 1);
                    w.WriteStartObject(); w.WriteString("jobId", id); w.WriteBoolean("isCompleted", polls >= PollsToComplete); w.WriteBoolean("hasFailed", false);
                    w.WriteString("resourceId", VmId(int.Parse(id[^12..], CultureInfo.InvariantCulture))); w.WriteString("resourceType", "vm"); w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }));
        }
        return (404, Encoding.UTF8.GetBytes("{\"success\":false,\"error\":\"NOT_FOUND\",\"message\":\"no route\"}"));
    }

    public void ResetJobs() => jobPolls.Clear();

    byte[] Page(int page, int limit)
    {
        int start = Math.Min(Vms, (page - 1) * limit), end = Math.Min(Vms, page * limit), pagesTotal = (Vms + limit - 1) / limit;
        return Write(w =>
        {
            w.WriteBoolean("success", true);
            w.WriteStartArray("data");
            for (int i = start; i < end; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", VmId(i));
                w.WriteString("name", $"vm-{i:D6}");
                w.WriteString("status", "Running");
                w.WriteString("createdAt", "2026-11-01T10:00:00.0000000+00:00");
                w.WriteString("updatedAt", "2026-11-01T10:05:00.0000000+00:00");
                w.WriteStartObject("configuration"); w.WriteNumber("cpu", 2); w.WriteNumber("ram", 4); w.WriteNumber("disk", 80); w.WriteEndObject();
                w.WriteStartObject("datacenter"); w.WriteString("id", "0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01"); w.WriteString("name", "US East 1"); w.WriteString("region", "North America"); w.WriteString("country", "United States"); w.WriteEndObject();
                w.WriteString("imageName", "Ubuntu 24.04 LTS");
                w.WriteString("primaryPrivateIp", $"10.0.{i / 250 % 250}.{i % 250 + 1}");
                w.WriteString("primaryPublicIp", $"203.0.{i / 250 % 250}.{i % 250 + 1}");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteNumber("total", Vms); w.WriteNumber("page", page); w.WriteNumber("pageSize", limit); w.WriteNumber("totalPages", pagesTotal);
            w.WriteBoolean("hasNextPage", page < pagesTotal); w.WriteBoolean("hasPreviousPage", page > 1);
            w.WriteEndObject();
        });
    }

    static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The baseline: HttpClient and System.Text.Json into a small class, as a careful hand-written client would.</summary>
public sealed class RawClient : IDisposable
{
    readonly HttpClient http;
    readonly Uri endpoint;

    public RawClient(Uri endpoint)
    {
        this.endpoint = endpoint;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        http.DefaultRequestHeaders.Add("X-API-Key", "gpcn_benchmark-key");
    }

    public void Dispose() => http.Dispose();

    public sealed class Vm
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Status { get; set; } = "";
        public string? PrimaryPublicIp { get; set; }
    }

    sealed class Page
    {
        public List<Vm> Data { get; set; } = new();
        public Meta Meta { get; set; } = new();
    }

    sealed class Meta
    {
        public int Total { get; set; }
        public int TotalPages { get; set; }
        public bool HasNextPage { get; set; }
    }

    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    async Task<Page> ReadPage(int page)
    {
        using var r = await http.GetAsync(new Uri(endpoint, $"resource/virtual-machines?page={page}&limit=100"), HttpCompletionOption.ResponseHeadersRead);
        await using var s = await r.Content.ReadAsStreamAsync();
        return (await JsonSerializer.DeserializeAsync<Page>(s, Json))!;
    }

    /// <summary>Every VM, page after page; <paramref name="inFlight"/> pages at a time once the first says how many.</summary>
    public async Task<int> ListAsync(int inFlight, Action<Vm> each)
    {
        var first = await ReadPage(1);
        foreach (var v in first.Data) each(v);
        int count = first.Data.Count, next = 2, pagesTotal = first.Meta.TotalPages;
        var queue = new Queue<Task<Page>>();
        while (next <= pagesTotal || queue.Count > 0)
        {
            while (queue.Count < inFlight && next <= pagesTotal) queue.Enqueue(ReadPage(next++));
            var page = await queue.Dequeue();
            foreach (var v in page.Data) each(v);
            count += page.Data.Count;
        }
        return count;
    }

    /// <summary>POSTs the bodies, <paramref name="inFlight"/> at a time.</summary>
    public async Task PostAllAsync(string path, IReadOnlyList<string> bodies, int inFlight)
    {
        using var gate = new SemaphoreSlim(inFlight);
        await Task.WhenAll(bodies.Select(async b =>
        {
            await gate.WaitAsync();
            try
            {
                using var r = await http.PostAsync(new Uri(endpoint, path), new StringContent(b, Encoding.UTF8, "application/json"));
                await using var s = await r.Content.ReadAsStreamAsync();
                using var doc = await JsonDocument.ParseAsync(s);
            }
            finally { gate.Release(); }
        }));
    }

    /// <summary>Polls the jobs, 50 ids a request and <paramref name="inFlight"/> requests at a time, on CloudVm's schedule
    /// (250 ms first, then 1.5 times longer up to <paramref name="cap"/>), until every job is completed.</summary>
    public async Task<int> WaitJobsAsync(IReadOnlyList<string> jobIds, int inFlight, TimeSpan cap)
    {
        var open = new HashSet<string>(jobIds);
        var delay = TimeSpan.FromMilliseconds(250);
        int polls = 0;
        using var gate = new SemaphoreSlim(inFlight);
        while (open.Count > 0)
        {
            await Task.Delay(delay);
            var chunks = open.Chunk(50).ToList();
            var done = await Task.WhenAll(chunks.Select(async chunk =>
            {
                await gate.WaitAsync();
                try
                {
                    Interlocked.Increment(ref polls);
                    var body = JsonSerializer.Serialize(new { jobIds = chunk });
                    using var r = await http.PostAsync(new Uri(endpoint, "resource/jobs"), new StringContent(body, Encoding.UTF8, "application/json"));
                    await using var s = await r.Content.ReadAsStreamAsync();
                    using var doc = await JsonDocument.ParseAsync(s);
                    return doc.RootElement.GetProperty("data").GetProperty("jobs").EnumerateArray().Where(j => j.GetProperty("isCompleted").GetBoolean()).Select(j => j.GetProperty("jobId").GetString()!).ToList();
                }
                finally { gate.Release(); }
            }));
            foreach (var id in done.SelectMany(x => x)) open.Remove(id);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, cap.TotalMilliseconds));
        }
        return polls;
    }
}
