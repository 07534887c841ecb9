#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# User stories in a real pwsh: the built module (out/CloudVm, or $env:CLOUDVM_MODULE_PATH) against the emulator started
# as a process on a free loopback port. Run by ./build.ps1 -Test, in every PowerShell CI has.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = "The emulator's public demo keys, which are no secret (they are printed when it starts)")]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Set in BeforeDiscovery and used by -ForEach, which the analyzer does not follow')]
param()


BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    Import-Module (Get-CloudVmModulePath) -Force
    $cmdlets = @(Get-Command -Module CloudVm | ForEach-Object Name)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    Import-Module (Get-CloudVmModulePath) -Force
    $script:emulator = Start-CloudVmEmulator
    $script:world = New-CloudVmEmulatorWorld $emulator
    $script:endpoint = "$($world)gpcn/v1"
    $script:plainKey = 'gpcn_emulator-demo-key'
    $script:key = ConvertTo-SecureString $plainKey -AsPlainText -Force
    $script:dc = '0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01'
}

AfterAll {
    Get-CloudVmSession | ForEach-Object { Disconnect-CloudVm -Session $_ -WarningAction SilentlyContinue }
    Stop-CloudVmEmulator $emulator
}

Describe 'Connect-CloudVm' {
    It 'takes the key and endpoint from the environment for unattended scripts and never shows the key' {
        $env:CLOUDVM_GPCN_API_KEY = $plainKey
        $env:CLOUDVM_GPCN_ENDPOINT = $endpoint
        try {
            $s = Connect-CloudVm -Provider Gpcn -Name fromenv
            $s.IsDefault | Should -BeTrue
            $s.Endpoint.AbsoluteUri | Should -Be "$endpoint/"
            ($s | Format-List * | Out-String) | Should -Not -Match 'emulator-demo-key'
            $s.ToString() | Should -Not -Match 'emulator-demo-key'
        }
        finally { Remove-Item Env:CLOUDVM_GPCN_API_KEY, Env:CLOUDVM_GPCN_ENDPOINT }
    }

    It 'refuses plain http to a remote host before sending anything' {
        { Connect-CloudVm -Provider Gpcn -Endpoint 'http://api.gpcn.com/v1' -ApiKey $key } | Should -Throw '*https*'
    }

    It 'refuses a parameter that means nothing for the provider' {
        { Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -ApiKey $key -Region eu } | Should -Throw '*takes no -Region*'
    }

    It 'reports a wrong key as an authentication error without the key' {
        $wrong = ConvertTo-SecureString 'gpcn_wrong-key-for-pester' -AsPlainText -Force
        $err = $null
        try { Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -ApiKey $wrong } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.FullyQualifiedErrorId | Should -BeLike 'CloudVm.Unauthorized*'
        "$err" | Should -Not -Match 'wrong-key-for-pester'
    }

    It 'says the endpoint could not be reached when nothing listens' {
        $err = $null
        try { Connect-CloudVm -Provider Gpcn -Endpoint 'http://127.0.0.1:1/gpcn/v1' -ApiKey $key -RequestTimeoutSeconds 5 } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'CloudVm.Network*'
        "$err" | Should -Match 'could not be reached'
    }
}

Describe 'Working with VMs' {
    BeforeAll {
        $script:session = Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -ApiKey $key -Name pester -MaxPollIntervalSeconds 0.3
    }

    It 'lists VMs that remember their session and have the module type name' {
        $vms = Get-CloudVm
        $vms | Should -Not -BeNullOrEmpty
        $vms | ForEach-Object { $_.Session | Should -Be 'pester' }
        $vms[0].PSObject.TypeNames[0] | Should -Be 'CloudVm.VirtualMachine'
        $vms[0] | Should -BeOfType ([CloudVm.VirtualMachine])
    }

    It 'exports a VM as the data it is, with its session as a name that binds back' {
        $vm = Get-CloudVm | Select-Object -First 1
        $json = $vm | ConvertTo-Json -WarningAction SilentlyContinue
        $json | Should -Not -Match 'MaxPollInterval|RequestTimeout|Endpoint'   # the session's settings stay out of the data
        $back = $json | ConvertFrom-Json
        $back.Session | Should -Be 'pester'
        $vm | Export-Csv -NoTypeInformation -Path TestDrive:/vms.csv
        (Import-Csv TestDrive:/vms.csv).Session | Should -Be 'pester'
        (Get-CloudVm -Session $vm.Session -Id $vm.Id).Id | Should -Be $vm.Id
        # Another session is the default now: the VM read back from JSON still goes to the session it names.
        $other = Connect-CloudVm -Provider Vps247 -Endpoint "$($world)vps247" -ApiKey (ConvertTo-SecureString 'vps247-emulator-key' -AsPlainText -Force) -Name json-other
        try {
            (Get-CloudVmSession | Where-Object IsDefault).Name | Should -Be 'json-other'
            $again = $back | Get-CloudVm
            $again.Id | Should -Be $vm.Id
            $again.Provider | Should -Be 'Gpcn'
            { Get-CloudVm -Session nosuch } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
            { [pscustomobject]@{ Id = $vm.Id; Session = 'nosuch' } | Get-CloudVm -ErrorAction Stop } | Should -Throw '*No CloudVm session is named*'
        }
        finally {
            Disconnect-CloudVm -Session $other -WarningAction SilentlyContinue
            Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -ApiKey $key -Name pester -MaxPollIntervalSeconds 0.3 | Out-Null
        }
    }

    It 'creates, stops, starts, resizes and removes a VM' {
        $vm = New-CloudVm -Name pester-1 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -Location $dc -SshKey ops-key -PublicIp -Wait
        $vm.Status | Should -Be 'Running'
        $vm.PublicIp | Should -Not -BeNullOrEmpty
        ($vm | Stop-CloudVm -Wait).Status | Should -Be 'Stopped'
        ($vm | Start-CloudVm -Wait).Status | Should -Be 'Running'
        ($vm | Resize-CloudVm -Size GP-Medium-1 -Wait -Confirm:$false).Size | Should -Be 'GP-Medium-1'
        $vm | Remove-CloudVm -Force -Wait
        Get-CloudVm -Name pester-1 -ErrorAction SilentlyContinue -ErrorVariable gone | Should -BeNullOrEmpty
        $gone.FullyQualifiedErrorId | Should -BeLike 'CloudVm.NotFound*'   # a name without wildcards that matches nothing, as Get-Process -Name
    }

    It 'sends many piped VMs in one bulk request and waits on all the jobs' {
        New-CloudVm -Name bulk -Count 3 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -Location $dc -SshKey ops-key | Wait-CloudVmJob | Out-Null
        Clear-CloudVmWorldRequest $world
        $jobs = Get-CloudVm -Name bulk-* | Stop-CloudVm | Wait-CloudVmJob
        @($jobs).Count | Should -Be 3
        $jobs | ForEach-Object { $_.State | Should -Be 'Completed' }
        @(Get-CloudVmWorldRequest $world 'bulk/stop').Count | Should -Be 1
        Get-CloudVm -Name bulk-* | Remove-CloudVm -Force -Wait
    }

    It 'changes nothing with -WhatIf' {
        Clear-CloudVmWorldRequest $world
        $before = @(Get-CloudVm).Count
        Get-CloudVm | Remove-CloudVm -WhatIf
        Get-CloudVm | Stop-CloudVm -WhatIf
        @(Get-CloudVm).Count | Should -Be $before
        @(Get-CloudVmWorldRequest $world | Where-Object method -NE 'GET') | Should -BeNullOrEmpty
        @(Get-CloudVmWorldRequest $world | Where-Object method -EQ 'GET').Count | Should -BeGreaterThan 0
    }

    It 'stopping a stopped VM is a success with a warning' {
        $stopped = Get-CloudVm -Status Stopped | Select-Object -First 1
        $job = $stopped | Stop-CloudVm -WarningVariable warned | Wait-CloudVmJob
        $job.State | Should -Be 'Completed'
        "$warned" | Should -Match 'already stopped'
    }

    It 'writes a provider error as an ErrorRecord with a stable id, category and target' {
        Get-CloudVm -Id 9f0c1a7e-0000-4000-8000-00000000beef -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CloudVm.NotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be '9f0c1a7e-0000-4000-8000-00000000beef'
        $err[0].Exception.HttpStatus | Should -Be 404
    }

    It 'rejects bad input before sending a request' {
        Clear-CloudVmWorldRequest $world
        { New-CloudVm -Name bad -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -Location $dc -SshKey ops-key -Count 11 -ErrorAction Stop } | Should -Throw '*1 to 10*'
        { Stop-CloudVm -Id '..' -ErrorAction Stop } | Should -Throw '*not a valid VM id*'
        Get-CloudVmWorldRequest $world | Where-Object method -NE 'GET' | Should -BeNullOrEmpty
    }

    It 'binds only what stands for a VM' {
        Clear-CloudVmWorldRequest $world
        { Get-CloudVmSession | Remove-CloudVm -Force -ErrorAction Stop } | Should -Throw '*does not stand for a VM*'
        Get-CloudVmWorldRequest $world | Where-Object method -EQ 'DELETE' | Should -BeNullOrEmpty
    }

    It 'never writes the key to the verbose or debug streams' {
        $DebugPreference = 'Continue'
        $all = Get-CloudVm -Verbose *>&1 | Out-String
        $all | Should -Match 'GET'
        $all | Should -Not -Match 'emulator-demo-key'
    }

    It 'keeps login secrets as SecureStrings unless asked' {
        $vm = Get-CloudVm -Name web-server-1
        ($vm | Get-CloudVmCredential).Secret | Should -BeOfType [securestring]
        ($vm | Get-CloudVmCredential -AsCredential).GetType().Name | Should -Be 'PSCredential'
        $vm | Get-CloudVmCredential -AsPlainText | Should -BeOfType [string]
    }

    It 'stops a hung list at once on Ctrl+C (PowerShell.Stop)' {
        $fault = @{ pathContains = '/resource/virtual-machines'; latencyMs = 600000; count = 1 } | ConvertTo-Json
        Invoke-RestMethod "$($world)_emulator/faults" -Method Post -Body $fault -ContentType 'application/json' | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({ param($m, $s) Import-Module $m; Get-CloudVm -Session $s }).AddArgument((Get-CloudVmModulePath)).AddArgument($session)
            $handle = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 700
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $handle.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
            Invoke-RestMethod "$($world)_emulator/faults" -Method Delete | Out-Null
        }
    }
}

Describe 'e24cloud' {
    BeforeAll {
        $cred = [pscredential]::new('e24-emulator-key', (ConvertTo-SecureString 'e24-emulator-secret' -AsPlainText -Force))
        $script:e24 = Connect-CloudVm -Provider E24Cloud -Region eu-poland-1poznan -Endpoint "$($world)e24cloud/eu-poland-1poznan/v2" -Credential $cred -Name e24 -MaxPollIntervalSeconds 0.3
    }

    It 'signs every request, sizes VMs in GB and powers them off and on' {
        $zone = (Get-CloudVmLocation -Session $e24 | Select-Object -First 1).Id
        $new = New-CloudVm -Session $e24 -Name pester-e24 -Cpu 1 -MemoryGB 1.5 -Location $zone -Image 'Ubuntu 24.04' -Wait
        $new.MemoryGB | Should -Be 1.5
        ($new | Stop-CloudVm -ShutdownTimeoutMinutes 1 -Wait).Status | Should -Be 'Stopped'
        ($new | Start-CloudVm -Wait).Status | Should -Be 'Running'
        ($new | Resize-CloudVm -Cpu 2 -Wait -Confirm:$false).Cpu | Should -Be 2
        $new | Remove-CloudVm -DeleteResources -Force -Wait
        Get-CloudVm -Session $e24 -Name pester-e24 -ErrorAction SilentlyContinue -ErrorVariable gone | Should -BeNullOrEmpty
        $gone.FullyQualifiedErrorId | Should -BeLike 'CloudVm.NotFound*'   # a name without wildcards that matches nothing, as Get-Process -Name
    }

    It 'gives the console password as a SecureString unless -AsPlainText' {
        $c = Get-CloudVm -Session $e24 -Name app-1 | Get-CloudVmConsole
        $c.Password | Should -BeOfType [securestring]
        $c.PlainTextPassword | Should -BeNullOrEmpty
        (Get-CloudVm -Session $e24 -Name app-1 | Get-CloudVmConsole -AsPlainText).PlainTextPassword | Should -Not -BeNullOrEmpty
    }
}

Describe 'VPS247' {
    BeforeAll {
        $script:vps = Connect-CloudVm -Provider Vps247 -Endpoint "$($world)vps247" -ApiKey (ConvertTo-SecureString 'vps247-emulator-key' -AsPlainText -Force) -Name vps -MaxPollIntervalSeconds 0.3
    }

    It 'lists its catalog and creates a VM from names' {
        @(Get-CloudVmLocation -Session $vps).Count | Should -BeGreaterThan 0
        $vm = New-CloudVm -Session $vps -Name pester-vps -Size Budget -Image 'Ubuntu 24.04 Server x64' -Location 'New York 1' -Wait
        $vm.Status | Should -Be 'Running'
        ($vm | Get-CloudVmCredential -AsCredential).UserName | Should -Be 'root'
    }

    It 'explains that a running VM must be stopped, and -Force stops it first' {
        Get-CloudVm -Session $vps -Name pester-vps | Remove-CloudVm -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0]) $($err[0].ErrorDetails.RecommendedAction)" | Should -Match 'Remove-CloudVm -Force'
        Get-CloudVm -Session $vps -Name pester-vps | Remove-CloudVm -Force -Wait
        Get-CloudVm -Session $vps -Name pester-vps -ErrorAction SilentlyContinue -ErrorVariable gone | Should -BeNullOrEmpty
        $gone.FullyQualifiedErrorId | Should -BeLike 'CloudVm.NotFound*'   # a name without wildcards that matches nothing, as Get-Process -Name
    }
}

Describe 'VMgen' {
    BeforeAll {
        $script:vmgen = Connect-CloudVm -Provider VmGen -Endpoint "$($world)vmgen" -ApiKey (ConvertTo-SecureString 'vmgen-emulator-key' -AsPlainText -Force) -Name vmgen -MaxPollIntervalSeconds 0.3
    }

    It 'deploys from a package, follows power commands as jobs, and deletes' {
        $vm = New-CloudVm -Session $vmgen -Name pester-vmgen -Size VM-S -Location 1 -Image 1 -SshKey 5 -Wait
        $vm.Status | Should -Be 'Running'
        ($vm | Stop-CloudVm | Wait-CloudVmJob).State | Should -Be 'Completed'
        @($vm | Get-CloudVmJob).Count | Should -BeGreaterThan 1
        @($vm | Get-CloudVmUsage).Count | Should -BeGreaterThan 0
        $vm | Remove-CloudVm -Force -Wait
        Get-CloudVm -Session $vmgen -Name pester-vmgen -ErrorAction SilentlyContinue -ErrorVariable gone | Should -BeNullOrEmpty
        $gone.FullyQualifiedErrorId | Should -BeLike 'CloudVm.NotFound*'   # a name without wildcards that matches nothing, as Get-Process -Name
    }

    It 'checks a deployment before sending it' {
        New-CloudVm -Session $vmgen -Name nope -Size VM-S -Location 1 -Image 1 -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'root password \(-Password\) or SSH keys'
    }

    It 'reads the account and sends nothing with -WhatIf' {
        (Get-CloudVmAccount -Session $vmgen).Credit | Should -Not -BeNullOrEmpty
        New-CloudVmSupportTicket -Session $vmgen -Topic t -Text x -ReplyTo ops@example.com -WhatIf | Should -BeNullOrEmpty
    }
}

Describe 'Magalu Cloud' {
    BeforeAll {
        $script:mgc = Connect-CloudVm -Provider Magalu -Region br-se1 -Endpoint "$($world)magalu/br-se1/compute" -ApiKey (ConvertTo-SecureString 'magalu-emulator-key' -AsPlainText -Force) -Name mgc -MaxPollIntervalSeconds 0.3
    }

    It 'suspends and resumes, and refuses what the state rules forbid before sending' {
        $vm = Get-CloudVm -Session $mgc -Name mgc-web
        ($vm | Suspend-CloudVm -Wait).Status | Should -Be 'Suspended'
        ($vm | Start-CloudVm -Wait).Status | Should -Be 'Running'
        Get-CloudVm -Session $mgc -Name mgc-batch | Suspend-CloudVm -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'only when it is running'
    }

    It 'snapshots a VM, restores it to a new VM and copies the snapshot to another region' {
        $snap = Get-CloudVm -Session $mgc -Name mgc-web | New-CloudVmSnapshot -Name pester-snap -Wait
        $snap.State | Should -Be 'available'
        $snap.VmName | Should -Be 'mgc-web'
        $new = $snap | Restore-CloudVmSnapshot -Name pester-clone -Size BV4-8-40 -Wait
        $new.Status | Should -Be 'Running'
        ($snap | Copy-CloudVmSnapshot -Region br-mgl1 -Confirm:$false | Wait-CloudVmJob).State | Should -Be 'Completed'
        $snap | Remove-CloudVmSnapshot -Confirm:$false -Wait
        $new | Remove-CloudVm -Force -Wait
    }
}

Describe 'Help' {
    It 'covers every cmdlet the manifest exports (<Count>)' -ForEach @{ Count = $cmdlets.Count; Exported = (Import-PowerShellDataFile (Join-Path (Split-Path $PSScriptRoot -Parent) 'CloudVm.psd1')).CmdletsToExport.Count } {
        $Count | Should -Be $Exported
        $Count | Should -Be 53
    }

    It 'Get-Help <_> -Full has a synopsis, a description, examples, and text for every parameter' -ForEach $cmdlets {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike "$_*"
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($p in @($help.parameters.parameter)) { ($p.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a description" }
        @($help.relatedLinks.navigationLink | Where-Object uri).Count | Should -BeGreaterThan 0
        { Get-Help $_ -Full | Out-String -Width 100 } | Should -Not -Throw
    }

    It 'has about_CloudVm and about_CloudVm_Providers' {
        (Get-Help about_CloudVm | Out-String) | Should -Match 'UNATTENDED USE'
        (Get-Help about_CloudVm_Providers | Out-String) | Should -Match 'Magalu Cloud'
    }
}
