using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CloudVm.Playground;
using CloudVm.PowerShell;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Tests that use the process-wide session store or environment variables run one at a time.</summary>
[CollectionDefinition("process", DisableParallelization = true)]
public sealed class ProcessCollection { }

/// <summary>Everything one script produced, stream by stream, and what the host printed.</summary>
public sealed class PwshResult
{
    public List<PSObject> Output { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Debug { get; } = new();
    public List<string> Warning { get; } = new();
    public List<string> Information { get; } = new();
    public List<ProgressRecord> Progress { get; } = new();
    /// <summary>A terminating error, if the script stopped.</summary>
    public ErrorRecord? Terminating { get; set; }
    public string HostText { get; set; } = "";

    public IEnumerable<ErrorRecord> AllErrors => Terminating == null ? Errors : Errors.Append(Terminating);

    public T Single<T>() => Assert.IsType<T>(Assert.Single(Output).BaseObject);
    public List<T> All<T>() => Output.Select(o => Assert.IsType<T>(o.BaseObject)).ToList();

    /// <summary>All text in every stream, for the no-secret-anywhere checks.</summary>
    public string Everything() => string.Join("\n", Output.Select(o => o.ToString())
        .Concat(AllErrors.SelectMany(e => new[] { e.ToString(), e.Exception?.ToString() ?? "", e.ErrorDetails?.Message ?? "", e.ErrorDetails?.RecommendedAction ?? "", e.TargetObject?.ToString() ?? "" }))
        .Concat(Verbose).Concat(Debug).Concat(Warning).Concat(Information).Concat(Progress.Select(p => p.StatusDescription + p.Activity)).Append(HostText));

    public void NoErrors() => Assert.True(!AllErrors.Any(), string.Join("\n", AllErrors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
}

/// <summary>A real PowerShell 7.6 runspace (the hosted engine) with the built CloudVm.psd1 imported. It has its own
/// session store and the test's clock (unless <paramref name="processStore"/>), so tests run in parallel.</summary>
public sealed class Pwsh : IDisposable
{
    public static string ModulePath => Path.Combine(AppContext.BaseDirectory, "CloudVm.psd1");
    static readonly InitialSessionState Initial = Build();
    readonly StringWriter text = new();
    readonly Runspace runspace;

    static InitialSessionState Build()
    {
        return CloudVm.Playground.Engine.InitialState();
    }

    public Pwsh(TestClock? clock = null, bool processStore = false, int width = 160)
    {
        Host = new TextHost(text, width: width);
        runspace = RunspaceFactory.CreateRunspace(Host, Initial);
        Store = processStore ? CloudVmSessionStore.Process : new CloudVmSessionStore();
        if (!processStore) CloudVmContext.Register(runspace, new CloudVmContext(Store, clock));
        runspace.Open();
    }

    public TextHost Host { get; }
    public CloudVmSessionStore Store { get; }
    public Runspace Runspace => runspace;

    public PwshResult Run(string script, params (string name, object? value)[] variables)
    {
        foreach (var (name, value) in variables) runspace.SessionStateProxy.SetVariable(name, value);
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        var result = new PwshResult();
        lock (text) text.GetStringBuilder().Clear();
        lock (Host.Progress) Host.Progress.Clear();
        try
        {
            foreach (var o in ps.Invoke()) if (o != null) result.Output.Add(o);
        }
        catch (RuntimeException e)
        {
            result.Terminating = e.ErrorRecord;
        }
        result.Errors.AddRange(ps.Streams.Error);
        result.Verbose.AddRange(ps.Streams.Verbose.Select(v => v.Message));
        result.Debug.AddRange(ps.Streams.Debug.Select(v => v.Message));
        result.Warning.AddRange(ps.Streams.Warning.Select(v => v.Message));
        result.Information.AddRange(ps.Streams.Information.Select(v => v.ToString()));
        result.Progress.AddRange(ps.Streams.Progress);
        lock (Host.Progress) result.Progress.AddRange(Host.Progress);
        lock (text) result.HostText = text.ToString();
        return result;
    }

    /// <summary>Starts a script and returns the PowerShell to stop it (Ctrl+C tests).</summary>
    public (System.Management.Automation.PowerShell ps, IAsyncResult handle) Begin(string script)
    {
        var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        return (ps, ps.BeginInvoke());
    }

    public void Dispose()
    {
        runspace.Dispose();
        foreach (var s in Store.Sessions) Store.Remove(s);
    }
}
