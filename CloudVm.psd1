@{
    RootModule             = 'CloudVm.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '6f7c0d3e-2b8a-4d51-9e0f-1c4a7b2e9d35'
    Author                 = 'CloudVm contributors'
    CompanyName            = 'CloudVm'
    Copyright              = '(c) CloudVm contributors. MIT License.'
    Description            = 'Manage virtual machines on GPCN, e24cloud, VPS247, VMgen and Magalu Cloud through one vocabulary: sessions, typed objects that pipe into each other, jobs that can be waited on, -WhatIf everywhere.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('CloudVm.Format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Connect-CloudVm', 'Disconnect-CloudVm', 'Get-CloudVmSession',
        'Get-CloudVm', 'New-CloudVm', 'Start-CloudVm', 'Stop-CloudVm', 'Restart-CloudVm',
        'Resize-CloudVm', 'Rename-CloudVm', 'Set-CloudVm', 'Remove-CloudVm',
        'Wait-CloudVmJob', 'Get-CloudVmJob',
        'Get-CloudVmConsole', 'Get-CloudVmCredential',
        'Get-CloudVmNetworkInterface', 'Add-CloudVmNetworkInterface', 'Set-CloudVmNetworkInterface', 'Remove-CloudVmNetworkInterface',
        'Add-CloudVmPublicIp', 'Remove-CloudVmPublicIp', 'Get-CloudVmNetwork',
        'Get-CloudVmLocation', 'Get-CloudVmSize', 'Get-CloudVmImage',
        'Get-CloudVmUsage', 'Get-CloudVmMarketplaceItem', 'Get-CloudVmSshKey', 'Get-CloudVmUserDataScript', 'New-CloudVmUserDataScript',
        'Get-CloudVmAccount', 'Get-CloudVmInvoice', 'New-CloudVmSupportTicket',
        'Suspend-CloudVm',
        'Get-CloudVmSnapshot', 'New-CloudVmSnapshot', 'Remove-CloudVmSnapshot', 'Rename-CloudVmSnapshot', 'Restore-CloudVmSnapshot',
        'Get-CloudVmBackup', 'New-CloudVmBackup', 'Remove-CloudVmBackup', 'Rename-CloudVmBackup', 'Restore-CloudVmBackup', 'Copy-CloudVmBackup'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Cloud', 'VM', 'VirtualMachine', 'GPCN', 'e24cloud', 'VPS247', 'VMgen', 'Magalu', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: five providers (GPCN, e24cloud, VPS247, VMgen, Magalu Cloud), every operation on their API pages, and a local emulator of all five.'
        }
    }
}
