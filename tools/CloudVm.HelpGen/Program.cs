using CloudVm.HelpGen;

// dotnet run --project tools/CloudVm.HelpGen [-- <repo root>]
// Writes src/CloudVm.PowerShell/en-US/CloudVm.PowerShell.dll-Help.xml from help/*.md. Fails on gaps.
var root = args.Length > 0 ? args[0] : FindRoot(AppContext.BaseDirectory);
var assembly = typeof(CloudVm.PowerShell.CloudVmCmdlet).Assembly;
var helpDir = Path.Combine(root, "help");
var gaps = MamlGenerator.Gaps(assembly, helpDir);
foreach (var g in gaps) Console.Error.WriteLine("help gap: " + g);
var output = Path.Combine(root, "src", "CloudVm.PowerShell", "en-US", "CloudVm.PowerShell.dll-Help.xml");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
MamlGenerator.Generate(assembly, helpDir).Save(output);
Console.WriteLine($"wrote {output} ({MamlGenerator.Cmdlets(assembly).Count()} cmdlets)");
return gaps.Count == 0 ? 0 : 1;

static string FindRoot(string start)
{
    for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "CloudVm.PowerShell.sln"))) return d.FullName;
    throw new InvalidOperationException("Cannot find CloudVm.PowerShell.sln above " + start);
}
