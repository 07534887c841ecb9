using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CloudVm.HelpGen;

/// <summary>One cmdlet's help text as written in help/Verb-Noun.md (platyPS-style sections).</summary>
public sealed class HelpText
{
    public string Synopsis { get; set; } = "";
    public string Description { get; set; } = "";
    public List<(string title, string code, string remarks)> Examples { get; } = new();
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string Notes { get; set; } = "";

    public static HelpText Parse(string markdown)
    {
        var help = new HelpText();
        string? section = null, sub = null;
        var buffer = new List<string>();
        void Flush()
        {
            var text = string.Join("\n", buffer).Trim();
            buffer.Clear();
            switch (section)
            {
                case "SYNOPSIS": help.Synopsis = text; break;
                case "DESCRIPTION": help.Description = text; break;
                case "NOTES": help.Notes = text; break;
                case "PARAMETERS" when sub != null: help.Parameters[sub.TrimStart('-')] = text; break;
                case "EXAMPLES" when sub != null:
                    var m = Regex.Match(text, "```(?:powershell)?\\n(.*?)\\n```(.*)", RegexOptions.Singleline);
                    help.Examples.Add((sub, m.Success ? m.Groups[1].Value.Trim() : "", m.Success ? m.Groups[2].Value.Trim() : text));
                    break;
            }
        }
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("## ")) { Flush(); section = line[3..].Trim(); sub = null; }
            else if (line.StartsWith("### ")) { Flush(); sub = line[4..].Trim(); }
            else if (!line.StartsWith("# ")) buffer.Add(line);
        }
        Flush();
        return help;
    }
}

/// <summary>Writes MAML for every cmdlet in the module assembly.</summary>
public static class MamlGenerator
{
    static readonly XNamespace Msh = "http://msh";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    static readonly string[] Common = { "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm" };

    public static IEnumerable<Type> Cmdlets(Assembly assembly) =>
        assembly.GetTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() != null).OrderBy(t => Name(t));

    public static string Name(Type t)
    {
        var c = t.GetCustomAttribute<CmdletAttribute>()!;
        return $"{c.VerbName}-{c.NounName}";
    }

    /// <summary>Help text for a cmdlet: its own file, with shared parameter texts from help/_common.md as fallback.</summary>
    public static HelpText Load(string helpDir, string name)
    {
        var path = Path.Combine(helpDir, name + ".md");
        var help = File.Exists(path) ? HelpText.Parse(File.ReadAllText(path)) : new HelpText();
        var common = Path.Combine(helpDir, "_common.md");
        if (File.Exists(common))
            foreach (var (k, v) in HelpText.Parse(File.ReadAllText(common)).Parameters)
                help.Parameters.TryAdd(k, v);
        return help;
    }

    /// <summary>What is missing: cmdlets without synopsis/description/example, parameters without text.</summary>
    public static List<string> Gaps(Assembly assembly, string helpDir)
    {
        var gaps = new List<string>();
        foreach (var t in Cmdlets(assembly))
        {
            var name = Name(t);
            var help = Load(helpDir, name);
            if (help.Synopsis.Length == 0) gaps.Add($"{name}: no SYNOPSIS");
            if (help.Description.Length == 0) gaps.Add($"{name}: no DESCRIPTION");
            if (help.Examples.Count == 0 || help.Examples.Any(e => e.code.Length == 0)) gaps.Add($"{name}: no example with code");
            foreach (var p in Parameters(t).Select(p => p.Name).Distinct())
                if (!help.Parameters.ContainsKey(p) || help.Parameters[p].Length == 0) gaps.Add($"{name}: no text for -{p}");
        }
        return gaps;
    }

    static IEnumerable<PropertyInfo> Parameters(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttributes<ParameterAttribute>().Any());

    public static XDocument Generate(Assembly assembly, string helpDir)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev));
        foreach (var t in Cmdlets(assembly)) root.Add(CommandElement(t, Load(helpDir, Name(t))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    static XElement Paras(string text) => new(Maml + "description",
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => new XElement(Maml + "para", p.Replace("\n", " ").Trim())));

    static string TypeName(Type t)
    {
        var u = Nullable.GetUnderlyingType(t) ?? t;
        return u.IsArray ? TypeName(u.GetElementType()!) + "[]" : u == typeof(SwitchParameter) ? "SwitchParameter" : u.FullName ?? u.Name;
    }

    static XElement CommandElement(Type t, HelpText help)
    {
        var c = t.GetCustomAttribute<CmdletAttribute>()!;
        var props = Parameters(t).ToList();
        var sets = props.SelectMany(p => p.GetCustomAttributes<ParameterAttribute>().Select(a => a.ParameterSetName))
            .Where(s => s != ParameterAttribute.AllParameterSets).Distinct().DefaultIfEmpty(ParameterAttribute.AllParameterSets).ToList();

        XElement Param(PropertyInfo p, ParameterAttribute a, bool inSyntax)
        {
            var type = TypeName(p.PropertyType);
            var pipeline = a.ValueFromPipeline && a.ValueFromPipelineByPropertyName ? "True (ByValue, ByPropertyName)" : a.ValueFromPipeline ? "True (ByValue)" : a.ValueFromPipelineByPropertyName ? "True (ByPropertyName)" : "False";
            var enumValues = (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is { IsEnum: true } e ? Enum.GetNames(e) : null;
            var el = new XElement(Command + "parameter",
                new XAttribute("required", a.Mandatory ? "true" : "false"), new XAttribute("variableLength", "true"),
                new XAttribute("globbing", p.GetCustomAttribute<SupportsWildcardsAttribute>() != null ? "true" : "false"),
                new XAttribute("pipelineInput", pipeline), new XAttribute("position", a.Position >= 0 ? (a.Position + 1).ToString() : "named"),
                new XAttribute("aliases", string.Join(", ", p.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? new List<string>()) is { Length: > 0 } al ? al : "none"),
                new XElement(Maml + "name", p.Name),
                Paras(help.Parameters.TryGetValue(p.Name, out var d) ? d : ""));
            if (enumValues != null && inSyntax)
                el.Add(new XElement(Command + "parameterValueGroup", enumValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
            el.Add(new XElement(Command + "parameterValue", new XAttribute("required", type != "SwitchParameter" ? "true" : "false"), new XAttribute("variableLength", "false"), type));
            el.Add(new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")));
            el.Add(new XElement(Dev + "defaultValue", "None"));
            return el;
        }

        var syntax = new XElement(Command + "syntax");
        foreach (var set in sets)
        {
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", Name(t)));
            foreach (var p in props)
            {
                var a = p.GetCustomAttributes<ParameterAttribute>().FirstOrDefault(x => x.ParameterSetName == set) ?? p.GetCustomAttributes<ParameterAttribute>().FirstOrDefault(x => x.ParameterSetName == ParameterAttribute.AllParameterSets);
                if (a != null) item.Add(Param(p, a, true));
            }
            syntax.Add(item);
        }
        var parameters = new XElement(Command + "parameters", props.Select(p => Param(p, p.GetCustomAttributes<ParameterAttribute>().First(), false)));
        var inputs = props.SelectMany(p => p.GetCustomAttributes<ParameterAttribute>().Where(a => a.ValueFromPipeline || a.ValueFromPipelineByPropertyName).Select(_ => TypeName(p.PropertyType))).Distinct().ToList();
        var outputs = t.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type).Select(o => o.Name).Distinct().ToList();

        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", Name(t)),
                new XElement(Command + "verb", c.VerbName),
                new XElement(Command + "noun", c.NounName),
                new XElement(Maml + "description", new XElement(Maml + "para", help.Synopsis.Replace("\n", " ")))),
            Paras(help.Description),
            syntax,
            parameters,
            new XElement(Command + "inputTypes", (inputs.Count == 0 ? new List<string> { "None" } : inputs).Select(i =>
                new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", i)), new XElement(Maml + "description")))),
            new XElement(Command + "returnValues", outputs.Select(o =>
                new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", o)), new XElement(Maml + "description")))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", new XElement(Maml + "para", help.Notes.Replace("\n", " ")))),
            new XElement(Command + "examples", help.Examples.Select(e => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- {e.title} --------------------------"),
                new XElement(Dev + "code", e.code),
                new XElement(Dev + "remarks", new XElement(Maml + "para", e.remarks.Replace("\n", " ")))))),
            new XElement(Command + "relatedLinks", new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", "about CloudVm: README.md"), new XElement(Maml + "uri"))));
    }
}
