using System.Text.RegularExpressions;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Every example of help/*.md and every powershell block of README.md runs, as written, against a world of its own
/// seeded with what the examples name, and writes no error (issue 10). The harness is Pester/Examples.ps1, the same one
/// the real-pwsh Pester run uses; here it runs in the hosted engine on the test's fake clock. Examples set environment
/// variables, so they run one at a time.</summary>
[Collection("process")]
public sealed class ExampleTests : IClassFixture<ExampleTests.Shell>
{
    /// <summary>One runspace with the harness loaded, for every example (each gets a world of its own).</summary>
    public sealed class Shell : IDisposable
    {
        public TestClock Clock { get; } = TestClock.Fast();
        public Pwsh Ps { get; }
        public Shell()
        {
            Ps = new Pwsh(Clock);
            Ps.Run(". $harness", ("harness", Path.Combine(T.Root(), "Pester", "Examples.ps1"))).NoErrors();
            Ps.Run("$script:all = Get-CloudVmDocExample -Root $root", ("root", T.Root())).NoErrors();
        }
        public void Dispose()
        {
            Clock.Stopped = true;
            Ps.Dispose();
        }
    }

    readonly Shell shell;
    public ExampleTests(Shell shell) => this.shell = shell;

    public static IEnumerable<object[]> Examples()
    {
        var root = T.Root();
        var files = Directory.GetFiles(Path.Combine(root, "help"), "*.md").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).Append(Path.Combine(root, "README.md"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n");
            if (!file.EndsWith("README.md", StringComparison.Ordinal))
            {
                var start = text.IndexOf("\n## EXAMPLES", StringComparison.Ordinal);
                if (start < 0) continue;
                var end = text.IndexOf("\n## PARAMETERS", StringComparison.Ordinal);
                text = end > start ? text[start..end] : text[start..];
            }
            var n = 0;
            foreach (Match _ in Regex.Matches(text, "(?ms)^```powershell\n(.*?)^```")) yield return new object[] { Path.GetFileName(file), ++n };
        }
    }

    [Fact]
    public void Every_help_file_has_examples_and_every_example_is_found()
    {
        var all = Examples().ToList();
        Assert.True(all.Count > 80, $"only {all.Count} examples");
        foreach (var f in Directory.GetFiles(Path.Combine(T.Root(), "help"), "*.md"))
            Assert.Contains(all, e => (string)e[0] == Path.GetFileName(f));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_example_runs_as_written(string file, int number)
    {
        await using var emu = await Emulator.StartAsync(o => o.ExampleSeed = true, shell.Clock);
        shell.Ps.Host.Prompts.Clear();
        var r = shell.Ps.Run("$e = $script:all | Where-Object { $_.Source -eq $file -and $_.Number -eq $number }; if (-not $e) { throw 'example not found' }; Invoke-CloudVmDocExample -Example $e -BaseUrl $base",
            ("file", file), ("number", number), ("base", emu.Host.BaseAddress));
        r.NoErrors();
        Assert.True(shell.Ps.Host.Prompts.Count == 0, $"{file} #{number} asked: {string.Join(" | ", shell.Ps.Host.Prompts)}; an example must run without answering questions");
        var result = Assert.Single(r.Output).Properties;
        var errors = (object[])result["Errors"].Value;
        Assert.True(errors.Length == 0, $"{file} #{number} on {result["Provider"].Value}:\n{((PSObjectExtensions.Code(result)))}\n--- errors:\n{string.Join("\n", errors.Select(e => e.ToString()))}\n--- output:\n{result["Output"].Value}");
    }
}

static class PSObjectExtensions
{
    public static string Code(System.Management.Automation.PSMemberInfoCollection<System.Management.Automation.PSPropertyInfo> p) =>
        ((System.Management.Automation.PSObject)p["Example"].Value).Properties["Code"].Value?.ToString() ?? "";
}
