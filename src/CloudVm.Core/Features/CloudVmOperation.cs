using System.Collections.Generic;

namespace CloudVm
{
    /// <summary>Every operation the module knows. A provider declares which it has in its
    /// <see cref="ProviderFeatures"/>; anything else is refused before a request with one message form.</summary>
    public enum CloudVmOperation
    {
        ListVms, GetVm, CreateVm, DeleteVm,
        Start, Stop, ForceStop, Restart, Reset, Suspend,
        Resize, Rename, SetResourceGroup,
        GetConsole, GetPassword, GetSshPrivateKey,
        ListNetworkInterfaces, AddNetworkInterface, RemoveNetworkInterface, SetPrimaryNetworkInterface,
        AddPublicIp, RemovePublicIp, ListAvailableNetworks,
        ListLocations, ListSizes, ListImages, ListResizeTargets,
        LookupJobs, ListVmJobs, GetVmStatus, ListUsage,
        ListMarketplaceItems, ListSshKeys, ListUserDataScripts, NewUserDataScript,
        GetAccount, ListInvoices, NewSupportTicket,
        ListSnapshots, GetSnapshot, NewSnapshot, RemoveSnapshot, RenameSnapshot, RestoreSnapshot, CopySnapshot,
        ListBackups, GetBackup, NewBackup, RemoveBackup, RenameBackup, RestoreBackup, CopyBackup,
    }

    /// <summary>What each operation is called in messages, and the cmdlet that does it.</summary>
    public static class CloudVmOperations
    {
        static readonly Dictionary<CloudVmOperation, (string text, string cmdlet)> Table = new Dictionary<CloudVmOperation, (string, string)>
        {
            [CloudVmOperation.ListVms] = ("listing VMs", "Get-CloudVm"),
            [CloudVmOperation.GetVm] = ("reading a VM", "Get-CloudVm -Id"),
            [CloudVmOperation.CreateVm] = ("creating a VM", "New-CloudVm"),
            [CloudVmOperation.DeleteVm] = ("deleting a VM", "Remove-CloudVm"),
            [CloudVmOperation.Start] = ("starting a VM", "Start-CloudVm"),
            [CloudVmOperation.Stop] = ("a graceful shutdown", "Stop-CloudVm"),
            [CloudVmOperation.ForceStop] = ("a forced power-off", "Stop-CloudVm -Force"),
            [CloudVmOperation.Restart] = ("a graceful restart", "Restart-CloudVm"),
            [CloudVmOperation.Reset] = ("a hard reset", "Restart-CloudVm -Force"),
            [CloudVmOperation.Suspend] = ("suspending a VM", "Suspend-CloudVm"),
            [CloudVmOperation.Resize] = ("resizing a VM", "Resize-CloudVm"),
            [CloudVmOperation.Rename] = ("renaming a VM", "Rename-CloudVm"),
            [CloudVmOperation.SetResourceGroup] = ("resource groups", "Set-CloudVm -ResourceGroup"),
            [CloudVmOperation.GetConsole] = ("a console", "Get-CloudVmConsole"),
            [CloudVmOperation.GetPassword] = ("reading a VM's password", "Get-CloudVmCredential"),
            [CloudVmOperation.GetSshPrivateKey] = ("reading a generated SSH private key", "Get-CloudVmCredential -Type SshPrivateKey"),
            [CloudVmOperation.ListNetworkInterfaces] = ("listing network interfaces", "Get-CloudVmNetworkInterface"),
            [CloudVmOperation.AddNetworkInterface] = ("attaching a network interface", "Add-CloudVmNetworkInterface"),
            [CloudVmOperation.RemoveNetworkInterface] = ("detaching a network interface", "Remove-CloudVmNetworkInterface"),
            [CloudVmOperation.SetPrimaryNetworkInterface] = ("changing the primary network interface", "Set-CloudVmNetworkInterface -Primary"),
            [CloudVmOperation.AddPublicIp] = ("allocating a public IP on an interface", "Add-CloudVmPublicIp"),
            [CloudVmOperation.RemovePublicIp] = ("releasing a public IP from an interface", "Remove-CloudVmPublicIp"),
            [CloudVmOperation.ListAvailableNetworks] = ("listing the networks a VM can join", "Get-CloudVmNetwork"),
            [CloudVmOperation.ListLocations] = ("listing locations", "Get-CloudVmLocation"),
            [CloudVmOperation.ListSizes] = ("listing sizes", "Get-CloudVmSize"),
            [CloudVmOperation.ListImages] = ("listing images", "Get-CloudVmImage"),
            [CloudVmOperation.ListResizeTargets] = ("listing the sizes a VM can be resized to", "Get-CloudVmSize -Vm"),
            [CloudVmOperation.LookupJobs] = ("looking up provider jobs by id", "Get-CloudVmJob -Id"),
            [CloudVmOperation.ListVmJobs] = ("listing a VM's jobs", "Get-CloudVmJob -Vm"),
            [CloudVmOperation.GetVmStatus] = ("reading a VM's current operation", "Get-CloudVmJob -Vm -Latest"),
            [CloudVmOperation.ListUsage] = ("bandwidth usage", "Get-CloudVmUsage"),
            [CloudVmOperation.ListMarketplaceItems] = ("a marketplace", "Get-CloudVmMarketplaceItem"),
            [CloudVmOperation.ListSshKeys] = ("listing SSH keys", "Get-CloudVmSshKey"),
            [CloudVmOperation.ListUserDataScripts] = ("saved user-data scripts", "Get-CloudVmUserDataScript"),
            [CloudVmOperation.NewUserDataScript] = ("saving user-data scripts", "New-CloudVmUserDataScript"),
            [CloudVmOperation.GetAccount] = ("reading the account", "Get-CloudVmAccount"),
            [CloudVmOperation.ListInvoices] = ("invoices", "Get-CloudVmInvoice"),
            [CloudVmOperation.NewSupportTicket] = ("support tickets", "New-CloudVmSupportTicket"),
            [CloudVmOperation.ListSnapshots] = ("snapshots", "Get-CloudVmSnapshot"),
            [CloudVmOperation.GetSnapshot] = ("snapshots", "Get-CloudVmSnapshot -Id"),
            [CloudVmOperation.NewSnapshot] = ("snapshots", "New-CloudVmSnapshot"),
            [CloudVmOperation.RemoveSnapshot] = ("snapshots", "Remove-CloudVmSnapshot"),
            [CloudVmOperation.RenameSnapshot] = ("renaming snapshots", "Rename-CloudVmSnapshot"),
            [CloudVmOperation.RestoreSnapshot] = ("restoring snapshots", "Restore-CloudVmSnapshot"),
            [CloudVmOperation.CopySnapshot] = ("copying snapshots to another region", "Copy-CloudVmSnapshot"),
            [CloudVmOperation.ListBackups] = ("backups", "Get-CloudVmBackup"),
            [CloudVmOperation.GetBackup] = ("backups", "Get-CloudVmBackup -Id"),
            [CloudVmOperation.NewBackup] = ("backups", "New-CloudVmBackup"),
            [CloudVmOperation.RemoveBackup] = ("backups", "Remove-CloudVmBackup"),
            [CloudVmOperation.RenameBackup] = ("renaming backups", "Rename-CloudVmBackup"),
            [CloudVmOperation.RestoreBackup] = ("restoring backups", "Restore-CloudVmBackup"),
            [CloudVmOperation.CopyBackup] = ("copying backups to another region", "Copy-CloudVmBackup"),
        };

        public static string Text(CloudVmOperation op) => Table[op].text;
        public static string Cmdlet(CloudVmOperation op) => Table[op].cmdlet;

        public static CloudVmOperation For(PowerAction action) => action switch
        {
            PowerAction.Start => CloudVmOperation.Start,
            PowerAction.Stop => CloudVmOperation.Stop,
            PowerAction.ForceStop => CloudVmOperation.ForceStop,
            PowerAction.Restart => CloudVmOperation.Restart,
            PowerAction.Reset => CloudVmOperation.Reset,
            _ => CloudVmOperation.Suspend,
        };

        public static CloudVmJobOperation JobOperation(PowerAction action) => action switch
        {
            PowerAction.Start => CloudVmJobOperation.Start,
            PowerAction.Stop => CloudVmJobOperation.Stop,
            PowerAction.ForceStop => CloudVmJobOperation.ForceStop,
            PowerAction.Restart => CloudVmJobOperation.Restart,
            PowerAction.Reset => CloudVmJobOperation.Reset,
            _ => CloudVmJobOperation.Suspend,
        };

        /// <summary>The status a power action leaves a VM in.</summary>
        public static CloudVmStatus Target(PowerAction action) => action switch
        {
            PowerAction.Stop or PowerAction.ForceStop => CloudVmStatus.Stopped,
            PowerAction.Suspend => CloudVmStatus.Suspended,
            _ => CloudVmStatus.Running,
        };

        /// <summary>The status a VM passes through on its way to <see cref="Target"/>.</summary>
        public static CloudVmStatus Transition(PowerAction action) => action switch
        {
            PowerAction.Stop or PowerAction.ForceStop or PowerAction.Suspend => CloudVmStatus.Stopping,
            PowerAction.Start => CloudVmStatus.Starting,
            _ => CloudVmStatus.Rebooting,
        };

        static readonly Dictionary<CloudVmCopyKind, CloudVmOperation[]> CopyOps = new Dictionary<CloudVmCopyKind, CloudVmOperation[]>
        {
            [CloudVmCopyKind.Snapshot] = new[] { CloudVmOperation.ListSnapshots, CloudVmOperation.GetSnapshot, CloudVmOperation.NewSnapshot, CloudVmOperation.RemoveSnapshot, CloudVmOperation.RenameSnapshot, CloudVmOperation.RestoreSnapshot, CloudVmOperation.CopySnapshot },
            [CloudVmCopyKind.Backup] = new[] { CloudVmOperation.ListBackups, CloudVmOperation.GetBackup, CloudVmOperation.NewBackup, CloudVmOperation.RemoveBackup, CloudVmOperation.RenameBackup, CloudVmOperation.RestoreBackup, CloudVmOperation.CopyBackup },
        };

        /// <summary>The operation of a copy verb for one kind of copy (snapshot or backup).</summary>
        public static CloudVmOperation ForCopy(CloudVmCopyKind kind, CopyVerb verb) => CopyOps[kind][(int)verb];

        public static CloudVmJobOperation JobOperation(CloudVmCopyKind kind, CopyVerb verb) => (kind, verb) switch
        {
            (CloudVmCopyKind.Snapshot, CopyVerb.New) => CloudVmJobOperation.NewSnapshot,
            (CloudVmCopyKind.Snapshot, CopyVerb.Remove) => CloudVmJobOperation.RemoveSnapshot,
            (CloudVmCopyKind.Snapshot, CopyVerb.Rename) => CloudVmJobOperation.RenameSnapshot,
            (CloudVmCopyKind.Snapshot, CopyVerb.Restore) => CloudVmJobOperation.RestoreSnapshot,
            (CloudVmCopyKind.Snapshot, CopyVerb.Copy) => CloudVmJobOperation.CopySnapshot,
            (CloudVmCopyKind.Backup, CopyVerb.New) => CloudVmJobOperation.NewBackup,
            (CloudVmCopyKind.Backup, CopyVerb.Remove) => CloudVmJobOperation.RemoveBackup,
            (CloudVmCopyKind.Backup, CopyVerb.Rename) => CloudVmJobOperation.RenameBackup,
            (CloudVmCopyKind.Backup, CopyVerb.Restore) => CloudVmJobOperation.RestoreBackup,
            (CloudVmCopyKind.Backup, CopyVerb.Copy) => CloudVmJobOperation.CopyBackup,
            _ => CloudVmJobOperation.Other,
        };
    }

    /// <summary>The verbs of the snapshot and backup families, in the order of <see cref="CloudVmOperations.ForCopy"/>.</summary>
    public enum CopyVerb { List, Get, New, Remove, Rename, Restore, Copy }
}
