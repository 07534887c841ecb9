using System;
using System.Collections.Generic;
using System.Globalization;

namespace CloudVm.Listing
{
    /// <summary>The ids a listing has written, compactly: a UUID in 16 bytes, a number in 8 (most providers' ids), other
    /// ids as strings (case-insensitive). A long listing's set stays small; it is sized up front when the provider
    /// says how many items there are.</summary>
    internal sealed class SeenIds
    {
        readonly HashSet<Guid> guids = new HashSet<Guid>();
        readonly HashSet<long> numbers = new HashSet<long>();
        readonly HashSet<string> others = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public int Count => guids.Count + numbers.Count + others.Count;

        /// <summary>Makes room for <paramref name="capacity"/> ids (of the kind the first id is) at once, instead of growing.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Reserves room in the instance's sets on .NET 8; netstandard2.0's HashSet has no EnsureCapacity, so there it does nothing.")]
        public void Expect(long capacity, string sample)
        {
#if NET8_0_OR_GREATER
            var n = (int)Math.Min(capacity, 1_000_000);
            switch (Kind(sample, out _, out _))
            {
                case 1: guids.EnsureCapacity(n); break;
                case 2: numbers.EnsureCapacity(n); break;
            }
#endif
        }

        /// <summary>True the first time an id is seen.</summary>
        public bool Add(string id) => Kind(id, out var g, out var n) switch
        {
            1 => guids.Add(g),
            2 => numbers.Add(n),
            _ => others.Add(id),
        };

        public bool Contains(string id) => Kind(id, out var g, out var n) switch
        {
            1 => guids.Contains(g),
            2 => numbers.Contains(n),
            _ => others.Contains(id),
        };

        static int Kind(string id, out Guid g, out long n)
        {
            n = 0;
            if (id.Length == 36 && Guid.TryParseExact(id, "D", out g)) return 1;
            g = default;
            if (id.Length <= 18 && id.Length > 0 && id[0] != '0' && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out n)) return 2;
            return 3;
        }
    }
}
