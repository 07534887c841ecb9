using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudVm
{
    /// <summary>A virtual machine on any provider. Emitted by Get-CloudVm; every cmdlet that acts on
    /// a VM takes it from the pipeline, and it remembers the session it came from.</summary>
    public sealed class VirtualMachine
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public CloudVmStatus Status { get; internal set; }
        /// <summary>The provider's own status word, unchanged.</summary>
        public string? ProviderStatus { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        /// <summary>The size: its name (GPCN size, VPS247 package, Magalu machine type, VMgen package), or where the provider
        /// has no size names (e24cloud), a description such as "2 vCPU 4 GB". What the table shows, Select-Object and
        /// Export-Csv keep.</summary>
        public string? Size
        {
            get => field ?? (Cpu is int c ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} vCPU {1:0.##} GB", c, MemoryGB ?? 0) : null);
            internal set => field = value;
        }
        /// <summary>The provider's id for <see cref="Size"/>, where it has one.</summary>
        public string? SizeId { get; internal set; }
        public int? Cpu { get; internal set; }
        public double? MemoryGB { get; internal set; }
        public int? DiskGB { get; internal set; }
        public string? Image { get; internal set; }
        public string? Location { get; internal set; }
        public string? LocationId { get; internal set; }
        public string? PublicIp { get; internal set; }
        public string? PrivateIp { get; internal set; }
        /// <summary>GPCN resource group (team) id.</summary>
        public string? ResourceGroup { get; internal set; }
        public DateTimeOffset? CreatedAt { get; internal set; }
        public DateTimeOffset? UpdatedAt { get; internal set; }

        CloudVmProviderData? data;
        /// <summary>Provider-only facts (consoleEnabled, networkHotplug, last task, …) by the provider's own names.</summary>
        public CloudVmProviderData ProviderData => data ??= new CloudVmProviderData();
        internal bool HasProviderData => data != null && data.Count > 0;

        /// <summary>The session this VM was read through; cmdlets that act on it use this session.</summary>
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;

        /// <summary>True when this object stands for a VM given only by id (a string, a job, a NIC): nothing was read.</summary>
        internal bool IsReference { get; set; }

        /// <summary>A stand-in for a VM known only by id (and maybe name), for cmdlets given ids or module objects that point at a VM.</summary>
        internal static VirtualMachine Reference(string id, string? name, CloudProvider? provider, CloudVmSession? session) =>
            new VirtualMachine { Id = id, Name = name ?? "", Provider = provider ?? session?.Provider ?? default, Owner = session, IsReference = true };

        public override string ToString() => Input.Neutralize(string.IsNullOrEmpty(Name) ? Id : Name);
    }

    /// <summary>Provider-only facts of an object, by the provider's own names (case-insensitive). Shown as
    /// "name=value; …". A small map (most objects have two or three facts, and a list has thousands of objects), in the
    /// order the facts were added.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Users meet it as $vm.ProviderData and in Get-Member; it is named for what it holds, as PowerShell's own PSObject and OrderedHashtable are, and renaming it would change a published type name.")]
    public sealed class CloudVmProviderData : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>, System.Collections.IDictionary
    {
        string[] keys = new string[2];
        object?[] values = new object?[2];
        int count;

        int IndexOf(string key)
        {
            for (int i = 0; i < count; i++) if (string.Equals(keys[i], key, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }

        public object? this[string key]
        {
            get => IndexOf(key) is int i && i >= 0 ? values[i] : throw new KeyNotFoundException($"No provider fact '{key}'.");
            set
            {
                var i = IndexOf(key);
                if (i >= 0) { values[i] = value; return; }
                if (count == keys.Length)
                {
                    Array.Resize(ref keys, count * 2);
                    Array.Resize(ref values, count * 2);
                }
                keys[count] = key ?? throw new ArgumentNullException(nameof(key));
                values[count++] = value;
            }
        }

        public int Count => count;
        public bool IsReadOnly => false;
        public ICollection<string> Keys => keys.Take(count).ToList();
        public ICollection<object?> Values => values.Take(count).ToList();
        IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Keys;
        IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;

        public void Add(string key, object? value)
        {
            if (IndexOf(key) >= 0) throw new ArgumentException($"The provider fact '{key}' is there already.", nameof(key));
            this[key] = value;
        }

        public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);
        public bool ContainsKey(string key) => IndexOf(key) >= 0;
        public bool Contains(KeyValuePair<string, object?> item) => IndexOf(item.Key) is int i && i >= 0 && Equals(values[i], item.Value);

        public bool TryGetValue(string key, out object? value)
        {
            var i = IndexOf(key);
            value = i >= 0 ? values[i] : null;
            return i >= 0;
        }

        public bool Remove(string key)
        {
            var i = IndexOf(key);
            if (i < 0) return false;
            Array.Copy(keys, i + 1, keys, i, count - i - 1);
            Array.Copy(values, i + 1, values, i, count - i - 1);
            count--;
            keys[count] = null!;
            values[count] = null;
            return true;
        }

        public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Remove(item.Key);

        public void Clear()
        {
            Array.Clear(keys, 0, count);
            Array.Clear(values, 0, count);
            count = 0;
        }

        public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
        {
            for (int i = 0; i < count; i++) array[arrayIndex + i] = new KeyValuePair<string, object?>(keys[i], values[i]);
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return new KeyValuePair<string, object?>(keys[i], values[i]);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        // IDictionary, so PowerShell shows and indexes it as it does a hashtable ($vm.ProviderData.region).
        object? System.Collections.IDictionary.this[object key] { get => key is string k && TryGetValue(k, out var v) ? v : null; set => this[(string)key] = value; }
        System.Collections.ICollection System.Collections.IDictionary.Keys => keys.Take(count).ToArray();
        System.Collections.ICollection System.Collections.IDictionary.Values => values.Take(count).ToArray();
        bool System.Collections.IDictionary.IsFixedSize => false;
        bool System.Collections.ICollection.IsSynchronized => false;
        object System.Collections.ICollection.SyncRoot => this;
        void System.Collections.IDictionary.Add(object key, object? value) => Add((string)key, value);
        bool System.Collections.IDictionary.Contains(object key) => key is string k && ContainsKey(k);
        void System.Collections.IDictionary.Remove(object key) { if (key is string k) Remove(k); }
        void System.Collections.ICollection.CopyTo(Array array, int index)
        {
            for (int i = 0; i < count; i++) array.SetValue(new System.Collections.DictionaryEntry(keys[i], values[i]), index + i);
        }

        System.Collections.IDictionaryEnumerator System.Collections.IDictionary.GetEnumerator() =>
            new Entries(this);

        sealed class Entries : System.Collections.IDictionaryEnumerator
        {
            readonly CloudVmProviderData data;
            int i = -1;
            public Entries(CloudVmProviderData data) => this.data = data;
            public bool MoveNext() => ++i < data.count;
            public void Reset() => i = -1;
            public object Current => Entry;
            public System.Collections.DictionaryEntry Entry => new System.Collections.DictionaryEntry(data.keys[i], data.values[i]);
            public object Key => data.keys[i];
            public object? Value => data.values[i];
        }

        public override string ToString() => string.Join("; ", this.Select(kv => $"{kv.Key}={kv.Value}"));
    }
}
