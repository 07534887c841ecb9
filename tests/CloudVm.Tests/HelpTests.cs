using System.Management.Automation;
using System.Xml.Linq;
using CloudVm.HelpGen;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Every cmdlet has help a user can read with Get-Help, and the shipped MAML is the one help/*.md makes.</summary>
[Collection("pwsh")]
public sealed class HelpTests
{
    static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CloudVm.PowerShell.sln"))) return d.FullName;
        throw new InvalidOperationException("no repository root");
    }

    static readonly System.Reflection.Assembly Module = typeof(CloudVm.PowerShell.CloudVmCmdlet).Assembly;

    [Fact]
    public void The_shipped_help_is_complete_and_generated_from_help_markdown()
    {
        var help = Path.Combine(Root(), "help");
        Assert.Empty(MamlGenerator.Gaps(Module, help));
        var committed = XDocument.Load(Path.Combine(Root(), "src", "CloudVm.PowerShell", "en-US", "CloudVm.PowerShell.dll-Help.xml")).ToString();
        Assert.True(MamlGenerator.Generate(Module, help).ToString() == committed,
            "src/CloudVm.PowerShell/en-US/CloudVm.PowerShell.dll-Help.xml is stale: run `dotnet run --project tools/CloudVm.HelpGen`.");
    }

    [Fact]
    public void Get_Help_shows_synopsis_examples_and_parameter_texts_for_every_cmdlet()
    {
        using var ps = new Pwsh();
        var names = MamlGenerator.Cmdlets(Module).Select(MamlGenerator.Name).ToList();
        Assert.Equal(46, names.Count);
        foreach (var name in names)
        {
            var r = ps.Run($"$h = Get-Help {name} -Full; $h.Synopsis; @($h.Examples.Example).Count; ($h.Parameters.Parameter | Where-Object {{ -not $_.Description }} | ForEach-Object Name) -join ','");
            Assert.Empty(r.AllErrors);
            var synopsis = r.Output[0].ToString();
            Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase) || synopsis.Length < 10, $"{name}: Get-Help shows no synopsis ('{synopsis}')");
            Assert.True((int)r.Output[1].BaseObject > 0, $"{name}: no examples");
            Assert.Equal("", r.Output[2].ToString());
        }
    }
}
