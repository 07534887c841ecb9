# The help examples and README code blocks as tests: every ```powershell block of help/*.md and README.md runs against
# an emulator world seeded with what the examples name (EmulatorOptions.ExampleSeed), and must write no error.
# Dot-sourced by Pester/Examples.Tests.ps1 (real pwsh) and by the xunit ExampleTests (the hosted engine), so both run
# exactly the same harness.
#
# An example runs on the provider its title names (GPCN, e24cloud, VPS247, VMgen, Magalu); otherwise on the first provider (GPCN,
# Magalu Cloud, VMgen, VPS247, e24cloud) that has every CloudVm cmdlet the example uses. What an example takes as given
# is set up here, as a user would have it:
#   $prod, $test      sessions named prod and test ($prod the default), on the example's provider
#   $prodKey, $testKey, $key, $tenantId   keys a user would have (GPCN, GPCN, Magalu Cloud; Magalu's tenant)
#   $dc, $frontNet, $backNet   a GPCN data center and two of its networks; $zoneId an e24cloud compute zone
#   $vmId, $jobId     a stopped VM's id and a finished job's id, in $prod; $snapshotId a Magalu snapshot's id
#   saved connections prod, prod-gpcn, old-test and test-ci (GPCN, the key from the environment)
#   $emulatorUrl      the emulator's GPCN endpoint (what `dotnet run --project src/CloudVm.Emulator` prints)
#   Read-Host, Get-Secret, Start-Process   stand-ins for the user typing a key, a vault, and a browser
#   $env:CLOUDVM_<PROVIDER>_ENDPOINT   the world's endpoints, so examples without -Endpoint reach the emulator
#   $env:CLOUDVM_GPCN_API_KEY   the GPCN key, as a scheduled task or CI system would give it
#   $env:CLOUDVM_CONFIG_DIR     a new folder for saved connections
#   the in-process emulator     its example world again, work taking 0.3 s (for examples that use it)
# The current folder is a new temporary one holding an init.sh.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = "The emulator's public demo keys, which are no secret")]
param()

$script:CloudVmProviderOrder = 'Gpcn', 'Magalu', 'VmGen', 'Vps247', 'E24Cloud'
$script:CloudVmDemoKey = @{ Gpcn = 'gpcn_emulator-demo-key'; E24Cloud = 'e24-emulator-key'; Vps247 = 'vps247-emulator-key'; VmGen = 'vmgen-emulator-key'; Magalu = 'magalu-emulator-key' }

function Get-CloudVmDocExample {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Root)
    $files = @(Get-ChildItem (Join-Path $Root 'help') -Filter *.md | Sort-Object Name) + @(Get-Item (Join-Path $Root 'README.md'))
    foreach ($file in $files) {
        $text = (Get-Content $file.FullName -Raw) -replace "`r`n", "`n"
        $isHelp = $file.Name -ne 'README.md'
        if ($isHelp) {
            $start = $text.IndexOf("`n## EXAMPLES")
            $end = $text.IndexOf("`n## PARAMETERS")
            if ($start -lt 0) { continue }
            $text = $text.Substring($start, $(if ($end -gt $start) { $end - $start } else { $text.Length - $start }))
        }
        $title = ''
        $n = 0
        foreach ($m in [regex]::Matches($text, '(?ms)^(#{2,4} [^\n]*)$|^```powershell\n(.*?)^```')) {
            if ($m.Groups[1].Success) { $title = $m.Groups[1].Value -replace '^#+\s*', ''; continue }
            $n++
            $provider = if ($title -cmatch '\b(GPCN|e24cloud|VPS247|VMgen|Magalu)\b') {
                @{ 'GPCN' = 'Gpcn'; 'e24cloud' = 'E24Cloud'; 'VPS247' = 'Vps247'; 'VMgen' = 'VmGen'; 'Magalu' = 'Magalu' }[$Matches[1]]
            }
            [pscustomobject]@{
                Source   = $file.Name
                Title    = $title
                Number   = $n
                Code     = $m.Groups[2].Value
                Provider = $provider
                Name     = '{0} #{1}: {2}' -f $file.BaseName, $n, $title
            }
        }
    }
}

function Select-CloudVmExampleProvider {
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] $Example)
    if ($Example.Provider) { return $Example.Provider }
    $used = [regex]::Matches($Example.Code, '\b[A-Z][a-z]+-CloudVm[A-Za-z]*\b') | ForEach-Object Value | Sort-Object -Unique
    foreach ($p in $script:CloudVmProviderOrder) {
        $info = Get-CloudVmProvider -Provider $p
        $has = $info.Cmdlets | ForEach-Object { ($_ -split ' ')[0] } | Sort-Object -Unique
        if (-not ($used | Where-Object { $_ -notin $has -and $_ -notin 'Connect-CloudVm', 'Disconnect-CloudVm', 'Get-CloudVmSession', 'Get-CloudVmProvider', 'Get-CloudVmConnection', 'Remove-CloudVmConnection', 'Wait-CloudVmJob', 'Get-CloudVmJob' })) { return $p }
    }
    'Gpcn'
}

function Get-CloudVmWorldEndpoint {
    [CmdletBinding()]
    [OutputType([uri])]
    param([Parameter(Mandatory)] [uri] $BaseUrl, [Parameter(Mandatory)] [string] $Provider)
    $path = switch ($Provider) {
        'Gpcn' { 'gpcn/v1/' }
        'E24Cloud' { 'e24cloud/eu-poland-1poznan/v2/' }
        'Vps247' { 'vps247/' }
        'VmGen' { 'vmgen/' }
        'Magalu' { 'magalu/br-se1/compute/' }
    }
    [uri]::new($BaseUrl, $path)
}

function Connect-CloudVmWorld {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [uri] $BaseUrl, [Parameter(Mandatory)] [string] $Provider, [Parameter(Mandatory)] [string] $Name, [switch] $NoDefault)
    $key = ConvertTo-SecureString $script:CloudVmDemoKey[$Provider] -AsPlainText -Force
    $more = @{}
    if ($Provider -eq 'E24Cloud') { $more.ApiSecret = ConvertTo-SecureString 'e24-emulator-secret' -AsPlainText -Force; $more.Region = 'eu-poland-1poznan' }
    if ($Provider -eq 'Magalu') { $more.Region = 'br-se1' }
    Connect-CloudVm -Provider $Provider -Endpoint (Get-CloudVmWorldEndpoint $BaseUrl $Provider) -ApiKey $key -Name $Name -NoDefault:$NoDefault -MaxPollIntervalSeconds 0.5 @more
}

function Invoke-CloudVmDocExample {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'The variables are what the examples take as given: the example, dot-sourced here, uses them')]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidOverwritingBuiltInCmdlets', '', Justification = 'Read-Host and Start-Process are stood in for, in the example''s scope only: the user typing, the browser')]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'The Start-Process stand-in only says what it would open')]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', '', Justification = 'The stand-ins take the parameters of the commands they stand for')]
    <#
    .SYNOPSIS
        Runs one example against an emulator world; returns its output text and every error it wrote.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Example, [Parameter(Mandatory)] [uri] $BaseUrl)
    $provider = Select-CloudVmExampleProvider $Example
    $saved = @{}
    foreach ($p in $script:CloudVmProviderOrder) {
        $var = "CLOUDVM_$($p.ToUpperInvariant())_ENDPOINT"
        $saved[$var] = [Environment]::GetEnvironmentVariable($var)
        [Environment]::SetEnvironmentVariable($var, [string](Get-CloudVmWorldEndpoint $BaseUrl $p))
    }
    $work = Join-Path ([IO.Path]::GetTempPath()) ("cloudvm-example-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null
    foreach ($var in 'CLOUDVM_GPCN_API_KEY', 'CLOUDVM_CONFIG_DIR') { $saved[$var] = [Environment]::GetEnvironmentVariable($var) }
    [Environment]::SetEnvironmentVariable('CLOUDVM_GPCN_API_KEY', $script:CloudVmDemoKey.Gpcn)
    [Environment]::SetEnvironmentVariable('CLOUDVM_CONFIG_DIR', (Join-Path $work 'config'))
    Set-Content -Path (Join-Path $work 'init.sh') -Value "#!/bin/sh`napt-get install -y nginx"
    Push-Location $work
    $errors = [System.Collections.Generic.List[object]]::new()
    $text = ''
    $forcedBefore = $env:CLOUDVM_EMULATOR
    try {
        # An example on the in-process emulator (its own -Emulator, or the whole run under $env:CLOUDVM_EMULATOR) starts
        # from the example world, as one in a fresh process would.
        if ($Example.Code -match 'Emulator' -or $env:CLOUDVM_EMULATOR) { Reset-CloudVmEmulator -JobSeconds 0.3 }
        # What the example takes as given (see the top of this file), made only when the example uses it.
        $uses = { param($name) $Example.Code -match ('\$' + $name + '\b') }
        $dc = '0b9c6f2e-5d0a-4c1e-9a57-2f1c3c6a9e01'
        $frontNet = '3f1d2c4b-0000-4a6b-9c8d-000000000101'
        $backNet = '3f1d2c4b-0000-4a6b-9c8d-000000000102'
        if (& $uses zoneId) {
            $s = Connect-CloudVmWorld -BaseUrl $BaseUrl -Provider E24Cloud -Name setup-e24 -NoDefault
            $zoneId = (Get-CloudVm -Session $s -Name app-1).LocationId
            Disconnect-CloudVm -Session $s
        }
        if (& $uses snapshotId) {
            $s = Connect-CloudVmWorld -BaseUrl $BaseUrl -Provider Magalu -Name setup-magalu -NoDefault
            $snapshotId = (Get-CloudVmSnapshot -Session $s -Name nightly).Id
            Disconnect-CloudVm -Session $s
        }
        if ($Example.Code -match 'CloudVmConnection|-Saved') {
            # Saved as a user saved them, before any test sent the process to the emulator (which saves nothing).
            $forced = $env:CLOUDVM_EMULATOR
            $env:CLOUDVM_EMULATOR = $null
            try {
                foreach ($name in 'prod', 'prod-gpcn', 'old-test', 'test-ci') {
                    $c = Connect-CloudVm -Provider Gpcn -Endpoint (Get-CloudVmWorldEndpoint $BaseUrl Gpcn) -Name "setup-$name" -NoDefault -SkipValidation -SaveAs $name -SecretFromEnvironment
                    Disconnect-CloudVm -Session $c
                }
            }
            finally { $env:CLOUDVM_EMULATOR = $forced }
        }
        $prodKey = ConvertTo-SecureString $script:CloudVmDemoKey.Gpcn -AsPlainText -Force
        $testKey = ConvertTo-SecureString $script:CloudVmDemoKey.Gpcn -AsPlainText -Force
        $key = ConvertTo-SecureString $script:CloudVmDemoKey.Magalu -AsPlainText -Force
        $tenantId = 'tenant-emulator'
        $emulatorUrl = Get-CloudVmWorldEndpoint $BaseUrl Gpcn
        $test = Connect-CloudVmWorld -BaseUrl $BaseUrl -Provider $provider -Name test -NoDefault
        $prod = Connect-CloudVmWorld -BaseUrl $BaseUrl -Provider $provider -Name prod
        if ((& $uses vmId) -or (& $uses jobId)) {
            $vmId = (Get-CloudVm -Session $prod | Where-Object Status -eq Stopped | Select-Object -First 1).Id
            if (-not $vmId) { $vmId = (Get-CloudVm -Session $prod | Where-Object Status -eq Running | Select-Object -First 1 | Stop-CloudVm -Wait).Id }
            # A job that finished, in the session the example uses: start the stopped VM and stop it again.
            Get-CloudVm -Session $prod -Id $vmId | Start-CloudVm -Wait | Out-Null
            $jobId = (Get-CloudVm -Session $prod -Id $vmId | Stop-CloudVm | Wait-CloudVmJob).Id
        }
        function Read-Host {
            param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString)
            $value = switch -Wildcard ("$Prompt") { '*GPCN*' { $script:CloudVmDemoKey.Gpcn } '*e24*' { $script:CloudVmDemoKey.E24Cloud } '*VPS247*' { $script:CloudVmDemoKey.Vps247 } '*VMgen*' { $script:CloudVmDemoKey.VmGen } '*Magalu*' { $script:CloudVmDemoKey.Magalu } default { 'Example-Passw0rd!' } }
            if ($AsSecureString) { ConvertTo-SecureString $value -AsPlainText -Force } else { $value }
        }
        function Get-Secret {
            param([Parameter(Position = 0)] $Name, [switch] $AsPlainText)
            if ($AsPlainText) { $script:CloudVmDemoKey.Gpcn } else { ConvertTo-SecureString $script:CloudVmDemoKey.Gpcn -AsPlainText -Force }
        }
        function Start-Process { param([Parameter(Position = 0)] $FilePath) "Would open $FilePath" }


        $block = [scriptblock]::Create($Example.Code)
        try {
            $text = . $block 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $_ }
            } | Out-String -Width 160
        }
        catch { $errors.Add($_) }
    }
    catch { $errors.Add($_) }
    finally {
        Pop-Location
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        Get-CloudVmSession | ForEach-Object { Disconnect-CloudVm -Session $_ -WarningAction SilentlyContinue }
        foreach ($var in $saved.Keys) { [Environment]::SetEnvironmentVariable($var, $saved[$var]) }
        [Environment]::SetEnvironmentVariable('CLOUDVM_EMULATOR', $forcedBefore)   # an example that sends the process to the emulator ends there
    }
    [pscustomobject]@{ Example = $Example; Provider = $provider; Output = $text; Errors = $errors.ToArray() }
}
