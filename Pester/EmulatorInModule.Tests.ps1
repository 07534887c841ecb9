#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Issue 24: the emulator inside the module, as a user has it right after Install-Module. The built package is installed
# by name into a module path of its own, and no emulator process runs: every scenario runs in a new pwsh that has only
# the installed CloudVm. The README quick start; every help and README example again with $env:CLOUDVM_EMULATOR = '1'
# and nothing listening where the examples' endpoints point (a request that left the process would fail); the
# environment switch in Start-Job children; the user-style Pester sample; the emulator cmdlets' own rules.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Made-up keys that the emulator never sees')]
param()

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:root = Get-CloudVmRepositoryRoot
    $script:modules = Install-CloudVmPackage -To (Join-Path $TestDrive 'Modules')
    # Pester, for the child that runs the user's Pester test: the one running this file.
    $script:pesterBase = Split-Path (Get-Module Pester).Path -Parent

    # Runs a script in a new pwsh that finds CloudVm by name in $modules only (then PowerShell's own modules), with a
    # settings folder of its own; returns its output and exit code.
    function Invoke-Installed([string] $Script, [hashtable] $Environment = @{}) {
        $Environment['CLOUDVM_CONFIG_DIR'] = Join-Path $TestDrive ("config-" + [guid]::NewGuid().ToString('N'))
        Invoke-CloudVmChild -Script ("`$ErrorActionPreference = 'Stop'`n" + $Script) -ModulePath $modules, (Join-Path $PSHOME 'Modules') -Environment $Environment
    }

    # The README's quick start, as written there.
    $readme = (Get-Content (Join-Path $root 'README.md') -Raw) -replace "`r`n", "`n"
    $section = $readme.Substring($readme.IndexOf('## Quick start with no cloud account'))
    $script:quickStart = [regex]::Match($section, '(?ms)^```powershell\n(.*?)^```').Groups[1].Value
    $script:loaded = "[AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -contains 'CloudVm.Emulation'"
}

Describe 'The emulator in the installed package' {
    It 'runs the README quick start with no account, no key and no emulator process, and loads the emulator only then' {
        $quickStart | Should -Match 'Connect-CloudVm -Provider Gpcn -Emulator'
        $r = Invoke-Installed @"
Import-Module CloudVm
if ((Get-Module CloudVm).ModuleBase -notlike '$modules*') { throw "CloudVm came from `$((Get-Module CloudVm).ModuleBase)" }
"after import: `$($loaded)"
# A real session's whole path (connect, send, fail) does not load it either.
`$real = Connect-CloudVm -Provider Gpcn -Endpoint http://127.0.0.1:9/gpcn/v1 -ApiKey (ConvertTo-SecureString 'real-key-1234567' -AsPlainText -Force) -Name real -SkipValidation -RequestTimeoutSeconds 5
Get-CloudVm -Session `$real -ErrorAction SilentlyContinue -ErrorVariable failed | Out-Null
"real session: `$(`$failed[0].FullyQualifiedErrorId) loaded `$($loaded)"
Disconnect-CloudVm -Session `$real
$quickStart
"after the quick start: `$($loaded)"
Get-CloudVmSession | Format-List Name, Endpoint, IsEmulated
"@
        $r.Output | Should -Match 'after import: False'
        $r.Output | Should -Match 'real session: CloudVm\.Network\S* loaded False'
        $r.Output | Should -Match 'try-1'
        $r.Output | Should -Match 'after the quick start: True'
        $r.Output | Should -Match 'https://emulator\.cloudvm\.invalid/gpcn/v1/'
        $r.Output | Should -Not -Match 'Exception'
        $r.ExitCode | Should -Be 0
    }

    It 'runs every help and README example with $env:CLOUDVM_EMULATOR = 1 and nothing listening where their endpoints point' {
        $r = Invoke-Installed @"
Import-Module CloudVm
. '$(Join-Path $PSScriptRoot 'Examples.ps1')'
`$failed = 0; `$ran = 0
foreach (`$example in Get-CloudVmDocExample -Root '$root') {
    `$result = Invoke-CloudVmDocExample -Example `$example -BaseUrl 'http://127.0.0.1:9/'
    `$ran++
    if (`$result.Errors) { `$failed++; "FAILED `$(`$example.Name): `$(`$result.Errors -join ' | ')" }
}
"ran `$ran failed `$failed"
"@ @{ CLOUDVM_EMULATOR = '1' }
        $r.Output | Should -Match 'ran (\d+) failed 0' -Because $r.Output
        [int]([regex]::Match($r.Output, 'ran (\d+)').Groups[1].Value) | Should -BeGreaterThan 90
        $r.ExitCode | Should -Be 0
    }

    It 'sends every Connect-CloudVm of the process and of its Start-Job children to the emulator, whatever key it is given' {
        $r = Invoke-Installed @"
Import-Module CloudVm
`$s = Connect-CloudVm -Provider Vps247 -ApiKey (ConvertTo-SecureString 'someones-real-key' -AsPlainText -Force) -Endpoint https://api.vps247.com
"parent: `$(`$s.IsEmulated) `$(`$s.Endpoint) `$(@(Get-CloudVm).Count) VMs"
`$child = Start-Job { Import-Module CloudVm; `$c = Connect-CloudVm -Provider Magalu -Region br-ne1; "child: `$(`$c.IsEmulated) `$(`$c.Endpoint)" } | Receive-Job -Wait -AutoRemoveJob
`$child
Connect-CloudVm -Provider Gpcn -SaveAs nightly -SecretFromEnvironment -WarningVariable w -WarningAction SilentlyContinue | Out-Null
"saved: `$(@(Get-CloudVmConnection).Count) warning: `$w"
"@ @{ CLOUDVM_EMULATOR = '1' }
        $r.Output | Should -Match 'parent: True https://emulator\.cloudvm\.invalid/vps247/ [1-9]\d* VMs'
        $r.Output | Should -Match 'child: True https://emulator\.cloudvm\.invalid/magalu/br-ne1/compute/'
        $r.Output | Should -Match 'saved: 0 warning: .*not saved'
        $r.Output | Should -Not -Match 'someones-real-key'
        $r.ExitCode | Should -Be 0
    }

    It 'runs the user-style Pester test of a nightly script (samples/testing), faults included' {
        $tests = Join-Path $root 'samples/testing/Stop-NightlyVms.Tests.ps1'
        $r = Invoke-Installed @"
Import-Module '$(Join-Path $pesterBase 'Pester.psd1')'
`$result = Invoke-Pester -Path '$tests' -PassThru -Output None
"passed `$(`$result.PassedCount) failed `$(`$result.FailedCount)"
`$result.Failed | ForEach-Object { "`$(`$_.ExpandedName): `$(`$_.ErrorRecord)" }
"@
        $r.Output | Should -Match 'passed 5 failed 0' -Because $r.Output
        $r.ExitCode | Should -Be 0
    }

    It 'shows about_CloudVm_Testing with the sample in it, as the files are' {
        $r = Invoke-Installed "Import-Module CloudVm; Get-Help about_CloudVm_Testing | Out-String -Width 200"
        $r.Output | Should -Match 'TESTING AN UNMODIFIED SCRIPT'
        $text = $r.Output -replace '\s+', ' '
        foreach ($file in 'Stop-NightlyVms.ps1', 'Stop-NightlyVms.Tests.ps1') {
            foreach ($line in Get-Content (Join-Path $root "samples/testing/$file") | Where-Object { $_.Trim() }) {
                $text | Should -BeLike ('*' + [WildcardPattern]::Escape(($line -replace '\s+', ' ').Trim()) + '*')
            }
        }
    }

    It 'keeps to its rules: faults say what they do, requests show no secret, -Session must be emulated, a reset keeps other providers' {
        $r = Invoke-Installed @"
Import-Module CloudVm
`$errs = @()
try { Add-CloudVmEmulatorFault -Provider Gpcn } catch { `$errs += `$_.FullyQualifiedErrorId }
try { Add-CloudVmEmulatorFault -Provider Gpcn -Status 503 -LoseAnswer } catch { `$errs += `$_.FullyQualifiedErrorId }
try { Add-CloudVmEmulatorFault -Provider Gpcn -Status 99 } catch { `$errs += `$_.FullyQualifiedErrorId }
"errors: `$(`$errs -join ' ')"
`$g = Connect-CloudVm -Provider Gpcn -Emulator -Name g
`$m = Connect-CloudVm -Provider Magalu -Emulator -Name m
`$real = Connect-CloudVm -Provider Gpcn -Endpoint http://127.0.0.1:9/gpcn/v1 -ApiKey (ConvertTo-SecureString 'k-123456789' -AsPlainText -Force) -Name real -SkipValidation -NoDefault
try { Get-CloudVmEmulatorRequest -Session real } catch { "not emulated: `$(`$_.FullyQualifiedErrorId)" }
Reset-CloudVmEmulator -JobSeconds 0
`$pw = ConvertTo-SecureString 'Sup3r-Secret-Pw!' -AsPlainText -Force
New-CloudVm -Session g -Name pw-1 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -Location 'US East 1' -Credential ([pscredential]::new('admin', `$pw)) -Wait | Out-Null
`$create = Get-CloudVmEmulatorRequest -Session g | Where-Object Method -EQ POST | Select-Object -First 1
"create body masked: `$(`$create.Body -notmatch 'Sup3r-Secret-Pw' -and `$create.Body -match '\*\*\*')"
Get-CloudVm -Session m | Out-Null
"magalu requests: `$(@(Get-CloudVmEmulatorRequest -Session m).Count)"
Reset-CloudVmEmulator -Provider Gpcn -VmCount 2
"after the reset: gpcn `$(@(Get-CloudVm -Session g).Count) VMs, `$(@(Get-CloudVmEmulatorRequest -Provider Gpcn).Count - 1) earlier requests; magalu requests `$(@(Get-CloudVmEmulatorRequest -Provider Magalu).Count)"
Add-CloudVmEmulatorFault -Provider Magalu -Status 503 -RetryAfter 0 -Count 1 -Path '*/instances' -Method GET | Out-Null
@(Get-CloudVm -Session m).Count -gt 0
"magalu 503 then: `$((Get-CloudVmEmulatorRequest -Provider Magalu | Where-Object Path -Like '*/instances').Status -join ',')"
Add-CloudVmEmulatorFault -Provider Gpcn -Status 503 -WhatIf
"@
        $r.Output | Should -Match 'errors: CloudVm\.InvalidArgument\S* CloudVm\.InvalidArgument\S* ParameterArgumentValidationError,\S*'
        $r.Output | Should -Match 'not emulated: CloudVm\.InvalidArgument'
        $r.Output | Should -Match 'create body masked: True'
        $r.Output | Should -Match 'magalu requests: [1-9]'
        $r.Output | Should -Match 'after the reset: gpcn 2 VMs, 0 earlier requests; magalu requests [1-9]'
        $r.Output | Should -Match 'magalu 503 then: (\d+,)*503,200'
        $r.Output | Should -Match 'What if: .*Gpcn \* \*: HTTP 503'
        $r.ExitCode | Should -Be 0
    }
}
