using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace CloudVm
{
    /// <summary>The fields New-CloudVm can give.</summary>
    [Flags]
    public enum CreateField
    {
        None = 0,
        Size = 1 << 0, Image = 1 << 1, Location = 1 << 2, Count = 1 << 3, PublicIp = 1 << 4, Network = 1 << 5,
        SshKey = 1 << 6, ResourceGroup = 1 << 7, Cpu = 1 << 8, MemoryGB = 1 << 9, DiskGB = 1 << 10, Password = 1 << 11,
        UserData = 1 << 12, Iso = 1 << 13, PrivateNetworking = 1 << 14, IPv6 = 1 << 15, MarketplaceItem = 1 << 16, UserDataScript = 1 << 17,
        /// <summary>The login user (-UserName, or the user name of -Credential).</summary>
        UserName = 1 << 18,
    }

    /// <summary>How Resize-CloudVm can say the new size.</summary>
    [Flags]
    public enum ResizeField { None = 0, Size = 1, Cpu = 2, MemoryGB = 4, ShutdownTimeoutMinutes = 8 }

    /// <summary>Options of Remove-CloudVm.</summary>
    [Flags]
    public enum DeleteOption { None = 0, DeleteResources = 1, DeletePublicIp = 2 }

    /// <summary>What Get-CloudVm can filter on.</summary>
    [Flags]
    public enum QueryField { None = 0, Name = 1, Status = 2, Location = 4, Image = 8, Search = 16, Sort = 32, ResourceGroup = 64 }

    /// <summary>Settings of Connect-CloudVm beyond the key.</summary>
    [Flags]
    public enum ConnectionSetting { None = 0, ApiSecret = 1, Region = 2, TenantId = 4, AuthHeader = 8 }

    /// <summary>Everything a provider can do, declared once (the way Libcloud drivers declare <c>features</c> and
    /// <c>NODE_STATE_MAP</c>). The cmdlets, the validator, the argument completers, the help and
    /// Get-CloudVmProvider read it; anything undeclared is refused before a request with one message form.</summary>
    public sealed class ProviderFeatures
    {
        public CloudProvider Provider { get; set { Unfrozen(); field = value; } }
        public string DisplayName => Provider.DisplayName;
        /// <summary>The production endpoint, with {region} where the region is part of it.</summary>
        public string EndpointTemplate { get; set { Unfrozen(); field = value; } } = "";
        public IReadOnlyCollection<CloudVmOperation> Operations { get; set { Unfrozen(); field = value; } } = Array.Empty<CloudVmOperation>();
        public ConnectionSetting ConnectionSettings { get; set { Unfrozen(); field = value; } }
        public bool RegionRequired { get; set { Unfrozen(); field = value; } }
        /// <summary>The regions the provider is known to have; -Region must be one (or match <see cref="RegionPattern"/>).</summary>
        public IReadOnlyList<string> Regions { get; set { Unfrozen(); field = value; } } = Array.Empty<string>();
        /// <summary>A region whose name in the endpoint URL differs from its name (Magalu's br-mgl1 is br-se-1 in URLs).</summary>
        public IReadOnlyDictionary<string, string> RegionUrlSegments { get; set { Unfrozen(); field = value; } } = new Dictionary<string, string>();
        /// <summary>True when the API key comes with an API secret (key as the user name of a PSCredential, secret as its password).</summary>
        public bool TakesApiSecret => (ConnectionSettings & ConnectionSetting.ApiSecret) != 0;
        /// <summary>Regions outside <see cref="Regions"/> that are accepted; a pattern that can never change the endpoint's host or path.</summary>
        public string? RegionPattern { get; set { Unfrozen(); field = value; } }
        public IReadOnlyCollection<CloudVmSecretType> SecretTypes =>
            Operations.Contains(CloudVmOperation.GetPassword) || Operations.Contains(CloudVmOperation.GetSshPrivateKey)
                ? new[] { CloudVmSecretType.Password, CloudVmSecretType.SshPrivateKey }.Where(t => Operations.Contains(t == CloudVmSecretType.Password ? CloudVmOperation.GetPassword : CloudVmOperation.GetSshPrivateKey)).ToArray()
                : Array.Empty<CloudVmSecretType>();

        // ---- power ----
        public IReadOnlyCollection<PowerAction> PowerActions =>
            Enum.GetValues(typeof(PowerAction)).Cast<PowerAction>().Where(a => Operations.Contains(CloudVmOperations.For(a))).ToArray();
        /// <summary>Power actions that have a bulk endpoint (GPCN: start, stop, reset).</summary>
        public IReadOnlyCollection<PowerAction> BulkPowerActions { get; set { Unfrozen(); field = value; } } = Array.Empty<PowerAction>();
        public bool BulkDelete { get; set { Unfrozen(); field = value; } }
        public int MaxBulkSize { get; set { Unfrozen(); field = value; } } = 1;
        /// <summary>Stop-CloudVm -ShutdownTimeoutMinutes (e24cloud's wait_for).</summary>
        public bool ShutdownTimeout { get; set { Unfrozen(); field = value; } }
        /// <summary>The provider deletes only stopped VMs (VPS247): Remove-CloudVm -Force stops them first.</summary>
        public bool DeleteRequiresStop { get; set { Unfrozen(); field = value; } }
        public DeleteOption DeleteOptions { get; set { Unfrozen(); field = value; } }

        /// <summary>HTTP statuses with which the provider refuses a request before doing anything, so that a request that must
        /// not repeat (create, reboot, bulk) may be sent again after them. 429 (the rate limiter) everywhere; 503 only where a
        /// provider says its 503 is a refusal (none of the five does). Any other 5xx after a request that must not repeat
        /// may have come after the provider acted.</summary>
        public IReadOnlyCollection<int> RefusedBeforeActing { get; set { Unfrozen(); field = value; } } = new[] { 429 };
        /// <summary>Where a 429 or 503 body says how long to wait, in seconds, when the Retry-After header does not (GPCN's
        /// rate limiter: error.retryAfter): a dotted path, honoured like the header, within the session's ceiling.</summary>
        public string? RetryAfterField { get; set { Unfrozen(); field = value; } }
        /// <summary>-Size, -Image and -Location take catalog names as well as ids (the client resolves them), so names complete.</summary>
        public bool TakesCatalogNames { get; set { Unfrozen(); field = value; } }
        /// <summary>-Size takes the size's name (VMgen's package names) even where images and locations go by id; true
        /// whenever <see cref="TakesCatalogNames"/> is.</summary>
        public bool TakesSizeNames { get => field || TakesCatalogNames; set { Unfrozen(); field = value; } }

        // ---- create and resize ----
        public CreateField CreateFields { get; set { Unfrozen(); field = value; } }
        public int MaxCount { get; set { Unfrozen(); field = value; } } = 1;
        /// <summary>Why a field is refused, or what to do instead, by field.</summary>
        public IReadOnlyDictionary<CreateField, string> CreateHints { get; set { Unfrozen(); field = value; } } = new Dictionary<CreateField, string>();
        public ResizeField ResizeFields { get; set { Unfrozen(); field = value; } }
        /// <summary>A resize may shut the guest down or restart it: Resize-CloudVm asks unless -Force or -Confirm:$false.</summary>
        public bool ResizeMayRestart { get; set { Unfrozen(); field = value; } }

        // ---- listing ----
        public PagingStyle Paging { get; set { Unfrozen(); field = value; } }
        public int MaxPageSize { get; set { Unfrozen(); field = value; } } = 100;
        public QueryField QueryFields { get; set { Unfrozen(); field = value; } } = QueryField.Name | QueryField.Status | QueryField.Location | QueryField.Image | QueryField.Search | QueryField.Sort;
        /// <summary>Filters the provider's API applies itself (the rest are applied to each VM here).</summary>
        public QueryField ServerFilters { get; set { Unfrozen(); field = value; } }
        /// <summary>The fields -Sort takes (then :asc or :desc).</summary>
        public IReadOnlyList<string> SortFields { get; set { Unfrozen(); field = value; } } = new[] { "name", "createdAt", "status", "size", "location" };
        public string? DefaultSort { get; set { Unfrozen(); field = value; } }

        // ---- words and ids ----
        /// <summary>The provider's own status words and what they mean. Words not here are Unknown.</summary>
        public IReadOnlyDictionary<string, CloudVmStatus> StatusWords { get; set { Unfrozen(); field = value; } } = new Dictionary<string, CloudVmStatus>();
        /// <summary>A VM id of this provider (checked before any request): a regex and what it means.</summary>
        public string VmIdPattern { get; set { Unfrozen(); field = value; } } = SafeId;
        public string VmIdDescription { get; set { Unfrozen(); field = value; } } = "an id";
        /// <summary>The safe shape every id must have: no path characters, never . or ..</summary>
        public const string SafeId = "^(?!\\.{1,2}\\z)[A-Za-z0-9._:~-]{1,200}\\z";

        Dictionary<string, CloudVmStatus>? normalized;

        bool frozen;

        void Unfrozen()
        {
            if (frozen) throw new InvalidOperationException($"The {Provider.DisplayName} descriptor is read-only: it is what every session of the process sends by. Get-CloudVmProvider returns a copy to read.");
        }

        /// <summary>Makes the descriptor read-only, its lists and tables included (the engine does this once, when it
        /// registers the provider): scripts reach descriptors through sessions, and a change would alter what every session
        /// of the process sends.</summary>
        internal ProviderFeatures Freeze()
        {
            if (frozen) return this;
            Operations = Array.AsReadOnly(Operations.ToArray());
            Regions = Array.AsReadOnly(Regions.ToArray());
            RegionUrlSegments = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(RegionUrlSegments.ToDictionary(kv => kv.Key, kv => kv.Value));
            BulkPowerActions = Array.AsReadOnly(BulkPowerActions.ToArray());
            CreateHints = new System.Collections.ObjectModel.ReadOnlyDictionary<CreateField, string>(CreateHints.ToDictionary(kv => kv.Key, kv => kv.Value));
            SortFields = Array.AsReadOnly(SortFields.ToArray());
            StatusWords = new System.Collections.ObjectModel.ReadOnlyDictionary<string, CloudVmStatus>(StatusWords.ToDictionary(kv => kv.Key, kv => kv.Value));
            RefusedBeforeActing = Array.AsReadOnly(RefusedBeforeActing.ToArray());
            frozen = true;
            return this;
        }

        /// <summary>A read-only copy, for Get-CloudVmProvider.</summary>
        public ProviderFeatures Snapshot()
        {
            var copy = (ProviderFeatures)MemberwiseClone();
            copy.frozen = false;
            copy.normalized = null;
            copy.exact = null;
            return copy.Freeze();
        }

        public bool Supports(CloudVmOperation op) => Operations.Contains(op);

        /// <summary>The normalised status for one of the provider's words; Unknown when the word is new.</summary>
        public CloudVmStatus Normalize(string? word)
        {
            if (string.IsNullOrWhiteSpace(word)) return CloudVmStatus.Unknown;
            if (exact == null)
            {
                var d = new Dictionary<string, CloudVmStatus>(StringComparer.OrdinalIgnoreCase);
                foreach (var kv in StatusWords) d[kv.Key] = kv.Value;
                exact = d;
            }
            if (exact.TryGetValue(word!, out var direct)) return direct;   // the provider's own word: no new strings
            normalized ??= StatusWords.ToDictionary(kv => Key(kv.Key), kv => kv.Value, StringComparer.OrdinalIgnoreCase);
            return normalized.TryGetValue(Key(word!), out var s) ? s : CloudVmStatus.Unknown;
        }

        Dictionary<string, CloudVmStatus>? exact;

        static string Key(string word) => word.Trim().Replace(" ", "").Replace("-", "").Replace("_", "");

        /// <summary>The provider's word for a normalised status, where it has exactly one (for server-side filters).</summary>
        public string? WordFor(CloudVmStatus status)
        {
            var words = StatusWords.Where(kv => kv.Value == status).Select(kv => kv.Key).ToList();
            return words.Count == 1 ? words[0] : null;
        }

        public override string ToString() => DisplayName;

        // ---- the one validator ----

        public CloudVmException Unsupported(CloudVmOperation op, string? hint = null) =>
            CloudVmException.NotSupported(Provider, CloudVmOperations.Text(op), hint);

        public void Require(CloudVmOperation op, string? hint = null)
        {
            if (!Supports(op)) throw Unsupported(op, hint);
        }

        public void RequirePower(PowerAction action, string? hint = null) => Require(CloudVmOperations.For(action), hint);

        /// <summary>Refuses a malformed or unsafe id before anything is sent.</summary>
        public void CheckVmId(string? id, string what = "VM id")
        {
            if (string.IsNullOrWhiteSpace(id)) throw CloudVmException.Invalid($"The {what} is empty.", id);
            if (!Input.Matches(id, SafeId)) throw CloudVmException.Invalid($"'{Input.Neutralize(id)}' is not a valid {what}: ids have no spaces, slashes or other path characters and are never '.' or '..'.", id);
            if (!Input.Matches(id, VmIdPattern)) throw CloudVmException.Invalid($"'{Input.Neutralize(id)}' is not a {DisplayName} {what}: {DisplayName} VM ids are {VmIdDescription}.", id);
        }

        /// <summary>Refuses any other id (job, NIC, snapshot, network) that is empty or could change a request's path.</summary>
        public static void CheckSafeId(string? id, string what)
        {
            if (string.IsNullOrWhiteSpace(id)) throw CloudVmException.Invalid($"The {what} is empty.", id);
            if (!Input.Matches(id, SafeId)) throw CloudVmException.Invalid($"'{Input.Neutralize(id)}' is not a valid {what}: ids have no spaces, slashes or other path characters and are never '.' or '..'.", id);
        }

        /// <summary>Checks -Region: one of the known regions or the provider's strict pattern.</summary>
        public string CheckRegion(string region)
        {
            var known = Regions.FirstOrDefault(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase));
            if (known != null) return known;
            if (RegionPattern != null && Input.Matches(region, RegionPattern)) return region.ToLowerInvariant();
            throw CloudVmException.Invalid($"'{Input.Neutralize(region)}' is not a {DisplayName} region; use one of {string.Join(", ", Regions)}.", region);
        }

        public void CheckPower(PowerAction action, PowerOptions? options)
        {
            RequirePower(action, PowerHint(action));
            if (options?.ShutdownTimeoutMinutes != null && !ShutdownTimeout)
                throw CloudVmException.NotSupported(Provider, "-ShutdownTimeoutMinutes", "Only e24cloud waits a set time for a graceful shutdown.");
        }

        string? PowerHint(PowerAction action) => action switch
        {
            PowerAction.Restart when Supports(CloudVmOperation.Reset) => "Use Restart-CloudVm -Force for a hard reset, or Stop-CloudVm -Wait then Start-CloudVm.",
            PowerAction.Restart => "Use Stop-CloudVm -Wait then Start-CloudVm.",
            PowerAction.Reset when Supports(CloudVmOperation.Restart) => "Use Restart-CloudVm without -Force for a graceful reboot.",
            PowerAction.Reset when Supports(CloudVmOperation.ForceStop) => "Use Stop-CloudVm -Force, then Start-CloudVm.",
            PowerAction.ForceStop => "Use Stop-CloudVm without -Force for a graceful shutdown.",
            PowerAction.Suspend => "Use Stop-CloudVm.",
            _ => null,
        };

        public void CheckCreate(VmCreateRequest r)
        {
            Require(CloudVmOperation.CreateVm);
            if (string.IsNullOrWhiteSpace(r.Name)) throw CloudVmException.Invalid($"{DisplayName} needs a VM name (-Name).");
            foreach (CreateField f in Enum.GetValues(typeof(CreateField)))
            {
                if (f == CreateField.None || f == CreateField.Count || (CreateFields & f) == f || !r.Has(f)) continue;
                CreateHints.TryGetValue(f, out var hint);
                throw CloudVmException.NotSupported(Provider, $"-{f} on New-CloudVm", hint);
            }
            if (r.Count < 1 || r.Count > MaxCount)
                throw MaxCount == 1
                    ? CloudVmException.NotSupported(Provider, "-Count above 1", "It creates one VM per request; run New-CloudVm once per VM.")
                    : CloudVmException.Invalid($"{DisplayName} creates 1 to {MaxCount} VMs at once; -Count {r.Count} is out of range.");
        }

        public void CheckResize(VmResizeRequest r)
        {
            Require(CloudVmOperation.Resize);
            if (r.Size == null && r.Cpu == null && r.MemoryGB == null) throw CloudVmException.Invalid("Give the new size with -Size, or -Cpu and/or -MemoryGB.");
            void Field(ResizeField f, bool given, string hint)
            {
                if (given && (ResizeFields & f) != f) throw CloudVmException.NotSupported(Provider, $"-{f} on Resize-CloudVm", hint);
            }
            var sizeHint = (ResizeFields & ResizeField.Size) != 0 ? "Give the new size with -Size (see Get-CloudVmSize)." : "Give -Cpu and/or -MemoryGB.";
            Field(ResizeField.Size, r.Size != null, sizeHint);
            Field(ResizeField.Cpu, r.Cpu != null, sizeHint);
            Field(ResizeField.MemoryGB, r.MemoryGB != null, sizeHint);
            Field(ResizeField.ShutdownTimeoutMinutes, r.ShutdownTimeoutMinutes != null, "Only e24cloud waits a set time for a graceful shutdown.");
        }

        public void CheckDelete(VmDeleteOptions o)
        {
            Require(CloudVmOperation.DeleteVm);
            if (o.DeleteResources && (DeleteOptions & DeleteOption.DeleteResources) == 0)
                throw CloudVmException.NotSupported(Provider, "-DeleteResources", "It releases or detaches a deleted VM's resources itself.");
            if (o.DeletePublicIp && (DeleteOptions & DeleteOption.DeletePublicIp) == 0)
                throw CloudVmException.NotSupported(Provider, "-DeletePublicIp", "It releases or keeps a deleted VM's public IP itself.");
        }

        public void CheckQuery(VmQuery q)
        {
            void Field(QueryField f, bool given, string name, string? hint = null)
            {
                if (given && (QueryFields & f) == 0) throw CloudVmException.NotSupported(Provider, $"filtering by {name}", hint);
            }
            Field(QueryField.ResourceGroup, !string.IsNullOrEmpty(q.ResourceGroup), "-ResourceGroup", "Resource groups are a GPCN feature.");
            Field(QueryField.Search, !string.IsNullOrEmpty(q.Search), "-Search");
            Field(QueryField.Image, !string.IsNullOrEmpty(q.Image), "-Image");
            Field(QueryField.Location, !string.IsNullOrEmpty(q.Location), "-Location");
            if (!string.IsNullOrEmpty(q.Sort))
            {
                foreach (var part in q.Sort!.Split(','))
                {
                    var bits = part.Split(':');
                    var field = bits[0].Trim();
                    if (!SortFields.Contains(field, StringComparer.OrdinalIgnoreCase) || bits.Length > 2 || (bits.Length == 2 && !Input.Matches(bits[1], "^(asc|desc)\\z", RegexOptions.IgnoreCase)))
                        throw CloudVmException.Invalid($"{DisplayName} sorts by {string.Join(", ", SortFields)}, then :asc or :desc (for example {SortFields[0]}:asc); '{part}' is not one.", q.Sort);
                }
            }
        }
    }
}
