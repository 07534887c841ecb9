using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudVm.Providers;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Below the emulator: a raw HTTP/1.1 server on a socket, for what only the transport shows. .NET's
/// SocketsHttpHandler re-sends a request by itself when a pooled connection is closed before any answer byte
/// (dotnet/runtime#86714, open): for a request without a body it does so even after the headers went out — a reboot
/// sent twice, with no retry of ours involved.</summary>
public sealed class TransportTests
{
    /// <summary>Answers GETs with a running GPCN VM on a kept-alive connection; a POST is read whole and then the
    /// connection is closed gracefully without an answer (what a proxy or a server restarting does).</summary>
    sealed class ClosingServer : IDisposable
    {
        readonly TcpListener listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource stop = new();
        public int Posts;
        public int Connections;

        public ClosingServer()
        {
            listener.Start();
            _ = Task.Run(AcceptLoop);
        }

        public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1/");

        async Task AcceptLoop()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await listener.AcceptTcpClientAsync(stop.Token); } catch { return; }
                Interlocked.Increment(ref Connections);
                _ = Task.Run(() => Serve(c));
            }
        }

        async Task Serve(TcpClient c)
        {
            using var _ = c;
            var s = c.GetStream();
            var buffer = new byte[65536];
            var have = 0;
            while (true)
            {
                int end;
                while ((end = Find(buffer, have)) < 0)
                {
                    var n = await s.ReadAsync(buffer.AsMemory(have));
                    if (n == 0) return;
                    have += n;
                }
                var head = Encoding.ASCII.GetString(buffer, 0, end);
                var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (have < end + 4 + length) { var n = await s.ReadAsync(buffer.AsMemory(have)); if (n == 0) return; have += n; }
                Buffer.BlockCopy(buffer, end + 4 + length, buffer, 0, have - end - 4 - length);
                have -= end + 4 + length;
                if (head.StartsWith("POST", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref Posts);
                    c.Client.Shutdown(SocketShutdown.Both);
                    return;
                }
                var body = "{\"success\":true,\"data\":{\"id\":\"0b9c6f2e-0000-4000-8000-000000000001\",\"name\":\"web\",\"status\":\"RUNNING\",\"primaryPublicIp\":\"203.0.113.5\"}}";
                var answer = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
                await s.WriteAsync(Encoding.UTF8.GetBytes(answer));
            }
        }

        static int Find(byte[] b, int n)
        {
            for (var i = 0; i + 3 < n; i++) if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
            return -1;
        }

        public void Dispose() { stop.Cancel(); listener.Stop(); }
    }

    [Fact]
    public async Task A_reboot_on_a_connection_closed_without_an_answer_is_sent_once_and_said_to_have_maybe_acted()
    {
        using var server = new ClosingServer();
        var session = CloudVmSessions.Create(new CloudVmSessionOptions
        {
            Provider = CloudProvider.Gpcn,
            Endpoint = server.Endpoint,
            Credential = new ApiCredential(ApiCredential.Protect("gpcn_transport-test-key"), null),
            RequestTimeout = TimeSpan.FromSeconds(30),
        });
        // Warm the pool: the reset goes out on a connection that has carried a request before.
        for (var i = 0; i < 3; i++) await session.Api.GetVmAsync("0b9c6f2e-0000-4000-8000-000000000001", CancellationToken.None);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => session.Api.PowerAsync(new VmRef("0b9c6f2e-0000-4000-8000-000000000001", "web"), PowerAction.Reset, new PowerOptions(), CancellationToken.None));
        Assert.True(server.Posts == 1, $"{server.Posts} POSTs over {server.Connections} connections: {e.Message}");
        Assert.True(e.MayHaveActed, e.Message);
    }
}

/// <summary>Issue 25: no request waits for "100 Continue" (.NET Framework's HttpClient would ask for it with every body).</summary>
public sealed class ExpectContinueTests
{
    [Fact]
    public async Task No_request_with_a_body_asks_for_100_continue()
    {
        await using var emu = await Emulator.StartAsync();
        var s = emu.Gpcn();
        var vm = (await T.ListAll(s)).First(v => v.Status == CloudVmStatus.Running);
        await s.Api.PowerAsync(VmRef.From(vm), PowerAction.Reset, new PowerOptions(), T.None);
        await s.Api.UpdateAsync(VmRef.From(vm), new VmUpdateRequest { NewName = "renamed" }, T.None);
        var sent = emu.Host.Requests.Where(r => r.Method is "POST" or "PUT").ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, r => Assert.False(r.Headers.ContainsKey("Expect"), $"{r.Method} {r.Path} sent Expect: {r.Headers.GetValueOrDefault("Expect")}"));
    }
}
