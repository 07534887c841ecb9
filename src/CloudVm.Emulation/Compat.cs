using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CloudVm.Emulator;

/// <summary>What .NET 8 has and netstandard2.0 (Windows PowerShell 5.1) lacks, said once for the emulator's code.</summary>
internal static class Compat
{
    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
        return bytes;
    }

    public static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    public static byte[] HmacSha256(byte[] key, byte[] data)
    {
        using var h = new HMACSHA256(key);
        return h.ComputeHash(data);
    }

    public static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        int diff = 0;
        for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
        return diff == 0;
    }

    public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;

    public static TimeSpan Times(this TimeSpan t, double factor) => TimeSpan.FromTicks((long)(t.Ticks * factor));

    public static double Over(this TimeSpan t, TimeSpan by) => by.Ticks == 0 ? 0 : (double)t.Ticks / by.Ticks;

    public static string[] SplitTrimmed(this string s, char separator) =>
        s.Split(separator).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();

    public static void Clear<T>(this ConcurrentQueue<T> queue)
    {
        while (queue.TryDequeue(out _)) { }
    }

    public static Task Delay(this TimeProvider clock, TimeSpan delay, CancellationToken ct) =>
#if NETSTANDARD2_0
        TimeProviderTaskExtensions.Delay(clock, delay, ct);
#else
        Task.Delay(delay, clock, ct);
#endif

#if NETSTANDARD2_0
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static string[] Split(this string s, char separator, StringSplitOptions options) => s.Split(new[] { separator }, options);

    public static HashSet<T> ToHashSet<T>(this IEnumerable<T> items) => new HashSet<T>(items);

    public static bool Contains(this string s, string value, StringComparison comparison) => s.IndexOf(value, comparison) >= 0;
#endif
}
