using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CloudVm.Json
{
    /// <summary>A value in an answer that no reading can make sense of (a number that is not finite or out of range).
    /// The reader that meets it turns it into CloudVm.InvalidResponse with the provider, the request and an excerpt.</summary>
    public sealed class MalformedValueException : JsonException
    {
        public MalformedValueException(string message) : base(message) { }
    }

    /// <summary>Tolerant readers over JsonElement. The five APIs disagree with their own pages on field names and
    /// types (string vs number ids, object vs array): clients read through these so that either shape works.
    /// The answer's overall shape is checked by the caller (<see cref="Shape"/>): a missing list is an error, never empty.</summary>
    public static class J
    {
        /// <summary>The first of the named properties that is present and not null.</summary>
        public static JsonElement? Get(this JsonElement e, params string[] names)
        {
            if (e.ValueKind != JsonValueKind.Object) return null;
            foreach (var n in names)
                if (e.TryGetProperty(n, out var v) && v.ValueKind != JsonValueKind.Null && v.ValueKind != JsonValueKind.Undefined) return v;
            return null;
        }

        public static JsonElement? Get(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Get(names) : null;

        // One and two names without a params array: these run for every field of every item of every page.
        public static JsonElement? Get(this JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null && v.ValueKind != JsonValueKind.Undefined ? v : (JsonElement?)null;

        public static JsonElement? Get(this JsonElement e, string a, string b) => e.Get(a) ?? e.Get(b);
        public static JsonElement? Get(this JsonElement? e, string name) => e is JsonElement x ? x.Get(name) : null;
        public static JsonElement? Get(this JsonElement? e, string a, string b) => e is JsonElement x ? x.Get(a, b) : null;
        public static string? Str(this JsonElement e, string name) => e.Get(name) is JsonElement v ? v.Str() : null;
        public static string? Str(this JsonElement e, string a, string b) => e.Get(a, b) is JsonElement v ? v.Str() : null;
        public static string? Str(this JsonElement? e, string name) => e is JsonElement x ? x.Str(name) : null;
        public static string? Str(this JsonElement? e, string a, string b) => e is JsonElement x ? x.Str(a, b) : null;
        public static double? Num(this JsonElement e, string name) => NumOf(e.Get(name));
        public static double? Num(this JsonElement e, string a, string b) => NumOf(e.Get(a, b));
        public static double? Num(this JsonElement? e, string name) => e is JsonElement x ? x.Num(name) : null;
        public static int? Whole(this JsonElement e, string name) => IntOf(NumOf(e.Get(name)));
        public static int? Whole(this JsonElement e, string a, string b) => IntOf(NumOf(e.Get(a, b)));
        public static int? Whole(this JsonElement? e, string name) => e is JsonElement x ? x.Whole(name) : null;
        public static bool? Bool(this JsonElement e, string name) => BoolOf(e.Get(name));
        public static bool? Bool(this JsonElement? e, string name) => e is JsonElement x ? x.Bool(name) : null;
        public static JsonElement? Obj(this JsonElement e, string name) => e.Get(name) is JsonElement v && v.ValueKind == JsonValueKind.Object ? v : (JsonElement?)null;
        public static JsonElement? Obj(this JsonElement? e, string name) => e is JsonElement x ? x.Obj(name) : null;
        public static JsonElement? Arr(this JsonElement e, string name) => e.Get(name) is JsonElement v && v.ValueKind == JsonValueKind.Array ? v : (JsonElement?)null;

        /// <summary>A date, read without a string in between when it is ISO 8601 (as every provider sends).</summary>
        public static DateTimeOffset? Date(this JsonElement e, string name)
        {
            if (e.Get(name) is not JsonElement v || v.ValueKind != JsonValueKind.String) return null;
            if (v.TryGetDateTimeOffset(out var d)) return d;
            return DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d) ? d : (DateTimeOffset?)null;
        }

        /// <summary>The string, or <paramref name="last"/> itself when the value is the same (no new string): for fields that
        /// repeat from item to item of a page (status, image, data center).</summary>
        public static string? Str(this JsonElement e, string name, ref string? last)
        {
            if (e.Get(name) is not JsonElement v) return null;
            if (v.ValueKind != JsonValueKind.String) return v.Str();
            if (last != null && v.ValueEquals(last)) return last;
            return last = v.GetString();
        }

        public static string? Str(this JsonElement? e, string name, ref string? last)
        {
            if (e is JsonElement x) return x.Str(name, ref last);
            return null;
        }

        static double? NumOf(JsonElement? e)
        {
            if (e is not JsonElement v) return null;
            if (v.ValueKind == JsonValueKind.Number) return Finite(v.TryGetDouble(out var n) ? n : double.PositiveInfinity);
            return v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Finite(d) : (double?)null;
        }

        /// <summary>A number an answer holds, which must be finite: 1e400 or NaN is a malformed answer, never data.</summary>
        public static double Finite(double d) =>
            double.IsNaN(d) || double.IsInfinity(d) ? throw new MalformedValueException("a number that is not finite") : d;

        /// <summary>A whole number in int's range; a larger one is a malformed answer (never cut, never dropped).</summary>
        public static int? IntOf(double? d) =>
            d == null ? null : d > int.MaxValue || d < int.MinValue ? throw new MalformedValueException("a number out of range") : (int)Math.Round(d.Value);

        static bool? BoolOf(JsonElement? e)
        {
            if (e is not JsonElement v) return null;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => v.GetRawText() == "1" ? true : v.GetRawText() == "0" ? false : (bool?)null,
                JsonValueKind.String => v.GetString() is string s && (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase)) ? true
                    : v.GetString() is string t && (t == "0" || t.Equals("false", StringComparison.OrdinalIgnoreCase)) ? false : (bool?)null,
                _ => null,
            };
        }

        public static string? Str(this JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };

        public static string? Str(this JsonElement e, params string[] names) => e.Get(names) is JsonElement v ? v.Str() : null;
        public static string? Str(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Str(names) : null;

        public static double? Num(this JsonElement e, params string[] names) => NumOf(e.Get(names));

        public static double? Num(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Num(names) : null;

        public static int? Whole(this JsonElement e, params string[] names) => IntOf(e.Num(names));

        public static int? Whole(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Whole(names) : null;

        public static bool? Bool(this JsonElement e, params string[] names) => BoolOf(e.Get(names));

        public static bool? Bool(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Bool(names) : null;

        public static DateTimeOffset? Date(this JsonElement e, params string[] names)
        {
            var s = e.Str(names);
            return s != null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null;
        }

        public static JsonElement? Obj(this JsonElement e, params string[] names) => e.Get(names) is JsonElement v && v.ValueKind == JsonValueKind.Object ? v : (JsonElement?)null;
        public static JsonElement? Obj(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Obj(names) : null;

        public static JsonElement? Arr(this JsonElement e, params string[] names) => e.Get(names) is JsonElement v && v.ValueKind == JsonValueKind.Array ? v : (JsonElement?)null;
        public static JsonElement? Arr(this JsonElement? e, params string[] names) => e is JsonElement x ? x.Arr(names) : null;

        /// <summary>An object, or the first element when the API wraps it in an array.</summary>
        public static JsonElement? ObjOrFirst(this JsonElement e, params string[] names)
        {
            var v = names.Length == 0 ? e : e.Get(names);
            if (v is not JsonElement x) return null;
            if (x.ValueKind == JsonValueKind.Object) return x;
            if (x.ValueKind == JsonValueKind.Array && x.GetArrayLength() > 0 && x[0].ValueKind == JsonValueKind.Object) return x[0];
            return null;
        }

        /// <summary>The object elements of an array (other elements are a shape error for the caller to raise).</summary>
        public static IEnumerable<JsonElement> Objects(this JsonElement array)
        {
            foreach (var item in array.EnumerateArray()) yield return item;
        }

        public static bool IsObject(this JsonElement e) => e.ValueKind == JsonValueKind.Object;
        public static bool IsArray(this JsonElement e) => e.ValueKind == JsonValueKind.Array;
    }
}
