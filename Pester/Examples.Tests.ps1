#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every help example and README block in a real pwsh, each against a world of its own (the harness is Examples.ps1, the
# same one the xunit ExampleTests run in the hosted engine).
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Set in BeforeDiscovery and used by -ForEach, which the analyzer does not follow')]
param()


BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    $examples = Get-CloudVmDocExample -Root (Split-Path $PSScriptRoot -Parent) | ForEach-Object { @{ Name = $_.Name; Example = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    Import-Module (Get-CloudVmModulePath) -Force
    $script:emulator = Start-CloudVmEmulator -JobSeconds 0.1
}

AfterAll { Stop-CloudVmEmulator $emulator }

Describe 'Examples' {
    It '<Name>' -ForEach $examples {
        $world = New-CloudVmEmulatorWorld $emulator -ExampleSeed -JobSeconds 0.1
        $result = Invoke-CloudVmDocExample -Example $Example -BaseUrl $world
        $because = "it ran on $($result.Provider):`n$($Example.Code)`n$($result.Output)"
        @($result.Errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because $because
    }
}
