using System.Threading;

namespace CloudVm
{
    /// <summary>A progress report from a long wait, turned into a progress bar by the cmdlet.</summary>
    public sealed class CloudVmProgress
    {
        public string Activity { get; set; } = "";
        public string Status { get; set; } = "";
        public int PercentComplete { get; set; } = -1;
        public bool Completed { get; set; }
    }

    /// <summary>Where the async code's verbose, debug, warning and progress messages go.</summary>
    public interface ICloudVmLog
    {
        /// <summary>False when nobody would see a verbose line: callers skip the work of making one.</summary>
        bool VerboseEnabled { get; }
        /// <summary>False when nobody would see a debug line: the HTTP trace then does nothing at all.</summary>
        bool DebugEnabled { get; }
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
        void Progress(CloudVmProgress progress);
    }

    /// <summary>The log of the current async flow. A cmdlet sets it before it starts work; HTTP handlers
    /// and waiters write to it from any thread and the cmdlet replays the messages on its own thread.</summary>
    public static class CloudVmLog
    {
        static readonly AsyncLocal<ICloudVmLog?> CurrentLog = new AsyncLocal<ICloudVmLog?>();

        public static ICloudVmLog? Current
        {
            get => CurrentLog.Value;
            set => CurrentLog.Value = value;
        }

        public static bool VerboseEnabled => CurrentLog.Value?.VerboseEnabled == true;
        public static bool DebugEnabled => CurrentLog.Value?.DebugEnabled == true;
        public static void Verbose(string message) => CurrentLog.Value?.Verbose(message);
        public static void Debug(string message) => CurrentLog.Value?.Debug(message);
        public static void Warning(string message) => CurrentLog.Value?.Warning(message);
        public static void Progress(CloudVmProgress progress) => CurrentLog.Value?.Progress(progress);
    }
}
