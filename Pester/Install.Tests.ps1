#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Issue 25: the package as users install it, with the real clients, in a module path and HOME of its own: a local folder
# repository holding the built nupkg; PSResourceGet's Install-PSResource and PowerShellGet's Install-Module by name; a new
# process imports by name; Find-PSResource shows the Gallery metadata; Test-ModuleManifest passes on the installed
# manifest; a higher version installs beside it with Update-PSResource and a new process loads it; Uninstall-PSResource
# of every version leaves nothing. Then thread jobs and parallel pipelines sharing one session.
# These need PSResourceGet, PowerShellGet and ThreadJob, which Microsoft's own PowerShell has: .ci/run runs this file in
# the official PowerShell 7.6.10 (the PowerShell builds of ../shared/tools have none of them, and say so here);
# ForEach-Object -Parallel needs none of them and runs in every PowerShell 7.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = "The emulator's public demo key, which is no secret (it prints it when it starts)")]
param()

BeforeDiscovery {
    $script:hasClients = [bool](Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet) -and [bool](Get-Module -ListAvailable PowerShellGet)
    $script:hasThreadJob = [bool](Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:pwsh = Get-CloudVmTestShell
    $root = Get-CloudVmRepositoryRoot
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'CloudVm.psd1')).ModuleVersion
    $script:nupkg = Join-Path $root "out/CloudVm.$version.nupkg"
    $script:repo = Join-Path $TestDrive 'repo'
    New-Item -ItemType Directory -Path $repo | Out-Null
    if (Test-Path $nupkg) { Copy-Item $nupkg $repo }

    # A child PowerShell with a HOME and module path of its own: what it installs goes there and nowhere else.
    $script:homeDir = Join-Path $TestDrive 'home'
    # The folders exist from the start: .NET answers "" for a special folder that does not exist yet, and PSResourceGet
    # would then keep its repository list relative to the working directory.
    foreach ($d in '.local/share', '.config', '.cache') { New-Item -ItemType Directory -Path (Join-Path $homeDir $d) -Force | Out-Null }
    function Invoke-Clean([string] $Script) {
        $file = Join-Path $TestDrive ("install-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -Path $file -Value ("`$ErrorActionPreference = 'Stop'`n" + $Script)
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh, "-NoProfile -NonInteractive -File `"$file`"")
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.WorkingDirectory = $TestDrive
        $psi.EnvironmentVariables['HOME'] = $homeDir
        $psi.EnvironmentVariables['XDG_DATA_HOME'] = Join-Path $homeDir '.local/share'
        $psi.EnvironmentVariables['XDG_CONFIG_HOME'] = Join-Path $homeDir '.config'
        $psi.EnvironmentVariables['XDG_CACHE_HOME'] = Join-Path $homeDir '.cache'
        # Only PowerShell's own modules: the installed CloudVm must be found where the client put it.
        $psi.EnvironmentVariables['PSModulePath'] = Join-Path $PSHOME 'Modules'
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(300000)) { $p.Kill(); throw "timed out: $Script" }
        [pscustomobject]@{ Output = $out.Result + $err.Result; ExitCode = $p.ExitCode }
    }

    # The built package again at a higher version (the manifest and the nuspec say it), for Update-PSResource.
    function Build-HigherPackage([string] $To) {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $work = Join-Path $TestDrive 'repack'
        if (Test-Path $work) { Remove-Item $work -Recurse -Force }
        [System.IO.Compression.ZipFile]::ExtractToDirectory($nupkg, $work)
        foreach ($f in Get-ChildItem $work -Recurse -Include *.nuspec, CloudVm.psd1) {
            $text = [System.IO.File]::ReadAllText($f.FullName)
            $text = $text.Replace("<version>$version</version>", "<version>$To</version>").Replace("ModuleVersion          = '$version'", "ModuleVersion          = '$To'")
            [System.IO.File]::WriteAllText($f.FullName, $text)
        }
        $target = Join-Path $repo "CloudVm.$To.nupkg"
        [System.IO.Compression.ZipFile]::CreateFromDirectory($work, $target)
        $target
    }
}

Describe 'Installing the package with the real clients' -Skip:(-not $hasClients) {
    It 'the built package is there to install' {
        Test-Path $nupkg | Should -BeTrue -Because 'build.ps1 -Package (or -Test) makes it'
    }

    It 'installs by name with Install-PSResource, imports by name in a new process, and shows the Gallery metadata' {
        $r = Invoke-Clean @"
Register-PSResourceRepository -Name CloudVmLocal -Uri '$repo' -Trusted
`$f = Find-PSResource CloudVm -Repository CloudVmLocal
'found {0} {1}' -f `$f.Name, `$f.Version
'author ' + `$f.Author
'description ' + `$f.Description
'license ' + `$f.LicenseUri
'project ' + `$f.ProjectUri
'tags ' + (`$f.Tags -join ',')
'notes ' + `$f.ReleaseNotes
Install-PSResource CloudVm -Repository CloudVmLocal -TrustRepository -Scope CurrentUser -Quiet
`$m = (Get-InstalledPSResource CloudVm).InstalledLocation
'installed ' + `$m
`$manifest = Test-ModuleManifest -Path (Join-Path `$m 'CloudVm/$version/CloudVm.psd1')
'manifest ' + `$manifest.Version
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match "found CloudVm $([regex]::Escape($version))"
        $r.Output | Should -Match 'author CloudVm contributors'
        $r.Output | Should -Match 'description Manage virtual machines on GPCN'
        $r.Output | Should -Match 'license https://'
        $r.Output | Should -Match 'project https://'
        $r.Output | Should -Match 'tags .*GPCN.*PSEdition_Core'
        $r.Output | Should -Match 'notes .*CHANGELOG'
        $r.Output | Should -Match ([regex]::Escape("installed $homeDir"))
        $r.Output | Should -Match "manifest $([regex]::Escape($version))"

        $use = Invoke-Clean "Import-Module CloudVm; (Get-Module CloudVm).Version.ToString(); (Get-Command -Module CloudVm).Count; (Get-Module CloudVm).ModuleBase"
        $use.ExitCode | Should -Be 0 -Because $use.Output
        $use.Output | Should -Match ([regex]::Escape($version))
        $use.Output | Should -Match ([regex]::Escape($homeDir))
    }

    It 'updates to a higher version with Update-PSResource, which a new process then loads, and uninstalls every version' {
        $higher = Build-HigherPackage '99.0.1'
        Test-Path $higher | Should -BeTrue
        $up = Invoke-Clean "Update-PSResource CloudVm -Repository CloudVmLocal -TrustRepository -Scope CurrentUser -Quiet; (Get-InstalledPSResource CloudVm).Version -join ','"
        $up.ExitCode | Should -Be 0 -Because $up.Output
        $up.Output | Should -Match '99\.0\.1'
        $up.Output | Should -Match ([regex]::Escape($version))
        $load = Invoke-Clean 'Import-Module CloudVm; (Get-Module CloudVm).Version.ToString()'
        $load.Output.Trim() | Should -Be '99.0.1'
        $gone = Invoke-Clean "Uninstall-PSResource CloudVm -Version '*' -Scope CurrentUser; @(Get-InstalledPSResource CloudVm -ErrorAction SilentlyContinue).Count; @(Get-Module -ListAvailable CloudVm).Count"
        $gone.ExitCode | Should -Be 0 -Because $gone.Output
        ($gone.Output -split "`r?`n" | Where-Object { $_ -match '^\d+$' }) | Should -Be @('0', '0')
    }

    It 'installs by name with PowerShellGet''s Install-Module too' {
        $r = Invoke-Clean @"
Register-PSRepository -Name CloudVmLocal2 -SourceLocation '$repo' -InstallationPolicy Trusted
Install-Module CloudVm -Repository CloudVmLocal2 -RequiredVersion $version -Scope CurrentUser
(Get-InstalledModule CloudVm).Version.ToString()
Import-Module CloudVm; (Get-Module CloudVm).Version.ToString()
Uninstall-Module CloudVm -AllVersions
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ($r.Output -split "`r?`n" | Where-Object { $_ -eq $version }).Count | Should -Be 2
    }
}

Describe 'Thread jobs and parallel pipelines sharing one session' {
    BeforeAll {
        $script:modulePath = Get-CloudVmModulePath
        Import-Module $modulePath -Force
        $script:emulator = Start-CloudVmEmulator -JobSeconds 0.1
        $script:world = New-CloudVmEmulatorWorld $emulator
        $key = ConvertTo-SecureString 'gpcn_emulator-demo-key' -AsPlainText -Force
        $script:session = Connect-CloudVm -Provider Gpcn -Endpoint "$($world)gpcn/v1" -ApiKey $key -Name shared -MaxPollIntervalSeconds 0.2
        $script:names = @(Get-CloudVm -Session $session).Name | Sort-Object
    }
    AfterAll {
        Disconnect-CloudVm -Session $session -WarningAction SilentlyContinue
        Stop-CloudVmEmulator $emulator
    }

    It 'eight thread jobs read the same VMs through one session and each power action arrives once' -Skip:(-not $hasThreadJob) {
        Clear-CloudVmWorldRequest $world
        $vms = @(Get-CloudVm -Session $session -Status Running)
        $jobs = foreach ($i in 0..7) {
            $vmId = if ($i -lt $vms.Count) { $vms[$i].Id } else { $null }
            Start-ThreadJob -ScriptBlock {
                Import-Module $using:modulePath
                $s = $using:session
                $id = $using:vmId
                $seen = @(Get-CloudVm -Session $s).Name | Sort-Object
                if ($id) { Restart-CloudVm -Session $s -Id $id -Force -Confirm:$false | Wait-CloudVmJob -Timeout 60 | Out-Null }
                , $seen
            }
        }
        $results = $jobs | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop
        foreach ($seen in $results) { ($seen -join ',') | Should -Be ($names -join ',') }
        $resets = @(Get-CloudVmWorldRequest $world | Where-Object { $_.Method -eq 'POST' -and $_.Path -like '*/reset' })
        $resets.Count | Should -Be ([Math]::Min(8, $vms.Count))
        ($resets.Path | Sort-Object -Unique).Count | Should -Be $resets.Count
    }

    It 'ForEach-Object -Parallel -ThrottleLimit 8 does the same without an exception' {
        Clear-CloudVmWorldRequest $world
        $ids = @(Get-CloudVm -Session $session -Status Running).Id
        $seen = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:modulePath
            $s = $using:session
            $mine = @($using:ids)[$_ - 1]
            if ($mine) { Restart-CloudVm -Session $s -Id $mine -Force -Confirm:$false | Out-Null }
            (@(Get-CloudVm -Session $s).Name | Sort-Object) -join ','
        }
        $seen | Should -HaveCount 8
        $seen | ForEach-Object { $_ | Should -Be ($names -join ',') }
        $resets = @(Get-CloudVmWorldRequest $world | Where-Object { $_.Method -eq 'POST' -and $_.Path -like '*/reset' })
        $resets.Count | Should -Be ([Math]::Min(8, $ids.Count))
    }
}
