#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the CloudVm module layout (psd1, dlls, format and help files) into out/CloudVm, and with -Test
    runs the xunit suite and the Pester tests.
.EXAMPLE
    ./build.ps1
    Import-Module ./out/CloudVm/CloudVm.psd1
.EXAMPLE
    ./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [switch] $Test,
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out/CloudVm')
)
$ErrorActionPreference = 'Stop'

function Invoke-Native([string] $Exe, [string[]] $Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'src/CloudVm.PowerShell/CloudVm.PowerShell.csproj'), '-c', $Configuration, '--nologo')

$bin = Join-Path $PSScriptRoot "src/CloudVm.PowerShell/bin/$Configuration/netstandard2.0"
if (Test-Path $OutputPath) { Remove-Item $OutputPath -Recurse -Force }
New-Item -ItemType Directory -Path $OutputPath | Out-Null
Copy-Item -Path (Join-Path $bin '*.dll'), (Join-Path $bin 'CloudVm.psd1'), (Join-Path $bin 'CloudVm.Format.ps1xml') -Destination $OutputPath
Copy-Item -Path (Join-Path $bin 'en-US') -Destination $OutputPath -Recurse
$manifest = Test-ModuleManifest -Path (Join-Path $OutputPath 'CloudVm.psd1')
Write-Host "Built CloudVm $($manifest.Version) into $OutputPath"

if ($Test) {
    Invoke-Native dotnet @('test', (Join-Path $PSScriptRoot 'CloudVm.PowerShell.sln'), '-c', $Configuration, '--nologo')

    if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0')) {
        Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser -Force -SkipPublisherCheck
    }
    Import-Module Pester -MinimumVersion 5.0.0
    $env:CLOUDVM_MODULE_PATH = Join-Path $OutputPath 'CloudVm.psd1'
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
}
