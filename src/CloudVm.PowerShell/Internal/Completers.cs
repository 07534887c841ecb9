using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Connections;
using CloudVm.Listing;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>What the completers share: the session a command line means (its -Session, else the default), a cache of
    /// live answers per session with a short lifetime, a budget of about a second (an answer that takes longer fills the
    /// cache for the next Tab), silence on errors, and results that show name and id with a tooltip.</summary>
    public abstract class CloudVmCompleter : IArgumentCompleter
    {
        internal static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
        internal static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(900);
        /// <summary>How long a fetch that outlived the budget may go on filling the cache in the background.</summary>
        static readonly TimeSpan FetchLimit = TimeSpan.FromSeconds(30);

        /// <summary>Stands for a -Session the command line gives but completion cannot evaluate.</summary>
        static readonly object UnknownSession = new object();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var word = (wordToComplete ?? "").Trim('\'', '"');
                var bound = fakeBoundParameters;
                // -Session written as an expression PowerShell does not evaluate while completing ("(Get-CloudVmSession vps)"):
                // the session cannot be known, so offer nothing rather than the default session's (another cloud's) values.
                if (!string.Equals(parameterName, "Session", StringComparison.OrdinalIgnoreCase) && (bound == null || !bound.Contains("Session"))
                    && commandAst != null && commandAst.CommandElements.OfType<CommandParameterAst>().Any(e => string.Equals(e.ParameterName, "Session", StringComparison.OrdinalIgnoreCase)))
                {
                    var copy = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    if (bound != null) foreach (DictionaryEntry kv in bound) copy[kv.Key] = kv.Value;
                    copy["Session"] = UnknownSession;
                    bound = copy;
                }
                return Complete(commandName, parameterName, word, bound!)
                    .Where(c => c.Match(word))
                    .GroupBy(c => c.Text, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .OrderBy(c => c.Text, StringComparer.OrdinalIgnoreCase)
                    .Select(c => new CompletionResult(Quote(c.Text), c.List, CompletionResultType.ParameterValue, c.Tip))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        protected abstract IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound);

        internal static string Quote(string s) => s.Length > 0 && s.All(ch => char.IsLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':') ? s : "'" + s.Replace("'", "''") + "'";

        /// <summary>The session the command line names with -Session, else the runspace's default.</summary>
        internal static CloudVmSession? SessionOf(IDictionary bound)
        {
            var store = CloudVmContext.For(Runspace.DefaultRunspace).Store;
            var given = bound?["Session"];
            if (given is PSObject p) given = p.BaseObject;
            if (given is object[] a && a.Length > 0) given = a[0] is PSObject q ? q.BaseObject : a[0];
            if (given is CloudVmSession s) return store.Resolve(s);
            if (given is string name) return store.Find(name);
            if (ReferenceEquals(given, UnknownSession)) return null;
            return store.Default;
        }

        /// <summary>A live answer from the session's cache, or fetched within the budget (else empty, and the fetch goes
        /// on to fill the cache for the next Tab).</summary>
        internal static T Cached<T>(CloudVmSession session, string key, Func<CancellationToken, Task<T>> fetch, T empty) where T : class
        {
            var now = DateTimeOffset.UtcNow;
            if (session.Cache.TryGetValue(key, out var hit) && now - hit.at < Lifetime && hit.value is T value) return value;
            var pendingKey = "pending:" + key;
            Task<T>? task = null;
            if (session.Cache.TryGetValue(pendingKey, out var p) && p.value is Task<T> running && now - p.at < Lifetime) task = running;
            if (task == null)
            {
                task = Task.Run(async () =>
                {
                    using var cts = new CancellationTokenSource(FetchLimit);
                    var result = await fetch(cts.Token).ConfigureAwait(false);
                    session.Cache[key] = (DateTimeOffset.UtcNow, result);
                    return result;
                });
                session.Cache[pendingKey] = (now, task);
            }
            try
            {
                return task.Wait(Budget) ? task.Result : empty;
            }
            catch (AggregateException)
            {
                session.Cache.TryRemove(pendingKey, out _);
                return empty;
            }
        }

        /// <summary>Up to 500 VMs of the session (cached), for names, ids and what GPCN's VMs use.</summary>
        internal static IReadOnlyList<VirtualMachine> Vms(CloudVmSession s) => Cached(s, "vms", async ct =>
        {
            var list = new List<VirtualMachine>();
            await Listings.VmsAsync(s, new VmQuery(), batch => { list.AddRange(batch); return Task.FromResult(list.Count < 500); }, ct).ConfigureAwait(false);
            return (IReadOnlyList<VirtualMachine>)list;
        }, Array.Empty<VirtualMachine>());

        protected internal sealed class Candidate
        {
            public Candidate(string text, string? name = null, string? tip = null)
            {
                Text = text;
                Name = name;
                List = name != null && !string.Equals(name, text, StringComparison.OrdinalIgnoreCase) ? $"{name} ({text})" : text;
                Tip = string.IsNullOrEmpty(tip) ? List : tip!;
            }

            public string Text { get; }
            public string? Name { get; }
            public string List { get; }
            public string Tip { get; }

            public bool Match(string word) => word.Length == 0 || Text.StartsWith(word, StringComparison.OrdinalIgnoreCase) || (Name?.StartsWith(word, StringComparison.OrdinalIgnoreCase) ?? false)
                || (Wildcard.HasWildcard(word) && (Wildcard.IsMatch(Text, word) || (Name != null && Wildcard.IsMatch(Name, word))));
        }

        /// <summary>The provider resolves catalog names itself (so a name completes as itself), for -Size, -Image, -Location.</summary>
        internal static bool TakesNames(CloudVmSession s) => s.Features.TakesCatalogNames;

        internal static string Gb(double? gb) => gb is double g ? $"{g:0.##} GB" : "";
    }

    /// <summary>-Provider: every registered provider by the name scripts use, with the name it goes by as the tip (an enum
    /// completes this way by itself; the extensible provider type needs its completer).</summary>
    public sealed class ProviderCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound) =>
            ProviderRegistry.All.Select(f => new Candidate(f.Provider.Name, null, $"{f.Provider.Name}: {f.DisplayName}"));
    }

    public sealed class SessionCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound) =>
            CloudVmContext.For(Runspace.DefaultRunspace).Store.Sessions.Select(s => new Candidate(s.Name, null, $"{s.Name}: {s.Features.DisplayName} {s.Endpoint}{(s.IsDefault ? " (default)" : "")}"));
    }

    public sealed class ConnectionCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound) =>
            ConnectionFile.Read().Select(c => new Candidate(c.Name, null, $"{c.Name}: {c.Provider.DisplayName}{(c.Region == null ? "" : " " + c.Region)}, secret in {c.SecretStore}"));
    }

    public sealed class VaultCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddScript("if (Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement) { Import-Module Microsoft.PowerShell.SecretManagement; Get-SecretVault | ForEach-Object { '{0}|{1}|{2}' -f $_.Name, $_.ModuleName, $_.IsDefault } }");
            return ps.Invoke().Select(o => o.ToString().Split('|')).Where(p => p.Length == 3)
                .Select(p => new Candidate(p[0], null, $"{p[0]}: {p[1]}{(p[2] == "True" ? " (default)" : "")}")).ToList();
        }
    }

    /// <summary>-Region: the regions the provider is known to have (Connect-CloudVm: of -Provider; elsewhere: of the session).</summary>
    public sealed class RegionCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            IEnumerable<ProviderFeatures> providers;
            var p = bound?["Provider"] is PSObject po ? po.BaseObject : bound?["Provider"];
            if (p != null && LanguagePrimitives.TryConvertTo<CloudProvider>(p, out var provider)) providers = new[] { ProviderRegistry.Features(provider) };
            else if (!command.StartsWith("Connect", StringComparison.OrdinalIgnoreCase) && SessionOf(bound!) is CloudVmSession s) providers = new[] { s.Features };
            else providers = ProviderRegistry.All;
            return providers.SelectMany(f => f.Regions.Select(r => new Candidate(r, null, $"{r}: {f.DisplayName}")));
        }
    }

    /// <summary>-Sort: the provider's sort fields, then :asc or :desc.</summary>
    public sealed class SortCompleter : CloudVmCompleter
    {
        static readonly string[] Directions = { "asc", "desc" };

        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            var s = SessionOf(bound);
            if (s == null) return Array.Empty<Candidate>();
            var f = s.Features;
            return f.SortFields.SelectMany(field => Directions.Select(d => new Candidate($"{field}:{d}", null, $"{f.DisplayName} sorts by {field}, {(d == "asc" ? "ascending" : "descending")}{(f.DefaultSort == $"{field}:{d}" ? " (its default)" : "")}")));
        }
    }

    /// <summary>-Size: the provider's catalog, of the -Location already typed where sizes are per location (GPCN, VMgen).</summary>
    public sealed class SizeCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            var s = SessionOf(bound);
            if (s == null || !s.Features.Supports(CloudVmOperation.ListSizes)) return Array.Empty<Candidate>();
            var location = bound?["Location"]?.ToString();
            var sizes = Cached(s, "sizes:" + location, ct => s.Api.ListSizesAsync(location, ct), (IReadOnlyList<CloudVmSize>)Array.Empty<CloudVmSize>());
            return sizes.Select(z => new Candidate(s.Features.TakesSizeNames ? z.Name : z.Id, z.Name,
                $"{z.Name} ({z.Id}): {z.Cpu} vCPU, {Gb(z.MemoryGB)}{(z.DiskGB is int d ? $", {d} GB disk" : "")}{(z.Location == null ? "" : " in " + z.Location)}"));
        }
    }

    /// <summary>-Image: the provider's images (for Get-CloudVm -Image: the image names its VMs use).</summary>
    public sealed class ImageCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            var s = SessionOf(bound);
            if (s == null) return Array.Empty<Candidate>();
            bool filter = command.StartsWith("Get-", StringComparison.OrdinalIgnoreCase);
            if (filter)
                return Vms(s).Where(v => v.Image != null).Select(v => new Candidate(v.Image!, null, $"{v.Image}: used by {v.Name}"));
            if (!s.Features.Supports(CloudVmOperation.ListImages)) return Array.Empty<Candidate>();
            // Of the -Location already typed, where images are per location (GPCN; without one it offers nothing).
            var location = bound?["Location"]?.ToString();
            var images = Cached(s, "images:" + location, ct => s.Api.ListImagesAsync(location, ct), (IReadOnlyList<CloudVmImage>)Array.Empty<CloudVmImage>());
            return images.Select(i => new Candidate(TakesNames(s) ? i.Name : i.Id, i.Name, $"{i.Name} ({i.Id}){(string.IsNullOrEmpty(i.Platform) ? "" : ": " + i.Platform)}"));
        }
    }

    /// <summary>-Location: the provider's locations (GPCN and Magalu: the data centers and zones its VMs are in).</summary>
    public sealed class LocationCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            var s = SessionOf(bound);
            if (s == null) return Array.Empty<Candidate>();
            bool filter = command.StartsWith("Get-CloudVm", StringComparison.OrdinalIgnoreCase) && !command.Equals("Get-CloudVmSize", StringComparison.OrdinalIgnoreCase);
            if (!s.Features.Supports(CloudVmOperation.ListLocations))
                return Vms(s).Where(v => v.LocationId != null).Select(v => new Candidate(filter && v.Location != null ? v.Location : v.LocationId!, v.Location, $"{v.Location ?? v.LocationId} ({v.LocationId})"));
            var locations = Cached(s, "locations", ct => s.Api.ListLocationsAsync(ct), (IReadOnlyList<CloudVmLocation>)Array.Empty<CloudVmLocation>());
            return locations.Select(l => new Candidate(filter || TakesNames(s) ? l.Name : l.Id, l.Name, $"{l.Name} ({l.Id}){(l.Region == null ? "" : ", " + l.Region)}"));
        }
    }

    /// <summary>Get-CloudVm -Name: the session's VM names.</summary>
    public sealed class VmNameCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound) =>
            SessionOf(bound) is CloudVmSession s ? Vms(s).Where(v => v.Name.Length > 0).Select(v => new Candidate(v.Name, null, $"{v.Name} ({v.Id}): {v.Status}{(v.Location == null ? "" : ", " + v.Location)}")) : Array.Empty<Candidate>();
    }

    /// <summary>-Vm and -Id: the session's VM ids, shown with their names (typing a name finds its id).</summary>
    public sealed class VmIdCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound) =>
            SessionOf(bound) is CloudVmSession s ? Vms(s).Select(v => new Candidate(v.Id, v.Name, $"{v.Name} ({v.Id}): {v.Status}")) : Array.Empty<Candidate>();
    }

    /// <summary>Snapshot and backup names (Get-) or ids (the others): the kind is in the command's name.</summary>
    public sealed class CopyCompleter : CloudVmCompleter
    {
        protected override IEnumerable<Candidate> Complete(string command, string parameter, string word, IDictionary bound)
        {
            var s = SessionOf(bound);
            if (s == null) return Array.Empty<Candidate>();
            var kind = command.IndexOf("Backup", StringComparison.OrdinalIgnoreCase) >= 0 ? CloudVmCopyKind.Backup : CloudVmCopyKind.Snapshot;
            if (!s.Features.Supports(CloudVmOperations.ForCopy(kind, CopyVerb.List))) return Array.Empty<Candidate>();
            var copies = Cached(s, "copies:" + kind, async ct =>
            {
                var list = new List<CloudVmCopy>();
                await Listings.CopiesAsync(s.Api, kind, s.ThrottleLimit, batch => { list.AddRange(batch); return Task.FromResult(list.Count < 500); }, ct).ConfigureAwait(false);
                return (IReadOnlyList<CloudVmCopy>)list;
            }, Array.Empty<CloudVmCopy>());
            bool byName = parameter.Equals("Name", StringComparison.OrdinalIgnoreCase);
            return copies.Select(c => new Candidate(byName ? c.Name : c.Id, c.Name, $"{c.Name} ({c.Id}): {c.State}/{c.Status}{(c.VmName == null ? "" : " of " + c.VmName)}"));
        }
    }
}
