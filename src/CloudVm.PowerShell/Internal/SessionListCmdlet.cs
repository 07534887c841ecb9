using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Base of cmdlets that list account-wide things (catalog, keys, invoices) from one or more sessions.</summary>
    public abstract class SessionListCmdlet : CloudVmCmdlet
    {
        [Parameter]
        public CloudVmSession[]? Session { get; set; }

        /// <summary>Writes what <paramref name="list"/> gives for each session, through capability <typeparamref name="TCap"/>.</summary>
        protected void ListFromSessions<TCap, T>(string what, Func<TCap, CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, bool>? keep = null) where TCap : class
        {
            foreach (var s in Session ?? new[] { ResolveSession(null) })
                Try(s, () =>
                {
                    foreach (var item in Run(ct => list(s.Require<TCap>(what), ct)))
                        if (keep == null || keep(item)) WriteObject(item);
                });
        }

        protected static bool NameMatches(string? pattern, string name, string id) => pattern == null || Wildcard.IsMatch(name, pattern) || id == pattern;
    }
}
