using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;

namespace CloudVm.Http
{
    /// <summary>What a repeat of a request would do: the only thing that decides whether it may be sent again.
    /// The table per provider operation is in docs/reliability.md.</summary>
    public enum RepeatSafety
    {
        /// <summary>Reads and job polls, and calls that set a value (rename): a repeat changes nothing.
        /// Re-sent after 429, 502, 503, 504, a dropped connection or a timeout.</summary>
        Read,
        /// <summary>Start, stop, delete: a repeat after the provider acted finds the VM already there, which the
        /// client reads as the success it is. Re-sent like <see cref="Read"/>.</summary>
        Converging,
        /// <summary>Reboot, reset, VMgen command, bulk calls, attaching a NIC: a repeat acts again. Re-sent only
        /// when the provider provably did not act: the connection was refused, or it answered 429 or 503.</summary>
        Action,
        /// <summary>Creates: a repeat makes a second VM. Re-sent only when the connection was refused or the
        /// provider answered 429 (its rate limit, which rejects before doing anything).</summary>
        Create,
    }

    /// <summary>One request a client makes: method, a path built from escaped segments, a JSON body.</summary>
    public sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, string path, RepeatSafety safety)
        {
            Method = method;
            Path = path;
            Safety = safety;
        }

        public HttpMethod Method { get; }
        /// <summary>Relative to the endpoint, already escaped (see <see cref="Paths"/>), with any query.</summary>
        public string Path { get; }
        public RepeatSafety Safety { get; }
        public JsonNode? Body { get; set; }
        /// <summary>What the request is about, for error records.</summary>
        public object? Target { get; set; }
        /// <summary>Extra headers (Magalu's x-api-version).</summary>
        public List<KeyValuePair<string, string>>? Headers { get; set; }
        /// <summary>The request changes a VM's state: the provider's refusals (422, success:false) then mean Conflict.</summary>
        public bool StateChange { get; set; }

        internal byte[]? BodyBytes() => Body == null ? null : Encoding.UTF8.GetBytes(Body.ToJsonString());

        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>The one sentence, the same on every provider, that says what to look at after an answer was lost (or
    /// replaced by a gateway's, or cut by Ctrl+C or a time-out) once a request that must not repeat had gone out.</summary>
    public static class LostAnswer
    {
        public static string Advice(string display, ApiRequest r)
        {
            var target = r.Target switch
            {
                null => null,
                string s => s,
                System.Collections.IEnumerable list => string.Join(", ", System.Linq.Enumerable.Cast<object>(list)),
                var o => o.ToString(),
            };
            return r.Safety == RepeatSafety.Create
                ? $"{display} may have made it before the answer was lost, so CloudVm did not send it again: look for '{target}' (Get-CloudVm -Name '{target}', and Get-CloudVmJob) before trying again."
                : $"{display} may have done it before the answer was lost, so CloudVm did not send it again: check {(target == null ? "the VM" : target)} (Get-CloudVm -Id, Get-CloudVmJob) before trying again.";
        }
    }

    /// <summary>Builds request paths from ids that were validated and are escaped, so a dot segment or a slash in an
    /// id can never change which resource a request names.</summary>
    public static class Paths
    {
        public static string Segment(string id)
        {
            ProviderFeatures.CheckSafeId(id, "id");
            return Uri.EscapeDataString(id);
        }

        public static string Join(params string[] parts) => string.Join("/", parts);

        public static string Query(string path, params (string name, string? value)[] query)
        {
            var sb = new StringBuilder(path);
            char sep = path.Contains('?') ? '&' : '?';
            foreach (var (name, value) in query)
            {
                if (value == null) continue;
                sb.Append(sep).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                sep = '&';
            }
            return sb.ToString();
        }
    }
}
