using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CloudVm.PowerShell;
using CloudVm.Providers;
using Xunit;

namespace CloudVm.Tests;

/// <summary>The module as a whole: its manifest, its cmdlets' attributes, its views, its help, what each provider declares
/// against what its client implements, and that the scripts of the repository parse.</summary>
public sealed class ModuleTests
{
    static readonly Type[] Cmdlets = typeof(CloudVmCmdlet).Assembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null && !t.IsAbstract).ToArray();
    static string Name(Type t) { var c = t.GetCustomAttribute<CmdletAttribute>()!; return $"{c.VerbName}-{c.NounName}"; }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_and_every_one_is_idiomatic()
    {
        using var ps = new Pwsh();
        var r = ps.Run($"(Test-ModuleManifest -Path '{Pwsh.ModulePath}').ExportedCmdlets.Keys");
        r.NoErrors();
        var exported = r.Output.Select(o => o.ToString()).OrderBy(x => x).ToList();
        Assert.Equal(Cmdlets.Select(Name).OrderBy(x => x), exported);
        var approved = typeof(VerbsCommon).Assembly.GetTypes().Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal)).SelectMany(t => t.GetFields()).Select(f => f.GetValue(null)).OfType<string>().ToHashSet();
        foreach (var t in Cmdlets)
        {
            var c = t.GetCustomAttribute<CmdletAttribute>()!;
            Assert.Contains(c.VerbName, approved);
            Assert.True(t.GetCustomAttributes<OutputTypeAttribute>().Any(), $"{Name(t)} has no [OutputType]");
            bool changes = c.VerbName is not ("Get" or "Wait" or "Connect");
            if (changes) Assert.True(c.SupportsShouldProcess, $"{Name(t)} changes something but has no -WhatIf/-Confirm");
            if (c.VerbName is "Remove") Assert.True(c.ConfirmImpact >= ConfirmImpact.Medium, $"{Name(t)} deletes with ConfirmImpact {c.ConfirmImpact}");
        }
    }

    [Fact]
    public void Every_output_type_has_a_table_and_a_list_view()
    {
        var xml = XDocument.Load(Path.Combine(T.Root(), "CloudVm.Format.ps1xml"));
        var views = xml.Descendants("View").Select(v => (type: v.Element("ViewSelectedBy")!.Element("TypeName")!.Value, table: v.Element("TableControl") != null, list: v.Element("ListControl") != null)).ToList();
        var types = Cmdlets.SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>()).SelectMany(a => a.Type).Select(t => t.Type).Where(t => t != null && t.Namespace == "CloudVm").Distinct().ToList();
        Assert.NotEmpty(types);
        foreach (var t in types)
        {
            Assert.True(views.Any(v => v.type == t!.FullName && v.list), $"{t!.FullName} has no list view");
            if (t != typeof(CloudVmAccount)) Assert.True(views.Any(v => v.type == t.FullName && v.table), $"{t.FullName} has no table view");
        }
    }

    [Fact]
    public void The_cmdlets_assembly_references_only_PowerShell_the_model_and_the_engine()
    {
        var refs = typeof(CloudVmCmdlet).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var allowed = new[] { "netstandard", "System.Management.Automation", "CloudVm.Core", "CloudVm.Engine" };
        Assert.All(refs, r => Assert.True(allowed.Contains(r) || r.StartsWith("System.", StringComparison.Ordinal), $"CloudVm.PowerShell references {r}"));
        // The model is what both load contexts share, so it must stand alone.
        Assert.DoesNotContain(typeof(CloudVmSession).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("CloudVm", StringComparison.Ordinal));
    }

    /// <summary>Which client method carries which declared operation.</summary>
    static readonly Dictionary<string, CloudVmOperation[]> Methods = new()
    {
        ["CreateVmAsync"] = new[] { CloudVmOperation.CreateVm },
        ["DeleteVmAsync"] = new[] { CloudVmOperation.DeleteVm },
        ["ResizeAsync"] = new[] { CloudVmOperation.Resize },
        ["UpdateAsync"] = new[] { CloudVmOperation.Rename, CloudVmOperation.SetResourceGroup },
        ["GetConsoleAsync"] = new[] { CloudVmOperation.GetConsole },
        ["GetSecretAsync"] = new[] { CloudVmOperation.GetPassword, CloudVmOperation.GetSshPrivateKey },
        ["ListNetworkInterfacesAsync"] = new[] { CloudVmOperation.ListNetworkInterfaces },
        ["AddNetworkInterfaceAsync"] = new[] { CloudVmOperation.AddNetworkInterface },
        ["RemoveNetworkInterfaceAsync"] = new[] { CloudVmOperation.RemoveNetworkInterface },
        ["SetPrimaryNetworkInterfaceAsync"] = new[] { CloudVmOperation.SetPrimaryNetworkInterface },
        ["AddPublicIpAsync"] = new[] { CloudVmOperation.AddPublicIp },
        ["RemovePublicIpAsync"] = new[] { CloudVmOperation.RemovePublicIp },
        ["ListAvailableNetworksAsync"] = new[] { CloudVmOperation.ListAvailableNetworks },
        ["ListLocationsAsync"] = new[] { CloudVmOperation.ListLocations },
        ["ListSizesAsync"] = new[] { CloudVmOperation.ListSizes },
        ["ListImagesAsync"] = new[] { CloudVmOperation.ListImages },
        ["ListResizeTargetsAsync"] = new[] { CloudVmOperation.ListResizeTargets },
        ["LookupJobsAsync"] = new[] { CloudVmOperation.LookupJobs },
        ["ListVmJobsAsync"] = new[] { CloudVmOperation.ListVmJobs },
        ["GetVmStatusAsync"] = new[] { CloudVmOperation.GetVmStatus },
        ["ListUsageAsync"] = new[] { CloudVmOperation.ListUsage },
        ["ListMarketplaceItemsAsync"] = new[] { CloudVmOperation.ListMarketplaceItems },
        ["ListSshKeysAsync"] = new[] { CloudVmOperation.ListSshKeys },
        ["ListUserDataScriptsAsync"] = new[] { CloudVmOperation.ListUserDataScripts },
        ["CreateUserDataScriptAsync"] = new[] { CloudVmOperation.NewUserDataScript },
        ["GetAccountAsync"] = new[] { CloudVmOperation.GetAccount },
        ["ListInvoicesAsync"] = new[] { CloudVmOperation.ListInvoices },
        ["CreateSupportTicketAsync"] = new[] { CloudVmOperation.NewSupportTicket },
        ["ReadCopyPageAsync"] = new[] { CloudVmOperation.ListSnapshots, CloudVmOperation.ListBackups },
        ["GetCopyAsync"] = new[] { CloudVmOperation.GetSnapshot, CloudVmOperation.GetBackup },
        ["CreateCopyAsync"] = new[] { CloudVmOperation.NewSnapshot, CloudVmOperation.NewBackup },
        ["DeleteCopyAsync"] = new[] { CloudVmOperation.RemoveSnapshot, CloudVmOperation.RemoveBackup },
        ["RenameCopyAsync"] = new[] { CloudVmOperation.RenameSnapshot, CloudVmOperation.RenameBackup },
        ["RestoreCopyAsync"] = new[] { CloudVmOperation.RestoreSnapshot, CloudVmOperation.RestoreBackup },
        ["CopyCopyAsync"] = new[] { CloudVmOperation.CopySnapshot, CloudVmOperation.CopyBackup },
    };

    [Theory]
    [MemberData(nameof(Connections.Providers), MemberType = typeof(Connections))]
    public void What_a_provider_declares_is_what_its_client_implements(string provider)
    {
        var f = ProviderRegistry.Features(CloudProvider.Parse(provider));
        // The table is exactly the base client's optional operations (bulk forms are optimisations of declared ones).
        var optional = typeof(ProviderClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && !m.IsAbstract && m.DeclaringType == typeof(ProviderClient) && m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(m => m.Name).Where(m => m is not ("RefreshJobsAsync" or "BulkPowerAsync" or "BulkDeleteAsync")).OrderBy(m => m);
        Assert.Equal(optional, Methods.Keys.OrderBy(m => m));
        var client = typeof(ProviderClient).Assembly.GetTypes().Single(t => t.IsSubclassOf(typeof(ProviderClient)) && !t.IsAbstract && t.Name.Equals(provider + "Client", StringComparison.OrdinalIgnoreCase));
        foreach (var (method, ops) in Methods)
        {
            bool overridden = client.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == method && m.DeclaringType == client);
            bool declared = ops.Any(f.Supports);
            Assert.True(overridden == declared, $"{provider}: {method} is {(overridden ? "" : "not ")}implemented but {string.Join("/", ops)} is {(declared ? "" : "not ")}declared");
        }
        Assert.True(f.Supports(CloudVmOperation.ListVms));
    }

    [Fact]
    public void Every_cmdlet_has_help_with_every_parameter_and_no_placeholders()
    {
        var help = Path.Combine(T.Root(), "help");
        foreach (var t in Cmdlets)
        {
            var file = Path.Combine(help, Name(t) + ".md");
            Assert.True(File.Exists(file), $"{Name(t)} has no help/{Name(t)}.md");
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("{{", text);
            foreach (var p in t.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>().Any()))
            {
                var m = Regex.Match(text, $@"(?ms)^### -{p.Name}\r?\n\r?\n(.*?)\r?\n\r?\n```yaml");
                Assert.True(m.Success, $"{Name(t)} -{p.Name} is not in its help");
                Assert.False(string.IsNullOrWhiteSpace(m.Groups[1].Value), $"{Name(t)} -{p.Name} has no description");
            }
        }
    }

    [Fact]
    public void The_about_topics_ship_beside_the_cmdlet_help()
    {
        using var ps = new Pwsh();
        var r = ps.Run("Get-Help about_CloudVm | Out-String; Get-Help about_CloudVm_Providers | Out-String");
        r.NoErrors();
        Assert.Contains("UNATTENDED USE", r.Output[0].ToString());
        Assert.Contains("Magalu Cloud", r.Output[1].ToString());
    }

    [Fact]
    public void Every_test_the_docs_name_exists()
    {
        // docs/providers/*.md say which test proves each operation: a renamed test must not leave the docs pointing at nothing.
        var root = T.Root();
        var tests = typeof(ModuleTests).Assembly.GetTypes().SelectMany(t => t.GetMethods()).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var docs = Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(root, "README.md"));
        var missing = (from f in docs
                       from Match m in Regex.Matches(File.ReadAllText(f), @"`([A-Z][a-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){2,})`")
                       where !tests.Contains(m.Groups[1].Value)
                       select $"{Path.GetFileName(f)}: {m.Groups[1].Value}").Distinct().ToList();
        Assert.True(missing.Count == 0, "docs name tests that do not exist:\n" + string.Join("\n", missing));
        Assert.True(tests.Count > 100);
    }

    [Fact]
    public void Every_script_of_the_repository_parses()
    {
        var root = T.Root();
        var scripts = new[] { "samples", "Pester", "tools" }.SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.ps1", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "build.ps1")).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")).ToList();
        Assert.True(scripts.Count >= 12);
        foreach (var f in scripts)
        {
            Parser.ParseFile(f, out _, out var errors);
            Assert.True(errors.Length == 0, $"{f}: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void The_version_is_written_once()
    {
        var manifest = File.ReadAllText(Path.Combine(T.Root(), "CloudVm.psd1"));
        var version = Regex.Match(manifest, @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
        Assert.Equal(version, typeof(CloudVmSession).Assembly.GetName().Version!.ToString(3));
        Assert.Equal(version, typeof(CloudVmCmdlet).Assembly.GetName().Version!.ToString(3));
        Assert.Contains($"## {version}", File.ReadAllText(Path.Combine(T.Root(), "CHANGELOG.md")));
    }
}

/// <summary>README's table of catalog cmdlets per provider is the declared features, written out (issues 21 and 23).</summary>
public sealed class ReadmeCatalogTableTests
{
    internal static string Table()
    {
        var ops = new[] { CloudVmOperation.ListLocations, CloudVmOperation.ListSizes, CloudVmOperation.ListResizeTargets, CloudVmOperation.ListImages, CloudVmOperation.ListSshKeys };
        var providers = CloudVm.Providers.ProviderRegistry.All;
        var sb = new System.Text.StringBuilder();
        sb.Append("| catalog cmdlet | ").Append(string.Join(" | ", providers.Select(p => p.DisplayName))).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(providers.Select(_ => "---|"))).Append('\n');
        foreach (var op in ops)
            sb.Append("| `").Append(CloudVmOperations.Cmdlet(op)).Append("` | ").Append(string.Join(" | ", providers.Select(p => p.Supports(op) ? "yes" : "—"))).Append(" |\n");
        return sb.ToString();
    }

    [Fact]
    public void README_says_per_provider_which_catalog_cmdlets_exist_as_the_providers_declare()
    {
        var readme = File.ReadAllText(Path.Combine(T.Root(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = readme.IndexOf("<!-- catalog table: generated from the declared features -->\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no catalog table");
        var body = readme[(readme.IndexOf('\n', start) + 1)..];
        Assert.True(body.StartsWith(Table(), StringComparison.Ordinal), "README's catalog table differs from the declared features; it should be:\n" + Table());
    }
}

/// <summary>Issue 23, row 3: help examples are shown as PowerShell's own help shows them, code as code, no markdown.</summary>
public sealed class HelpExampleShapeTests
{
    [Fact]
    public void Every_help_example_has_its_code_in_dev_code_and_no_markdown_fences()
    {
        var maml = System.Xml.Linq.XDocument.Load(Path.Combine(T.Root(), "src", "CloudVm.PowerShell", "en-US", "CloudVm.PowerShell.dll-Help.xml"));
        System.Xml.Linq.XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10", dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        var examples = maml.Descendants(command + "example").ToList();
        Assert.True(examples.Count > 80, $"{examples.Count} examples");
        Assert.DoesNotContain("```", maml.ToString(), StringComparison.Ordinal);
        Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(dev + "code")?.Value), e.ToString()[..Math.Min(200, e.ToString().Length)]));
    }
}

/// <summary>Issue 23, row 4: every hint a provider gives names something that provider has.</summary>
public sealed class HintTests
{
    static IEnumerable<string> HintsOf(ProviderFeatures f)
    {
        foreach (var h in f.CreateHints.Values) yield return h;
        foreach (var a in Enum.GetValues<PowerAction>())
        {
            if (f.PowerActions.Contains(a)) continue;
            CloudVmException? e = null;
            try { f.CheckPower(a, null); } catch (CloudVmException x) { e = x; }
            if (e?.RecommendedAction != null) yield return e.RecommendedAction;
        }
        foreach (var r in new[] { new VmResizeRequest { Size = "x" }, new VmResizeRequest { Cpu = 1 }, new VmResizeRequest { MemoryGB = 1 } })
        {
            CloudVmException? e = null;
            try { if (f.Supports(CloudVmOperation.Resize)) f.CheckResize(r); } catch (CloudVmException x) { e = x; }
            if (e != null) yield return e.Message;
        }
    }

    [Theory]
    [MemberData(nameof(Connections.Providers), MemberType = typeof(Connections))]
    public void Every_hint_names_a_cmdlet_the_provider_supports(string provider)
    {
        var f = CloudVm.Providers.ProviderRegistry.Features(CloudProvider.Parse(provider));
        var all = Enum.GetValues<CloudVmOperation>().ToList();
        var supported = all.Where(f.Supports).Select(CloudVmOperations.Cmdlet).ToList();
        var known = all.Select(CloudVmOperations.Cmdlet).ToList();
        foreach (var hint in HintsOf(f))
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(hint, @"\b[A-Z][a-z]+-CloudVm\w*(?: -[A-Z]\w+)?"))
            {
                // "Restart-CloudVm -Force" is the operation Reset; a switch no operation is named by (-Wait) is the cmdlet alone.
                var text = known.Contains(m.Value) ? m.Value : m.Value.Split(' ')[0];
                Assert.True(supported.Any(c => c == text || (c.StartsWith(text + " ", StringComparison.Ordinal) && !known.Contains(text))) || supported.Contains(text),
                    $"{provider}: the hint \"{hint}\" names {text}, which {f.DisplayName} does not have");
            }
    }
}
