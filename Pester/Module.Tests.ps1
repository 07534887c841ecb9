#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module as users get it (issue 11): the .nupkg installed as Install-Module would and imported by name, next to
# other modules' copies of our dependencies; without SecretManagement; with completion and views that fit (issue 14).
# The scenarios that change what a process has loaded run in a child pwsh of the same version.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = "The emulator's public demo keys, which are no secret (they are printed when it starts)")]
param()


BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $script:root = Get-CloudVmRepositoryRoot
    $script:pwsh = Get-CloudVmTestShell   # this PowerShell: pwsh, or powershell.exe 5.1 on Windows (never the dotnet host)
    $script:onWindows = [Environment]::OSVersion.Platform -eq 'Win32NT'
    $script:emulator = Start-CloudVmEmulator -JobSeconds 0.1
    $manifest = Import-PowerShellDataFile (Join-Path $root 'CloudVm.psd1')
    $script:version = $manifest.ModuleVersion
    $script:modules = Install-CloudVmPackage -To (Join-Path $TestDrive 'Modules')

    # Other modules' copies of our dependencies, older and newer (tests/ConflictFixture restores them from NuGet).
    $script:fixture = @{}
    foreach ($kind in 'Older', 'Newer') {
        $project = Join-Path $root "tests/ConflictFixture/$kind/$kind.csproj"
        $out = Join-Path $root "tests/ConflictFixture/$kind/bin/out"
        if (-not (Test-Path (Join-Path $out 'Polly.Core.dll'))) { & dotnet build $project -c Release -o $out --nologo -v q | Out-Null; if ($LASTEXITCODE) { throw "dotnet build $project failed" } }
        $fixture[$kind] = $out
    }

    # Runs a script in a new pwsh that finds the installed package by name; returns its output and exit code.
    function Invoke-Child([string] $Script, [hashtable] $Environment = @{}) {
        Invoke-CloudVmChild -Script $Script -ModulePath $modules, $env:PSModulePath -Environment $Environment
    }

    function Get-SampleEnvironment {
        $world = New-CloudVmEmulatorWorld $emulator -JobSeconds 0.1
        @{ CLOUDVM_GPCN_ENDPOINT = "$($world)gpcn/v1"; CLOUDVM_GPCN_API_KEY = 'gpcn_emulator-demo-key' }
    }

    $script:quickstart = Join-Path $root 'samples/quickstart.ps1'
    $script:importByName = @'
$ErrorActionPreference = 'Stop'
Import-Module CloudVm
$m = Get-Module CloudVm
if ($m.ModuleBase -notlike '*Modules*CloudVm*') { throw "CloudVm came from $($m.ModuleBase)" }
"imported $($m.Version) from $($m.ModuleBase)"
'@
}

AfterAll { Stop-CloudVmEmulator $emulator }

Describe 'The installed package' {
    It 'imports by name and runs the quick start sample' {
        $r = Invoke-Child ($importByName + "`n& '$quickstart'") (Get-SampleEnvironment)
        $r.Output | Should -Match "imported $([regex]::Escape($version))"
        $r.Output | Should -Match 'quickstart-1'
        $r.Output | Should -Not -Match 'Exception|Error'
        $r.ExitCode | Should -Be 0
    }

    It 'runs the scheduled-task sample with a saved connection, fanning out to Start-Job' {
        $sample = Join-Path $root 'samples/scheduled-task.ps1'
        $r = Invoke-Child ($importByName + @"

Connect-CloudVm -Provider Gpcn -SaveAs prod -SecretFromEnvironment | Out-Null
Disconnect-CloudVm -Name prod   # -SaveAs names the session after the connection
& '$sample' -Connection prod -Name web-*
"@) ((Get-SampleEnvironment) + @{ CLOUDVM_CONFIG_DIR = (Join-Path $TestDrive 'config-task') })
        $r.Output | Should -Match 'Running\s+[1-9]'
        $r.Output | Should -Match 'Stopped\s+\d'
        $r.Output | Should -Not -Match 'gpcn_emulator-demo-key'
        $r.ExitCode | Should -Be 0
    }

    It 'keeps its dependencies to itself (PowerShell 7: its own load context; 5.1: its Dependencies folder), and Core (the model) where scripts see it' {
        $r = Invoke-Child ($importByName + @'

$s = Connect-CloudVm -Provider Gpcn
Get-CloudVm | Out-Null
foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'CloudVm.Core', 'CloudVm.Engine', 'Polly.Core', 'Microsoft.Extensions.Http' }) {
    $where = if ($PSVersionTable.PSEdition -eq 'Core') { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name } elseif ($a.Location -like '*Dependencies*') { 'CloudVm' } else { 'Default' }
    "$($a.GetName().Name)=$where"
}
[CloudVm.VirtualMachine].FullName
'@) (Get-SampleEnvironment)
        $r.Output | Should -Match 'CloudVm.Core=Default'
        $r.Output | Should -Match 'CloudVm.Engine=CloudVm'
        $r.Output | Should -Match 'Polly.Core=CloudVm'
        if ($PSVersionTable.PSEdition -eq 'Core') {
            # PowerShell 7 uses SocketsHttpHandler's pooled-connection lifetime: Microsoft.Extensions.* is not even loaded.
            $r.Output | Should -Not -Match 'Microsoft.Extensions.Http='
        } else {
            $r.Output | Should -Match 'Microsoft.Extensions.Http=CloudVm'
        }
        $r.Output | Should -Match 'CloudVm.VirtualMachine'
        $r.ExitCode | Should -Be 0
    }

    It 'works when another module loaded <Kind> copies of its dependencies first, and that module keeps working' -ForEach @(@{ Kind = 'Older' }, @{ Kind = 'Newer' }) {
        $dir = $fixture[$Kind]
        $r = Invoke-Child (@"
`$loaded = foreach (`$dll in Get-ChildItem '$dir' -Filter *.dll) {
    try { [Reflection.Assembly]::LoadFrom(`$dll.FullName) | Out-Null; `$dll.BaseName } catch { "(not loadable here: `$(`$dll.BaseName))" }
}
"first: `$(`$loaded -join ', ')"
"@ + "`n" + $importByName + @"

& '$quickstart' | Out-Null
"sample ok"
# The other module's Polly still builds and runs a pipeline.
`$p = [Polly.ResiliencePipelineBuilder]::new().Build()
`$p.Execute([Func[int]] { 42 })
"@) (Get-SampleEnvironment)
        $r.Output | Should -Match 'first: .*Polly.Core'
        $r.Output | Should -Match 'sample ok'
        $r.Output | Should -Match '(?m)^42\s*$'
        $r.ExitCode | Should -Be 0
    }

    It 'lets another module load <Kind> copies after it, and both keep working' -ForEach @(@{ Kind = 'Older' }, @{ Kind = 'Newer' }) {
        $dir = $fixture[$Kind]
        $r = Invoke-Child ($importByName + @"

& '$quickstart' | Out-Null
`$loaded = foreach (`$dll in Get-ChildItem '$dir' -Filter *.dll) {
    try { [Reflection.Assembly]::LoadFrom(`$dll.FullName) | Out-Null; `$dll.BaseName } catch { "(not loadable here: `$(`$dll.BaseName))" }
}
"after: `$(`$loaded -join ', ')"
`$p = [Polly.ResiliencePipelineBuilder]::new().Build()
`$p.Execute([Func[int]] { 42 })
(Get-CloudVm -Name quickstart* | Measure-Object).Count -ge 0
"again ok"
"@) (Get-SampleEnvironment)
        $r.Output | Should -Match 'after: .*Polly.Core'
        $r.Output | Should -Match '(?m)^42\s*$'
        $r.Output | Should -Match 'again ok'
        $r.ExitCode | Should -Be 0
    }

    It 'loads and works without SecretManagement, says how to install it when asked for a vault, and saves with DPAPI on Windows' {
        $r = Invoke-Child (@'
$env:PSModulePath = ($env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { -not (Test-Path (Join-Path $_ 'Microsoft.PowerShell.SecretManagement')) }) -join [IO.Path]::PathSeparator
if (Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement) { throw 'could not hide SecretManagement' }
'@ + "`n" + $importByName + @'

Connect-CloudVm -Provider Gpcn | Out-Null
"vms: $(@(Get-CloudVm).Count)"
try { Connect-CloudVm -Provider Gpcn -SecretName gpcn-prod; 'no error?' } catch { "secret: $($_.FullyQualifiedErrorId) $($_.ErrorDetails.RecommendedAction)" }
if ([Environment]::OSVersion.Platform -eq 'Win32NT') {
    # DPAPI for the current user, as Export-Clixml of a PSCredential: saved, the key not in the file, read back.
    Connect-CloudVm -Provider Gpcn -SaveAs prod | Out-Null
    Remove-Item Env:CLOUDVM_GPCN_API_KEY
    "store: $((Get-CloudVmConnection -Name prod).SecretStore)"
    "key in settings: $((Get-Content (Join-Path $env:CLOUDVM_CONFIG_DIR 'connections.json') -Raw) -match 'gpcn_emulator-demo-key')"
    Disconnect-CloudVm -Name prod
    "dpapi vms: $(@(Get-CloudVm -Session (Connect-CloudVm -Saved prod)).Count)"
}
else { try { Connect-CloudVm -Provider Gpcn -SaveAs prod; 'no error?' } catch { "save: $($_.FullyQualifiedErrorId) $($_.ErrorDetails.RecommendedAction)" } }
'@) ((Get-SampleEnvironment) + @{ CLOUDVM_CONFIG_DIR = (Join-Path $TestDrive 'config-nosm') })
        $r.Output | Should -Match 'vms: [1-9]'
        $r.Output | Should -Match 'secret: CloudVm.NotSupported.*Install-Module Microsoft.PowerShell.SecretManagement'
        if ($onWindows) {
            $r.Output | Should -Match 'store: Dpapi'
            $r.Output | Should -Match 'key in settings: False'
            $r.Output | Should -Match 'dpapi vms: [1-9]'
        }
        else { $r.Output | Should -Match 'save: CloudVm.NotSupported.*-SecretFromEnvironment' }
        $r.Output | Should -Not -Match 'no error\?'
    }
}

Describe 'At the console' {
    BeforeAll {
        Import-Module (Get-CloudVmModulePath) -Force
        $script:world = New-CloudVmEmulatorWorld $emulator -ExampleSeed -JobSeconds 0.1
        . (Join-Path $PSScriptRoot 'Examples.ps1')
        $script:sessions = @{}
        foreach ($p in 'Gpcn', 'E24Cloud', 'Vps247', 'VmGen', 'Magalu') { $sessions[$p] = Connect-CloudVmWorld -BaseUrl $world -Provider $p -Name "console-$p" -NoDefault }
        function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }
    }
    AfterAll { Get-CloudVmSession | ForEach-Object { Disconnect-CloudVm -Session $_ -WarningAction SilentlyContinue } }

    It 'completes <Line>' -ForEach @(
        @{ Line = 'Connect-CloudVm -Provider Magalu -Region br-'; Expect = 'br-se1', 'br-ne1', 'br-mgl1' }
        @{ Line = 'Get-CloudVm -Session console-G'; Expect = 'console-Gpcn' }
        @{ Line = 'Get-CloudVm -Session $sessions.Gpcn -Name web-'; Expect = 'web-1', 'web-server-1' }
        @{ Line = 'Stop-CloudVm -Session $sessions.Vps247 -Id '; ExpectTooltip = 'api_test' }
        @{ Line = 'Get-CloudVm -Session $sessions.Gpcn -Sort na'; Expect = 'name:asc', 'name:desc' }
        @{ Line = 'New-CloudVm -Session $sessions.Gpcn -Name x -Location us-east-1 -Size GP-S'; Expect = 'GP-Small-1' }
        @{ Line = 'New-CloudVm -Session $sessions.Gpcn -Name x -Location us-east-1 -Image Ubu'; Expect = 'Ubuntu 24.04 LTS' }
        @{ Line = 'Get-CloudVmSize -Session $sessions.Gpcn -Location '; Expect = 'US East 1', 'EU Central 1' }
        @{ Line = 'Get-CloudVm -Session $sessions.Gpcn -Image Ubu'; Expect = 'Ubuntu 24.04 LTS' }
        @{ Line = 'New-CloudVm -Session $sessions.Gpcn -Name x -Location '; Expect = 'US East 1', 'EU Central 1' }
        @{ Line = 'New-CloudVm -Session $sessions.Vps247 -Name x -Size '; Expect = 'Budget', 'Standard' }
        @{ Line = 'New-CloudVm -Session $sessions.Magalu -Name x -Image '; ExpectTooltip = 'cloud-ubuntu-24.04 LTS' }
        @{ Line = 'New-CloudVm -Session $sessions.VmGen -Name x -Location '; ExpectTooltip = 'Amsterdam' }
        @{ Line = 'Get-CloudVmSnapshot -Session $sessions.Magalu -Name nigh'; Expect = 'nightly' }
        @{ Line = 'Get-CloudVmBackup -Session $sessions.Magalu -Name wee'; Expect = 'weekly' }
    ) {
        $found = @(Complete $Line)
        $found | Should -Not -BeNullOrEmpty -Because "'$Line' should complete"
        foreach ($e in @($Expect | Where-Object { $_ })) { $found.CompletionText -replace "^'|'$", '' | Should -Contain $e }
        if ($ExpectTooltip) { ($found.ToolTip + $found.ListItemText) -join ' ' | Should -Match ([regex]::Escape($ExpectTooltip)) }
    }

    It 'shows every cmdlet''s examples as PowerShell''s own help does: code, then text, no markdown fences' {
        foreach ($command in Get-Command -Module CloudVm) {
            $text = Get-Help $command.Name -Examples | Out-String -Width 200
            $text | Should -Not -Match '```' -Because "$($command.Name)'s examples are plain text"
        }
    }

    It 'offers nothing rather than another cloud''s values when -Session is an expression completion cannot run' {
        @(Complete 'New-CloudVm -Session (Get-CloudVmSession console-Vps247) -Name x -Location ') | Should -BeNullOrEmpty
        (Complete 'New-CloudVm -Session console-Vps247 -Name x -Location ').CompletionText -replace "^'|'$", '' | Should -Contain 'London 1'
    }

    It 'completes saved connection names' {
        $env:CLOUDVM_CONFIG_DIR = Join-Path $TestDrive 'config-complete'
        $env:CLOUDVM_GPCN_API_KEY = 'gpcn_emulator-demo-key'
        try {
            Connect-CloudVm -Provider Gpcn -Endpoint "$($world)gpcn/v1" -Name saved-x -NoDefault -SaveAs prod-eu -SecretFromEnvironment | Out-Null
            (Complete 'Connect-CloudVm -Saved prod').CompletionText | Should -Contain 'prod-eu'
        }
        finally { Remove-Item Env:CLOUDVM_CONFIG_DIR, Env:CLOUDVM_GPCN_API_KEY }
    }

    It 'fits the VM table of <_> in 80 columns without cut names or blank columns, and shows it whole in 120' -ForEach 'Gpcn', 'E24Cloud', 'Vps247', 'VmGen', 'Magalu' {
        $vms = @(Get-CloudVm -Session $sessions[$_])
        foreach ($width in 80, 120) {
            $text = $vms | Format-Table | Out-String -Width $width
            $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
            $header = $lines[0]; $rule = $lines[1]; $rows = $lines | Select-Object -Skip 2
            foreach ($vm in $vms) { $text | Should -Match ([regex]::Escape($vm.Name)) -Because "$width columns keep every name whole" }
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $width
            # Every column has a value in some row: no column that is blank for the whole provider.
            $starts = [regex]::Matches($rule, '-+') | ForEach-Object { @{ Start = $_.Index; Length = $_.Length } }
            foreach ($c in $starts) {
                $values = $rows | ForEach-Object { if ($_.Length -gt $c.Start) { $_.Substring($c.Start, [Math]::Min($c.Length, $_.Length - $c.Start)).Trim() } }
                @($values | Where-Object { $_ }).Count | Should -BeGreaterThan 0 -Because "column '$($header.Substring($c.Start, [Math]::Min($c.Length, $header.Length - $c.Start)).Trim())' of $_ at $width columns is blank"
            }
            if ($width -eq 120) { $text | Should -Match 'Id' }
        }
    }

    It 'has a list view for <_>' -ForEach 'Get-CloudVm', 'Get-CloudVmSession', 'Get-CloudVmProvider' {
        $cmd = $_
        $objects = switch ($cmd) { 'Get-CloudVm' { Get-CloudVm -Session $sessions.Gpcn -Name web-1 } 'Get-CloudVmSession' { $sessions.Gpcn } default { Get-CloudVmProvider Gpcn } }
        $text = $objects | Format-List | Out-String -Width 120
        $text | Should -Not -Match 'System\.Collections|System\.Security\.SecureString|Dictionary`'
        $text.Trim() | Should -Not -BeNullOrEmpty
    }
}
