using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Http;

namespace CloudVm.Providers
{
    /// <summary>A response read from a provider: status, parsed JSON body (null when empty or not JSON).</summary>
    public sealed class ApiResponse
    {
        public ApiResponse(int status, JsonNode? body, string text)
        {
            Status = status;
            Body = body;
            Text = text;
        }

        public int Status { get; }
        public JsonNode? Body { get; }
        public string Text { get; }
    }

    /// <summary>What the provider clients share: sending JSON over the module's HTTP pipeline, turning
    /// provider errors into <see cref="CloudVmException"/>, and following jobs by polling the VM's state
    /// for providers that give no job id.</summary>
    public abstract class ProviderClient
    {
        /// <param name="defaultEndpoint">The production endpoint, built only when Connect-CloudVm was given none
        /// (it may need -Region and throw without it).</param>
        protected ProviderClient(CloudVmSession session, Func<Uri> defaultEndpoint)
        {
            Session = session;
            Endpoint = ProviderCatalog.CheckEndpoint(session.Options.Endpoint ?? defaultEndpoint());
        }

        protected CloudVmSession Session { get; }
        public Uri Endpoint { get; }
        public abstract CloudProvider Kind { get; }
        protected string Display => ProviderCatalog.DisplayName(Kind);

        /// <summary>Adds the credentials to a request whose body bytes are final.</summary>
        protected abstract void Authenticate(HttpRequestMessage request, byte[]? body);

        /// <summary>The provider's error code and message from an error body.</summary>
        protected abstract (string? code, string? message) ReadError(ApiResponse response);

        /// <summary>Sends one request. Idempotent requests may be retried by the pipeline; others go once.</summary>
        protected async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, bool idempotent, CancellationToken ct, object? target = null)
        {
            var uri = new Uri(Endpoint, path.TrimStart('/'));
            using var request = new HttpRequestMessage(method, uri);
            byte[]? bytes = null;
            if (body != null)
            {
                bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                request.Content = new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.UserAgent.ParseAdd("CloudVm-PowerShell/0.1");
            if (idempotent) CloudVmHttp.MarkIdempotent(request);
            Authenticate(request, bytes);

            using var client = CloudVmHttp.CreateClient(Session.Options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException)
            {
                var what = e is OperationCanceledException ? "timed out" : "failed: " + e.GetBaseException().Message;
                var hint = idempotent ? "" : $" The request was not sent again because it may have reached {Display}; check the result (for example with Get-CloudVm) before trying again.";
                throw new CloudVmException(CloudVmErrorKind.Network, $"{Display} {method} {uri.AbsolutePath} {what}.{hint}", e) { Provider = Kind, Target = target };
            }

            using (response)
            {
                var text = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                JsonNode? json = null;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    try { json = JsonNode.Parse(text); } catch (System.Text.Json.JsonException) { }
                }
                var result = new ApiResponse((int)response.StatusCode, json, text);
                if (result.Status >= 400) throw Error(result, method, uri, target);
                return result;
            }
        }

        protected CloudVmException Error(ApiResponse r, HttpMethod method, Uri uri, object? target)
        {
            var (code, message) = ReadError(r);
            if (string.IsNullOrWhiteSpace(message)) message = r.Text.Length > 0 && r.Text.Length < 300 && r.Body == null ? r.Text.Trim() : "no message";
            var kind = r.Status >= 400 ? CloudVmException.KindFor(r.Status) : CloudVmErrorKind.ProviderError;
            var status = r.Status >= 400 ? $"HTTP {r.Status}" : $"HTTP {r.Status} with success=false";
            return new CloudVmException(kind, $"{Display}: {message} ({status}{(code == null ? "" : ", " + code)}; {method} {uri.AbsolutePath})")
            {
                Provider = Kind,
                HttpStatus = r.Status,
                ProviderCode = code,
                ProviderMessage = message,
                Target = target,
            };
        }

        protected CloudVmException ErrorFromBody(ApiResponse r, HttpMethod method, string path, object? target) => Error(r, method, new Uri(Endpoint, path.TrimStart('/')), target);

        // ---- jobs ----

        protected CloudVmJob NewJob(string operation, VmRef? vm, JobTracking tracking, string? id = null, CloudVmStatus? target = null)
        {
            var job = new CloudVmJob
            {
                Id = id ?? $"{operation}:{vm?.Id}",
                Provider = Kind,
                Operation = operation,
                VmId = vm?.Id,
                VmName = vm?.Name,
                Tracking = tracking,
                TargetStatus = target,
                State = tracking == JobTracking.Immediate ? CloudVmJobState.Completed : CloudVmJobState.Pending,
                Session = Session,
            };
            if (tracking == JobTracking.Immediate) job.Complete();
            return job;
        }

        /// <summary>A job that completes when the VM reaches <paramref name="target"/>.</summary>
        protected CloudVmJob StateJob(string operation, VmRef vm, CloudVmStatus target) =>
            NewJob(operation, vm, JobTracking.VmState, $"{operation}:{vm.Id}@{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", target);

        public abstract Task<VirtualMachine> GetVmAsync(string id, CancellationToken ct);

        /// <summary>The cheapest read of a VM's status, for polling (default: <see cref="GetVmAsync"/>).</summary>
        protected virtual Task<VirtualMachine> GetVmForPollAsync(string id, CancellationToken ct) => GetVmAsync(id, ct);

        /// <summary>Above this many open state-polled jobs, one poll reads the provider's VM list instead of each VM.</summary>
        public static int ListPollThreshold { get; set; } = 5;

        /// <summary>Polls each job's VM: done when it reaches the target status (or is gone, for deletes),
        /// failed when it lands in Error. A restart must be seen leaving Running, or stay Running for three polls.
        /// Many open jobs are refreshed from one read of the VM list (one request on providers without paging);
        /// VMs the list does not show, and small batches, are read one by one, at most 8 at a time.</summary>
        protected async Task RefreshByVmStateAsync(IEnumerable<CloudVmJob> jobs, CancellationToken ct)
        {
            var open = jobs.Where(j => !j.IsFinished && j.Tracking == JobTracking.VmState && j.VmId != null).ToList();
            if (open.Count == 0) return;
            var listed = new Dictionary<string, VirtualMachine>(StringComparer.OrdinalIgnoreCase);
            if (open.Count > ListPollThreshold && this is ICloudProvider provider)
            {
                string? token = null;
                do
                {
                    var page = await provider.ListVmsAsync(new VmQuery { PageSize = 100 }, token, ct).ConfigureAwait(false);
                    foreach (var vm in page.Items) listed[vm.Id] = vm;
                    token = page.NextPageToken;
                } while (token != null);
            }
            var missing = open.Where(j => !listed.ContainsKey(j.VmId!)).ToList();
            var read = await Bounded.RunAsync(missing, async (job, c) => await GetVmForPollAsync(job.VmId!, c).ConfigureAwait(false), ct).ConfigureAwait(false);
            foreach (var r in read)
            {
                if (r.Error is CloudVmException e && e.Kind == CloudVmErrorKind.NotFound)
                {
                    r.Item.Polls++;
                    if (r.Item.TargetStatus == CloudVmStatus.Deleted) r.Item.Complete();
                    else r.Item.Fail($"{Display}: VM {r.Item.VmName ?? r.Item.VmId} no longer exists.");
                }
                else if (r.Error != null) throw r.Error;
                else listed[r.Item.VmId!] = r.Value!;
            }
            foreach (var job in open.Where(j => !j.IsFinished)) Evaluate(job, listed[job.VmId!]);
        }

        void Evaluate(CloudVmJob job, VirtualMachine vm)
        {
            job.Polls++;
            job.ProviderState = vm.ProviderStatus;
            job.VmName ??= vm.Name;
            if (job.State == CloudVmJobState.Pending) job.State = CloudVmJobState.Running;
            if (vm.Status == CloudVmStatus.Error && job.TargetStatus != CloudVmStatus.Error)
            {
                var why = vm.ProviderData.TryGetValue("error", out var e) && e != null ? e.ToString() : $"the VM is in state '{vm.ProviderStatus}'";
                job.Fail($"{Display}: {job.Operation} of {vm.Name} failed: {why}");
            }
            else if (job.Until != null)
            {
                if (job.Until(vm)) job.Complete();
            }
            else if (vm.Status == job.TargetStatus)
            {
                bool restart = job.Operation == "Restart" || job.Operation == "Reset";
                if (!restart || job.SawTransition || job.Polls >= 3) job.Complete();
            }
            else
            {
                job.SawTransition = true;
            }
        }
    }
}
