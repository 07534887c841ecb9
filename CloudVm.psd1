@{
    # The module's one version: Directory.Build.props reads it for the assemblies (and so the user agent),
    # build.ps1 -Package for the .nupkg, CHANGELOG.md names the same version.
    ModuleVersion          = '0.2.0'
    RootModule             = 'CloudVm.PowerShell.dll'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '6f7c0d3e-2b8a-4d51-9e0f-1c4a7b2e9d35'
    Author                 = 'CloudVm contributors'
    CompanyName            = 'CloudVm'
    Copyright              = '(c) CloudVm contributors. MIT License.'
    Description            = 'Manage virtual machines on GPCN, e24cloud, VPS247, VMgen and Magalu Cloud through one vocabulary: sessions, typed objects that pipe into each other, jobs that can be waited on, -WhatIf everywhere, saved connections for unattended use.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('CloudVm.Format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Connect-CloudVm', 'Disconnect-CloudVm', 'Get-CloudVmSession', 'Get-CloudVmConnection', 'Remove-CloudVmConnection', 'Get-CloudVmProvider',
        'Get-CloudVm', 'New-CloudVm', 'Start-CloudVm', 'Stop-CloudVm', 'Restart-CloudVm', 'Suspend-CloudVm',
        'Resize-CloudVm', 'Rename-CloudVm', 'Set-CloudVm', 'Remove-CloudVm',
        'Wait-CloudVmJob', 'Get-CloudVmJob',
        'Get-CloudVmConsole', 'Get-CloudVmCredential',
        'Get-CloudVmNetworkInterface', 'Add-CloudVmNetworkInterface', 'Set-CloudVmNetworkInterface', 'Remove-CloudVmNetworkInterface',
        'Add-CloudVmPublicIp', 'Remove-CloudVmPublicIp', 'Get-CloudVmNetwork',
        'Get-CloudVmLocation', 'Get-CloudVmSize', 'Get-CloudVmImage',
        'Get-CloudVmUsage', 'Get-CloudVmMarketplaceItem', 'Get-CloudVmSshKey', 'Get-CloudVmUserDataScript', 'New-CloudVmUserDataScript',
        'Get-CloudVmAccount', 'Get-CloudVmInvoice', 'New-CloudVmSupportTicket',
        'Get-CloudVmSnapshot', 'New-CloudVmSnapshot', 'Remove-CloudVmSnapshot', 'Rename-CloudVmSnapshot', 'Restore-CloudVmSnapshot', 'Copy-CloudVmSnapshot',
        'Get-CloudVmBackup', 'New-CloudVmBackup', 'Remove-CloudVmBackup', 'Rename-CloudVmBackup', 'Restore-CloudVmBackup', 'Copy-CloudVmBackup',
        'Get-CloudVmEmulatorRequest', 'Add-CloudVmEmulatorFault', 'Reset-CloudVmEmulator'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Cloud', 'VM', 'VirtualMachine', 'GPCN', 'e24cloud', 'VPS247', 'VMgen', 'Magalu', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/cloudvm/CloudVm/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/cloudvm/CloudVm'
            ReleaseNotes = 'See https://github.com/cloudvm/CloudVm/blob/main/CHANGELOG.md'
        }
    }
    HelpInfoURI            = 'https://github.com/cloudvm/CloudVm/tree/main/docs'
}
