using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudVm.Providers
{
    /// <summary>Tolerant readers over JsonNode. The five APIs disagree with their own pages on field names
    /// and types (string vs number ids, object vs array); clients read through these so that either shape works.</summary>
    public static class Json
    {
        public static JsonNode? Get(this JsonNode? node, params string[] names)
        {
            if (node is not JsonObject obj) return null;
            foreach (var n in names)
            {
                if (obj.TryGetPropertyValue(n, out var v) && v != null) return v;
            }
            return null;
        }

        public static string? Str(this JsonNode? node, params string[] names)
        {
            var v = names.Length == 0 ? node : node.Get(names);
            if (v is not JsonValue value) return null;
            if (!value.TryGetValue<JsonElement>(out var el))
            {
                if (value.TryGetValue<string>(out var str)) return str;
                return value.ToJsonString().Trim('"');
            }
            return el.ValueKind switch
            {
                JsonValueKind.String => el.GetString(),
                JsonValueKind.Number => el.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }

        public static double? Num(this JsonNode? node, params string[] names)
        {
            var s = node.Str(names);
            return s != null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null;
        }

        public static int? Int(this JsonNode? node, params string[] names)
        {
            var d = node.Num(names);
            return d == null ? (int?)null : (int)Math.Round(d.Value);
        }

        public static bool? Bool(this JsonNode? node, params string[] names)
        {
            var s = node.Str(names);
            if (s == null) return null;
            if (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (s == "0" || s.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            return null;
        }

        public static DateTimeOffset? Date(this JsonNode? node, params string[] names)
        {
            var s = node.Str(names);
            return s != null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null;
        }

        public static JsonObject? Obj(this JsonNode? node, params string[] names) => node.Get(names) as JsonObject;

        public static JsonArray? Arr(this JsonNode? node, params string[] names) => node.Get(names) as JsonArray;

        /// <summary>An object, or the first element when the API wraps it in an array.</summary>
        public static JsonObject? ObjOrFirst(this JsonNode? node, params string[] names)
        {
            var v = node.Get(names);
            if (v is JsonObject o) return o;
            if (v is JsonArray a && a.Count > 0) return a[0] as JsonObject;
            return null;
        }
    }
}
