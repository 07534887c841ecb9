using System;
using System.Linq;
using System.Management.Automation;
using CloudVm.Connections;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes saved connections, and the secrets CloudVm made for them (a secret you named with -SecretName stays).</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByName")]
    [OutputType(typeof(void))]
    public sealed class RemoveCloudVmConnectionCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ByName", Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "ByObject", Mandatory = true, ValueFromPipeline = true)]
        public CloudVmConnection[] InputObject { get; set; } = Array.Empty<CloudVmConnection>();

        protected override void ProcessRecord()
        {
            var names = ParameterSetName == "ByName" ? Name : InputObject.Select(c => c.Name).ToArray();
            Try(null, () =>
            {
                var all = ConnectionFile.Read();
                foreach (var name in names)
                {
                    var c = all.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (c == null)
                    {
                        WriteCloudError(new CloudVmException(CloudVmErrorKind.NotFound, $"There is no saved connection '{name}'."), name);
                        continue;
                    }
                    var secret = c.SecretOwned ? $" and its secret ({c.SecretStore} {c.SecretName})" : "";
                    if (!ShouldProcess($"saved connection '{c.Name}'{secret}", "Remove")) continue;
                    if (c.SecretOwned)
                        Try(c.Name, () =>
                        {
                            if (c.SecretStore == CloudVmSecretStore.Vault) SecretVault.Remove(this, c.SecretName!, c.Vault);
                            else if (c.SecretStore == CloudVmSecretStore.Dpapi) Dpapi.Delete(c);
                        });
                    ConnectionFile.Update(current =>
                    {
                        current.RemoveAll(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase));
                        return current;
                    });
                }
            });
        }
    }
}
