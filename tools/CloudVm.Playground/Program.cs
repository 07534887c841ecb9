using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CloudVm.Emulator;
using CloudVm.Playground;

// Runs .ps1 files the way a user would in pwsh: the emulator starts in-process on 127.0.0.1, the
// built module is imported, $env:CLOUDVM_<PROVIDER>_ENDPOINT and _API_KEY (and e24cloud's _API_SECRET)
// point at the emulator, and everything is written through Out-Default (the module's format views).
// Exit code: 0 when every script ran without an error record, 1 otherwise.
if (args.Length == 0 || args.Contains("--help"))
{
    Console.WriteLine("usage: dotnet run --project tools/CloudVm.Playground -- <script.ps1> [more.ps1 …] [--job-seconds N]");
    return 2;
}
var scripts = new List<string>();
var options = new EmulatorOptions { JobDuration = TimeSpan.FromSeconds(1) };
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--job-seconds") options.JobDuration = TimeSpan.FromSeconds(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
    else scripts.Add(Path.GetFullPath(args[i]));
}

await using var emulator = await EmulatorHost.StartAsync(options);
foreach (var p in emulator.Default.Profiles)
{
    var prefix = "CLOUDVM_" + p.Provider.ToUpperInvariant() + "_";
    Environment.SetEnvironmentVariable(prefix + "ENDPOINT", p.Endpoint.ToString());
    Environment.SetEnvironmentVariable(prefix + "API_KEY", p.Key);
    if (p.Secret != null) Environment.SetEnvironmentVariable(prefix + "API_SECRET", p.Secret);
    if (p.Region != null) Environment.SetEnvironmentVariable(prefix + "REGION", p.Region);
}
Console.WriteLine($"CloudVm playground: emulator on {emulator.BaseAddress}, PowerShell {typeof(PSObject).Assembly.GetName().Version}");

int failures = 0;
foreach (var script in scripts)
{
    Console.WriteLine($"\n### {Path.GetFileName(script)}\n");
    var host = new CloudVm.Playground.TextHost(Console.Out, plainText: Console.IsOutputRedirected);
    var iss = Engine.InitialState();
    using var runspace = RunspaceFactory.CreateRunspace(host, iss);
    runspace.Open();
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript($"$ErrorActionPreference = 'Continue'; $ProgressPreference = 'SilentlyContinue'; . '{script.Replace("'", "''")}'")
      .AddCommand("Out-Default");
    ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
    try
    {
        ps.Invoke();
    }
    catch (RuntimeException e)
    {
        Console.WriteLine("Script stopped: " + e.ErrorRecord);
        failures++;
    }
    if (ps.HadErrors || (runspace.SessionStateProxy.GetVariable("Error") is System.Collections.ArrayList errors && errors.Count > 0))
    {
        Console.WriteLine($"### {Path.GetFileName(script)}: finished with errors");
        failures++;
    }
    else Console.WriteLine($"### {Path.GetFileName(script)}: OK");
}
return failures == 0 ? 0 : 1;

namespace CloudVm.Playground
{
    /// <summary>The hosted engine's first state: the core cmdlets, Microsoft.PowerShell.Utility, .Management and .Security
    /// (Select-Object, Format-Table, Join-Path, ConvertTo-SecureString …, which the engine package alone lacks) and the built CloudVm module.</summary>
    public static class Engine
    {
        public static InitialSessionState InitialState()
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(typeof(Microsoft.PowerShell.Commands.SelectObjectCommand).Assembly.Location);
            iss.ImportPSModule(typeof(Microsoft.PowerShell.Commands.JoinPathCommand).Assembly.Location);
            iss.ImportPSModule(typeof(Microsoft.PowerShell.Commands.ConvertToSecureStringCommand).Assembly.Location);
            iss.ImportPSModule(Path.Combine(AppContext.BaseDirectory, "CloudVm.psd1"));
            return iss;
        }
    }
}
