#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# A user-style Pester test of a user's own script (Stop-NightlyVms.ps1), against the emulator inside the CloudVm module:
# no account, no key, no network. about_CloudVm_Testing shows this file.

BeforeAll {
    Import-Module CloudVm
    $env:CLOUDVM_EMULATOR = '1'      # every Connect-CloudVm of this process (and its child processes) goes to the emulator
    $script:nightly = Join-Path $PSScriptRoot 'Stop-NightlyVms.ps1'
}

AfterAll {
    Remove-Item Env:CLOUDVM_EMULATOR
}

Describe 'Stop-NightlyVms.ps1' {
    BeforeEach {
        Reset-CloudVmEmulator -VmCount 3 -JobSeconds 0   # vm-1, vm-2, vm-3 on every provider; work finishes at once
    }

    It 'stops the running VMs it names, and deletes nothing' {
        $result = & $nightly -Name 'vm-*'
        $result.Stopped | Should -Be 3
        Get-CloudVm -Name 'vm-*' | ForEach-Object { $_.Status | Should -Be 'Stopped' }
        Get-CloudVmEmulatorRequest -Provider Gpcn | Where-Object Method -EQ 'DELETE' | Should -BeNullOrEmpty
    }

    It 'leaves VMs it does not name alone' {
        (& $nightly -Name 'vm-1').Stopped | Should -Be 1
        (Get-CloudVm -Name 'vm-2').Status | Should -Be 'Running'
    }

    It 'rides out rate limiting' {
        Add-CloudVmEmulatorFault -Provider Gpcn -Status 429 -RetryAfter 1 -Count 2
        (& $nightly -Name 'vm-*').Stopped | Should -Be 3
        @(Get-CloudVmEmulatorRequest -Provider Gpcn | Where-Object Status -EQ 429).Count | Should -Be 2
    }

    It 'still stops them when the answer to the stop is lost (a stop is safe to send again; a create would not be)' {
        Add-CloudVmEmulatorFault -Provider Gpcn -Path '*/bulk/stop' -LoseAnswer
        (& $nightly -Name 'vm-*' -WarningAction SilentlyContinue).Stopped | Should -Be 3
        Get-CloudVm -Name 'vm-*' | ForEach-Object { $_.Status | Should -Be 'Stopped' }
        $stops = @(Get-CloudVmEmulatorRequest -Provider Gpcn | Where-Object Path -Like '*/bulk/stop')
        $stops.Count | Should -Be 2      # the first served, its answer lost; sent once more
    }

    It 'fails loudly, and stops nothing, when the key is refused' {
        Add-CloudVmEmulatorFault -Provider Gpcn -Status 401
        { & $nightly -Name 'vm-*' -ErrorAction Stop } | Should -Throw -ErrorId 'CloudVm.Unauthorized*'
        Get-CloudVmEmulatorRequest -Provider Gpcn | Where-Object Method -EQ 'POST' | Should -BeNullOrEmpty
    }
}
