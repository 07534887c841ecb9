using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CloudVm.Emulator;
using CloudVm.Playground;

// Each measurement runs a warm-up and then N timed iterations in fresh runspaces; the median is reported.
const int Iterations = 7;
var module = Path.Combine(AppContext.BaseDirectory, "CloudVm.psd1");
var options = new EmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(200) };
await using var emu = await EmulatorHost.StartAsync(options);
Environment.SetEnvironmentVariable("CLOUDVM_GPCN_API_KEY", DemoKeys.Gpcn);
var dc = emu.Gpcn.Datacenters[0];
for (int i = 0; i < 997; i++) emu.Gpcn.AddVm($"bench-{i:0000}", "Running", dc, emu.Gpcn.Configurations[30], emu.Gpcn.Images[12], null, false);

Runspace Open(bool import)
{
    var rs = RunspaceFactory.CreateRunspace(new TextHost(TextWriter.Null), InitialSessionState.CreateDefault2());
    rs.Open();
    if (import) Invoke(rs, $"Import-Module '{module}'; $null = Connect-CloudVm -Provider Gpcn -Endpoint '{emu.GpcnEndpoint}' -MaxPollIntervalSeconds 0.2");
    return rs;
}

static System.Collections.ObjectModel.Collection<PSObject> Invoke(Runspace rs, string script)
{
    using var ps = PowerShell.Create();
    ps.Runspace = rs;
    var result = ps.AddScript(script).Invoke();
    if (ps.HadErrors) throw new Exception(string.Join("; ", ps.Streams.Error));
    return result;
}

double Median(Func<double> measure)
{
    measure();
    var xs = Enumerable.Range(0, Iterations).Select(_ => measure()).OrderBy(x => x).ToList();
    return xs[xs.Count / 2];
}

var rows = new List<(string what, string value)>();

using (var cold = Open(false))
{
    // Warm PowerShell's own module machinery first, so the number is the cost of CloudVm's assemblies.
    Invoke(cold, "New-Module -Name warmup -ScriptBlock { function f {} } | Import-Module; Get-Command -Module warmup | Out-Null");
    var w = Stopwatch.StartNew();
    Invoke(cold, $"Import-Module '{module}'");
    rows.Add(("Import-Module CloudVm, first in the process (cold)", $"{w.Elapsed.TotalMilliseconds:0.0} ms"));
}

rows.Add(("Import-Module CloudVm, fresh runspace (warm)", $"{Median(() =>
{
    using var rs = Open(false);
    var w = Stopwatch.StartNew();
    Invoke(rs, $"Import-Module '{module}'");
    return w.Elapsed.TotalMilliseconds;
}):0.0} ms"));

rows.Add(("Import-Module + first cmdlet call (Get-CloudVmSession)", $"{Median(() =>
{
    using var rs = Open(false);
    var w = Stopwatch.StartNew();
    Invoke(rs, $"Import-Module '{module}'; Get-CloudVmSession | Out-Null");
    return w.Elapsed.TotalMilliseconds;
}):0.0} ms"));

using (var rs = Open(true))
{
    rows.Add(("Get-CloudVm, 1000 VMs: first VM in the pipeline", $"{Median(() =>
        (double)Invoke(rs, "$t = $null; $w = [Diagnostics.Stopwatch]::StartNew(); Get-CloudVm | ForEach-Object { if (-not $t) { $t = $w.Elapsed.TotalMilliseconds } }; $t")[0].BaseObject):0.0} ms"));
    rows.Add(("Get-CloudVm, 1000 VMs: whole list (10 pages)", $"{Median(() =>
    {
        var w = Stopwatch.StartNew();
        Invoke(rs, "Get-CloudVm | ForEach-Object { }");
        return w.Elapsed.TotalMilliseconds;
    }):0.0} ms"));

    emu.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Method = "GET", LatencyMs = 50, Count = int.MaxValue });
    rows.Add(("  with 50 ms latency per request: first VM", $"{Median(() =>
        (double)Invoke(rs, "$t = $null; $w = [Diagnostics.Stopwatch]::StartNew(); Get-CloudVm | ForEach-Object { if (-not $t) { $t = $w.Elapsed.TotalMilliseconds } }; $t")[0].BaseObject):0.0} ms"));
    rows.Add(("  with 50 ms latency per request: whole list", $"{Median(() =>
    {
        var w = Stopwatch.StartNew();
        Invoke(rs, "Get-CloudVm | ForEach-Object { }");
        return w.Elapsed.TotalMilliseconds;
    }):0.0} ms"));
    emu.Faults.Clear();

    emu.Requests.Clear();
    var wb = Stopwatch.StartNew();
    Invoke(rs, "Get-CloudVm -Name bench-0* | Stop-CloudVm | Out-Null");
    var bulkMs = wb.Elapsed.TotalMilliseconds;
    var bulkRequests = emu.RequestsTo("bulk/stop").Count;
    rows.Add(("Stop-CloudVm, 1000 piped VMs (bulk)", $"{bulkMs:0} ms, {bulkRequests} stop requests"));

}
Console.WriteLine($"CloudVm benchmarks (median of {Iterations}, PowerShell {typeof(PSObject).Assembly.GetName().Version}, {Environment.ProcessorCount} cores)");
foreach (var (what, value) in rows) Console.WriteLine($"  {what,-58} {value}");
