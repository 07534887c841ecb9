using System.Text.RegularExpressions;

namespace CloudVm
{
    /// <summary>The input rules every value that can reach the wire goes through, in one place: whole-value pattern
    /// matches (a .NET <c>$</c> also matches before a final newline, so a pattern is never trusted to end a value), no
    /// control characters, and header names that are RFC 9110 tokens. Values from parameters, the environment and saved
    /// connection files meet the same rules because they all become a session's options, which are checked when the
    /// session is made; the HTTP pipeline checks every header and URL again before anything is sent.</summary>
    public static class Input
    {
        /// <summary>A C0 control (NUL, CR, LF, TAB, ESC …), DEL, or a C1 control (U+0080–U+009F), or the Unicode line and
        /// paragraph separators.</summary>
        public static bool IsControl(char c) => c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029';

        public static bool HasControl(string? s)
        {
            if (s == null) return false;
            foreach (var c in s) if (IsControl(c)) return true;
            return false;
        }

        /// <summary>True when <paramref name="pattern"/> matches the whole value, which holds no control character.</summary>
        public static bool Matches(string? value, string pattern, RegexOptions options = RegexOptions.None)
        {
            if (value == null || HasControl(value)) return false;
            var m = Regex.Match(value, pattern, options | RegexOptions.CultureInvariant);
            return m.Success && m.Index == 0 && m.Length == value.Length;
        }

        /// <summary>An HTTP field name: one or more tchars (RFC 9110 section 5.6.2).</summary>
        public static bool IsToken(string? name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            foreach (var c in name!)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
                if (!ok) return false;
            }
            return true;
        }

        /// <summary>Refuses a setting that holds a control character, naming the setting and never its value (it may be a
        /// secret).</summary>
        public static void CheckNoControl(string? value, string setting)
        {
            if (HasControl(value))
                throw CloudVmException.Invalid($"{setting} holds a control character (such as a line break); CloudVm never sends one. Check where the value comes from.");
        }

        /// <summary>What a format view shows for a value: a string with its control characters as escapes (see
        /// <see cref="Neutralize"/>), anything else as it is (numbers, dates and enums keep their own formatting).</summary>
        public static object? Display(object? value) => value is string s ? Neutralize(s) : value;

        /// <summary>A value that goes into an HTTP header: printable ASCII (HTTP's field values are octets; .NET sends ASCII only).</summary>
        public static bool IsHeaderValue(string? s)
        {
            if (s == null) return true;
            foreach (var c in s) if (c < 0x20 || c > 0x7E) return false;
            return true;
        }

        /// <summary>Refuses a setting that goes into a header unless it is printable ASCII, naming the setting and never its
        /// value (it may be a secret).</summary>
        public static void CheckHeaderValue(string? value, string setting)
        {
            CheckNoControl(value, setting);
            if (!IsHeaderValue(value))
                throw CloudVmException.Invalid($"{setting} holds a character that is not printable ASCII, which no HTTP header carries. Check where the value comes from.");
        }

        /// <summary>Replaces control characters in text that came from a server (a VM name, a provider's message) with
        /// visible escapes, so it cannot clear a screen, move the cursor or fake a line: ESC becomes \e, CR \r, LF \n,
        /// others \uXXXX. Text without control characters is returned as it is (no new string).</summary>
        public static string Neutralize(string? text)
        {
            if (string.IsNullOrEmpty(text) || !HasControl(text)) return text ?? "";
            var sb = new System.Text.StringBuilder(text!.Length + 8);
            foreach (var c in text)
            {
                if (!IsControl(c)) { sb.Append(c); continue; }
                switch (c)
                {
                    case '\u001B': sb.Append("\\e"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\t': sb.Append("\\t"); break;
                    default: sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }
            return sb.ToString();
        }
    }
}
