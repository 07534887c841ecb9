using System;
using System.Globalization;

namespace CloudVm.Listing
{
    /// <summary>An id in 16 bytes when it is a UUID or a number (most providers' ids), else the string: the set of
    /// ids a long listing has seen stays small.</summary>
    internal readonly struct IdKey : IEquatable<IdKey>
    {
        readonly Guid guid;
        readonly long number;
        readonly string? text;
        readonly byte kind;

        IdKey(Guid g, long n, string? s, byte k)
        {
            guid = g;
            number = n;
            text = s;
            kind = k;
        }

        public static IdKey Of(string id)
        {
            if (id.Length == 36 && Guid.TryParseExact(id, "D", out var g)) return new IdKey(g, 0, null, 1);
            if (id.Length <= 18 && id.Length > 0 && id[0] != '0' && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return new IdKey(default, n, null, 2);
            return new IdKey(default, 0, id, 3);
        }

        public bool Equals(IdKey other) => kind == other.kind && kind switch
        {
            1 => guid == other.guid,
            2 => number == other.number,
            _ => string.Equals(text, other.text, StringComparison.OrdinalIgnoreCase),
        };

        public override bool Equals(object? obj) => obj is IdKey k && Equals(k);

        public override int GetHashCode() => kind switch
        {
            1 => guid.GetHashCode(),
            2 => number.GetHashCode(),
            _ => StringComparer.OrdinalIgnoreCase.GetHashCode(text ?? ""),
        };
    }
}
