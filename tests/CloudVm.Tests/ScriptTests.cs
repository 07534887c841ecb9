using System.Management.Automation.Language;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The PowerShell files this machine cannot run (build.ps1, the Pester stories) and the samples parse
/// without errors in the real PowerShell 7.6 parser, and use only cmdlets that exist.</summary>
public sealed class ScriptTests
{
    static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CloudVm.PowerShell.sln"))) return d.FullName;
        throw new InvalidOperationException("no repository root");
    }

    public static IEnumerable<object[]> Scripts() =>
        new[] { "build.ps1" }.Concat(Directory.GetFiles(Path.Combine(Root(), "Pester"), "*.ps1").Concat(Directory.GetFiles(Path.Combine(Root(), "samples"), "*.ps1"))
            .Select(f => Path.GetRelativePath(Root(), f))).Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Parses_and_calls_only_CloudVm_cmdlets_that_exist(string file)
    {
        var ast = Parser.ParseFile(Path.Combine(Root(), file), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        var exported = typeof(CloudVm.PowerShell.CloudVmCmdlet).Assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(System.Management.Automation.CmdletAttribute), false).FirstOrDefault() as System.Management.Automation.CmdletAttribute)
            .Where(c => c != null).Select(c => $"{c!.VerbName}-{c.NounName}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var used = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).Where(n => n != null && n.Contains("-CloudVm", StringComparison.OrdinalIgnoreCase)).Distinct();
        Assert.All(used, n => Assert.Contains(n!, exported));
    }
}

/// <summary>The resolver that stands in for binding redirects on Windows PowerShell 5.1.</summary>
public sealed class ModuleLoadingTests
{
    [Fact]
    public void The_resolver_answers_only_for_assemblies_shipped_in_the_module_folder()
    {
        var dir = AppContext.BaseDirectory;
        Assert.Equal(Path.Combine(dir, "Polly.Core.dll"), CloudVm.PowerShell.ModuleInitializer.DependencyPath(dir, "Polly.Core, Version=9.9.9.9, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc"));
        Assert.Null(CloudVm.PowerShell.ModuleInitializer.DependencyPath(dir, "Not.Shipped.Anywhere, Version=1.0.0.0"));
        Assert.Null(CloudVm.PowerShell.ModuleInitializer.DependencyPath(dir, "Polly.Core.resources, Version=8.0.0.0, Culture=de"));
    }
}
