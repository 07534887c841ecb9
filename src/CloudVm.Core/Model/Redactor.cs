using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CloudVm
{
    /// <summary>Hides secrets in text that came from, or goes to, a server: every occurrence of the session's own
    /// key and secret (whatever header or field a server echoes them in), and the values of JSON fields whose names
    /// say secret (password, private key, token, …). Linear in the text's length; used for -Debug traces (only
    /// when debug is on) and for every error message built from an answer.</summary>
    public sealed class Redactor
    {
        public const string Mask = "***";
        static readonly string[] SecretWords = { "password", "passwd", "privatekey", "private_key", "secret", "token", "apikey", "api_key", "api-key", "authorization", "signature", "consoleurl", "console_url", "credential" };
        readonly Func<IEnumerable<string>> values;

        readonly bool cache;

        public Redactor(Func<IEnumerable<string>> secretValues) : this(secretValues, cache: true) { }

        Redactor(Func<IEnumerable<string>> secretValues, bool cache)
        {
            values = secretValues;
            this.cache = cache;
        }

        public static readonly Redactor None = new Redactor(() => Enumerable.Empty<string>());

        /// <summary>Every credential alive in the process: what every CloudVmException's text is redacted by, so that no path
        /// to an error (an id a server echoed a key into, a key pasted as a region) can carry a secret out.</summary>
        public static Redactor Process { get; } = new Redactor(ApiCredential.LiveValues, cache: false);

        /// <summary>Header names whose values are always hidden (plus any custom auth header, by value).</summary>
        public static bool IsSecretHeader(string name)
        {
            var n = name.ToLowerInvariant();
            return n.Contains("key") || n.Contains("auth") || n.Contains("secret") || n.Contains("token") || n.Contains("signature") || n.Contains("cookie");
        }

        /// <summary>The whole text with every secret hidden.</summary>
        public string Redact(string? text) => Redact(text, int.MaxValue, out _);

        /// <summary>Redacts, then cuts to <paramref name="max"/> characters — never the other way round, so a secret that
        /// straddles the cut is hidden whole — then hides a prefix of 6 or more of a secret's characters left at the cut
        /// edge. Only a window of the text is read: what can hold a secret that starts before the cut (its escaped form is at
        /// most 6 characters a character), so the cost does not grow with the text.</summary>
        public string Redact(string? text, int max, out bool cut)
        {
            cut = false;
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var secrets = Secrets();
            var s = text!;
            if (max != int.MaxValue)
            {
                long window = (long)max + 6L * Longest(secrets) + 16;
                if (s.Length > window) { s = s.Substring(0, (int)window); cut = true; }
            }
            s = MaskValues(s, secrets);
            s = RedactFields(s);
            if (s.Length > max)
            {
                s = s.Substring(0, max);
                cut = true;
            }
            // The end is a cut edge whoever cut it (CloudVm here, or the server before it sent the text).
            return MaskEdge(s, secrets);
        }

        string[]? secretCache;

        /// <summary>The session's secrets worth looking for (4 characters or more), upper-cased for a match in any letter case.</summary>
        string[] Secrets()
        {
            if (secretCache != null) return secretCache;
            var list = new List<string>();
            foreach (var v in values())
                if (v != null && v.Length >= 4) list.Add(v.ToUpperInvariant());
            var array = list.ToArray();
            if (cache) secretCache = array;
            return array;
        }

        static int Longest(string[] secrets)
        {
            int n = 0;
            foreach (var v in secrets) if (v.Length > n) n = v.Length;
            return n;
        }

        /// <summary>The text as a server may have encoded it, decoded: JSON's \uXXXX, \/ (as PHP writes it), \\ and \", and
        /// percent-encoded ASCII, upper-cased; with, for each decoded character, where it starts in the text.</summary>
        static (string decoded, int[] start) Decode(string s)
        {
            var d = new char[s.Length];
            var start = new int[s.Length + 1];
            int n = 0, i = 0;
            while (i < s.Length)
            {
                int st = i;
                char c = s[i];
                if (c == '\\' && i + 1 < s.Length)
                {
                    char e = s[i + 1];
                    if ((e == 'u' || e == 'U') && i + 5 < s.Length && Hex(s, i + 2, 4, out var u)) { c = (char)u; i += 6; }
                    else if (e == '/' || e == '"') { c = e; i += 2; }
                    else i++;   // "\\" too: the next backslash is read again, so "\\u0067" (which a reader sees as \u0067) is decoded as well

                }
                else if (c == '%' && i + 2 < s.Length && Hex(s, i + 1, 2, out var b) && b < 0x80) { c = (char)b; i += 3; }
                else i++;
                d[n] = char.ToUpperInvariant(c);
                start[n] = st;
                n++;
            }
            start[n] = s.Length;
            return (new string(d, 0, n), start);
        }

        static bool Hex(string s, int at, int count, out int value)
        {
            value = 0;
            for (int k = 0; k < count; k++)
            {
                int h = HexDigit(s[at + k]);
                if (h < 0) return false;
                value = value * 16 + h;
            }
            return true;
        }

        static int HexDigit(char c) => c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        /// <summary>Every occurrence of a secret, in any of the forms <see cref="Decode"/> sees through, becomes ***.</summary>
        static string MaskValues(string s, string[] secrets)
        {
            if (secrets.Length == 0) return s;
            var (decoded, start) = Decode(s);
            List<(int from, int to)>? spans = null;
            foreach (var v in secrets)
            {
                int i = decoded.IndexOf(v, StringComparison.Ordinal);
                while (i >= 0)
                {
                    (spans ??= new List<(int, int)>()).Add((start[i], start[i + v.Length]));
                    i = decoded.IndexOf(v, i + v.Length, StringComparison.Ordinal);
                }
            }
            return spans == null ? s : Apply(s, spans);
        }

        /// <summary>A prefix of 6 or more of a secret's characters at the end of a cut text becomes ***.</summary>
        static string MaskEdge(string s, string[] secrets)
        {
            if (secrets.Length == 0) return s;
            var (decoded, start) = Decode(s);
            int best = 0;
            foreach (var v in secrets)
                for (int len = Math.Min(v.Length - 1, decoded.Length); len >= 6 && len > best; len--)
                    if (string.CompareOrdinal(decoded, decoded.Length - len, v, 0, len) == 0) { best = len; break; }
            return best == 0 ? s : Apply(s, new List<(int, int)> { (start[decoded.Length - best], s.Length) });
        }

        static string Apply(string s, List<(int from, int to)> spans)
        {
            spans.Sort((a, b) => a.from.CompareTo(b.from));
            var sb = new StringBuilder(s.Length);
            int copied = 0;
            foreach (var (from, to) in spans)
            {
                if (to <= copied) continue;
                if (from > copied) sb.Append(s, copied, from - copied);
                if (from >= copied || sb.Length == 0 || !EndsWithMask(sb)) sb.Append(Mask);
                copied = to;
            }
            return sb.Append(s, copied, s.Length - copied).ToString();
        }

        static bool EndsWithMask(StringBuilder sb) => sb.Length >= Mask.Length && sb[sb.Length - 1] == '*' && sb[sb.Length - 2] == '*' && sb[sb.Length - 3] == '*';

        /// <summary>One pass over JSON-like text: a string followed by ':' is a key; when its name is a secret word,
        /// the value that follows (string, number or literal) becomes ***. Works on cut-off and invalid JSON too.</summary>
        public static string RedactFields(string s)
        {
            StringBuilder? sb = null;
            int copied = 0, i = 0, n = s.Length;
            while (i < n)
            {
                if (s[i] != '"') { i++; continue; }
                int keyStart = i + 1, end = StringEnd(s, keyStart);
                if (end < 0) break;
                int j = end + 1;
                while (j < n && char.IsWhiteSpace(s[j])) j++;
                if (j >= n || s[j] != ':' || !IsSecretName(s, keyStart, end)) { i = end + 1; continue; }
                j++;
                while (j < n && char.IsWhiteSpace(s[j])) j++;
                if (j >= n) break;
                int valueStart = j, valueEnd;
                if (s[j] == '"')
                {
                    int close = StringEnd(s, j + 1);
                    valueEnd = close < 0 ? n : close + 1;
                }
                else if (s[j] == '{' || s[j] == '[') { i = j; continue; }
                else
                {
                    valueEnd = j;
                    while (valueEnd < n && s[valueEnd] != ',' && s[valueEnd] != '}' && s[valueEnd] != ']' && !char.IsWhiteSpace(s[valueEnd])) valueEnd++;
                }
                sb ??= new StringBuilder(n);
                sb.Append(s, copied, valueStart - copied).Append('"').Append(Mask).Append('"');
                copied = valueEnd;
                i = valueEnd;
            }
            if (sb == null) return s;
            return sb.Append(s, copied, n - copied).ToString();
        }

        /// <summary>The index of the closing quote of a string starting at <paramref name="start"/>, or -1.</summary>
        static int StringEnd(string s, int start)
        {
            for (int i = start; i < s.Length; i++)
            {
                if (s[i] == '\\') { i++; continue; }
                if (s[i] == '"') return i;
            }
            return -1;
        }

        static bool IsSecretName(string s, int start, int end)
        {
            int len = end - start;
            if (len < 3 || len > 64) return false;
            var name = s.Substring(start, len).ToLowerInvariant();
            foreach (var w in SecretWords) if (name.Contains(w)) return true;
            return false;
        }
    }
}
