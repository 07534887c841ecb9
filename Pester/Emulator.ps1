# The emulator as a process on a free loopback port, for the Pester tests (dot-source, then Start-CloudVmEmulator).
# Each test file gets worlds of its own (POST /_emulator/worlds): separate state, faults and recorded requests.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test helpers that start and stop the emulator, not commands for users')]
param()


function Get-CloudVmRepositoryRoot { Split-Path $PSScriptRoot -Parent }

# The running PowerShell's own executable, for child shells: under the official pwsh installed as a dotnet tool the
# process is the dotnet host, so (Get-Process -Id $PID).Path would start "dotnet -NoProfile ..." (issue 25).
function Get-CloudVmTestShell {
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return (Join-Path $PSHOME 'powershell.exe') }
    $name = if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
    $path = Join-Path $PSHOME $name
    if (-not (Test-Path $path)) { throw "No $name in `$PSHOME ($PSHOME) to start a child PowerShell with." }
    $path
}

function Get-CloudVmModulePath {
    if ($env:CLOUDVM_MODULE_PATH) { return $env:CLOUDVM_MODULE_PATH }
    Join-Path (Get-CloudVmRepositoryRoot) 'out/CloudVm/CloudVm.psd1'
}

function Start-CloudVmEmulator {
    [CmdletBinding()]
    param([double] $JobSeconds = 0.2)
    $root = Get-CloudVmRepositoryRoot
    $dll = Get-ChildItem (Join-Path $root 'src/CloudVm.Emulator/bin') -Recurse -Filter CloudVm.Emulator.dll -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime | Select-Object -Last 1
    if (-not $dll) {
        & dotnet build (Join-Path $root 'src/CloudVm.Emulator/CloudVm.Emulator.csproj') -c Release --nologo -v q | Out-Null
        $dll = Get-ChildItem (Join-Path $root 'src/CloudVm.Emulator/bin') -Recurse -Filter CloudVm.Emulator.dll | Select-Object -Last 1
    }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $base = "http://127.0.0.1:$port/"
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "cloudvm-emulator-$port.log"
    $process = Start-Process dotnet -ArgumentList @("`"$($dll.FullName)`"", '--urls', $base.TrimEnd('/'), '--job-seconds', $JobSeconds) -PassThru -RedirectStandardOutput $log
    $deadline = (Get-Date).AddMinutes(2)
    while ($true) {
        try { Invoke-RestMethod "$($base)_emulator/requests" | Out-Null; break }
        catch {
            if ($process.HasExited -or (Get-Date) -gt $deadline) { throw "The emulator did not start: $(Get-Content $log -Raw)" }
            Start-Sleep -Milliseconds 200
        }
    }
    [pscustomobject]@{ Base = [uri]$base; Process = $process; Log = $log }
}

function Stop-CloudVmEmulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) { Stop-Process -Id $Emulator.Process.Id -Force }
}

function New-CloudVmEmulatorWorld {
    [CmdletBinding()]
    [OutputType([uri])]
    param([Parameter(Mandatory)] $Emulator, [switch] $ExampleSeed, [double] $JobSeconds = 0.2)
    $body = @{ jobSeconds = $JobSeconds; exampleSeed = [bool]$ExampleSeed } | ConvertTo-Json
    [uri](Invoke-RestMethod "$($Emulator.Base)_emulator/worlds" -Method Post -Body $body -ContentType 'application/json').baseUrl
}

function Get-CloudVmWorldRequest {
    param([Parameter(Mandatory)] [uri] $World, [string] $PathPart = '')
    # The answer is one JSON array: unroll it, so each request is its own pipeline object.
    (Invoke-RestMethod "$($World)_emulator/requests") | ForEach-Object { $_ } | Where-Object { $_.path -like "*$PathPart*" }
}

function Clear-CloudVmWorldRequest {
    param([Parameter(Mandatory)] [uri] $World)
    Invoke-RestMethod "$($World)_emulator/requests" -Method Delete | Out-Null
}

# The built .nupkg laid out as Install-Module lays it out: <folder>/CloudVm/<version>/, without the package's own parts.
# Returns the folder to put first on PSModulePath, so that `Import-Module CloudVm` finds it by name.
function Install-CloudVmPackage {
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $To)
    $root = Get-CloudVmRepositoryRoot
    $version = (Import-PowerShellDataFile (Join-Path $root 'CloudVm.psd1')).ModuleVersion
    $nupkg = Join-Path $root "out/CloudVm.$version.nupkg"
    if (-not (Test-Path $nupkg)) { throw "$nupkg is missing: ./build.ps1 -Package makes it (./build.ps1 -Test does too)." }
    $target = Join-Path $To "CloudVm/$version"
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::ExtractToDirectory($nupkg, $target)
    Remove-Item (Join-Path $target '[[]Content_Types[]].xml'), (Join-Path $target '_rels'), (Join-Path $target 'package') -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item (Join-Path $target 'CloudVm.nuspec') -Force -ErrorAction SilentlyContinue
    $To
}

# Runs a script in a new PowerShell of this version that finds modules by name in -ModulePath, with -Environment set for
# it alone; returns all it wrote (every stream, as text) and its exit code. What changes what a process has loaded, and
# what a user's fresh process does, runs here.
function Invoke-CloudVmChild {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string[]] $ModulePath, [hashtable] $Environment = @{})
    $file = Join-Path ([IO.Path]::GetTempPath()) ("cloudvm-child-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -Path $file -Value $Script
    $vars = @{} + $Environment
    $vars['PSModulePath'] = $ModulePath -join [IO.Path]::PathSeparator
    $saved = @{}
    foreach ($k in $vars.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $vars[$k]) }
    try { $output = & (Get-CloudVmTestShell) -NoProfile -NonInteractive -File $file 2>&1 | Out-String; $code = $LASTEXITCODE }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        Remove-Item $file -Force -ErrorAction SilentlyContinue
    }
    [pscustomobject]@{ Output = $output; ExitCode = $code }
}
