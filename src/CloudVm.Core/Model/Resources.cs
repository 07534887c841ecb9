using System;
using System.Security;

namespace CloudVm
{
    /// <summary>A VM size (GPCN configuration, VPS247 package, Magalu machine type, VMgen package).</summary>
    public sealed class CloudVmSize
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public int? Cpu { get; set; }
        public double? MemoryGB { get; set; }
        public int? DiskGB { get; set; }
        public string? Location { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>An OS image or template a VM can be created from.</summary>
    public sealed class CloudVmImage
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Platform { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>A region / data center / location.</summary>
    public sealed class CloudVmLocation
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Region { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>A network interface attached to a VM.</summary>
    public sealed class CloudVmNetworkInterface
    {
        public string Id { get; set; } = "";
        public string VmId { get; set; } = "";
        public string? VmName { get; set; }
        public string? NetworkId { get; set; }
        public string? NetworkName { get; set; }
        public string? NetworkType { get; set; }
        public string? PrivateIp { get; set; }
        public string? PublicIp { get; set; }
        public bool Primary { get; set; }
        /// <summary>Reverse DNS name, where the provider reports one (VMgen).</summary>
        public string? ReverseDns { get; set; }
        public string? IpVersion { get; set; }
        public string? Gateway { get; set; }
        public string? Netmask { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Id;
    }

    /// <summary>A network a VM can be attached to.</summary>
    public sealed class CloudVmNetwork
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Type { get; set; }
        public string? Location { get; set; }
        public string? VmId { get; set; }
        public CloudProvider Provider { get; set; }
        public CloudVmSession? Session { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>How to reach a VM's console: a URL (GPCN noVNC) or host, port and password (e24cloud).</summary>
    public sealed class CloudVmConsole
    {
        public string VmId { get; set; } = "";
        public string? VmName { get; set; }
        public Uri? Url { get; set; }
        public string? Host { get; set; }
        public int? Port { get; set; }
        /// <summary>The console password, never shown in a view.</summary>
        public SecureString? Password { get; set; }
        /// <summary>The console password as text: filled only by Get-CloudVmConsole -AsPlainText.</summary>
        public string? PlainTextPassword { get; set; }
        public CloudProvider Provider { get; set; }
        public override string ToString() => Url?.ToString() ?? $"{Host}:{Port}";
    }

    /// <summary>Which login secret of a VM.</summary>
    public enum CloudVmSecretType
    {
        Password,
        SshPrivateKey,
    }

    /// <summary>A VM's login secret (password or generated SSH private key), held as a SecureString.</summary>
    public sealed class CloudVmSecret
    {
        public string VmId { get; set; } = "";
        public string? VmName { get; set; }
        public CloudVmSecretType Type { get; set; }
        public string? UserName { get; set; }
        public SecureString Secret { get; set; } = new SecureString();
        public CloudProvider Provider { get; set; }
        public override string ToString() => $"{Type} of {VmName ?? VmId}";
    }

    /// <summary>One network attachment for New-CloudVm. A string converts to one (a network id).</summary>
    public sealed class CloudVmNetworkSpec
    {
        public CloudVmNetworkSpec() { }
        public CloudVmNetworkSpec(string networkId) { NetworkId = networkId; }
        public string NetworkId { get; set; } = "";
        public bool Primary { get; set; }
        public override string ToString() => Primary ? NetworkId + " (primary)" : NetworkId;
    }
}
