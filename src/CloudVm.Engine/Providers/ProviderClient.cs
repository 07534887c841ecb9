using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Http;
using CloudVm.Jobs;
using CloudVm.Json;
using CloudVm.Listing;

namespace CloudVm.Providers
{
    /// <summary>What the provider clients share: the session's HTTP pipeline, provider errors as
    /// <see cref="CloudVmException"/>s with one vocabulary, jobs (registered so their ids can be looked up),
    /// following jobs by the VM's state, and "already in the requested state" read as success. Every operation
    /// a provider does not override is one it does not declare in its <see cref="ProviderFeatures"/>: the cmdlets
    /// refuse those before they get here (a test checks that declarations and overrides agree).</summary>
    public abstract class ProviderClient : ICloudProvider
    {
        protected ProviderClient(CloudVmSession session, ProviderFeatures features, Uri endpoint, TimeProvider clock)
        {
            Session = session;
            Features = features.Freeze();
            Endpoint = ProviderRegistry.CheckEndpoint(endpoint);
            Clock = clock;
            var credential = session.Options.Credential;
            Http = new HttpPipeline(features, Endpoint, session.Options, clock, Authenticate, new Redactor(credential.Values));
        }

        protected CloudVmSession Session { get; }
        public ProviderFeatures Features { get; }
        public Uri Endpoint { get; }
        internal TimeProvider Clock { get; }
        internal HttpPipeline Http { get; }
        protected CloudProvider Kind => Features.Provider;
        protected string Display => Features.DisplayName;
        protected DateTimeOffset Now => Clock.GetUtcNow();
        protected int Throttle => Math.Max(1, Session.Options.ThrottleLimit);

        /// <summary>The credential headers of a request whose body bytes are final. The pipeline adds them through its
        /// transport guard (token names, no control characters), so no client adds a header itself.</summary>
        protected abstract IEnumerable<KeyValuePair<string, string>> Authenticate(HttpRequestMessage request, byte[]? body);

        protected static KeyValuePair<string, string> Header(string name, string value) => new KeyValuePair<string, string>(name, value);

        /// <summary>The provider's error code and message from an error body (null when it has none).</summary>
        protected abstract (string? code, string? message) ReadError(JsonElement body);

        /// <summary>The kind of a provider error: by HTTP status, with state refusals of state changes as Conflict.</summary>
        protected virtual CloudVmErrorKind KindOf(ApiResponse r, string? code)
        {
            var kind = CloudVmException.KindFor(r.Status);
            if (r.Request.StateChange && (r.Status == 422 || r.Status == 406)) return CloudVmErrorKind.Conflict;
            return kind;
        }

        // ---- sending ----

        protected static ApiRequest Get(string path, object? target = null) => new ApiRequest(HttpMethod.Get, path, RepeatSafety.Read) { Target = target };

        /// <summary>Sends one request; an error status becomes the provider's error. The caller disposes the answer.</summary>
        protected async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken ct)
        {
            var r = await Http.SendAsync(request, ct).ConfigureAwait(false);
            if (r.Status < 400) return r;
            using (r) throw Error(r);
        }

        /// <summary>Sends, reads the answer with <paramref name="parse"/>, and disposes it.</summary>
        protected async Task<T> CallAsync<T>(ApiRequest request, Func<ApiResponse, T> parse, CancellationToken ct)
        {
            using var r = await SendAsync(request, ct).ConfigureAwait(false);
            return Parse(r, parse);
        }

        /// <summary>Reads an answer: whatever a reader meets that it cannot make sense of (a malformed value, a JSON kind it
        /// did not expect) is CloudVm.InvalidResponse for this answer, never a raw .NET exception.</summary>
        protected static T Parse<T>(ApiResponse r, Func<ApiResponse, T> parse)
        {
            try
            {
                return parse(r);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is OverflowException
                || e is ArgumentException || e is KeyNotFoundException || e is IndexOutOfRangeException)
            {
                throw Shape.Invalid(r, "a value CloudVm cannot read (" + r.Redactor.Redact(e.Message) + ")");
            }
        }

        protected CloudVmException Error(ApiResponse r)
        {
            string? code = null, message = null;
            if (r.TryRoot is JsonElement root)
                try { (code, message) = ReadError(root); } catch (InvalidOperationException) { }
            if (string.IsNullOrWhiteSpace(message) && !r.IsEmpty && r.TryRoot == null) message = r.Snippet(200);
            var redactor = r.Redactor;
            message = string.IsNullOrWhiteSpace(message) ? null : redactor.Redact(message);
            code = code == null ? null : redactor.Redact(code);
            var kind = r.Status < 400 ? CloudVmErrorKind.ProviderError : KindOf(r, code);
            var path = r.Request.Path.Split('?')[0];
            var text = message ?? "no message";
            string? action = null;
            if (r.Status == 404 && message == null)
            {
                text = $"nothing at {path}";
                action = $"If the resource should exist, check -Endpoint ({Endpoint}); {Display}'s production endpoint is {Features.EndpointTemplate}.";
            }
            else if (r.Status == 429)
            {
                if (r.RetryAfter is TimeSpan wait && wait > Session.Options.MaxRetryAfter)
                    text += $"; it asked to wait {wait.TotalSeconds:0} s (Retry-After), longer than CloudVm waits ({Session.Options.MaxRetryAfter.TotalSeconds:0} s)";
                action = r.RetryAfter is TimeSpan w ? $"Try again after {w.TotalSeconds:0} s; Connect-CloudVm -MaxRetryAfterSeconds sets how long CloudVm waits by itself." : "The provider limits requests per minute; wait a moment and try again.";
            }
            else if (kind == CloudVmErrorKind.Unauthorized) action = "Check the API key and run Connect-CloudVm again.";
            if (r.MayHaveActed) action = LostAnswer.Advice(Display, r.Request);
            var e = new CloudVmException(kind, $"{Display}: {text} (HTTP {r.Status}{(code == null ? "" : ", " + code)}; {r.Request.Method} {path})")
            {
                Provider = Kind,
                HttpStatus = r.Status,
                ProviderCode = code,
                ProviderMessage = message,
                Target = r.Request.Target,
                RecommendedAction = action,
                MayHaveActed = r.MayHaveActed,
            };
            return e;
        }

        /// <summary>An error for an answer that says it failed in its body (success: false) with a 2xx status.</summary>
        protected CloudVmException BodyError(ApiResponse r, CloudVmErrorKind kind)
        {
            var (code, message) = r.TryRoot is JsonElement root ? ReadError(root) : (null, null);
            message = r.Redactor.Redact(message ?? "the request failed (success: false)");
            return new CloudVmException(kind, $"{Display}: {message} (HTTP {r.Status} with success=false{(code == null ? "" : ", " + code)}; {r.Request.Method} {r.Request.Path.Split('?')[0]})")
            { Provider = Kind, HttpStatus = r.Status, ProviderCode = code, ProviderMessage = message, Target = r.Request.Target };
        }

        // ---- a short-lived cache of catalog reads ----

        readonly Dictionary<string, (DateTimeOffset at, object value)> cache = new Dictionary<string, (DateTimeOffset, object)>(StringComparer.Ordinal);

        /// <summary>How long a catalog read is reused within the session (names resolved for a create, completions).</summary>
        internal static readonly TimeSpan CatalogLifetime = TimeSpan.FromMinutes(1);

        /// <summary>The value read under <paramref name="key"/> less than <see cref="CatalogLifetime"/> ago, else read now.</summary>
        protected async Task<T> Cached<T>(string key, Func<CancellationToken, Task<T>> read, CancellationToken ct) where T : class
        {
            lock (cache)
                if (cache.TryGetValue(key, out var hit) && Now - hit.at < CatalogLifetime && hit.value is T value) return value;
            var fresh = await read(ct).ConfigureAwait(false);
            lock (cache) cache[key] = (Now, fresh);
            return fresh;
        }

        // ---- jobs ----

        /// <summary>A new job, registered with the session so its id can be given back to Get-CloudVmJob/Wait-CloudVmJob.</summary>
        private protected CloudVmJob NewJob(CloudVmJobOperation op, VmRef? vm, JobTracker tracker, string? id = null, string? providerState = null)
        {
            var job = new CloudVmJob(id ?? JobRegistry.NewLocalId(op), op, Session, Kind, tracker, Now) { VmId = vm?.Id, VmName = vm?.Name };
            if (!tracker.NeedsPolling) job.Complete(Now, providerState);
            Session.Jobs.Add(job);
            return job;
        }

        protected CloudVmJob Done(CloudVmJobOperation op, VmRef? vm, string? providerState = null) => NewJob(op, vm, DoneTracker.Instance, null, providerState);

        protected CloudVmJob StateJob(CloudVmJobOperation op, VmRef vm, CloudVmStatus target, bool mustLeave = false) =>
            NewJob(op, vm, new VmStateTracker(target, null, mustLeave));

        /// <summary>A job that follows a VM to a state (for waits that were not started by a request).</summary>
        internal CloudVmJob FollowState(CloudVmJobOperation op, VmRef vm, CloudVmStatus target) => StateJob(op, vm, target);

        protected CloudVmJob UntilJob(CloudVmJobOperation op, VmRef vm, Func<VirtualMachine, bool> until) =>
            NewJob(op, vm, new VmStateTracker(null, until));

        protected CloudVmJob PowerJob(PowerAction action, VmRef vm) =>
            StateJob(CloudVmOperations.JobOperation(action), vm, CloudVmOperations.Target(action), action == PowerAction.Restart || action == PowerAction.Reset);

        /// <summary>Brings state-polled jobs up to date; providers add their own kinds of job.</summary>
        public virtual Task RefreshJobsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct) =>
            RefreshByVmStateAsync(jobs.Where(j => j.Tracker is VmStateTracker).ToList(), ct);

        /// <summary>Above this many open state-polled jobs, one poll reads the provider's VM list instead of each VM.</summary>
        internal const int ListPollThreshold = 5;

        /// <summary>Polls each job's VM: done when it reaches the target status (or is gone, for deletes), failed
        /// when it lands in Error. Many open jobs are refreshed from one read of the VM list; VMs the list does not
        /// show, and small batches, are read one by one, a few at a time.</summary>
        protected async Task RefreshByVmStateAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var open = jobs.Where(j => !j.IsFinished && j.Tracker is VmStateTracker && j.VmId != null).ToList();
            if (open.Count == 0) return;
            var listed = new Dictionary<string, VirtualMachine>(StringComparer.OrdinalIgnoreCase);
            if (open.Count > ListPollThreshold && Features.Supports(CloudVmOperation.ListVms))
                foreach (var vm in await ReadAllVmsAsync(ct).ConfigureAwait(false)) listed[vm.Id] = vm;
            var missing = open.Where(j => !listed.ContainsKey(j.VmId!)).ToList();
            var read = await Bounded.RunAsync(missing, (job, c) => GetVmForPollAsync(job.VmId!, c), Throttle, ct).ConfigureAwait(false);
            foreach (var r in read)
            {
                var tracker = (VmStateTracker)r.Item.Tracker;
                if (r.Error is CloudVmException e && e.Kind == CloudVmErrorKind.NotFound)
                {
                    tracker.Polls++;
                    if (tracker.Target == CloudVmStatus.Deleted) r.Item.Complete(Now, "gone");
                    else r.Item.Fail($"{Display}: VM {r.Item.Subject} no longer exists.", Now);
                }
                else if (r.Error != null) throw r.Error;
                else listed[r.Item.VmId!] = r.Value!;
            }
            foreach (var job in open.Where(j => !j.IsFinished)) Evaluate(job, listed[job.VmId!]);
        }

        void Evaluate(CloudVmJob job, VirtualMachine vm)
        {
            var t = (VmStateTracker)job.Tracker;
            t.Polls++;
            job.VmName ??= string.IsNullOrEmpty(vm.Name) ? null : vm.Name;
            job.Report(CloudVmJobState.Running, vm.ProviderStatus);
            if (vm.Status == CloudVmStatus.Error && t.Target != CloudVmStatus.Error)
            {
                var why = vm.HasProviderData && vm.ProviderData.TryGetValue("error", out var e) && e != null ? e.ToString() : $"the VM is in state '{vm.ProviderStatus}'";
                job.Fail($"{Display}: {job.Operation} of {vm.Name} failed: {why}", Now, vm.ProviderStatus);
            }
            else if (vm.Status == CloudVmStatus.Deleted && t.Target != CloudVmStatus.Deleted)
            {
                // A state that never changes again (GPCN's Destroyed) ends the wait now, not at its time-out.
                job.Fail($"{Display}: {job.Operation} of {vm.Name} cannot finish: the VM is {vm.ProviderStatus ?? "deleted"}.", Now, vm.ProviderStatus);
            }
            else if (t.Until != null)
            {
                if (t.Until(vm)) job.Complete(Now, vm.ProviderStatus);
            }
            else if (vm.Status == t.Target)
            {
                if (!t.MustLeaveTarget || t.SawLeave || t.Polls >= 3) job.Complete(Now, vm.ProviderStatus);
            }
            else t.SawLeave = true;
        }

        /// <summary>The cheapest read of a VM's status, for polling (default: <see cref="GetVmAsync"/>).</summary>
        protected virtual Task<VirtualMachine> GetVmForPollAsync(string id, CancellationToken ct) => GetVmAsync(id, ct);

        /// <summary>The whole VM list (for polling many jobs at once).</summary>
        internal async Task<List<VirtualMachine>> ReadAllVmsAsync(CancellationToken ct)
        {
            var all = new List<VirtualMachine>();
            await ListVmsAsync(new VmQuery(), batch => { all.AddRange(batch); return Task.FromResult(true); }, Throttle, ct).ConfigureAwait(false);
            return all;
        }

        /// <summary>Lists VMs with the listing guarantee (see <see cref="PagedLister{T}"/>); <paramref name="emit"/> gets
        /// the VMs that match the query, window by window.</summary>
        internal async Task<PagedLister<VirtualMachine>> ListVmsAsync(VmQuery query, Func<IReadOnlyList<VirtualMachine>, Task<bool>> emit, int readAhead, CancellationToken ct)
        {
            Features.Require(CloudVmOperation.ListVms);
            Features.CheckQuery(query);
            var keep = LocalFilter(query);
            var lister = new PagedLister<VirtualMachine>(Features, (req, c) => ReadVmPageAsync(query, req, c), v => v.Id, readAhead, "VMs");
            await lister.ListAsync(batch =>
            {
                var matching = batch.Where(keep).ToList();
                return matching.Count == 0 ? Task.FromResult(true) : emit(matching);
            }, ct).ConfigureAwait(false);
            return lister;
        }

        /// <summary>What the listing applies to each VM itself (the filters the server did not).</summary>
        protected virtual Func<VirtualMachine, bool> LocalFilter(VmQuery query) => v => query.Matches(v) && query.MatchesLocally(v);

        // ---- "already in the requested state" ----

        /// <summary>A power or delete request the provider refused as a state conflict (or whose re-send after a lost
        /// answer was refused): when the VM is already where the action leads, that is success (a completed job and a
        /// warning); when it is on its way there, a job that follows it; otherwise the refusal stands.</summary>
        protected async Task<CloudVmJob> ConvergeAsync(CloudVmException refusal, VmRef vm, CloudVmJobOperation op, CloudVmStatus target, CloudVmStatus transition, CancellationToken ct)
        {
            VirtualMachine current;
            try
            {
                current = await GetVmForPollAsync(vm.Id, ct).ConfigureAwait(false);
            }
            catch (CloudVmException e) when (e.Kind == CloudVmErrorKind.NotFound && target == CloudVmStatus.Deleted && refusal.Kind != CloudVmErrorKind.NotFound)
            {
                return Done(op, vm, "gone");
            }
            catch (CloudVmException)
            {
                throw refusal;
            }
            var named = new VmRef(vm.Id, vm.Name ?? current.Name);
            if (current.Status == target)
            {
                CloudVmLog.Warning($"{named.Name ?? named.Id} is already {Word(target)}; nothing to do.");
                return Done(op, named, current.ProviderStatus);
            }
            if (current.Status == transition)
            {
                CloudVmLog.Verbose($"{named.Name ?? named.Id} is already {current.ProviderStatus}; following it until it is {Word(target)}.");
                return StateJob(op, named, target);
            }
            throw refusal;
        }

        static string Word(CloudVmStatus s) => s.ToString().ToLowerInvariant();

        /// <summary>Sends a converging power or delete request; a Conflict (or, after a lost answer, a NotFound on a
        /// delete) is checked against the VM's state.</summary>
        protected async Task<CloudVmJob> ConvergingAsync(Func<CancellationToken, Task<CloudVmJob>> send, VmRef vm, CloudVmJobOperation op, CloudVmStatus target, CloudVmStatus transition, CancellationToken ct)
        {
            try
            {
                return await send(ct).ConfigureAwait(false);
            }
            catch (CloudVmException e) when (e.Kind == CloudVmErrorKind.Conflict || (e.Kind == CloudVmErrorKind.NotFound && target == CloudVmStatus.Deleted && e.MayHaveActed))
            {
                return await ConvergeAsync(e, vm, op, target, transition, ct).ConfigureAwait(false);
            }
        }

        // ---- everything a provider may declare (default: not declared) ----

        CloudVmException Undeclared(CloudVmOperation op) => Features.Unsupported(op);

        public abstract Task<ItemPage<VirtualMachine>> ReadVmPageAsync(VmQuery query, PageRequest page, CancellationToken ct);
        public abstract Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct);
        public virtual void ValidateCreate(VmCreateRequest request) => throw Undeclared(CloudVmOperation.CreateVm);
        public virtual Task<IReadOnlyList<CloudVmJob>> CreateVmAsync(VmCreateRequest request, CancellationToken ct) => throw Undeclared(CloudVmOperation.CreateVm);
        public abstract Task<CloudVmJob> PowerAsync(VmRef vm, PowerAction action, PowerOptions options, CancellationToken ct);
        public virtual Task<IReadOnlyList<BulkOutcome>> BulkPowerAsync(IReadOnlyList<VmRef> vms, PowerAction action, CancellationToken ct) => throw Undeclared(CloudVmOperations.For(action));
        public virtual Task<CloudVmJob> DeleteVmAsync(VmRef vm, VmDeleteOptions options, CancellationToken ct) => throw Undeclared(CloudVmOperation.DeleteVm);
        public virtual Task<IReadOnlyList<BulkOutcome>> BulkDeleteAsync(IReadOnlyList<VmRef> vms, CancellationToken ct) => throw Undeclared(CloudVmOperation.DeleteVm);
        public virtual Task<CloudVmJob> ResizeAsync(VmRef vm, VmResizeRequest request, CancellationToken ct) => throw Undeclared(CloudVmOperation.Resize);
        public virtual Task<CloudVmJob> UpdateAsync(VmRef vm, VmUpdateRequest request, CancellationToken ct) => throw Undeclared(CloudVmOperation.Rename);
        public virtual Task<CloudVmConsole> GetConsoleAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.GetConsole);
        public virtual Task<CloudVmSecret> GetSecretAsync(VmRef vm, CloudVmSecretType type, CancellationToken ct) => throw Undeclared(type == CloudVmSecretType.Password ? CloudVmOperation.GetPassword : CloudVmOperation.GetSshPrivateKey);
        public virtual Task<IReadOnlyList<CloudVmNetworkInterface>> ListNetworkInterfacesAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListNetworkInterfaces);
        public virtual Task<CloudVmJob> AddNetworkInterfaceAsync(VmRef vm, string attachId, CancellationToken ct) => throw Undeclared(CloudVmOperation.AddNetworkInterface);
        public virtual Task<CloudVmJob> RemoveNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct) => throw Undeclared(CloudVmOperation.RemoveNetworkInterface);
        public virtual Task<CloudVmJob> SetPrimaryNetworkInterfaceAsync(VmRef vm, string nicId, CancellationToken ct) => throw Undeclared(CloudVmOperation.SetPrimaryNetworkInterface);
        public virtual Task<CloudVmJob> AddPublicIpAsync(VmRef vm, string nicId, CancellationToken ct) => throw Undeclared(CloudVmOperation.AddPublicIp);
        public virtual Task<CloudVmJob> RemovePublicIpAsync(VmRef vm, string nicId, CancellationToken ct) => throw Undeclared(CloudVmOperation.RemovePublicIp);
        public virtual Task<IReadOnlyList<CloudVmNetwork>> ListAvailableNetworksAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListAvailableNetworks);
        public virtual Task<IReadOnlyList<CloudVmLocation>> ListLocationsAsync(CancellationToken ct) => throw Undeclared(CloudVmOperation.ListLocations);
        public virtual Task<IReadOnlyList<CloudVmSize>> ListSizesAsync(string? location, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListSizes);
        public virtual Task<IReadOnlyList<CloudVmImage>> ListImagesAsync(string? location, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListImages);
        public virtual Task<IReadOnlyList<CloudVmSize>> ListResizeTargetsAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListResizeTargets);
        public virtual Task<IReadOnlyList<CloudVmJob>> LookupJobsAsync(IReadOnlyList<string> ids, CancellationToken ct) => throw Undeclared(CloudVmOperation.LookupJobs);
        public virtual Task<IReadOnlyList<CloudVmJob>> ListVmJobsAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListVmJobs);
        public virtual Task<CloudVmJob> GetVmStatusAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.GetVmStatus);
        public virtual Task<IReadOnlyList<CloudVmUsage>> ListUsageAsync(VmRef vm, CancellationToken ct) => throw Undeclared(CloudVmOperation.ListUsage);
        public virtual Task<IReadOnlyList<CloudVmMarketplaceItem>> ListMarketplaceItemsAsync(CancellationToken ct) => throw Undeclared(CloudVmOperation.ListMarketplaceItems);
        public virtual Task<IReadOnlyList<CloudVmSshKey>> ListSshKeysAsync(CancellationToken ct) => throw Undeclared(CloudVmOperation.ListSshKeys);
        public virtual Task<IReadOnlyList<CloudVmUserDataScript>> ListUserDataScriptsAsync(CancellationToken ct) => throw Undeclared(CloudVmOperation.ListUserDataScripts);
        public virtual Task<CloudVmUserDataScript> CreateUserDataScriptAsync(string description, string content, bool base64, string type, CancellationToken ct) => throw Undeclared(CloudVmOperation.NewUserDataScript);
        public virtual Task<CloudVmAccount> GetAccountAsync(CancellationToken ct) => throw Undeclared(CloudVmOperation.GetAccount);
        public virtual Task<IReadOnlyList<CloudVmInvoice>> ListInvoicesAsync(CancellationToken ct) => throw Undeclared(CloudVmOperation.ListInvoices);
        public virtual Task<CloudVmSupportTicket> CreateSupportTicketAsync(string topic, string text, string replyTo, CancellationToken ct) => throw Undeclared(CloudVmOperation.NewSupportTicket);
        public virtual Task<ItemPage<CloudVmCopy>> ReadCopyPageAsync(CloudVmCopyKind kind, PageRequest page, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.List));
        public virtual Task<CloudVmCopy> GetCopyAsync(CloudVmCopyKind kind, string id, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.Get));
        public virtual Task<CloudVmJob> CreateCopyAsync(CloudVmCopyKind kind, VmRef vm, string name, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.New));
        public virtual Task<CloudVmJob> DeleteCopyAsync(CloudVmCopyKind kind, string id, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.Remove));
        public virtual Task<CloudVmJob> RenameCopyAsync(CloudVmCopyKind kind, string id, string newName, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.Rename));
        public virtual Task<CloudVmJob> RestoreCopyAsync(CloudVmCopyKind kind, string id, RestoreRequest request, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.Restore));
        public virtual Task<CloudVmJob> CopyCopyAsync(CloudVmCopyKind kind, string id, string region, CancellationToken ct) => throw Undeclared(CloudVmOperations.ForCopy(kind, CopyVerb.Copy));

        // ---- helpers for the clients ----

        protected static string Seg(string id) => Paths.Segment(id);

        /// <summary>A VM id checked against the provider's format, then escaped for a path.</summary>
        protected string VmSeg(string id)
        {
            Features.CheckVmId(id);
            return Uri.EscapeDataString(id);
        }
    }
}
