using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;

namespace CloudVm
{
    /// <summary>A connection to one provider account. Connect-CloudVm makes it (and makes it the default);
    /// every object read through it remembers it. Its identity is provider + endpoint + account: reconnecting
    /// to the same account updates this same object, so objects read before keep working.</summary>
    public sealed class CloudVmSession
    {
        sealed class State
        {
            public State(CloudVmSessionOptions options, ICloudProvider client)
            {
                Options = options;
                Client = client;
            }

            public readonly CloudVmSessionOptions Options;
            public readonly ICloudProvider Client;
        }

        State state;
        volatile bool connected = true;
        readonly Func<CloudVmSession, ICloudProvider> clientFactory;

        /// <summary>Makes a session whose client the engine builds (<paramref name="clientFactory"/> gets the session).</summary>
        public CloudVmSession(CloudVmSessionOptions options, Func<CloudVmSession, ICloudProvider> clientFactory)
        {
            Name = string.IsNullOrEmpty(options.Name) ? options.Provider.ToString() : options.Name!;
            this.clientFactory = clientFactory;
            state = new State(options, null!);
            state = new State(options, clientFactory(this));
            Identity = IdentityOf(options.Provider, state.Client.Endpoint, options);
        }

        public Guid Id { get; } = Guid.NewGuid();
        public string Name { get; private set; }
        public CloudProvider Provider => state.Options.Provider;
        public Uri Endpoint => state.Client.Endpoint;
        public string? Region => state.Options.Region;
        public string? TenantId => state.Options.TenantId;
        public DateTimeOffset ConnectedAt { get; private set; } = DateTimeOffset.Now;
        public TimeSpan MaxPollInterval => state.Options.MaxPollInterval;
        public TimeSpan RequestTimeout => state.Options.RequestTimeout;
        public int ThrottleLimit => state.Options.ThrottleLimit;
        /// <summary>The name of the saved connection this session was opened from (Connect-CloudVm -Saved), if any.</summary>
        public string? SavedConnection { get; internal set; }
        public bool IsDefault => Store != null && ReferenceEquals(Store.Default, this);
        public bool IsConnected => connected;
        /// <summary>True for a session on the in-process emulator (nothing it sends leaves the process).</summary>
        public bool IsEmulated => state.Options.Emulated;

        internal CloudVmSessionOptions Options => state.Options;
        internal ICloudProvider Client => state.Client;
        internal CloudVmSessionStore? Store { get; set; }
        /// <summary>provider|endpoint|account: never shown (the account part is a fingerprint of the key).</summary>
        internal string Identity { get; private set; }
        internal JobRegistry Jobs { get; } = new JobRegistry();
        /// <summary>Short-lived answers for argument completion and views (catalog, VM names), by key.</summary>
        internal ConcurrentDictionary<string, (DateTimeOffset at, object value)> Cache { get; } = new ConcurrentDictionary<string, (DateTimeOffset, object)>();

        internal static string IdentityOf(CloudProvider provider, Uri endpoint, CloudVmSessionOptions o) =>
            $"{provider}|{endpoint.AbsoluteUri.TrimEnd('/').ToLowerInvariant()}|{o.TenantId}|{o.Credential.Fingerprint}";

        /// <summary>The client, or the "disconnected" error.</summary>
        internal ICloudProvider Api
        {
            get
            {
                if (!connected) throw Disconnected();
                return state.Client;
            }
        }

        internal ProviderFeatures Features => state.Client.Features;

        internal CloudVmException Disconnected() =>
            new CloudVmException(CloudVmErrorKind.NoSession, $"Session '{Name}' ({Provider.DisplayName}) was disconnected, and no session to the same account is connected.")
            { Provider = Provider, RecommendedAction = "Run Connect-CloudVm to that account again (objects read before then work again), or pass -Session." };

        /// <summary>Takes the settings of a reconnect to the same account (same identity), with a client of its own, so the
        /// jobs it makes stay in this session's registry.</summary>
        internal void Refresh(CloudVmSession newer)
        {
            state = new State(newer.state.Options, clientFactory(this));
            Name = newer.Name;
            ConnectedAt = newer.ConnectedAt;
            SavedConnection = newer.SavedConnection;
            connected = true;
        }

        internal void MarkDisconnected() => connected = false;

        /// <summary>For messages and prompts: the name (redacted and with control characters as escapes, whatever it was given as).</summary>
        public override string ToString() => Input.Neutralize(Redactor.Process.Redact($"{Name} ({Provider.DisplayName} {Endpoint})"));
    }

    /// <summary>The jobs a session made, so that every job id a user sees can be given back to
    /// Get-CloudVmJob and Wait-CloudVmJob. Bounded: the oldest finished jobs go first.</summary>
    internal sealed class JobRegistry
    {
        public const int Capacity = 20000;
        readonly ConcurrentDictionary<string, CloudVmJob> jobs = new ConcurrentDictionary<string, CloudVmJob>(StringComparer.OrdinalIgnoreCase);
        long sequence;

        /// <summary>A new id for a job the provider gave no id to: short, unique in the process.</summary>
        public static string NewLocalId(CloudVmJobOperation op) => $"{op}-{Interlocked.Increment(ref Counter.Value)}";

        public void Add(CloudVmJob job)
        {
            jobs[job.Id] = job;
            if (Interlocked.Increment(ref sequence) % 1000 == 0 && jobs.Count > Capacity)
                foreach (var old in jobs.Values.Where(j => j.IsFinished).OrderBy(j => j.StartedAt).Take(jobs.Count - Capacity).ToList())
                    jobs.TryRemove(old.Id, out _);
        }

        public CloudVmJob? Find(string id) => jobs.TryGetValue(id, out var j) ? j : null;

        static class Counter
        {
            public static long Value;
        }
    }
}
