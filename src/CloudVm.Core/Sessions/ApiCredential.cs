using System.Globalization;
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace CloudVm
{
    /// <summary>A key (and, for e24cloud, a secret) kept as SecureStrings. It is revealed only while a
    /// request is being authenticated (or an answer redacted) and never appears in ToString, a view or a trace.</summary>
    public sealed class ApiCredential
    {
        readonly SecureString key;
        readonly SecureString? secret;

        public ApiCredential(SecureString key, SecureString? secret = null)
        {
            this.key = key.Copy();
            this.key.MakeReadOnly();
            if (secret != null)
            {
                this.secret = secret.Copy();
                this.secret.MakeReadOnly();
            }
            Fingerprint = Hash(Reveal(this.key));
            lock (Live)
            {
                Live.RemoveAll(w => !w.TryGetTarget(out _));
                Live.Add(new WeakReference<ApiCredential>(this));
            }
        }

        static readonly List<WeakReference<ApiCredential>> Live = new List<WeakReference<ApiCredential>>();

        /// <summary>The values of every credential alive in the process (read only to redact an error's text).</summary>
        internal static IEnumerable<string> LiveValues()
        {
            List<ApiCredential> alive;
            lock (Live)
            {
                alive = new List<ApiCredential>(Live.Count);
                foreach (var w in Live) if (w.TryGetTarget(out var c)) alive.Add(c);
            }
            foreach (var c in alive)
                foreach (var v in c.Values()) yield return v;
        }

        public bool HasSecret => secret != null;
        internal string RevealKey() => Reveal(key);
        internal string RevealSecret() => secret == null ? "" : Reveal(secret);
        internal SecureString KeyCopy() => key.Copy();
        internal SecureString? SecretCopy() => secret?.Copy();

        /// <summary>A one-way fingerprint of the key, for telling accounts apart (never shown).</summary>
        internal string Fingerprint { get; }

        /// <summary>The values a server might echo back, for redaction.</summary>
        internal IEnumerable<string> Values()
        {
            yield return RevealKey();
            if (secret != null) yield return RevealSecret();
        }

        public override string ToString() => "ApiCredential(***)";

        static string Hash(string s)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes("cloudvm-account:" + s));
            var sb = new StringBuilder();
            for (int i = 0; i < 12; i++) sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        public static string Reveal(SecureString s)
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(s);
                // By length, not to the first NUL: a NUL inside a key is then seen (and refused) instead of cutting the key short.
                return Marshal.PtrToStringUni(ptr, s.Length) ?? "";
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public static SecureString Protect(string plain)
        {
            var s = new SecureString();
            foreach (var c in plain) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }
    }
}
