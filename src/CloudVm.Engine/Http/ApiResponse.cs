using System;
using System.Text;
using System.Text.Json;
using CloudVm.Json;

namespace CloudVm.Http
{
    /// <summary>An answer read within the size limit: status, content type, the bytes, and the JSON document
    /// parsed from them on first use (duplicate keys and deep nesting are refused).</summary>
    public sealed class ApiResponse : IDisposable
    {
        static readonly JsonDocumentOptions Strict = new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false };
        readonly byte[] body;
        readonly int length;
        JsonDocument? document;
        bool parsed;
        CloudVmException? parseError;

        internal ApiResponse(int status, string? contentType, byte[] body, int length, ApiRequest request, Redactor redactor, CloudProvider provider, bool mayHaveActed, TimeSpan? retryAfter = null)
        {
            Status = status;
            ContentType = contentType;
            this.body = body;
            this.length = length;
            Request = request;
            Redactor = redactor;
            Provider = provider;
            MayHaveActed = mayHaveActed;
            RetryAfter = retryAfter;
        }

        public int Status { get; }
        public string? ContentType { get; }
        public ApiRequest Request { get; }
        public int Length => length;
        public bool IsEmpty => length == 0 || IsWhitespace();
        /// <summary>A request that must not repeat may have been carried out although this answer does not say so: an earlier
        /// attempt's answer was lost, or this answer is a 5xx that can come after the provider acted (a gateway's 502/504).</summary>
        public bool MayHaveActed { get; }
        /// <summary>The Retry-After the provider sent, if any.</summary>
        public TimeSpan? RetryAfter { get; }
        internal Redactor Redactor { get; }
        internal CloudProvider Provider { get; }

        bool IsWhitespace()
        {
            for (int i = 0; i < length; i++) if (body[i] > 32) return false;
            return true;
        }

        /// <summary>The body's bytes, for readers that stream over them (valid until the answer is disposed).</summary>
        internal ReadOnlySpan<byte> Bytes => new ReadOnlySpan<byte>(body, 0, length);

        internal bool LooksJson => ContentType == null || ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);

        /// <summary>The root of the JSON body; an answer that is not JSON is an InvalidResponse error.</summary>
        public JsonElement Root
        {
            get
            {
                var doc = TryParse();
                if (doc == null) throw parseError ?? Shape.Invalid(this, IsEmpty ? "an empty body" : "a body that is not JSON");
                return doc.RootElement;
            }
        }

        /// <summary>The JSON root when the body is JSON (error bodies), else null.</summary>
        public JsonElement? TryRoot => TryParse()?.RootElement;

        JsonDocument? TryParse()
        {
            if (parsed) return document;
            parsed = true;
            if (IsEmpty) return null;
            if (!LooksJson)
            {
                parseError = Shape.Invalid(this, $"a {ContentType} body, not JSON");
                return null;
            }
            try
            {
                document = JsonDocument.Parse(new ReadOnlyMemory<byte>(body, 0, length), Strict);
            }
            catch (JsonException e)
            {
                parseError = Shape.Invalid(this, "JSON that cannot be read (" + Redactor.Redact(e.Message) + ")");
            }
            return document;
        }

        /// <summary>The body as text, redacted and then cut to <paramref name="max"/> characters (for messages), with its
        /// control characters shown as escapes (an error message never moves a terminal's cursor).</summary>
        public string Snippet(int max = 300)
        {
            // Enough of the body for the cut and a secret that straddles it in its longest escaped form.
            var n = (int)Math.Min(length, (long)max * 4 + 4096);
            var text = Encoding.UTF8.GetString(body, 0, n);
            var redacted = Redactor.Redact(text.Trim(), max, out var cut);
            return Input.Neutralize(cut || n < length ? redacted + "…" : redacted);
        }

        /// <summary>Gives the parsed document and the pooled body buffer back. The answer must not be used afterwards.</summary>
        public void Dispose()
        {
            document?.Dispose();
            document = null;
            if (!returned && body.Length > 0)
            {
                returned = true;
                System.Buffers.ArrayPool<byte>.Shared.Return(body);
            }
        }

        bool returned;
    }

    /// <summary>Shape checks: a 2xx that is not the documented shape is an error with a stable id, never an empty result.</summary>
    public static class Shape
    {
        static readonly string[] IdName = { "id" };

        public static CloudVmException Invalid(ApiResponse r, string what) =>
            new CloudVmException(CloudVmErrorKind.InvalidResponse,
                $"{r.Provider.DisplayName} answered {r.Request.Method} {PathOnly(r.Request.Path)} with {what} (HTTP {r.Status}{(r.ContentType == null ? "" : ", " + r.ContentType)}){(r.IsEmpty ? "" : ": " + r.Snippet())}. CloudVm does not guess what such an answer means.")
            {
                Provider = r.Provider,
                HttpStatus = r.Status,
                Target = r.Request.Target,
                RecommendedAction = "Try again later; if it persists, the provider's API may have changed or a proxy answered instead of it (check -Endpoint).",
            };

        /// <summary>A create (or restore, or deployment) the provider accepted whose answer names no id: the work may have
        /// been done, so it is never sent again and the user is told how to check.</summary>
        public static CloudVmException AcceptedWithoutId(ApiResponse r, string what, string accepted, string? vmName)
        {
            var e = Invalid(r, what);
            e.MayHaveActed = true;
            e.RecommendedAction = $"{r.Provider.DisplayName} accepted the {accepted}: check with Get-CloudVm -Name '{vmName}' before trying again.";
            return e;
        }

        /// <summary>The provider's success flag: true or false as a JSON boolean. A flag of another kind ("false" as a
        /// string), or none where the provider always sends one (<paramref name="required"/>), is InvalidResponse: an answer
        /// that does not say it succeeded in the provider's own terms is not taken as a success.</summary>
        public static bool Succeeded(ApiResponse r, JsonElement root, bool required)
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("success", out var flag))
            {
                if (flag.ValueKind == JsonValueKind.True) return true;
                if (flag.ValueKind == JsonValueKind.False) return false;
                throw Invalid(r, $"a 'success' flag that is a JSON {flag.ValueKind.ToString().ToLowerInvariant()}, not true or false");
            }
            if (required) throw Invalid(r, "no 'success' flag");
            return true;
        }

        static string PathOnly(string path) => path.Split('?')[0];

        /// <summary>The object at the root, else InvalidResponse.</summary>
        public static JsonElement RootObject(ApiResponse r)
        {
            var root = r.Root;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid(r, $"a JSON {root.ValueKind.ToString().ToLowerInvariant()} where an object was expected");
            return root;
        }

        /// <summary>An array property of <paramref name="parent"/>, else InvalidResponse (a missing list is never "no items").</summary>
        public static JsonElement Array(ApiResponse r, JsonElement parent, params string[] names)
        {
            foreach (var n in names)
                if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Array) return v;
            throw Invalid(r, $"no '{string.Join("' or '", names)}' list");
        }

        /// <summary>An object property of <paramref name="parent"/>, else InvalidResponse.</summary>
        public static JsonElement Member(ApiResponse r, JsonElement parent, params string[] names)
        {
            foreach (var n in names)
                if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Object) return v;
            throw Invalid(r, $"no '{string.Join("' or '", names)}' object");
        }

        /// <summary>Every element of a list must be an object with an id; one without is an error, never skipped or
        /// acted on (an empty id would name the collection).</summary>
        public static string Id(ApiResponse r, JsonElement item, params string[] names)
        {
            if (item.ValueKind != JsonValueKind.Object) throw Invalid(r, $"a list element that is a JSON {item.ValueKind.ToString().ToLowerInvariant()}, not an object");
            var id = item.Get(names.Length == 0 ? IdName : names) is JsonElement v ? v.Str() : null;
            if (string.IsNullOrWhiteSpace(id)) throw Invalid(r, "an item without an id");
            return id!;
        }
    }
}
