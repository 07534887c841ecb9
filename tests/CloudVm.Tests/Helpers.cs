using CloudVm.Jobs;
using CloudVm.Listing;

namespace CloudVm.Tests;

/// <summary>What the client tests share.</summary>
public static class T
{
    public static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The whole list, with the listing guarantee, as Get-CloudVm reads it.</summary>
    public static async Task<List<VirtualMachine>> ListAll(CloudVmSession s, VmQuery? q = null)
    {
        var all = new List<VirtualMachine>();
        await Listings.VmsAsync(s, q ?? new VmQuery(), batch => { all.AddRange(batch); return Task.FromResult(true); }, None);
        return all;
    }

    public static async Task<List<CloudVmCopy>> ListCopies(CloudVmSession s, CloudVmCopyKind kind)
    {
        var all = new List<CloudVmCopy>();
        await Listings.CopiesAsync(s.Api, kind, 4, batch => { all.AddRange(batch); return Task.FromResult(true); }, None);
        return all;
    }

    /// <summary>Waits on the session's own (fake) clock: ten virtual minutes are a few real seconds at most.</summary>
    public static Task<WaitOutcome> Wait(params CloudVmJob[] jobs) => Waiting.WaitAsync(jobs, TimeSpan.FromMinutes(10), "test", None);

    public static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CloudVm.PowerShell.sln"))) return d.FullName;
        throw new InvalidOperationException("no repository root");
    }
}

/// <summary>A log that keeps what the engine writes (as a cmdlet would show it), for assertions on -Verbose/-Debug text.</summary>
public sealed class CapturingLog : ICloudVmLog
{
    readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    public CapturingLog(bool verbose = true, bool debug = true) => (VerboseEnabled, DebugEnabled) = (verbose, debug);
    public bool VerboseEnabled { get; }
    public bool DebugEnabled { get; }
    public void Verbose(string message) => lines.Enqueue("VERBOSE: " + message);
    public void Debug(string message) => lines.Enqueue("DEBUG: " + message);
    public void Warning(string message) => lines.Enqueue("WARNING: " + message);
    public void Progress(CloudVmProgress progress) { }
    public IReadOnlyList<string> Lines => lines.ToArray();
    public IReadOnlyList<string> Warnings => lines.Where(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)).Select(l => l["WARNING: ".Length..]).ToArray();
    public string Text => string.Join("\n", lines);

    /// <summary>Makes this the log of the calling async flow (what a cmdlet does before it starts work).</summary>
    public CapturingLog Install()
    {
        CloudVmLog.Current = this;
        return this;
    }
}
