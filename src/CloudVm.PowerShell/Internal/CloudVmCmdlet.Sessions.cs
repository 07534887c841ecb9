using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    // Sessions: the one this command means, the default one, and the session an object was read through.
    public abstract partial class CloudVmCmdlet
    {
        // ---- sessions ----

        /// <summary>The given session, else the default one, else a terminating "connect first" error.</summary>
        protected CloudVmSession ResolveSession(CloudVmSession? given)
        {
            if (given != null) return ConnectedOrStop(given);
            var s = Store.Default;
            if (s == null)
            {
                var others = Store.Sessions;
                var text = others.Count == 0 ? "There is no CloudVm session. Run Connect-CloudVm first, or pass -Session."
                    : $"There is no default CloudVm session (connected: {string.Join(", ", others.Select(o => o.Name))}). Pass -Session, or run Connect-CloudVm to make one the default.";
                ThrowTerminatingError(Record(new CloudVmException(CloudVmErrorKind.NoSession, text) { RecommendedAction = "Run Connect-CloudVm." }, null));
            }
            return s!;
        }

        /// <summary>The sessions -Session names, each connected (else the CloudVm.NoSession error that ends the command) and
        /// each once; without -Session, the default one. Every cmdlet that takes several sessions reads them this way.</summary>
        protected List<CloudVmSession> SessionsOrDefault(CloudVmSession[]? given) =>
            given?.Length > 0 ? given.Select(ConnectedOrStop).Distinct().ToList() : new List<CloudVmSession> { ResolveSession(null) };

        /// <summary>A session an object was read through: itself while connected, else the connected session to the same
        /// account (after a reconnect), else the NoSession error.</summary>
        protected CloudVmSession Connected(CloudVmSession session) => Store.Resolve(session) ?? throw session.Disconnected();

        /// <summary><see cref="Connected"/>, or the CloudVm.NoSession error that ends the command: the same id whether the
        /// session came with a piped object or as -Session.</summary>
        protected CloudVmSession ConnectedOrStop(CloudVmSession session)
        {
            try
            {
                return Connected(session);
            }
            catch (CloudVmException e)
            {
                ThrowCloudError(e, session.Name);
                throw;
            }
        }
    }
}
