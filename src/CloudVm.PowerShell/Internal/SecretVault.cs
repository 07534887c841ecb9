using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace CloudVm.PowerShell
{
    /// <summary>Microsoft.PowerShell.SecretManagement, used through the engine at run time (no compile-time dependency):
    /// the module loads and works without it, and says how to install it when asked to use it.</summary>
    internal static class SecretVault
    {
        const string Module = "Microsoft.PowerShell.SecretManagement";

        static Collection Invoke(PSCmdlet cmdlet, string script, params object?[] args)
        {
            try
            {
                return new Collection(cmdlet.InvokeCommand.InvokeScript(script, true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, args));
            }
            catch (RuntimeException e)
            {
                var message = e.ErrorRecord?.Exception?.Message ?? e.Message;
                if (message.IndexOf("not loaded because no valid module file", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("was not loaded", StringComparison.OrdinalIgnoreCase) >= 0)
                    throw NotInstalled();
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument, "SecretManagement: " + message, e);
            }
        }

        sealed class Collection
        {
            public Collection(System.Collections.ObjectModel.Collection<PSObject> items) => Items = items;
            public System.Collections.ObjectModel.Collection<PSObject> Items { get; }
        }

        public static CloudVmException NotInstalled() =>
            new CloudVmException(CloudVmErrorKind.NotSupported, $"{Module} is not installed, so CloudVm cannot read or keep secrets in a vault.")
            {
                RecommendedAction = "Install-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Scope CurrentUser; Register-SecretVault -Name CloudVm -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault",
            };

        public static bool Available(PSCmdlet cmdlet) =>
            Invoke(cmdlet, $"[bool](Get-Module -ListAvailable -Name {Module} | Select-Object -First 1)").Items.FirstOrDefault()?.BaseObject is true;

        /// <summary>The secret as PowerShell stores it: a SecureString, a PSCredential, a string, or a hashtable.</summary>
        public static object Get(PSCmdlet cmdlet, string name, string? vault)
        {
            if (!Available(cmdlet)) throw NotInstalled();
            var r = Invoke(cmdlet, $"param($n, $v) Import-Module {Module} -ErrorAction Stop; if ($v) {{ {Module}\\Get-Secret -Name $n -Vault $v -ErrorAction Stop }} else {{ {Module}\\Get-Secret -Name $n -ErrorAction Stop }}", name, vault);
            var value = r.Items.FirstOrDefault()?.BaseObject
                ?? throw new CloudVmException(CloudVmErrorKind.NotFound, $"SecretManagement has no secret '{name}'{(vault == null ? "" : $" in vault '{vault}'")}.");
            return value;
        }

        public static void Set(PSCmdlet cmdlet, string name, object secret, string? vault)
        {
            if (!Available(cmdlet)) throw NotInstalled();
            Invoke(cmdlet, $"param($n, $s, $v) Import-Module {Module} -ErrorAction Stop; if ($v) {{ {Module}\\Set-Secret -Name $n -Secret $s -Vault $v -ErrorAction Stop }} else {{ {Module}\\Set-Secret -Name $n -Secret $s -ErrorAction Stop }}", name, secret, vault);
        }

        public static void Remove(PSCmdlet cmdlet, string name, string? vault)
        {
            if (!Available(cmdlet)) throw NotInstalled();
            Invoke(cmdlet, $"param($n, $v) Import-Module {Module} -ErrorAction Stop; $vault = if ($v) {{ $v }} else {{ (Get-SecretVault | Where-Object IsDefault | Select-Object -First 1).Name }}; {Module}\\Remove-Secret -Name $n -Vault $vault -ErrorAction Stop", name, vault);
        }

        public static string[] Vaults(PSCmdlet cmdlet)
        {
            if (!Available(cmdlet)) return Array.Empty<string>();
            return Invoke(cmdlet, $"Import-Module {Module} -ErrorAction Stop; (Get-SecretVault).Name").Items.Select(o => o?.ToString() ?? "").Where(s => s.Length > 0).ToArray();
        }

        /// <summary>A key (and, for a provider that <paramref name="takesSecret"/>, its secret) from what a vault holds.</summary>
        public static (SecureString key, SecureString? secret) KeyFrom(object value, bool takesSecret)
        {
            switch (value)
            {
                case SecureString s: return (s, null);
                case string s: return (ApiCredential.Protect(s), null);
                case PSCredential c when takesSecret: return (ApiCredential.Protect(c.UserName), c.Password);
                case PSCredential c: return (c.Password, null);
                case IDictionary h:
                    var key = h["ApiKey"] ?? h["Key"];
                    var sec = h["ApiSecret"] ?? h["Secret"];
                    SecureString? Secure(object? o) => o is SecureString ss ? ss : o is string str ? ApiCredential.Protect(str) : o is PSObject p ? Secure(p.BaseObject) : null;
                    return (Secure(key) ?? throw CloudVmException.Invalid("The vault's hashtable has no ApiKey."), Secure(sec));
                default:
                    throw CloudVmException.Invalid($"The vault's secret is a {value.GetType().Name}; CloudVm reads a SecureString, a string, a PSCredential (with a key and a secret: key as user name, secret as password) or a hashtable with ApiKey and ApiSecret.");
            }
        }
    }
}
