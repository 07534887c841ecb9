#if !NET8_0_OR_GREATER
using System;

namespace CloudVm
{
    /// <summary>The .NET Core string overloads the engine uses, for its netstandard2.0 build (Windows PowerShell 5.1),
    /// so one source reads the same on both targets.</summary>
    internal static class StringCompat
    {
        public static bool Contains(this string s, char c) => s.IndexOf(c) >= 0;
        public static bool Contains(this string s, string value, StringComparison comparison) => s.IndexOf(value, comparison) >= 0;
        public static bool EndsWith(this string s, char c) => s.Length > 0 && s[s.Length - 1] == c;
    }
}
#endif
