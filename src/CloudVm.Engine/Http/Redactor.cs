using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CloudVm.Http
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

        public Redactor(Func<IEnumerable<string>> secretValues) => values = secretValues;

        public static readonly Redactor None = new Redactor(() => Enumerable.Empty<string>());

        /// <summary>Header names whose values are always hidden (plus any custom auth header, by value).</summary>
        public static bool IsSecretHeader(string name)
        {
            var n = name.ToLowerInvariant();
            return n.Contains("key") || n.Contains("auth") || n.Contains("secret") || n.Contains("token") || n.Contains("signature") || n.Contains("cookie");
        }

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var s = text!;
            foreach (var v in values())
                if (v.Length >= 4) s = ReplaceAll(s, v);
            return RedactFields(s);
        }

        static string ReplaceAll(string s, string value)
        {
            int i = s.IndexOf(value, StringComparison.Ordinal);
            if (i < 0) return s;
            var sb = new StringBuilder(s.Length);
            int last = 0;
            while (i >= 0)
            {
                sb.Append(s, last, i - last).Append(Mask);
                last = i + value.Length;
                i = s.IndexOf(value, last, StringComparison.Ordinal);
            }
            return sb.Append(s, last, s.Length - last).ToString();
        }

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
