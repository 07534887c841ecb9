using System;
using System.Security;

namespace CloudVm
{
    /// <summary>A VM size (GPCN configuration, VPS247 package, Magalu machine type, VMgen package).</summary>
    public sealed class CloudVmSize
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public int? Cpu { get; internal set; }
        public double? MemoryGB { get; internal set; }
        public int? DiskGB { get; internal set; }
        public string? Location { get; internal set; }
        /// <summary>The provider's category of the size (GPCN: general-purpose, memory-optimized).</summary>
        public string? Category { get; internal set; }
        /// <summary>The provider's own code for the size, where it has one besides the id (GPCN's skuCode).</summary>
        public string? Code { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Name;
    }

    /// <summary>An OS image or template a VM can be created from.</summary>
    public sealed class CloudVmImage
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string? Platform { get; internal set; }
        /// <summary>The provider's category of the image (GPCN: Linux, Windows, Network/Security, Custom).</summary>
        public string? Category { get; internal set; }
        /// <summary>The location the image is offered in, where images are per location (GPCN).</summary>
        public string? Location { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Name;
    }

    /// <summary>A region / data center / zone / location.</summary>
    public sealed class CloudVmLocation
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string? Region { get; internal set; }
        /// <summary>The provider's short code for the location (GPCN's data center code).</summary>
        public string? Code { get; internal set; }
        public string? Country { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Name;
    }

    /// <summary>A network interface attached to a VM.</summary>
    public sealed class CloudVmNetworkInterface
    {
        public string Id { get; internal set; } = "";
        public string VmId { get; internal set; } = "";
        public string? VmName { get; internal set; }
        public string? NetworkId { get; internal set; }
        public string? NetworkName { get; internal set; }
        public string? NetworkType { get; internal set; }
        public string? PrivateIp { get; internal set; }
        public string? PublicIp { get; internal set; }
        public bool Primary { get; internal set; }
        /// <summary>Reverse DNS name, where the provider reports one (VMgen).</summary>
        public string? ReverseDns { get; internal set; }
        public string? IpVersion { get; internal set; }
        public string? Gateway { get; internal set; }
        public string? Netmask { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Id;
    }

    /// <summary>A network a VM can be attached to.</summary>
    public sealed class CloudVmNetwork
    {
        public string Id { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string? Type { get; internal set; }
        public string? Location { get; internal set; }
        public string? VmId { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        internal CloudVmSession? Owner { get; set; }
        /// <summary>The name of the session this was read through: data, so ConvertTo-Json and Export-Csv write a name,
        /// not the session's settings. Give it back as -Session (a name binds), or pipe the object itself.</summary>
        public string? Session => Owner?.Name;
        public override string ToString() => Name;
    }

    /// <summary>How to reach a VM's console: a URL (GPCN noVNC) or host, port and password (e24cloud).</summary>
    public sealed class CloudVmConsole
    {
        public string VmId { get; internal set; } = "";
        public string? VmName { get; internal set; }
        public Uri? Url { get; internal set; }
        public string? Host { get; internal set; }
        public int? Port { get; internal set; }
        /// <summary>The console password, never shown in a view.</summary>
        public SecureString? Password { get; internal set; }
        /// <summary>The console password as text: filled only by Get-CloudVmConsole -AsPlainText.</summary>
        public string? PlainTextPassword { get; internal set; }
        public CloudProvider Provider { get; internal set; }
        public override string ToString() => Url != null ? "console URL for " + (VmName ?? VmId) : $"{Host}:{Port}";
    }

    /// <summary>A VM's login secret (password or generated SSH private key), held as a SecureString.</summary>
    public sealed class CloudVmSecret
    {
        public string VmId { get; internal set; } = "";
        public string? VmName { get; internal set; }
        public CloudVmSecretType Type { get; internal set; }
        public string? UserName { get; internal set; }
        public SecureString Secret { get; internal set; } = new SecureString();
        public CloudProvider Provider { get; internal set; }
        public override string ToString() => $"{Type} of {VmName ?? VmId}";
    }

    /// <summary>One network attachment for New-CloudVm. A string converts to one (a network id or name).</summary>
    public sealed class CloudVmNetworkSpec
    {
        public CloudVmNetworkSpec() { }
        public CloudVmNetworkSpec(string networkId) { NetworkId = networkId; }
        public string NetworkId { get; set; } = "";
        public bool Primary { get; set; }
        public override string ToString() => Primary ? NetworkId + " (primary)" : NetworkId;
    }
}
