using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CloudVm.Benchmarks;
using CloudVm.Playground;

// CloudVm against a raw client (HttpClient + System.Text.Json into a small class) over the same pre-serialized pages of
// a fake GPCN on a raw socket, in one process: medians of alternating rounds. Then, in fresh real pwsh processes (see
// below for which), Import-Module and the first command against a one-cmdlet module and PowerShell's own Invoke-RestMethod.
var quick = args.Contains("--quick");
int rounds = quick ? 3 : 7;
await using var server = new RawGpcn(10_000);
var rows = new List<(string what, string cloudvm, string raw, string ratio, string target)>();

var iss = CloudVm.Playground.Engine.InitialState();
using var rs = RunspaceFactory.CreateRunspace(new TextHost(TextWriter.Null), iss);
rs.Open();
Ps($"$key = ConvertTo-SecureString 'gpcn_benchmark-key' -AsPlainText -Force; $s = Connect-CloudVm -Provider Gpcn -Endpoint '{server.Endpoint}' -ApiKey $key -MaxPollIntervalSeconds 5 -ThrottleLimit 8");
using var raw = new RawClient(server.Endpoint);

System.Collections.ObjectModel.Collection<PSObject> Ps(string script)
{
    using var ps = PowerShell.Create();
    ps.Runspace = rs;
    var result = ps.AddScript(script).Invoke();
    if (ps.HadErrors) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
    return result;
}

static double Ms(Action a) { var w = Stopwatch.StartNew(); a(); return w.Elapsed.TotalMilliseconds; }
static double Median(IEnumerable<double> xs) { var l = xs.OrderBy(x => x).ToList(); return l[l.Count / 2]; }

(double cloudvm, double raw) Alternate(Action cloudvm, Action baseline)
{
    cloudvm(); baseline();
    var a = new List<double>(); var b = new List<double>();
    for (int i = 0; i < rounds; i++) { a.Add(Ms(cloudvm)); b.Add(Ms(baseline)); }
    return (Median(a), Median(b));
}

void Row(string what, double c, double r, double target, string unit = "ms") =>
    rows.Add((what, $"{c:0} {unit}", $"{r:0} {unit}", $"{c / r:0.00}×", $"≤ {target:0.0}×"));

if (args.Contains("--profile"))
{
    server.Vms = 10_000;
    var session = (CloudVm.CloudVmSession)Ps("$s")[0].BaseObject;
    double Engine()
    {
        int n = 0;
        return Ms(() => CloudVm.Listing.Listings.VmsAsync(session, new CloudVm.VmQuery(), b => { n += b.Count; return Task.FromResult(true); }, CancellationToken.None).GetAwaiter().GetResult());
    }
    for (int i = 0; i < 3; i++) Engine();
    if (args.Contains("--loop")) { var until = DateTime.UtcNow.AddSeconds(12); while (DateTime.UtcNow < until) Engine(); return; }
    Console.WriteLine($"engine only: {Median(Enumerable.Range(0, 7).Select(_ => Engine())):0} ms");
    double Pages(int count) => Ms(() => { for (int p = 1; p <= count; p++) session.Api.ReadVmPageAsync(new CloudVm.VmQuery(), new CloudVm.PageRequest((p - 1) * 100, 100, p), CancellationToken.None).GetAwaiter().GetResult(); });
    Pages(100);
    Console.WriteLine($"100 ReadVmPageAsync one after another: {Median(Enumerable.Range(0, 7).Select(_ => Pages(100))):0} ms");
    var http = new HttpClient();
    double RawPages(int count) => Ms(() => { for (int p = 1; p <= count; p++) http.GetByteArrayAsync(new Uri(server.Endpoint, $"resource/virtual-machines?page={p}&limit=100")).GetAwaiter().GetResult(); });
    RawPages(100);
    Console.WriteLine($"100 raw GETs, bytes only: {Median(Enumerable.Range(0, 7).Select(_ => RawPages(100))):0} ms");
    var ours = ((Lazy<HttpClient>)typeof(CloudVm.Http.HttpPipeline).GetField("Client", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!).Value;
    double OursPages(int count) => Ms(() => { for (int p = 1; p <= count; p++) ours.GetByteArrayAsync(new Uri(server.Endpoint, $"resource/virtual-machines?page={p}&limit=100")).GetAwaiter().GetResult(); });
    OursPages(100);
    Console.WriteLine($"100 GETs with the module's HttpClient, bytes only: {Median(Enumerable.Range(0, 7).Select(_ => OursPages(100))):0} ms");
    var pipe = ((CloudVm.Providers.ProviderClient)session.Api).Http;
    double PipePages(int count) => Ms(() => { for (int p = 1; p <= count; p++) pipe.SendAsync(new CloudVm.Http.ApiRequest(HttpMethod.Get, $"resource/virtual-machines?page={p}&limit=100", CloudVm.Http.RepeatSafety.Read), CancellationToken.None).GetAwaiter().GetResult().Dispose(); });
    PipePages(100);
    Console.WriteLine($"100 HttpPipeline.SendAsync, no parse: {Median(Enumerable.Range(0, 7).Select(_ => PipePages(100))):0} ms");
    var bytes = http.GetByteArrayAsync(new Uri(server.Endpoint, "resource/virtual-machines?page=1&limit=100")).GetAwaiter().GetResult();
    var strict = new System.Text.Json.JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false };
    Console.WriteLine($"100 JsonDocument.Parse, duplicates refused: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => { for (int i = 0; i < 100; i++) System.Text.Json.JsonDocument.Parse(bytes, strict).Dispose(); }))):0} ms");
    Console.WriteLine($"100 Utf8JsonReader passes: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => { for (int i = 0; i < 100; i++) { var rd = new System.Text.Json.Utf8JsonReader(bytes); while (rd.Read()) { } } }))):0} ms");
    {
        var client = (CloudVm.Providers.Gpcn.GpcnClient)session.Api;
        var parse = typeof(CloudVm.Providers.Gpcn.GpcnClient).GetMethod("ParseVm", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        using var doc = System.Text.Json.JsonDocument.Parse(bytes);
        var items = doc.RootElement.GetProperty("data").EnumerateArray().ToList();
        double ParseAll() => Ms(() => { for (int k = 0; k < 100; k++) foreach (var it in items) parse.Invoke(client, new object?[] { it, null, null }); });
        ParseAll();
        Console.WriteLine($"ParseVm x 10k (by reflection): {Median(Enumerable.Range(0, 7).Select(_ => ParseAll())):0} ms");
        var q = new CloudVm.VmQuery();
        var vm0 = (CloudVm.VirtualMachine)parse.Invoke(client, new object?[] { items[0], null, null })!;
        Console.WriteLine($"query.Matches x 10k: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => { for (int k = 0; k < 10000; k++) { q.Matches(vm0); q.MatchesLocally(vm0); } }))):0} ms");
    }
    Console.WriteLine($"100 JsonDocument.Parse of a page: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => { for (int i = 0; i < 100; i++) System.Text.Json.JsonDocument.Parse(bytes).Dispose(); }))):0} ms ({bytes.Length} bytes a page)");
    Console.WriteLine($"Get-CloudVm | Out-Null: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => Ps("Get-CloudVm | Out-Null")))):0} ms");
    Console.WriteLine($"raw: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => raw.ListAsync(1, _ => { }).GetAwaiter().GetResult()))):0} ms");
    Console.WriteLine($"raw 4: {Median(Enumerable.Range(0, 7).Select(_ => Ms(() => raw.ListAsync(4, _ => { }).GetAwaiter().GetResult()))):0} ms");
    GC.Collect(); var before = GC.GetTotalAllocatedBytes(true); Engine(); Console.WriteLine($"engine alloc/VM: {(GC.GetTotalAllocatedBytes(true) - before) / 10000.0:0} B");
    GC.Collect(); before = GC.GetTotalAllocatedBytes(true); Ps("Get-CloudVm | Out-Null"); Console.WriteLine($"cmdlet alloc/VM: {(GC.GetTotalAllocatedBytes(true) - before) / 10000.0:0} B");
    GC.Collect(); before = GC.GetTotalAllocatedBytes(true); raw.ListAsync(1, _ => { }).GetAwaiter().GetResult(); Console.WriteLine($"raw alloc/VM: {(GC.GetTotalAllocatedBytes(true) - before) / 10000.0:0} B");
    return;
}

// ---- lists ----
int listed = 0;
Action cloudList = () => Ps("Get-CloudVm | Out-Null");
void RawList(int inFlight) => raw.ListAsync(inFlight, _ => listed++).GetAwaiter().GetResult();

server.Vms = 10_000;
var (c10, r10) = Alternate(cloudList, () => RawList(1));
var r10x4 = Median(Enumerable.Range(0, rounds).Select(_ => Ms(() => RawList(4))));
rows.Add(("list 10k VMs, no added latency (raw: sequential; 4 in flight: " + $"{r10x4:0} ms)", $"{c10:0} ms", $"{r10:0} ms", $"{c10 / r10:0.00}×", "≤ 2.0×"));
server.ResetCount(); Ps("Get-CloudVm | Out-Null"); var listRequests = server.Requests;

server.Vms = 100_000;
var (c100, r100) = Alternate(cloudList, () => RawList(1));
Row("list 100k VMs", c100, r100, 2.0);

server.Vms = 10_000;
server.Latency = TimeSpan.FromMilliseconds(20);
var (c10l, r10l) = Alternate(cloudList, () => RawList(4));
Row("list 10k VMs, +20 ms per request (raw: 4 in flight)", c10l, r10l, 1.2);
server.Latency = TimeSpan.Zero;

// ---- allocation, GC and memory while streaming ----
double Allocated(Action a, int n) { GC.Collect(); var before = GC.GetTotalAllocatedBytes(true); a(); return (GC.GetTotalAllocatedBytes(true) - before) / (double)n; }
server.Vms = 10_000;
cloudList(); RawList(1);   // the server's pages for both walks are cached before anything is counted
var allocC = Allocated(cloudList, 10_000);
var allocR = Allocated(() => RawList(1), 10_000);
rows.Add(("allocated per VM (10k list)", $"{allocC / 1024:0.00} KB", $"{allocR / 1024:0.00} KB", $"{allocC / allocR:0.0}×", "≤ 3 KB"));

server.Vms = 100_000;
Ps("Get-CloudVm | Out-Null"); // the server's page cache is warm for this walk
(double growth, double pause) Streaming(Action a)
{
    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
    var p = Process.GetCurrentProcess(); p.Refresh();
    long start = p.WorkingSet64, peak = start;
    var pauseBefore = GC.GetTotalPauseDuration();
    using var done = new ManualResetEventSlim();
    var sampler = new Thread(() => { while (!done.IsSet) { p.Refresh(); peak = Math.Max(peak, p.WorkingSet64); Thread.Sleep(2); } }) { IsBackground = true };
    sampler.Start();
    a();
    done.Set(); sampler.Join();
    return ((peak - start) / 1048576.0, (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds);
}
var (growC, pauseC) = Streaming(cloudList);
var (growR, pauseR) = Streaming(() => RawList(1));
rows.Add(("peak working-set growth streaming 100k VMs", $"{growC:0.0} MB", $"{growR:0.0} MB", "", "≤ 30 MB"));
rows.Add(("GC pause over a 100k list", $"{pauseC:0} ms", $"{pauseR:0} ms", "", ""));

// ---- bulk and waits ----
server.Vms = 5000;
Ps("$vms = @(Get-CloudVm)");
server.Latency = TimeSpan.FromMilliseconds(20);
var bodies = Enumerable.Range(0, 100).Select(i => System.Text.Json.JsonSerializer.Serialize(new { ids = Enumerable.Range(i * 50, 50).Select(RawGpcn.VmId) })).ToList();
var (cStop, rStop) = Alternate(() => Ps("$vms | Stop-CloudVm | Out-Null"), () => raw.PostAllAsync("resource/virtual-machines/bulk/stop", bodies, 4).GetAwaiter().GetResult());
server.ResetCount(); Ps("$vms | Stop-CloudVm | Out-Null"); var stopRequests = server.Requests;
if (args.Contains("--debug")) foreach (var kv in server.ByPath) Console.WriteLine($"stop: {kv.Key} {kv.Value}");
Row($"Stop-CloudVm 5000 piped VMs, +20 ms ({stopRequests} requests; raw: 4 in flight)", cStop, rStop, 1.3);

server.Latency = TimeSpan.Zero;
var jobIds = Enumerable.Range(0, 500).Select(RawGpcn.JobId).ToList();
int polls = 0;
double WaitOnce(bool cloudvm)
{
    // New jobs each time (500 deletes, 10 bulk requests, untimed), then the timed wait at +20 ms.
    server.Latency = TimeSpan.Zero;
    server.ResetJobs();
    if (cloudvm) Ps("$jobs = @($vms | Select-Object -First 500 | Remove-CloudVm -Force)");
    server.Latency = TimeSpan.FromMilliseconds(20);
    server.ResetCount();
    var ms = cloudvm ? Ms(() => Ps("$jobs | Wait-CloudVmJob | Out-Null")) : Ms(() => polls = raw.WaitJobsAsync(jobIds, 10, TimeSpan.FromSeconds(5)).GetAwaiter().GetResult());
    return ms;
}
WaitOnce(true); WaitOnce(false);
var cw = new List<double>(); var rw = new List<double>(); int waitRequests = 0;
for (int i = 0; i < rounds; i++) { cw.Add(WaitOnce(true)); waitRequests = server.Requests; rw.Add(WaitOnce(false)); }
var (cWait, rWait) = (Median(cw), Median(rw));
Row($"Wait-CloudVmJob 500 jobs, +20 ms ({waitRequests} polls, raw {polls}; raw: 10 in flight)", cWait, rWait, 1.1);
server.Latency = TimeSpan.Zero;

// ---- real pwsh: import and the first command, in fresh processes ----
// In every real pwsh given with --pwsh <path> (repeatable), else in each of: ../shared/tools/pwsh (built from source, not
// ReadyToRun), Microsoft's own 7.6.10 where .ci/run installed it (the dotnet tool, whose assemblies are IL too: its
// System.Management.Automation.dll is the size of the shared one) and that tool made ReadyToRun by readytorun.sh, as
// Microsoft's release archives are; else pwsh on PATH.
var root = FindRoot();
List<string> Given(string option) => args.Select((a, i) => (a, i)).Where(t => t.a == option && t.i + 1 < args.Length).Select(t => args[t.i + 1]).ToList();
var given = Given("--pwsh");
var ciCache = Environment.GetEnvironmentVariable("CLOUDVM_CI_CACHE") is { Length: > 0 } c ? c : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cloudvm-ci");
var shells = given.Count > 0 ? given
    : new[] { Path.Combine(root, "..", "shared", "tools", "pwsh"), Path.Combine(ciCache, "pwsh-7.6.10", "pwsh"), Path.Combine(ciCache, "pwsh-7.6.10-r2r", "pwsh") }.Where(File.Exists).ToList();
if (shells.Count == 0 && FindOnPath("pwsh") is string onPath) shells.Add(onPath);
var extra = new List<string>();
// --module <CloudVm.psd1> (repeatable) measures other builds of the module, e.g. one whose assemblies are ReadyToRun.
var modules = Given("--module");
if (modules.Count == 0)
{
    var built = Path.Combine(root, "out", "CloudVm", "CloudVm.psd1");
    modules.Add(File.Exists(built) ? built : Path.Combine(AppContext.BaseDirectory, "CloudVm.psd1"));
    // tools/CloudVm.Benchmarks/readytorun.sh makes this (and the ReadyToRun pwsh) from out/CloudVm.
    if (Path.Combine(ciCache, "CloudVm-r2r", "CloudVm.psd1") is var r2r && File.Exists(r2r)) modules.Add(r2r);
}
// The yardstick: a one-cmdlet binary module with its manifest (as every published module has one).
var one = Path.Combine(root, "tools", "CloudVm.Benchmarks", "OneCmdlet", "bin", "out", "OneCmdlet.psd1");
if (shells.Count > 0)
{
    if (!File.Exists(Path.Combine(Path.GetDirectoryName(one)!, "OneCmdlet.dll"))) Run("dotnet", $"build \"{Path.Combine(root, "tools", "CloudVm.Benchmarks", "OneCmdlet", "OneCmdlet.csproj")}\" -c Release -o \"{Path.GetDirectoryName(one)}\" -v q --nologo");
    File.Copy(Path.Combine(root, "tools", "CloudVm.Benchmarks", "OneCmdlet", "OneCmdlet.psd1"), one, overwrite: true);
}
else extra.Add("No real pwsh found: the import and first-command rows were not measured.");
// The key from the environment, as a scheduled task gives it (ConvertTo-SecureString would add ~150 ms of loading
// Microsoft.PowerShell.Security to this measurement, which is PowerShell's, not CloudVm's).
Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", "gpcn_benchmark-key");
foreach (var pwsh in shells)
{
    var version = Run(pwsh, "-NoProfile -Command \"$PSVersionTable.PSVersion.ToString()\"").Trim();
    var build = pwsh.Contains("r2r", StringComparison.OrdinalIgnoreCase) ? "Microsoft's dotnet tool made ReadyToRun with crossgen2"
        : pwsh.Contains("pwsh-7.6.10", StringComparison.Ordinal) ? "Microsoft's dotnet tool (IL)"
        : pwsh.Contains(Path.Combine("shared", "tools"), StringComparison.Ordinal) ? "built from source (IL)" : "from PATH";
    (double import, double first) Fresh(string script)
    {
        var runs = Enumerable.Range(0, quick ? 3 : 5).Select(_ =>
        {
            var o = Run(pwsh, $"-NoProfile -NonInteractive -Command \"{script}\"").Trim().Split('\n').Last().Split(' ');
            return (double.Parse(o[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(o[1], System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();
        return (Median(runs.Select(r => r.Item1)), Median(runs.Select(r => r.Item2)));
    }
    const string Timer = "$w = [Diagnostics.Stopwatch]::StartNew(); ";
    const string Report = "; '{0:0.0} {1:0.0}' -f $i, $w.Elapsed.TotalMilliseconds";
    var oc = Fresh(Timer + $"Import-Module '{one}'; $i = $w.Elapsed.TotalMilliseconds; $null = Get-One" + Report);
    var irm = Fresh(Timer + $"Import-Module '{one}'; $i = $w.Elapsed.TotalMilliseconds; $null = Invoke-RestMethod -Uri '{server.Endpoint}/resource/virtual-machines?page=1&limit=1' -Headers @{{ 'api-key' = $env:CLOUDVM_GPCN_API_KEY }}" + Report);
    foreach (var module in modules)
    {
        var cv = Fresh(Timer + $"Import-Module '{module}'; $i = $w.Elapsed.TotalMilliseconds; $null = Connect-CloudVm -Provider Gpcn -Endpoint '{server.Endpoint}'" + Report);
        var cvQuiet = Fresh(Timer + $"Import-Module '{module}'; $i = $w.Elapsed.TotalMilliseconds; $null = Connect-CloudVm -Provider Gpcn -Endpoint '{server.Endpoint}' -SkipValidation" + Report);
        var tag = $"pwsh {version}, {build}" + (modules.Count > 1 ? $"; module {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(module)))}" : "");
        rows.Add(($"{tag}: Import-Module, fresh process (raw: a one-cmdlet module)", $"{cv.import:0} ms", $"{oc.import:0} ms", $"+{cv.import - oc.import:0} ms", ""));
        rows.Add(($"{tag}: Import-Module + first validated Connect-CloudVm (raw: one-cmdlet module + Get-One)", $"{cv.first:0} ms", $"{oc.first:0} ms", $"+{cv.first - oc.first:0} ms", "≤ +100 ms"));
        rows.Add(($"{tag}: Import-Module + Connect-CloudVm -SkipValidation (raw: + Get-One)", $"{cvQuiet.first:0} ms", $"{oc.first:0} ms", $"+{cvQuiet.first - oc.first:0} ms", ""));
        rows.Add(($"{tag}: Import-Module + first validated Connect-CloudVm (raw: one-cmdlet module + Invoke-RestMethod to the same server)", $"{cv.first:0} ms", $"{irm.first:0} ms", $"{cv.first - irm.first:+0;-0} ms", ""));
        // The emulator inside the module loads only when used (issue 24): after a real session's first request it is not
        // loaded; a first emulated session costs what this row says.
        var loaded = Run(pwsh, $"-NoProfile -NonInteractive -Command \"Import-Module '{module}'; $null = Connect-CloudVm -Provider Gpcn -Endpoint '{server.Endpoint}'; $null = Get-CloudVm; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -contains 'CloudVm.Emulation'\"").Trim().Split('\n').Last().Trim();
        rows.Add(($"{tag}: CloudVm.Emulation loaded after a real session's Connect-CloudVm and Get-CloudVm", loaded == "False" ? "no" : "YES", "", "", "no"));
        var emu = Fresh(Timer + $"Import-Module '{module}'; $i = $w.Elapsed.TotalMilliseconds; $null = Connect-CloudVm -Provider Gpcn -Emulator" + Report);
        rows.Add(($"{tag}: Import-Module + first validated Connect-CloudVm -Emulator, in process (raw: the real validated Connect-CloudVm)", $"{emu.first:0} ms", $"{cv.first:0} ms", $"{emu.first - cv.first:+0;-0} ms", ""));
    }
    extra.Add($"real pwsh: {version} ({pwsh}, {build}); modules: {string.Join(", ", modules)}");
}

Console.WriteLine($"CloudVm {typeof(CloudVm.CloudVmSession).Assembly.GetName().Version} against a raw client; median of {rounds} alternating rounds; hosted PowerShell {typeof(PSObject).Assembly.GetName().Version}; .NET {Environment.Version}; {Environment.ProcessorCount} cores");
Console.WriteLine($"request counts: list 10k = {listRequests} pages (plain: 100); Stop 5000 = {stopRequests} bulk requests; Wait 500 = {waitRequests} polls");
foreach (var e in extra) Console.WriteLine(e);
Console.WriteLine();
Console.WriteLine("| measurement | CloudVm | raw | ratio | target |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var r in rows) Console.WriteLine($"| {r.what} | {r.cloudvm} | {r.raw} | {r.ratio} | {r.target} |");

static string Run(string exe, string arguments)
{
    var psi = new ProcessStartInfo(exe, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {arguments} failed: {output}{p.StandardError.ReadToEnd()}");
    return output;
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "CloudVm.PowerShell.sln"))) return d.FullName;
    return Directory.GetCurrentDirectory();
}

static string? FindOnPath(string name) =>
    (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
