#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# User stories for a real pwsh / powershell.exe: the built module against the emulator started as a
# process on a free loopback port. Run through ./build.ps1 -Test (which builds out/CloudVm first).

BeforeDiscovery {
    $modulePath = if ($env:CLOUDVM_MODULE_PATH) { $env:CLOUDVM_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/CloudVm/CloudVm.psd1' }
    Import-Module $modulePath -Force
}

BeforeAll {
    $modulePath = if ($env:CLOUDVM_MODULE_PATH) { $env:CLOUDVM_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/CloudVm/CloudVm.psd1' }
    Import-Module $modulePath -Force

    $root = Join-Path $PSScriptRoot '..'
    $dll = Get-ChildItem (Join-Path $root 'src/CloudVm.Emulator/bin') -Recurse -Filter CloudVm.Emulator.dll -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime | Select-Object -Last 1
    if (-not $dll) {
        & dotnet build (Join-Path $root 'src/CloudVm.Emulator/CloudVm.Emulator.csproj') -c Release --nologo | Out-Null
        $dll = Get-ChildItem (Join-Path $root 'src/CloudVm.Emulator/bin') -Recurse -Filter CloudVm.Emulator.dll | Select-Object -Last 1
    }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:base = "http://127.0.0.1:$port"
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "cloudvm-emulator-$port.log"
    $script:emulator = Start-Process dotnet -ArgumentList @("`"$($dll.FullName)`"", '--urls', $base, '--job-seconds', '0.3') -PassThru -RedirectStandardOutput $log
    $deadline = (Get-Date).AddMinutes(2)
    while ($true) {
        try { Invoke-RestMethod "$base/_emulator/requests" | Out-Null; break }
        catch { if ((Get-Date) -gt $deadline) { throw "The emulator did not start: $(Get-Content $log -Raw)" }; Start-Sleep -Milliseconds 300 }
    }
    $script:endpoint = "$base/gpcn/v1"
    $script:plainKey = 'gpcn_emulator-demo-key'
    $script:key = ConvertTo-SecureString $plainKey -AsPlainText -Force
    $script:dc = '0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01'
    function Get-EmulatorRequests([string] $PathPart) { @(Invoke-RestMethod "$base/_emulator/requests") | Where-Object { $_.path -like "*$PathPart*" } }
    function Clear-EmulatorRequests { Invoke-RestMethod "$base/_emulator/requests" -Method Delete | Out-Null }
}

AfterAll {
    if ($emulator -and -not $emulator.HasExited) { Stop-Process -Id $emulator.Id -Force }
    Get-CloudVmSession | Disconnect-CloudVm -Confirm:$false
}

Describe 'Connect-CloudVm' {
    It 'takes the key from the environment for unattended scripts and never shows it' {
        $env:CLOUDVM_GPCN_API_KEY = $plainKey
        try {
            $s = Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -Name fromenv
            $s.IsDefault | Should -BeTrue
            ($s | Format-List * | Out-String) | Should -Not -Match 'emulator-demo-key'
            $s.ToString() | Should -Not -Match 'emulator-demo-key'
        } finally { Remove-Item Env:CLOUDVM_GPCN_API_KEY }
    }

    It 'refuses plain http to a remote host before sending anything' {
        { Connect-CloudVm -Provider Gpcn -Endpoint 'http://api.gpcn.com/v1' -ApiKey $key } | Should -Throw '*does not use https*'
    }

    It 'reports a wrong key as an authentication error without the key' {
        $wrong = ConvertTo-SecureString 'gpcn_wrong-key-for-pester' -AsPlainText -Force
        $err = $null
        try { Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -ApiKey $wrong } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.FullyQualifiedErrorId | Should -BeLike 'CloudVm.Unauthorized*'
        "$err" | Should -Not -Match 'wrong-key-for-pester'
    }
}

Describe 'Working with VMs' {
    BeforeAll {
        $script:session = Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -ApiKey $key -Name pester -MaxPollIntervalSeconds 0.5
    }

    It 'lists VMs that remember their session' {
        $vms = Get-CloudVm
        $vms | Should -Not -BeNullOrEmpty
        $vms | ForEach-Object { $_.Session.Name | Should -Be 'pester' }
        $vms[0].PSObject.TypeNames[0] | Should -Be 'CloudVm.VirtualMachine'
    }

    It 'creates, stops, starts, resizes and removes a VM' {
        $vm = New-CloudVm -Name pester-1 -Size 45 -Image 12 -Location $dc -PublicIp -Wait
        $vm.Status | Should -Be 'Running'
        $vm.PublicIp | Should -Not -BeNullOrEmpty
        ($vm | Stop-CloudVm -Wait).Status | Should -Be 'Stopped'
        ($vm | Start-CloudVm -Wait).Status | Should -Be 'Running'
        ($vm | Resize-CloudVm -Size 67 -Wait -Confirm:$false).Size | Should -Be 'GP-Medium-1'
        $vm | Remove-CloudVm -Force -Wait
        Get-CloudVm -Name pester-1 | Should -BeNullOrEmpty
    }

    It 'sends many piped VMs in one bulk request and waits on all the jobs' {
        New-CloudVm -Name bulk -Count 3 -Size 45 -Image 12 -Location $dc | Wait-CloudVmJob | Out-Null
        Clear-EmulatorRequests
        $jobs = Get-CloudVm -Name bulk-* | Stop-CloudVm | Wait-CloudVmJob
        @($jobs).Count | Should -Be 3
        $jobs | ForEach-Object { $_.State | Should -Be 'Completed' }
        @(Get-EmulatorRequests 'bulk/stop').Count | Should -Be 1
        Get-CloudVm -Name bulk-* | Remove-CloudVm -Force -Wait
    }

    It 'changes nothing with -WhatIf' {
        Clear-EmulatorRequests
        $before = @(Get-CloudVm).Count
        Get-CloudVm | Remove-CloudVm -WhatIf
        @(Get-CloudVm).Count | Should -Be $before
        @(Invoke-RestMethod "$base/_emulator/requests") | Where-Object method -ne 'GET' | Should -BeNullOrEmpty
    }

    It 'writes a provider error as an ErrorRecord with a stable id, category and target' {
        Get-CloudVm -Id 9f0c1a7e-0000-4000-8000-00000000beef -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CloudVm.NotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be '9f0c1a7e-0000-4000-8000-00000000beef'
        $err[0].Exception.HttpStatus | Should -Be 404
    }

    It 'rejects bad input before sending a request' {
        Clear-EmulatorRequests
        New-CloudVm -Name bad -Size 45 -Image 12 -Location $dc -Count 11 -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match '1 to 10 instances'
        Get-EmulatorRequests '/resource/virtual-machines' | Where-Object method -eq 'POST' | Should -BeNullOrEmpty
    }

    It 'never writes the key to the verbose or debug streams' {
        $DebugPreference = 'Continue'
        $all = Get-CloudVm -Verbose *>&1 | Out-String
        $all | Should -Match 'VERBOSE|GET'
        $all | Should -Not -Match 'emulator-demo-key'
    }

    It 'keeps login secrets as SecureStrings unless asked' {
        $vm = Get-CloudVm -Name web-server-1
        ($vm | Get-CloudVmCredential).Secret | Should -BeOfType [securestring]
        ($vm | Get-CloudVmCredential -AsCredential).GetType().Name | Should -Be 'PSCredential'
        $vm | Get-CloudVmCredential -AsPlainText | Should -BeOfType [string]
    }
}

Describe 'e24cloud' {
    BeforeAll {
        $cred = [pscredential]::new('e24-emulator-key', (ConvertTo-SecureString 'e24-emulator-secret' -AsPlainText -Force))
        $script:e24 = Connect-CloudVm -Provider E24Cloud -Endpoint "$base/e24cloud/eu-poland-1poznan/v2" -Credential $cred -Name e24 -MaxPollIntervalSeconds 0.5
    }

    It 'signs every request and sizes VMs in GB' {
        $vm = Get-CloudVm -Session $e24 -Name app-1
        $vm.MemoryGB | Should -Be 4
        $zone = $vm.LocationId
        $new = New-CloudVm -Session $e24 -Name pester-e24 -Cpu 1 -MemoryGB 1.5 -Location $zone -Image debian-12 -Wait
        $new.MemoryGB | Should -Be 1.5
        ($new | Resize-CloudVm -Cpu 2 -Wait -Confirm:$false).Cpu | Should -Be 2
        $new | Stop-CloudVm -ShutdownTimeoutMinutes 1 -Wait | ForEach-Object Status | Should -Be 'Stopped'
        $new | Remove-CloudVm -DeleteResources -Force -Wait
        Get-CloudVm -Session $e24 -Name pester-e24 | Should -BeNullOrEmpty
    }

    It 'refuses Start-CloudVm, which its API does not have, before any request' {
        Get-CloudVm -Session $e24 -Name app-2 | Start-CloudVm -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$($err[0])" | Should -BeLike 'e24cloud does not support starting a VM*'
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
        $script:vps = Connect-CloudVm -Provider Vps247 -Endpoint "$base/vps247" -ApiKey (ConvertTo-SecureString 'vps247-emulator-key' -AsPlainText -Force) -Name vps -MaxPollIntervalSeconds 0.5
    }

    It 'lists its catalog and creates a VM from names' {
        @(Get-CloudVmLocation -Session $vps).Count | Should -BeGreaterThan 0
        $vm = New-CloudVm -Session $vps -Name pester-vps -Size Budget -Image 'Ubuntu 24.04 Server x64' -Location 'New York 1' -Wait
        $vm.Status | Should -Be 'Running'
        ($vm | Get-CloudVmCredential -AsCredential).UserName | Should -Be 'root'
    }

    It 'explains that a running VM must be stopped, and -Force stops it first' {
        Get-CloudVm -Session $vps -Name pester-vps | Remove-CloudVm -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'Remove-CloudVm -Force'
        Get-CloudVm -Session $vps -Name pester-vps | Remove-CloudVm -Force -Wait
        Get-CloudVm -Session $vps -Name pester-vps | Should -BeNullOrEmpty
    }

    It 'reports 406 on stopping a stopped VM as a clear error' {
        Get-CloudVm -Session $vps -Name mail | Stop-CloudVm -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        "$($err[0])" | Should -Match 'HTTP 406'
    }
}

Describe 'VMgen' {
    BeforeAll {
        $script:vmgen = Connect-CloudVm -Provider VmGen -Endpoint "$base/vmgen" -ApiKey (ConvertTo-SecureString 'vmgen-emulator-key' -AsPlainText -Force) -Name vmgen -MaxPollIntervalSeconds 0.5
    }

    It 'deploys from a package, follows power commands as jobs, and deletes' {
        $vm = New-CloudVm -Session $vmgen -Name pester-vmgen -Size VM-S -Location 1 -Image 1 -SshKey 5 -Wait
        $vm.Status | Should -Be 'Running'
        $job = $vm | Stop-CloudVm
        $job.Tracking | Should -Be 'ProviderJob'
        ($job | Wait-CloudVmJob).State | Should -Be 'Completed'
        @($vm | Get-CloudVmJob).Count | Should -BeGreaterThan 1
        @($vm | Get-CloudVmUsage).Count | Should -BeGreaterThan 0
        $vm | Remove-CloudVm -Force -Wait
        Get-CloudVm -Session $vmgen -Name pester-vmgen | Should -BeNullOrEmpty
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
        $script:mgc = Connect-CloudVm -Provider Magalu -Region br-se1 -TenantId tenant-emulator -Endpoint "$base/magalu/br-se1/compute" -ApiKey (ConvertTo-SecureString 'magalu-emulator-key' -AsPlainText -Force) -Name mgc -MaxPollIntervalSeconds 0.5
    }

    It 'suspends and resumes, and refuses what the state rules forbid before sending' {
        $vm = Get-CloudVm -Session $mgc -Name mgc-web
        ($vm | Suspend-CloudVm -Wait).Status | Should -Be 'Suspended'
        ($vm | Start-CloudVm -Wait).Status | Should -Be 'Running'
        Get-CloudVm -Session $mgc -Name mgc-batch | Suspend-CloudVm -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'only when it is running'
    }

    It 'snapshots a VM, refuses a duplicate name, and restores to a new VM' {
        $snap = Get-CloudVm -Session $mgc -Name mgc-web | New-CloudVmSnapshot -Name pester-snap -Wait
        $snap.State | Should -Be 'available'
        Get-CloudVm -Session $mgc -Name mgc-web | New-CloudVmSnapshot -Name pester-snap -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'already exists'
        $new = $snap | Restore-CloudVmSnapshot -Name pester-clone -Size BV4-8-40 -SshKey ops -Wait
        $new.Status | Should -Be 'Running'
        $snap | Remove-CloudVmSnapshot -Confirm:$false -Wait
        $new | Remove-CloudVm -Force -Wait
    }

    It 'backs up and copies to another region' {
        $b = Get-CloudVm -Session $mgc -Name mgc-web | New-CloudVmBackup -Name pester-backup -Wait
        $b.Status | Should -Be 'completed'
        ($b | Copy-CloudVmBackup -Region br-ne1 -Confirm:$false).State | Should -Be 'Completed'
        $b | Remove-CloudVmBackup -Confirm:$false -Wait
    }
}

Describe 'Help' {
    It 'has a synopsis and an example for <_>' -ForEach @(Get-Command -Module CloudVm | ForEach-Object Name) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike "$_*"
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }
}
