using System.Globalization;
using System.Diagnostics;
using System.Text;
using CloudVm.Emulator;
using CloudVm.Http;
using CloudVm.Jobs;
using CloudVm.Providers;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The fault suite of issue 9: one test per row of what went wrong, and per guarantee, over real HTTP on 127.0.0.1
/// with the emulator's fault knobs (statuses, bodies, redirects, hangs and slow bodies on the world's clock, connections
/// dropped before or after the provider acted, hooks that change the world between two requests).</summary>
public sealed class FaultTests : IAsyncLifetime
{
    Emulator emu = null!;
    World World => emu.Host;

    public async Task InitializeAsync() => emu = await Emulator.StartAsync();
    public async Task DisposeAsync() => await emu.DisposeAsync();

    /// <summary>Each provider's list call and the bodies that are JSON but not its documented list.</summary>
    public sealed record Prov(string Name, string ListPath, string NullList, string EmptyObject, string DuplicateKey, string ItemWithoutId)
    {
        public override string ToString() => Name;
    }

    static readonly Dictionary<string, Prov> Provs = new()
    {
        ["Gpcn"] = new("Gpcn", "/gpcn/v1/resource/virtual-machines", "{\"success\":true,\"data\":null}", "{\"success\":true,\"data\":{}}",
            "{\"success\":true,\"data\":[],\"data\":[]}", "{\"success\":true,\"data\":[{\"name\":\"no-id\"}],\"meta\":{\"total\":1,\"hasNextPage\":false}}"),
        ["E24Cloud"] = new("E24Cloud", "/v2/virtual-machines", "{\"virtual_machines\":null}", "{}",
            "{\"virtual_machines\":[],\"virtual_machines\":[]}", "{\"virtual_machines\":[{\"label\":\"no-id\"}]}"),
        ["Vps247"] = new("Vps247", "/vps247/virtual_machines", "null", "{}", "[{\"id\":1,\"id\":2}]", "[{\"name\":\"no-id\"}]"),
        ["VmGen"] = new("VmGen", "/vmgen/virtual-machines", "null", "{}", "[{\"id\":1,\"id\":2}]", "[{\"name\":\"no-id\"}]"),
        ["Magalu"] = new("Magalu", "/compute/v1/instances", "{\"instances\":null}", "{}",
            "{\"instances\":[],\"instances\":[]}", "{\"instances\":[{\"name\":\"no-id\"}]}"),
    };

    public static IEnumerable<object[]> Providers() => Provs.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> BadAnswers() =>
        from p in Provs.Keys
        from kind in new[] { "malformed", "html", "empty", "null-list", "empty-object", "deep", "redirect", "duplicate-key", "item-without-id" }
        select new object[] { p, kind };

    CloudVmSession SessionFor(string provider, Action<CloudVmSessionOptions>? configure = null) =>
        emu.For(CloudProvider.Parse(provider), configure);

    static Fault OnList(string provider, int count = 1) => new() { PathContains = Provs[provider].ListPath, Method = "GET", Count = count };

    // ---- row 1, 2, 3: a 2xx that is not the documented shape is an error, never an empty list ----

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_list_answer_that_is_not_the_documented_shape_is_an_InvalidResponse_error_never_an_empty_list(string provider, string kind)
    {
        var p = Provs[provider];
        var f = OnList(provider);
        switch (kind)
        {
            case "malformed": f.Status = 200; f.Body = "{\"data\": [ {\"id\": "; break;
            case "html": f.Status = 200; f.ContentType = "text/html"; f.Body = "<html><body>Down for maintenance</body></html>"; break;
            case "empty": f.Status = 200; f.Body = ""; break;
            case "null-list": f.Status = 200; f.Body = p.NullList; break;
            case "empty-object": f.Status = 200; f.Body = p.EmptyObject; break;
            case "deep": f.Status = 200; f.Body = new string('[', 100_000) + new string(']', 100_000); break;
            case "redirect": f.Status = 302; f.Location = "http://login.example/sso"; f.Body = ""; break;
            case "duplicate-key": f.Status = 200; f.Body = p.DuplicateKey; break;
            case "item-without-id": f.Status = 200; f.Body = p.ItemWithoutId; break;
        }
        World.Faults.Add(f);
        var session = SessionFor(provider);
        var written = new List<VirtualMachine>();
        var e = await Assert.ThrowsAsync<CloudVmException>(() => CloudVm.Listing.Listings.VmsAsync(session, new VmQuery(), b => { written.AddRange(b); return Task.FromResult(true); }, None));
        Assert.Empty(written);
        Assert.Equal(CloudVmErrorKind.InvalidResponse, e.Kind);
        Assert.Equal(kind == "redirect" ? 302 : 200, e.HttpStatus);
        Assert.Contains(kind == "redirect" ? "redirect" : "HTTP 200", e.Message);
        if (kind == "html") Assert.Contains("text/html", e.Message);
        if (kind == "html") Assert.Contains("Down for maintenance", e.Message);
        Assert.True(e.Message.Length < 1000, "the message quotes only the start of the body");
        // Nothing was acted on: only the list was asked for, once (an answer that is not the shape is not retried).
        Assert.All(World.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Single(World.RequestsTo(p.ListPath, "GET"));
    }

    [Fact]
    public async Task A_list_item_without_an_id_never_reaches_a_delete_and_an_empty_id_never_names_the_collection()
    {
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Method = "GET", Status = 200, Body = Provs["Gpcn"].ItemWithoutId });
        var s = emu.Gpcn();
        await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        foreach (var id in new[] { "", " " })
        {
            var e = await Assert.ThrowsAsync<CloudVmException>(() => s.Api.DeleteVmAsync(new VmRef(id), new VmDeleteOptions(), None));
            Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        }
        Assert.DoesNotContain(World.Requests, r => r.Method == "DELETE");
    }

    // ---- row 4: ids that would change the path are refused before any request ----

    public static IEnumerable<object[]> BadIds() =>
        from p in Provs.Keys
        from id in new[] { ".", "..", "", "  ", "a/b", "..%2f", "a?b", "a#b", "a b", "x\\y" }
        select new object[] { p, id };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Ids_that_are_empty_dots_or_path_characters_are_refused_on_every_provider_before_any_request(string provider, string id)
    {
        var s = SessionFor(provider);
        var calls = new Func<Task>[]
        {
            () => s.Api.GetVmAsync(id, None),
            () => s.Api.PowerAsync(new VmRef(id), PowerAction.Stop, new PowerOptions(), None),
            () => s.Api.DeleteVmAsync(new VmRef(id), new VmDeleteOptions(), None),
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<CloudVmException>(call);
            Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
        }
        Assert.Empty(World.Requests);
    }

    // ---- row 5: actions are never re-sent after a lost answer; converging calls are, and "already there" is success ----

    [Theory]
    [InlineData("Vps247", "restart")]
    [InlineData("Gpcn", "reset")]
    [InlineData("VmGen", "command")]
    [InlineData("E24Cloud", "reboot")]
    [InlineData("Magalu", "reboot")]
    public async Task A_reboot_whose_answer_is_lost_after_the_provider_acted_is_not_sent_again(string provider, string path)
    {
        var s = SessionFor(provider);
        var vm = (await ListAll(s)).First(v => v.Status == CloudVmStatus.Running);
        World.Faults.Add(new Fault { PathContains = "/" + path, Method = "POST", DropAfterServing = true });
        var action = provider == "Gpcn" ? PowerAction.Reset : PowerAction.Restart;
        var e = await Assert.ThrowsAsync<CloudVmException>(() => s.Api.PowerAsync(VmRef.From(vm), action, new PowerOptions(), None));
        Assert.Equal(CloudVmErrorKind.Network, e.Kind);
        Assert.True(e.MayHaveActed);
        Assert.Contains("may have done it", e.RecommendedAction);
        Assert.Single(World.RequestsTo("/" + path, "POST"));
    }

    [Fact]
    public async Task A_bulk_reset_whose_answer_is_lost_is_not_sent_again()
    {
        var s = emu.Gpcn();
        var vms = (await ListAll(s)).Where(v => v.Status == CloudVmStatus.Running).Select(VmRef.From).ToList();
        World.Faults.Add(new Fault { PathContains = "/bulk/reset", DropAfterServing = true });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => s.Api.BulkPowerAsync(vms, PowerAction.Reset, None));
        Assert.True(e.MayHaveActed);
        Assert.Single(World.RequestsTo("/bulk/reset"));
    }

    [Theory]
    [InlineData("Vps247", "/stop")]
    [InlineData("Gpcn", "/stop")]
    [InlineData("VmGen", "/command")]
    [InlineData("E24Cloud", "/poweroff")]
    [InlineData("Magalu", "/stop")]
    public async Task A_stop_whose_answer_is_lost_is_sent_again_and_already_stopped_is_the_success_it_is(string provider, string path)
    {
        var s = SessionFor(provider);
        var vm = (await ListAll(s)).First(v => v.Status == CloudVmStatus.Running);
        World.Faults.Add(new Fault { PathContains = path, Method = "POST", DropAfterServing = true });
        var job = await s.Api.PowerAsync(VmRef.From(vm), provider == "E24Cloud" ? PowerAction.ForceStop : PowerAction.Stop, new PowerOptions(), None);
        await Wait(job);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        Assert.Equal(CloudVmStatus.Stopped, (await s.Api.GetVmAsync(vm.Id, None)).Status);
        Assert.Equal(2, World.RequestsTo(path, "POST").Count);
    }

    [Fact]
    public async Task A_bulk_stop_whose_answer_is_lost_converges_instead_of_reporting_the_vms_busy()
    {
        var s = emu.Gpcn();
        var vms = (await ListAll(s)).Where(v => v.Status == CloudVmStatus.Running).Select(VmRef.From).ToList();
        World.Faults.Add(new Fault { PathContains = "/bulk/stop", DropAfterServing = true });
        var outcomes = await s.Api.BulkPowerAsync(vms, PowerAction.Stop, None);
        Assert.All(outcomes, o => Assert.Null(o.Error));
        await Wait(outcomes.Select(o => o.Job!).ToArray());
        Assert.All(outcomes, o => Assert.Equal(CloudVmJobState.Completed, o.Job!.State));
        Assert.Equal(2, World.RequestsTo("/bulk/stop").Count);
    }

    [Theory]
    [InlineData("Gpcn", "/gpcn/v1/resource/virtual-machines")]
    [InlineData("Vps247", "/vps247/virtual_machines")]
    [InlineData("VmGen", "/vmgen/virtual-machines")]
    [InlineData("Magalu", "/compute/v1/instances")]
    [InlineData("E24Cloud", "/v2/virtual-machines")]
    public async Task A_create_is_sent_once_whatever_happens_to_it_except_a_refused_or_rate_limited_first_try(string provider, string path)
    {
        // On a clock that moves only by what the client waits for: the hang below is cut at the request timeout, exactly
        // 20 virtual seconds after the provider has the request, however slow this machine is.
        var clock = TestClock.Manual();
        await emu.DisposeAsync();
        emu = await Emulator.StartAsync(clock: clock);
        var s = SessionFor(provider, o => o.RequestTimeout = TimeSpan.FromSeconds(20));
        var method = provider == "E24Cloud" ? "PUT" : "POST";
        foreach (var fault in new Func<Fault>[]
        {
            () => new Fault { Status = 503 },
            () => new Fault { Status = 502 },
            () => new Fault { Drop = true },
            () => new Fault { DropAfterServing = true },
            () => new Fault { LatencyMs = 10_000_000 },
        })
        {
            World.Requests.Clear();
            var f = fault();
            f.PathContains = path;
            f.Method = method;
            World.Faults.Add(f);
            var request = CreateRequest(provider, "once-" + Guid.NewGuid().ToString("N")[..6]);
            var create = s.Api.CreateVmAsync(request, None);
            if (f.LatencyMs > 0)
            {
                await TestClock.Until(() => World.RequestsTo(path, method).Count > 0, "the create reaches the provider");
                await clock.AdvanceWhenWaitingFor(TimeSpan.FromSeconds(20), "the request timeout");
            }
            var e = await Assert.ThrowsAsync<CloudVmException>(() => create);
            Assert.Single(World.RequestsTo(path, method));
            Assert.True(e.MayHaveActed || e.HttpStatus is 503 or 502, $"{f.Status} {f.Drop} {f.DropAfterServing}: {e.Message}");
        }
        // 429 rejects before doing anything: the create is sent again once the limit allows, and made once.
        World.Requests.Clear();
        World.Faults.Add(new Fault { PathContains = path, Method = method, Status = 429, RetryAfterSeconds = 2 });
        var limited = s.Api.CreateVmAsync(CreateRequest(provider, "after-429"), None);
        await clock.AdvanceWhenWaitingFor(TimeSpan.FromSeconds(2), "the Retry-After");
        Assert.NotEmpty(await limited);
        Assert.Equal(2, World.RequestsTo(path, method).Count);
    }

    // ---- issue 20 row 3: an answer lost or replaced after the provider acted says so, on every kind that must not repeat ----

    public static IEnumerable<object[]> LostAnswers() =>
        from op in new[] { "Gpcn create", "E24Cloud create", "Vps247 create", "VmGen create", "Magalu create", "Gpcn reset", "Vps247 restart",
            "E24Cloud reboot", "Magalu reboot", "VmGen command", "Gpcn bulk reset", "Magalu snapshot restore", "Magalu snapshot copy" }
        from fault in new[] { "500 after serving", "502 after serving", "504 after serving", "connection reset after serving", "503 (not declared a refusal)", "time-out after it arrived" }
        // A time-out costs half a real second on the fast clock: one operation of each kind is enough for it.
        where fault != "time-out after it arrived" || op is "Gpcn create" or "Vps247 restart" or "Gpcn bulk reset" or "VmGen command" or "Magalu snapshot restore"
        select new object[] { op, fault };

    /// <summary>Each operation that must not repeat: how to start it, and the request path and method it sends.</summary>
    async Task<(Func<Task> start, string path, string method)> NonRepeatable(string op)
    {
        var provider = op.Split(' ')[0];
        // 20 virtual seconds are half a real second on the fast clock: room for real latency, short for a hang.
        var s = SessionFor(provider, o => o.RequestTimeout = TimeSpan.FromSeconds(20));
        if (op.EndsWith(" create", StringComparison.Ordinal))
        {
            var path = Provs[provider].ListPath.Replace("/gpcn/v1", "", StringComparison.Ordinal);
            return (() => s.Api.CreateVmAsync(CreateRequest(provider, "lost-" + provider.ToLowerInvariant()), None), path, provider == "E24Cloud" ? "PUT" : "POST");
        }
        var vms = (await ListAll(s)).Where(v => v.Status == CloudVmStatus.Running).ToList();
        var vm = VmRef.From(vms[0]);
        switch (op)
        {
            case "Gpcn bulk reset":
                return (() => s.Api.BulkPowerAsync(vms.Select(VmRef.From).ToList(), PowerAction.Reset, None), "/bulk/reset", "POST");
            case "Magalu snapshot restore":
            case "Magalu snapshot copy":
                var job = await s.Api.CreateCopyAsync(CloudVmCopyKind.Snapshot, vm, "snap-" + Guid.NewGuid().ToString("N")[..6], None);
                await Wait(job);
                var id = job.ResourceId!;
                return op.EndsWith("restore", StringComparison.Ordinal)
                    ? (() => s.Api.RestoreCopyAsync(CloudVmCopyKind.Snapshot, id, new RestoreRequest { Name = "restored", Size = "BV4-8-40" }, None), $"/v1/snapshots/{id}", "POST")
                    : (() => s.Api.CopyCopyAsync(CloudVmCopyKind.Snapshot, id, "br-mgl1", None), $"/v1/snapshots/{id}/copy", "POST");
            default:
                var verb = op.Split(' ')[1];
                var action = provider == "Gpcn" ? PowerAction.Reset : PowerAction.Restart;
                return (() => s.Api.PowerAsync(vm, action, new PowerOptions(), None), "/" + verb, "POST");
        }
    }

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task An_answer_lost_after_a_request_that_must_not_repeat_arrives_once_and_says_it_may_have_been_done(string op, string fault)
    {
        var (start, path, method) = await NonRepeatable(op);
        World.Requests.Clear();
        var f = new Fault { PathContains = path, Method = method };
        switch (fault)
        {
            case "500 after serving": f.Status = 500; f.ReplaceAnswerAfterServing = true; break;
            case "502 after serving": f.Status = 502; f.ReplaceAnswerAfterServing = true; break;
            case "504 after serving": f.Status = 504; f.ReplaceAnswerAfterServing = true; break;
            case "connection reset after serving": f.DropAfterServing = true; break;
            case "time-out after it arrived": f.LatencyMs = 10_000_000; break;   // a hang, cut at the 20 s request timeout (world clock)
            default: f.Status = 503; break;
        }
        World.Faults.Add(f);
        var e = await Assert.ThrowsAsync<CloudVmException>(start);
        Assert.Single(World.RequestsTo(path, method), r => path.EndsWith("/copy", StringComparison.Ordinal) || !r.Path.EndsWith("/copy", StringComparison.Ordinal));
        Assert.True(e.MayHaveActed, $"{op}, {fault}: {e.Message}");
        Assert.Contains("may have", e.RecommendedAction);
        Assert.Contains("before trying again", e.RecommendedAction);
        if (op.EndsWith(" create", StringComparison.Ordinal)) Assert.Contains("Get-CloudVm -Name 'lost-", e.RecommendedAction);
    }

    [Fact]
    public async Task A_429_is_a_refusal_before_acting_so_a_reboot_is_sent_again_and_made_once()
    {
        var clock = TestClock.Manual();
        await emu.DisposeAsync();
        emu = await Emulator.StartAsync(clock: clock);
        var (start, path, method) = await NonRepeatable("Gpcn reset");
        World.Requests.Clear();
        World.Faults.Add(new Fault { PathContains = path, Method = method, Status = 429, RetryAfterSeconds = 3 });
        var task = start();
        await clock.AdvanceWhenWaitingFor(TimeSpan.FromSeconds(3), "the Retry-After");
        await task;
        Assert.Equal(2, World.RequestsTo(path, method).Count);
    }

    [Fact]
    public async Task Ctrl_C_after_a_create_went_out_warns_that_the_vm_may_have_been_made_naming_it()
    {
        var clock = TestClock.Manual();
        await emu.DisposeAsync();
        emu = await Emulator.StartAsync(clock: clock);
        var s = emu.Gpcn();
        var log = new CapturingLog();
        var previous = CloudVmLog.Current;
        CloudVmLog.Current = log;
        try
        {
            using var cts = new CancellationTokenSource();
            World.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "POST", LatencyMs = 60_000 });
            var create = s.Api.CreateVmAsync(CreateRequest("Gpcn", "ctrl-c-vm"), cts.Token);
            await TestClock.Until(() => World.RequestsTo("/resource/virtual-machines", "POST").Count > 0, "the create reaches GPCN");
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create);
        }
        finally
        {
            CloudVmLog.Current = previous;
        }
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("may have made it", warning);
        Assert.Contains("Get-CloudVm -Name 'ctrl-c-vm'", warning);
        Assert.Single(World.RequestsTo("/resource/virtual-machines", "POST"));
    }

    // ---- issue 20 row 4: every malformed answer is CloudVm.InvalidResponse, never a raw .NET exception or odd data ----

    public static IEnumerable<object[]> MalformedAnswers() => new[]
    {
        new object[] { "Gpcn", "negative total", "{\"success\":true,\"data\":[],\"meta\":{\"total\":-5}}", "meta.total" },
        new object[] { "Gpcn", "overflowing total", "{\"success\":true,\"data\":[],\"meta\":{\"total\":1e30}}", "meta.total" },
        new object[] { "Gpcn", "fractional page size", "{\"success\":true,\"data\":[],\"meta\":{\"pageSize\":2.5}}", "meta.pageSize" },
        new object[] { "Gpcn", "a size that is not finite", "{\"success\":true,\"data\":[{\"id\":\"6f1c2a3b-0000-4000-8000-000000000001\",\"name\":\"x\",\"ram\":1e400}],\"meta\":{\"total\":1}}", "not finite" },
        new object[] { "Gpcn", "a cpu count out of range", "{\"success\":true,\"data\":[{\"id\":\"6f1c2a3b-0000-4000-8000-000000000001\",\"name\":\"x\",\"cpu\":1e12}],\"meta\":{\"total\":1}}", "out of range" },
        new object[] { "Gpcn", "bytes after the document", "{\"success\":true,\"data\":[],\"meta\":{\"total\":0}} {\"extra\":1}", "" },
        new object[] { "Gpcn", "success as a string", "{\"success\":\"false\",\"data\":[],\"meta\":{\"total\":0}}", "success" },
        new object[] { "Gpcn", "no success flag", "{\"data\":[],\"meta\":{\"total\":0}}", "success" },
        new object[] { "E24Cloud", "success as a string", "{\"success\":\"false\",\"virtual_machines\":[]}", "success" },
        new object[] { "E24Cloud", "bytes after the document", "{\"success\":true,\"virtual_machines\":[]}]", "" },
        new object[] { "Magalu", "a size that is not finite", "{\"instances\":[{\"id\":\"6f1c2a3b-0000-4000-8000-000000000001\",\"name\":\"x\",\"state\":\"running\",\"machine_type\":{\"id\":\"t\",\"name\":\"BV1\",\"vcpus\":1,\"ram\":1e400,\"disk\":10}}]}", "not finite" },
        new object[] { "Vps247", "bytes after the document", "[] []", "" },
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task A_malformed_answer_is_an_InvalidResponse_error_with_provider_request_and_excerpt(string provider, string what, string body, string says)
    {
        World.Faults.Add(new Fault { PathContains = Provs[provider].ListPath, Method = "GET", Count = 100, Status = 200, Body = body });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(SessionFor(provider)));
        Assert.True(e.Kind == CloudVmErrorKind.InvalidResponse, $"{what}: {e.Kind} {e.Message}");
        Assert.Contains("GET", e.Message);
        Assert.Contains(says, e.Message);
        Assert.Equal(Provs[provider].Name, e.Provider.ToString());
    }

    [Fact]
    public async Task A_body_that_its_content_encoding_does_not_decode_is_an_InvalidResponse_error()
    {
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Method = "GET", Count = 100, ContentEncoding = "gzip", Respond = _ => "{\"success\":true,\"data\":[]}" });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Gpcn()));
        Assert.Equal(CloudVmErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("compressed body (Content-Encoding) that does not decode", e.Message);
    }

    // ---- issue 20 row 5: a read's total time is bounded, a trickling body included ----

    [Fact]
    public async Task A_read_whose_body_trickles_for_ever_ends_within_its_total_time_across_attempts()
    {
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Count = 100, HugeBodyBytes = 1L << 40, ChunkDelayMs = 1000 });
        var log = new CapturingLog(verbose: true, debug: false).Install();
        var s = emu.Gpcn(configure: o => o.RequestTimeout = TimeSpan.FromSeconds(20));
        var start = emu.Clock.GetUtcNow();
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        var took = emu.Clock.GetUtcNow() - start;
        Assert.Equal(CloudVmErrorKind.Network, e.Kind);
        Assert.Contains("did not answer", e.Message);
        // Five attempts of 20 s each would take 100 s; the total is bounded by twice the request timeout.
        Assert.InRange(took, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40) + TimeSpan.FromSeconds(3));
        Assert.Contains("(attempt 2 of 5)", log.Text);
        Assert.DoesNotContain("(attempt 3 of 5)", log.Text);
    }

    [Fact]
    public async Task One_attempt_is_a_valid_setting_and_nothing_is_sent_again()
    {
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Status = 503 });
        var s = emu.Gpcn(configure: o => o.MaxAttempts = 1);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        Assert.Equal(503, e.HttpStatus);
        Assert.Single(World.RequestsTo(Provs["Gpcn"].ListPath));
    }

    VmCreateRequest CreateRequest(string provider, string name = "once") => provider switch
    {
        "Gpcn" => new VmCreateRequest { Name = name, Size = "GP-Small-1", Image = "Ubuntu 24.04 LTS", SshKeys = { "key-1" }, Location = World.Gpcn.Datacenters[0].Id },
        "Vps247" => new VmCreateRequest { Name = name, Size = "Standard", Image = "2", Location = "london 1" },
        "VmGen" => new VmCreateRequest { Name = name, Size = "VM-S", Image = "1", Location = "1", SshKeys = { "5" } },
        "Magalu" => new VmCreateRequest { Name = name, Size = "BV2-2-20", Image = World.Magalu.Images[0].Name },
        "E24Cloud" => new VmCreateRequest { Name = name, Cpu = 1, MemoryGB = 1, Image = "Ubuntu 24.04", Location = World.E24.Zones.First(z => z.Region == "eu-poland-1poznan").Name },
        _ => throw new ArgumentException(provider),
    };

    [Fact]
    public async Task Reads_are_sent_again_after_a_dropped_connection_a_502_or_a_hang_and_then_answer()
    {
        var s = emu.Gpcn(configure: o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Method = "GET", Drop = true });
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Method = "GET", Status = 502 });
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Method = "GET", LatencyMs = 10_000_000 });
        Assert.Equal(3, (await ListAll(s)).Count);
        Assert.Equal(4, World.RequestsTo(Provs["Gpcn"].ListPath, "GET").Count);
    }

    [Fact]
    public async Task A_request_that_never_answers_ends_at_the_session_timeout_as_a_Network_error_that_says_so()
    {
        var s = emu.Gpcn(configure: o => { o.RequestTimeout = TimeSpan.FromSeconds(7); o.MaxAttempts = 2; });
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, LatencyMs = 10_000_000, Count = 10 });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        Assert.Equal(CloudVmErrorKind.Network, e.Kind);
        Assert.Contains("within 7 s", e.Message);
        Assert.Contains("-RequestTimeoutSeconds", e.RecommendedAction);
    }

    // ---- rows 6, 7: the listing guarantee is in ListingTests ----

    // ---- rows 8, 9: waits ----

    /// <summary>A GPCN create: its job is polled through POST /resource/jobs.</summary>
    async Task<(CloudVmSession, CloudVmJob)> GpcnJob()
    {
        var s = emu.Gpcn();
        var job = Assert.Single(await s.Api.CreateVmAsync(CreateRequest("Gpcn", "waited"), None));
        Assert.IsType<ProviderJobTracker>(job.Tracker);
        return (s, job);
    }

    [Theory]
    [InlineData("hang")]
    [InlineData("429-retry-after-100")]
    [InlineData("503-forever")]
    public async Task A_wait_timeout_is_a_hard_ceiling_whatever_the_poll_request_does(string what)
    {
        // On a clock that moves only when the test moves it: the wait must end once exactly its 3 s have passed.
        var clock = TestClock.Manual();
        await emu.DisposeAsync();
        emu = await Emulator.StartAsync(clock: clock);
        var (_, job) = await GpcnJob();
        var f = new Fault { PathContains = "/resource/jobs", Count = 1000 };
        if (what == "hang") f.LatencyMs = 10_000_000;
        else if (what == "503-forever") f.Status = 503;
        else { f.Status = 429; f.RetryAfterSeconds = 100; }
        World.Faults.Add(f);
        var start = clock.GetUtcNow();
        var wait = Waiting.WaitAsync(new[] { job }, TimeSpan.FromSeconds(3), "test", None);
        // Up to the first poll, then until the poll is in the provider's hands, then to the end of the 3 s.
        var toPoll = await clock.AdvanceToFirstWaitWithin(TimeSpan.FromSeconds(3), "the first poll");
        await TestClock.Until(() => World.RequestsTo("/resource/jobs").Count > 0, "the first poll");
        clock.Advance(TimeSpan.FromSeconds(3) - toPoll);
        var outcome = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outcome.TimedOut);
        Assert.Empty(outcome.Errors);
        Assert.Equal(CloudVmJobState.Running, job.State);
        Assert.Equal(3, (clock.GetUtcNow() - start).TotalSeconds);
    }

    [Fact]
    public async Task A_run_of_503s_on_the_job_poll_is_ridden_out_and_the_wait_ends_when_the_job_does()
    {
        var (_, job) = await GpcnJob();
        World.Faults.Add(new Fault { PathContains = "/resource/jobs", Status = 503, Count = 12 });
        World.Faults.Add(new Fault { PathContains = "/resource/jobs", Drop = true, Count = 2 });
        var outcome = await Waiting.WaitAsync(new[] { job }, TimeSpan.FromSeconds(120), "test", None);
        Assert.False(outcome.TimedOut);
        Assert.Empty(outcome.Errors);
        Assert.Equal(CloudVmJobState.Completed, job.State);
        Assert.True(World.RequestsTo("/resource/jobs").Count >= 15);
    }

    [Fact]
    public async Task A_permanent_failure_during_a_wait_ends_it_for_that_session_with_the_error()
    {
        var (_, job) = await GpcnJob();
        World.Faults.Add(new Fault { PathContains = "/resource/jobs", Status = 401, Body = "{\"success\":false,\"error\":\"UNAUTHORIZED\",\"message\":\"key revoked\"}", Count = 100 });
        var outcome = await Waiting.WaitAsync(new[] { job }, TimeSpan.FromSeconds(120), "test", None);
        var e = Assert.Single(outcome.Errors).Value;
        Assert.Equal(CloudVmErrorKind.Unauthorized, e.Kind);
        Assert.False(outcome.TimedOut);
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_it_at_once()
    {
        var (_, job) = await GpcnJob();
        var polling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        World.Faults.Add(new Fault { PathContains = "/resource/jobs", LatencyMs = 10_000_000, Count = 100, Arrived = _ => polling.TrySetResult() });
        using var cts = new CancellationTokenSource();
        var wait = Waiting.WaitAsync(new[] { job }, TimeSpan.FromHours(1), "test", cts.Token);
        await polling.Task.WaitAsync(TimeSpan.FromSeconds(30));   // the poll is at the emulator, hanging
        var watch = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    // ---- rows 10, 11, 12: big, slow and endless answers ----

    static string PasswordHeavyList(int bytes)
    {
        var sb = new StringBuilder("{\"success\":true,\"data\":[],\"meta\":{\"total\":0,\"hasNextPage\":false},\"note\":\"");
        sb.Length -= "\"note\":\"".Length;
        sb.Append("\"notes\":[{\"password\":\"hunter2\"}");
        while (sb.Length < bytes) sb.Append(",{\"password\":\"hunter2\",\"apiKey\":\"hunter2\"}");
        return sb.Append("]}").ToString();
    }

    [Fact]
    public void Redaction_is_linear_in_the_body_size()
    {
        var r = new Redactor(() => new[] { "gpcn_secret-value" });
        var body = PasswordHeavyList(4 * 1024 * 1024) + "gpcn_secret-value";
        var watch = Stopwatch.StartNew();
        var text = r.Redact(body);
        // The quadratic regex this replaced took about a minute on this body; a linear pass takes milliseconds.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.DoesNotContain("gpcn_secret-value", text);
        Assert.DoesNotContain("hunter2", text);
    }

    [Fact]
    public async Task A_4_MB_answer_full_of_secret_words_costs_no_redaction_without_debug_and_is_cut_with_it()
    {
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Respond = _ => PasswordHeavyList(4 * 1024 * 1024), Count = 2 });
        var quiet = new CapturingLog(verbose: false, debug: false).Install();
        Assert.Empty(await ListAll(emu.Gpcn()));
        Assert.Empty(quiet.Lines);
        var debug = new CapturingLog().Install();
        Assert.Empty(await ListAll(emu.Gpcn()));
        var body = Assert.Single(debug.Lines, l => l.StartsWith("DEBUG: Response body:", StringComparison.Ordinal));
        Assert.True(body.Length < 5000, "the trace quotes the start of a big body, not all of it");
        Assert.Contains("bytes)", body);
        Assert.DoesNotContain("hunter2", body);
    }

    [Fact]
    public async Task Ctrl_C_during_a_slow_huge_body_stops_in_under_a_second()
    {
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, HugeBodyBytes = 1L << 30, ChunkDelayMs = 2000, Streaming = () => streaming.TrySetResult() });
        new CapturingLog().Install();
        using var cts = new CancellationTokenSource();
        var list = Listings(emu.Gpcn(), cts.Token);
        await streaming.Task.WaitAsync(TimeSpan.FromSeconds(30));   // the body has begun, and its next chunk is 2 s away
        var watch = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => list);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    static Task<CloudVm.Listing.ListingStats> Listings(CloudVmSession s, CancellationToken ct) => CloudVm.Listing.Listings.VmsAsync(s, new VmQuery(), _ => Task.FromResult(true), ct);

    [Fact]
    public async Task An_answer_over_the_size_limit_is_refused_while_it_streams()
    {
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, HugeBodyBytes = 200L << 20 });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Gpcn()));
        Assert.Equal(CloudVmErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("more than 64 MB", e.Message);
        Assert.Contains("-MaxResponseSizeMB", e.RecommendedAction);

        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, HugeBodyBytes = 3L << 20 });
        var small = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Gpcn(configure: o => o.MaxResponseBytes = 1 << 20)));
        Assert.Contains("more than 1 MB", small.Message);

        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Respond = _ => PasswordHeavyList(2 << 20) });
        Assert.Empty(await ListAll(emu.Gpcn(configure: o => o.MaxResponseBytes = 3 << 20)));
    }

    [Fact]
    public async Task Paging_that_never_ends_is_stopped_by_the_total_the_provider_gave()
    {
        int n = 0;
        World.Faults.Add(new Fault
        {
            PathContains = Provs["Gpcn"].ListPath, Count = 100_000,
            Respond = _ => $"{{\"success\":true,\"data\":[{{\"id\":\"{Guid.NewGuid()}\",\"name\":\"vm-{Interlocked.Increment(ref n)}\",\"status\":\"Running\"}}],\"meta\":{{\"total\":3,\"hasNextPage\":true}}}}",
        });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Gpcn()));
        Assert.Equal(CloudVmErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("kept announcing more pages", e.Message);
        // The bound is counted in the server's own page size (one item here), with slack: it stops, and soon.
        Assert.InRange(World.RequestsTo(Provs["Gpcn"].ListPath).Count, 4, 30);
    }

    [Fact]
    public async Task Paging_that_repeats_the_same_items_forever_is_stopped()
    {
        World.Faults.Add(new Fault
        {
            PathContains = Provs["Magalu"].ListPath, Count = 100_000,
            Respond = r => "{\"instances\":[" + string.Join(",", Enumerable.Range(0, int.Parse(r.Query["_limit"]!, CultureInfo.InvariantCulture)).Select(i => $"{{\"id\":\"0b9c6f2e-0000-4000-8000-{i:000000000000}\",\"name\":\"vm-{i}\",\"state\":\"running\",\"status\":\"completed\"}}")) + "],\"meta\":{\"page\":{\"count\":50,\"limit\":50,\"offset\":0}}}",
        });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Magalu()));
        Assert.Equal(CloudVmErrorKind.InvalidResponse, e.Kind);
        Assert.InRange(World.RequestsTo(Provs["Magalu"].ListPath).Count, 2, 12);
    }

    // ---- rows 13, 14: secrets ----

    [Fact]
    public async Task A_custom_auth_header_is_hidden_in_the_debug_trace()
    {
        var log = new CapturingLog().Install();
        var s = emu.VmGen(authHeader: "X-Vmgen-Access");
        World.Faults.Add(new Fault { PathContains = "/vmgen/virtual-machines", Status = 400, EchoHeaders = true });
        await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        Assert.Contains("X-Vmgen-Access: ***", log.Text);
        Assert.DoesNotContain(DemoKeys.VmGen, log.Text);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_server_that_echoes_the_request_headers_never_gets_a_credential_into_an_error_or_the_trace(string provider)
    {
        var log = new CapturingLog().Install();
        var s = SessionFor(provider);
        World.Faults.Add(new Fault { PathContains = Provs[provider].ListPath, Method = "GET", Status = 400, EchoHeaders = true });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        var secrets = provider switch
        {
            "Gpcn" => new[] { emu.GpcnKey },
            "E24Cloud" => new[] { DemoKeys.E24Key, DemoKeys.E24Secret },
            "Vps247" => new[] { DemoKeys.Vps247 },
            "VmGen" => new[] { DemoKeys.VmGen },
            _ => new[] { DemoKeys.Magalu },
        };
        var everything = string.Join("\n", e.Message, e.ProviderMessage, e.ProviderCode, e.RecommendedAction, e.ToString(), log.Text);
        Assert.Contains("Rejected request with headers", e.ProviderMessage);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, everything);
    }

    // ---- row 15: regions never change the endpoint ----

    [Theory]
    [InlineData("E24Cloud", "evil.example/x#")]
    [InlineData("E24Cloud", "eu-poland-1poznan.evil.example")]
    [InlineData("E24Cloud", "")]
    [InlineData("Magalu", "../../evil")]
    [InlineData("Magalu", "br-se1/../x")]
    [InlineData("Magalu", "br se1")]
    public void A_region_that_would_change_the_endpoint_is_refused(string provider, string region)
    {
        var o = new CloudVmSessionOptions { Provider = CloudProvider.Parse(provider), Region = region, Credential = new ApiCredential(ApiCredential.Protect("key-1234"), ApiCredential.Protect("secret-1234")) };
        var e = Assert.Throws<CloudVmException>(() => CloudVmSessions.Create(o, emu.Clock));
        Assert.Equal(CloudVmErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("E24Cloud", "EU-POLAND-1WARSZAWA", "https://eu-poland-1warszawa.api.e24cloud.com/v2/")]
    [InlineData("Magalu", "br-ne1", "https://api.magalu.cloud/br-ne1/compute/")]
    [InlineData("Magalu", "br-mgl1", "https://api.magalu.cloud/br-se-1/compute/")]
    public void A_known_region_makes_the_documented_endpoint(string provider, string region, string endpoint)
    {
        var o = new CloudVmSessionOptions { Provider = CloudProvider.Parse(provider), Region = region, Credential = new ApiCredential(ApiCredential.Protect("key-1234"), ApiCredential.Protect("secret-1234")) };
        Assert.Equal(endpoint, ((ProviderClient)CloudVmSessions.Create(o, emu.Clock).Api).Endpoint.ToString());
    }

    // ---- row 16: Retry-After ----

    [Fact]
    public async Task A_Retry_After_is_obeyed_up_to_the_attempts_and_then_reported_with_what_the_provider_asked()
    {
        var clock = TestClock.Manual();
        await using var emu = await Emulator.StartAsync(clock: clock);
        var World = emu.Host;
        var s = emu.Gpcn();
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Status = 429, RetryAfterSeconds = 45, Count = 100 });
        var start = clock.GetUtcNow();
        var listing = ListAll(s);
        for (var i = 0; i < 4; i++) await clock.AdvanceWhenWaitingFor(TimeSpan.FromSeconds(45), "Retry-After " + (i + 1));
        var e = await Assert.ThrowsAsync<CloudVmException>(() => listing);
        Assert.Equal(CloudVmErrorKind.RateLimited, e.Kind);
        Assert.Equal(5, World.RequestsTo(Provs["Gpcn"].ListPath).Count);
        Assert.Equal(4 * 45, (clock.GetUtcNow() - start).TotalSeconds);
        Assert.Contains("after 45 s", e.RecommendedAction);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_cap_is_not_waited_and_the_error_says_how_long_was_asked()
    {
        var s = emu.Gpcn();
        World.Faults.Add(new Fault { PathContains = Provs["Gpcn"].ListPath, Status = 429, RetryAfterSeconds = 600, Count = 100 });
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        Assert.Equal(CloudVmErrorKind.RateLimited, e.Kind);
        Assert.Single(World.RequestsTo(Provs["Gpcn"].ListPath));
        Assert.Contains("asked to wait 600 s", e.Message);
        Assert.Contains("-MaxRetryAfterSeconds", e.RecommendedAction);
    }

    [Fact]
    public async Task After_a_429_every_request_of_the_session_waits_for_the_Retry_After()
    {
        // On a clock that moves only when the test moves it: the second request is made once the first is waiting out
        // its Retry-After, and must not go out before the clock has moved by it.
        var clock = TestClock.Manual();
        await emu.DisposeAsync();
        emu = await Emulator.StartAsync(clock: clock);
        var s = emu.Gpcn();
        var vms = await ListAll(s);
        World.Requests.Clear();
        World.Faults.Add(new Fault { PathContains = "/resource/virtual-machines/", Method = "GET", Status = 429, RetryAfterSeconds = 10 });
        var limited = s.Api.GetVmAsync(vms[0].Id, None);
        await clock.WhenWaitingFor(TimeSpan.FromSeconds(10), "the first request's Retry-After");
        var second = s.Api.GetVmAsync(vms[1].Id, None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted, "a request made after the 429 went out before the Retry-After");
        Assert.Single(World.Requests, r => !r.Path.Contains("network-interfaces"));
        clock.Advance(TimeSpan.FromSeconds(10));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        await limited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, World.Requests.Count(r => !r.Path.Contains("network-interfaces")));
    }

    // ---- row 17: TLS ----

    [Fact]
    public async Task An_untrusted_certificate_is_refused_once_and_not_retried()
    {
        await using var https = await EmulatorHost.StartAsync(new EmulatorOptions { Quiet = true }, https: true);
        var log = new CapturingLog().Install();
        var o = new CloudVmSessionOptions { Provider = CloudProvider.Gpcn, Endpoint = https.Default.GpcnEndpoint, Credential = new ApiCredential(ApiCredential.Protect(DemoKeys.Gpcn)) };
        var s = CloudVmSessions.Create(o, emu.Clock);
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(s));
        Assert.Equal(CloudVmErrorKind.Network, e.Kind);
        Assert.True(e.Permanent);
        Assert.False(e.IsTransient);
        Assert.Contains("trusted TLS", e.Message);
        Assert.DoesNotContain("trying again", log.Text);
        Assert.Empty(https.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_tried_again_and_said_plainly()
    {
        var port = FreePort();
        var o = new CloudVmSessionOptions { Provider = CloudProvider.Gpcn, Endpoint = new Uri($"http://127.0.0.1:{port}/gpcn/v1/"), Credential = new ApiCredential(ApiCredential.Protect(emu.GpcnKey)) };
        var log = new CapturingLog().Install();
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(CloudVmSessions.Create(o, emu.Clock)));
        Assert.Equal(CloudVmErrorKind.Network, e.Kind);
        Assert.Contains("could not be reached", e.Message);
        Assert.False(e.MayHaveActed);
        Assert.Equal(4, log.Lines.Count(l => l.Contains("trying again")));
    }

    static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
