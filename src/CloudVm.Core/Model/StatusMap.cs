using System;
using System.Collections.Generic;

namespace CloudVm
{
    /// <summary>Maps the providers' status words onto <see cref="CloudVmStatus"/>. One table for all five:
    /// their words overlap (running, stopped) and the rest do not collide.</summary>
    public static class StatusMap
    {
        static readonly Dictionary<string, CloudVmStatus> Words = new Dictionary<string, CloudVmStatus>(StringComparer.OrdinalIgnoreCase)
        {
            ["online"] = CloudVmStatus.Running, ["deploying"] = CloudVmStatus.Creating, ["offline"] = CloudVmStatus.Stopped, ["shutting_down"] = CloudVmStatus.Stopping,
            ["running"] = CloudVmStatus.Running, ["active"] = CloudVmStatus.Running, ["up"] = CloudVmStatus.Running, ["on"] = CloudVmStatus.Running, ["poweredon"] = CloudVmStatus.Running,
            ["stopped"] = CloudVmStatus.Stopped, ["halted"] = CloudVmStatus.Stopped, ["off"] = CloudVmStatus.Stopped, ["down"] = CloudVmStatus.Stopped,
            ["shutoff"] = CloudVmStatus.Stopped, ["poweredoff"] = CloudVmStatus.Stopped, ["shutdown"] = CloudVmStatus.Stopped,
            ["starting"] = CloudVmStatus.Starting, ["poweringon"] = CloudVmStatus.Starting, ["booting"] = CloudVmStatus.Starting,
            ["stopping"] = CloudVmStatus.Stopping, ["halting"] = CloudVmStatus.Stopping, ["shuttingdown"] = CloudVmStatus.Stopping, ["poweringoff"] = CloudVmStatus.Stopping,
            ["suspended"] = CloudVmStatus.Suspended, ["paused"] = CloudVmStatus.Suspended, ["suspending"] = CloudVmStatus.Stopping,
            ["rebooting"] = CloudVmStatus.Rebooting, ["restarting"] = CloudVmStatus.Rebooting, ["resetting"] = CloudVmStatus.Rebooting,
            ["resizing"] = CloudVmStatus.Resizing, ["upgrading"] = CloudVmStatus.Resizing, ["retyping"] = CloudVmStatus.Resizing,
            ["creating"] = CloudVmStatus.Creating, ["provisioning"] = CloudVmStatus.Creating, ["pending"] = CloudVmStatus.Creating,
            ["building"] = CloudVmStatus.Creating, ["new"] = CloudVmStatus.Creating, ["installing"] = CloudVmStatus.Creating,
            ["deleting"] = CloudVmStatus.Deleting, ["terminating"] = CloudVmStatus.Deleting, ["destroying"] = CloudVmStatus.Deleting,
            ["deleted"] = CloudVmStatus.Deleted, ["terminated"] = CloudVmStatus.Deleted, ["destroyed"] = CloudVmStatus.Deleted,
            ["error"] = CloudVmStatus.Error, ["failed"] = CloudVmStatus.Error, ["creating_error"] = CloudVmStatus.Error, ["crashed"] = CloudVmStatus.Error,
        };

        /// <summary>The normalised status for a provider word; Unknown when the word is new to us.</summary>
        public static CloudVmStatus Normalize(string? word)
        {
            if (string.IsNullOrWhiteSpace(word)) return CloudVmStatus.Unknown;
            var key = word!.Trim().Replace(" ", "").Replace("-", "");
            if (Words.TryGetValue(key, out var s)) return s;
            if (key.EndsWith("_error", StringComparison.OrdinalIgnoreCase) || key.EndsWith("error", StringComparison.OrdinalIgnoreCase)) return CloudVmStatus.Error;
            return CloudVmStatus.Unknown;
        }
    }
}
