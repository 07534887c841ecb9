using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Base of cmdlets that list account-wide things (catalog, keys, invoices) from one or more sessions.</summary>
    public abstract class SessionListCmdlet : CloudVmCmdlet
    {
        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession[]? Session { get; set; }

        protected List<CloudVmSession> Sessions() => SessionsOrDefault(Session);

        /// <summary>Writes what <paramref name="list"/> gives for each session that declares <paramref name="op"/>; with an
        /// <paramref name="origin"/> (the session a piped catalog object was read through), that session only, unless -Session
        /// names others: a location read from one cloud is never answered by another.</summary>
        protected void ListFromSessions<T>(CloudVmOperation op, Func<ICloudProvider, CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, bool>? keep = null, CloudVmSession? origin = null)
        {
            var sessions = origin != null && !(Session?.Length > 0) ? new List<CloudVmSession> { ConnectedOrStop(origin) } : Sessions();
            foreach (var s in sessions)
                Try(s, () =>
                {
                    s.Features.Require(op);
                    foreach (var item in Run(ct => list(s.Api, ct)))
                        if (keep == null || keep(item)) WriteObject(item);
                });
        }

        protected static bool NameMatches(string[]? patterns, string name, string id) => patterns == null || patterns.Any(p => Wildcard.IsMatch(name, p) || string.Equals(id, p, StringComparison.OrdinalIgnoreCase));
    }
}
