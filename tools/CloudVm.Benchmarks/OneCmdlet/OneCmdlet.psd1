@{
    ModuleVersion     = '1.0.0'
    RootModule        = 'OneCmdlet.dll'
    GUID              = '3a1d6d1e-2f6b-4a59-9d2e-6f0f0b1c2d3e'
    Author            = 'CloudVm benchmarks'
    Description       = 'The yardstick of the first-command benchmark: a binary module with one cmdlet.'
    PowerShellVersion = '5.1'
    CmdletsToExport   = @('Get-One')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
