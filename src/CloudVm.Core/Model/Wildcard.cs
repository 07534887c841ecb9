using System.Text;
using System.Text.RegularExpressions;

namespace CloudVm
{
    /// <summary>PowerShell-style wildcards (* ? [abc]), case-insensitive, without a PowerShell reference in Core.</summary>
    public static class Wildcard
    {
        static readonly char[] Special = { '*', '?', '[' };

        public static bool HasWildcard(string pattern) => pattern.IndexOfAny(Special) >= 0;

        public static bool IsMatch(string value, string pattern)
        {
            if (!HasWildcard(pattern)) return string.Equals(value, pattern, System.StringComparison.OrdinalIgnoreCase);
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*') sb.Append(".*");
                else if (c == '?') sb.Append('.');
                else if (c == '[')
                {
                    int end = pattern.IndexOf(']', i + 1);
                    if (end < 0) { sb.Append(@"\["); continue; }
                    sb.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace(@"\", @"\\")).Append(']');
                    i = end;
                }
                else sb.Append(Regex.Escape(c.ToString()));
            }
            sb.Append('$');
            return Regex.IsMatch(value ?? "", sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>The text before the first wildcard character ("web-*" gives "web-").</summary>
        public static string LiteralPrefix(string pattern)
        {
            int i = pattern.IndexOfAny(Special);
            return i < 0 ? pattern : pattern.Substring(0, i);
        }
    }
}
