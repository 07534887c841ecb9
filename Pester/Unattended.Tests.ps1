#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Unattended use (issue 15) in a real pwsh with SecretManagement and SecretStore, in a HOME of its own so the test's
# vault is nobody else's: save a connection (the key goes to the vault), list it, connect by name, use it in Start-Job,
# read a key straight from the vault, remove it (and its secret). The key never appears in the settings file, any
# stream or ToString(). Each scenario runs in a child pwsh whose HOME is the test's folder.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = "The emulator's public demo keys, which are no secret (they are printed when it starts)")]
param()


BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:pwsh = Get-CloudVmTestShell
    $script:onWindows = [Environment]::OSVersion.Platform -eq 'Win32NT'
    $script:emulator = Start-CloudVmEmulator -JobSeconds 0.1
    $script:world = New-CloudVmEmulatorWorld $emulator
    $script:homeDir = Join-Path $TestDrive 'home'
    New-Item -ItemType Directory -Path $homeDir | Out-Null
    $script:config = Join-Path $homeDir 'cloudvm-config'
    $script:key = 'gpcn_emulator-demo-key'
    $module = Get-CloudVmModulePath

    function Invoke-Child([string] $Script) {
        $file = Join-Path $TestDrive ("child-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -Path $file -Value ("`$ErrorActionPreference = 'Stop'`nImport-Module '$module'`n" + $Script)
        $saved = @{}
        $environment = @{ HOME = $homeDir; CLOUDVM_CONFIG_DIR = $config; XDG_CONFIG_HOME = $null; XDG_DATA_HOME = $null; CLOUDVM_GPCN_API_KEY = $null
            PSModulePath = (Split-Path (Split-Path $module -Parent) -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath }
        foreach ($k in $environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $environment[$k]) }
        try { $output = & $pwsh -NoProfile -NonInteractive -File $file *>&1 | Out-String; $code = $LASTEXITCODE }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        [pscustomobject]@{ Output = $output; ExitCode = $code }
    }

    # A SecretStore vault with no password and no prompts, the default vault of this HOME.
    $r = Invoke-Child @'
Import-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore
Reset-SecretStore -Scope CurrentUser -Authentication None -Interaction None -Force -Confirm:$false
Register-SecretVault -Name TestVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
'vault ready'
'@
    if ($r.Output -notmatch 'vault ready') { throw "Could not make the test vault: $($r.Output)" }
    $script:endpoint = "$($world)gpcn/v1"
}

AfterAll { Stop-CloudVmEmulator $emulator }

Describe 'Saved connections under concurrent saves (issue 19)' {
    It 'keeps all 160 connections that four processes save at once, 40 each, and readers never fail' {
        $dir = Join-Path $TestDrive 'concurrent-config'
        $processes = foreach ($w in 1..4) {
            $file = Join-Path $TestDrive "saver-$w.ps1"
            Set-Content -Path $file -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
foreach (`$i in 1..40) {
    Connect-CloudVm -Provider Gpcn -Endpoint '$endpoint' -Name "w$w-`$i" -SaveAs "w$w-`$i" -SecretFromEnvironment | Out-Null
    `$null = Get-CloudVmConnection
}
'saved 40'
"@
            $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh, "-NoProfile -NonInteractive -File `"$file`"")
            $psi.UseShellExecute = $false
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $psi.EnvironmentVariables['CLOUDVM_CONFIG_DIR'] = $dir
            $psi.EnvironmentVariables['CLOUDVM_GPCN_API_KEY'] = $key
            $psi.EnvironmentVariables['HOME'] = $homeDir
            [System.Diagnostics.Process]::Start($psi)
        }
        $outputs = foreach ($p in $processes) {
            $out = $p.StandardOutput.ReadToEndAsync()
            $err = $p.StandardError.ReadToEndAsync()
            $p.WaitForExit(120000) | Should -BeTrue
            [pscustomobject]@{ Code = $p.ExitCode; Text = $out.Result + $err.Result }
        }
        foreach ($o in $outputs) { $o.Text | Should -Match 'saved 40'; $o.Code | Should -Be 0 }
        $saved = (Get-Content (Join-Path $dir 'connections.json') -Raw | ConvertFrom-Json).connections.name
        @($saved | Where-Object { $_ -like 'w*-*' }).Count | Should -Be 160
        @(Get-ChildItem $dir -Filter '*.tmp' -Force).Count | Should -Be 0
    }
}

Describe 'Saved connections with the key in a vault' {
    It 'saves a connection with its key in the default vault, never in the settings file' {
        $r = Invoke-Child @"
`$s = Connect-CloudVm -Provider Gpcn -Endpoint '$endpoint' -ApiKey (ConvertTo-SecureString '$key' -AsPlainText -Force) -SaveAs prod -RequestTimeoutSeconds 30 -Verbose
`$s | Format-List * | Out-String
`$s.ToString()
Get-CloudVmConnection | Format-List * | Out-String
(Get-SecretInfo -Name CloudVm-prod).Name
"@
        $r.Output | Should -Match 'CloudVm-prod'
        $r.Output | Should -Not -Match ([regex]::Escape($key))
        $r.ExitCode | Should -Be 0
        $file = Get-Content (Join-Path $config 'connections.json') -Raw
        $file | Should -Match '"prod"'
        $file | Should -Not -Match ([regex]::Escape($key))
        if (-not $onWindows) { (Get-Item (Join-Path $config 'connections.json')).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'connects by name in a new process, and in Start-Job' {
        $r = Invoke-Child @'
$out = @(Connect-CloudVm -Saved prod)
"outputs $($out.Count) $($out[0].GetType().Name)"
$s = $out[0]
"timeout $($s.RequestTimeout.TotalSeconds)"
"vms $(@(Get-CloudVm).Count)"
$job = Start-Job { Import-Module CloudVm; Connect-CloudVm -Saved prod | Out-Null; @(Get-CloudVm).Count }
"job vms $(Receive-Job $job -Wait -AutoRemoveJob)"
'@
        $r.Output | Should -Match 'outputs 1 CloudVmSession'
        $r.Output | Should -Match 'timeout 30'
        $r.Output | Should -Match 'vms [1-9]'
        $r.Output | Should -Match 'job vms [1-9]'
        $r.Output | Should -Not -Match ([regex]::Escape($key))
        $r.ExitCode | Should -Be 0
    }

    It 'reads a key straight from the vault with -SecretName' {
        $r = Invoke-Child @"
Set-Secret -Name gpcn-key -Secret (ConvertTo-SecureString '$key' -AsPlainText -Force)
`$s = Connect-CloudVm -Provider Gpcn -Endpoint '$endpoint' -SecretName gpcn-key -Verbose -Debug *>&1 | Out-String
`$s
"vms `$(@(Get-CloudVm).Count)"
"@
        $r.Output | Should -Match 'vms [1-9]'
        $r.Output | Should -Not -Match ([regex]::Escape($key))
        $r.ExitCode | Should -Be 0
    }

    It 'removes the connection and the secret CloudVm made for it, and leaves a secret the user named' {
        $r = Invoke-Child @'
Remove-CloudVmConnection -Name prod -Confirm:$false
"left: $(@(Get-CloudVmConnection).Count)"
"secret: $(@(Get-SecretInfo -Name CloudVm-prod).Count)"
"user secret: $(@(Get-SecretInfo -Name gpcn-key).Count)"
try { Connect-CloudVm -Saved prod } catch { "gone: $($_.FullyQualifiedErrorId)" }
'@
        $r.Output | Should -Match 'left: 0'
        $r.Output | Should -Match 'secret: 0'
        $r.Output | Should -Match 'user secret: 1'
        $r.Output | Should -Match 'gone: CloudVm.InvalidArgument'
    }
}
