#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the CloudVm module into out/CloudVm; with -Test checks it in this PowerShell (help, PSScriptAnalyzer, Pester);
    with -Package makes the .nupkg the PowerShell Gallery takes.
.DESCRIPTION
    The layout is the one PowerShell's "Resolving PowerShell module assembly dependency conflicts" describes:
        out/CloudVm/CloudVm.psd1, CloudVm.PowerShell.dll (the cmdlets), CloudVm.Core.dll (the model),
            CloudVm.LoadContext.dll (PowerShell 7: the module's own AssemblyLoadContext), CloudVm.Format.ps1xml,
            en-US/ (MAML help made by PlatyPS from help/*.md, and the about_ topics), LICENSE
        out/CloudVm/Dependencies/net8.0/          CloudVm.Engine and its dependencies for PowerShell 7.4+
        out/CloudVm/Dependencies/netstandard2.0/  the same for Windows PowerShell 5.1
    Help: when Microsoft.PowerShell.PlatyPS is installed, help/*.md is built into MAML and the committed copy in
    src/CloudVm.PowerShell/en-US is brought up to date (so `dotnet build` alone also makes a module with help); with
    -Test a committed copy that differs is an error. Without PlatyPS the committed MAML is used.
.EXAMPLE
    ./build.ps1
    Import-Module ./out/CloudVm/CloudVm.psd1
.EXAMPLE
    ./build.ps1 -Test
    Builds, then runs the help check, PSScriptAnalyzer and the Pester tests in this pwsh.
.EXAMPLE
    ./build.ps1 -Package
    Also writes out/CloudVm.<version>.nupkg.
.EXAMPLE
    ./build.ps1 -UpdateHelp
    Updates help/*.md from the cmdlets' metadata (new parameters get a placeholder to fill in), then builds.
#>
[CmdletBinding()]
param(
    # After building: the help check, PSScriptAnalyzer and the Pester tests, in this PowerShell.
    [switch] $Test,
    # Also make out/CloudVm.<version>.nupkg from the manifest.
    [switch] $Package,
    # Use the module already in -OutputPath instead of building it.
    [switch] $NoBuild,
    # With -Test: skip the help check and PSScriptAnalyzer (CI runs them once, not once per PowerShell version).
    [switch] $SkipAnalysis,
    # With -Test: skip the Pester tests (CI runs the help check and PSScriptAnalyzer where PlatyPS loads, and Pester in
    # the PowerShell versions users run).
    [switch] $SkipPester,
    # Update help/*.md from the cmdlets' metadata with PlatyPS before building.
    [switch] $UpdateHelp,
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out/CloudVm')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Invoke-Native([string] $Exe, [string[]] $Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Test-PlatyPS { [bool](Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS | Where-Object Version -ge '1.0.0') }

$src = Join-Path $PSScriptRoot 'src'
$committedMaml = Join-Path $src 'CloudVm.PowerShell/en-US/CloudVm.PowerShell.dll-Help.xml'
$obj = Join-Path $PSScriptRoot 'obj/build'

# The MAML PlatyPS makes from help/*.md, in a temporary folder (null without PlatyPS).
function Build-Maml {
    if (-not (Test-PlatyPS)) { return $null }
    Import-Module Microsoft.PowerShell.PlatyPS -MinimumVersion 1.0.0
    $dir = Join-Path $obj 'maml'
    if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
    $help = Get-ChildItem (Join-Path $PSScriptRoot 'help') -Filter *.md | Import-MarkdownCommandHelp
    $null = $help | Export-MamlCommandHelp -OutputFolder $dir -Force
    $path = Get-ChildItem $dir -Recurse -Filter 'CloudVm.PowerShell.dll-Help.xml' | Select-Object -First 1 -ExpandProperty FullName
    Repair-MamlExample $path
    $path
}

# PlatyPS 1.0 writes an example's code block, fences and all, into the example's introduction and leaves dev:code empty.
# PowerShell's own help keeps the code in dev:code and the text in dev:remarks, which Get-Help -Examples shows as plain
# text: move them there.
function Repair-MamlExample([string] $Path) {
    $doc = [xml]::new()
    $doc.PreserveWhitespace = $true
    $doc.Load($Path)
    $ns = [System.Xml.XmlNamespaceManager]::new($doc.NameTable)
    $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    foreach ($example in $doc.SelectNodes('//command:example', $ns)) {
        $intro = $example.SelectSingleNode('maml:introduction', $ns)
        $code = $example.SelectSingleNode('dev:code', $ns)
        $remarks = $example.SelectSingleNode('dev:remarks', $ns)
        if (-not $intro -or -not $code -or -not $remarks) { continue }
        $lines = [System.Collections.Generic.List[string]]::new()
        foreach ($para in @($intro.SelectNodes('maml:para', $ns))) {
            [void] $intro.RemoveChild($para)
            if ($para.InnerText -match '(?s)^```[A-Za-z]*\r?\n(.*?)\r?\n?```[ \t]*(?:\r?\n(.*))?$') {
                $lines.Add($Matches[1])
                if ($Matches[2] -and $Matches[2].Trim()) {
                    $text = $doc.CreateElement('maml', 'para', 'http://schemas.microsoft.com/maml/2004/10')
                    $text.InnerText = $Matches[2].Trim()
                    [void] $remarks.AppendChild($text)
                }
            }
            else { [void] $remarks.AppendChild($para) }
        }
        $code.InnerText = $lines -join "`n"
    }
    $doc.Save($Path)
}

if ($UpdateHelp) {
    if (-not (Test-PlatyPS)) { throw 'PlatyPS (Microsoft.PowerShell.PlatyPS 1.0+) is needed for -UpdateHelp: Install-Module Microsoft.PowerShell.PlatyPS' }
    Import-Module Microsoft.PowerShell.PlatyPS -MinimumVersion 1.0.0
    Import-Module (Join-Path $OutputPath 'CloudVm.psd1') -Force
    Get-ChildItem (Join-Path $PSScriptRoot 'help') -Filter *.md | Update-MarkdownCommandHelp -NoBackup
}

if (-not $NoBuild) {
    Invoke-Native dotnet @('build', (Join-Path $src 'CloudVm.PowerShell/CloudVm.PowerShell.csproj'), '-c', $Configuration, '--nologo', '-v', 'q')
    Invoke-Native dotnet @('build', (Join-Path $src 'CloudVm.LoadContext/CloudVm.LoadContext.csproj'), '-c', $Configuration, '--nologo', '-v', 'q')
    $engine8 = Join-Path $obj 'engine-net8.0'
    if (Test-Path $engine8) { Remove-Item $engine8 -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $src 'CloudVm.Engine/CloudVm.Engine.csproj'), '-f', 'net8.0', '-c', $Configuration, '-o', $engine8, '--nologo', '-v', 'q')

    $bin = Join-Path $src "CloudVm.PowerShell/bin/$Configuration/netstandard2.0"
    if (Test-Path $OutputPath) { Remove-Item $OutputPath -Recurse -Force }
    $deps8 = Join-Path $OutputPath 'Dependencies/net8.0'
    $depsDesktop = Join-Path $OutputPath 'Dependencies/netstandard2.0'
    New-Item -ItemType Directory -Path $deps8, $depsDesktop, (Join-Path $OutputPath 'en-US') -Force | Out-Null

    $root = 'CloudVm.PowerShell.dll', 'CloudVm.Core.dll'
    foreach ($name in $root) { Copy-Item (Join-Path $bin $name) $OutputPath }
    Copy-Item (Join-Path $src "CloudVm.LoadContext/bin/$Configuration/net8.0/CloudVm.LoadContext.dll") $OutputPath
    Copy-Item (Join-Path $bin 'CloudVm.psd1'), (Join-Path $bin 'CloudVm.Format.ps1xml'), (Join-Path $PSScriptRoot 'LICENSE') $OutputPath
    Get-ChildItem $bin -Filter *.dll | Where-Object Name -NotIn $root | Copy-Item -Destination $depsDesktop
    Get-ChildItem $engine8 -Filter *.dll | Where-Object Name -NE 'CloudVm.Core.dll' | Copy-Item -Destination $deps8
    Copy-Item (Join-Path $src 'CloudVm.PowerShell/en-US/*.txt') (Join-Path $OutputPath 'en-US')

    $maml = Build-Maml
    if ($maml) {
        $stale = -not (Test-Path $committedMaml) -or (Get-FileHash $maml).Hash -ne (Get-FileHash $committedMaml).Hash
        if ($stale -and $Test) { throw "src/CloudVm.PowerShell/en-US/CloudVm.PowerShell.dll-Help.xml is not what PlatyPS makes from help/*.md: run ./build.ps1 and commit it." }
        if ($stale) { Copy-Item $maml $committedMaml -Force; Write-Host 'Updated the committed MAML from help/*.md.' }
    }
    else { Write-Warning 'PlatyPS (Microsoft.PowerShell.PlatyPS 1.0+) is not installed: using the committed MAML help.' }
    Copy-Item $committedMaml (Join-Path $OutputPath 'en-US')

    $manifest = Test-ModuleManifest -Path (Join-Path $OutputPath 'CloudVm.psd1')
    Write-Host "Built CloudVm $($manifest.Version) into $OutputPath"
}

# -Test also checks the package (Pester installs it as Install-Module would); with -NoBuild it must exist already.
if ($Test -and -not $NoBuild) { $Package = [switch]::new($true) }

if ($Package) {
    $manifest = Import-PowerShellDataFile (Join-Path $OutputPath 'CloudVm.psd1')
    $version = $manifest.ModuleVersion
    $psData = $manifest.PrivateData.PSData
    $esc = { param($s) [System.Security.SecurityElement]::Escape([string]$s) }
    $tags = @($psData.Tags) + 'PSModule' + 'PSIncludes_Cmdlet' + @($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })
    $notes = (Get-Content (Join-Path $PSScriptRoot 'CHANGELOG.md') -Raw) -split '(?m)^## ' | Where-Object { $_ -like "$version*" } | Select-Object -First 1
    $packDir = Join-Path $obj 'package'
    if (Test-Path $packDir) { Remove-Item $packDir -Recurse -Force }
    New-Item -ItemType Directory -Path $packDir | Out-Null
    @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>CloudVm</id>
    <version>$version</version>
    <authors>$(& $esc $manifest.Author)</authors>
    <owners>$(& $esc $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <license type="expression">MIT</license>
    <projectUrl>$(& $esc $psData.ProjectUri)</projectUrl>
    <description>$(& $esc $manifest.Description)</description>
    <releaseNotes>$(& $esc ("## " + $notes).Trim())</releaseNotes>
    <copyright>$(& $esc $manifest.Copyright)</copyright>
    <tags>$(& $esc ($tags -join ' '))</tags>
  </metadata>
  <files>
    <file src="$(& $esc (Resolve-Path $OutputPath))/**" target="" />
  </files>
</package>
"@ | Set-Content (Join-Path $packDir 'CloudVm.nuspec') -Encoding UTF8
    @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <NuspecFile>CloudVm.nuspec</NuspecFile>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NoWarn>$(NoWarn);NU5100;NU5110;NU5111</NoWarn>
  </PropertyGroup>
</Project>
'@ | Set-Content (Join-Path $packDir 'CloudVm.Package.csproj') -Encoding UTF8
    $outDir = Split-Path $OutputPath -Parent
    Invoke-Native dotnet @('pack', (Join-Path $packDir 'CloudVm.Package.csproj'), '-o', $outDir, '--nologo', '-v', 'q', '-p:ImportDirectoryBuildProps=false')
    Write-Host "Packed $(Join-Path $outDir "CloudVm.$version.nupkg")"
}

if ($Test) {
    if (-not $SkipAnalysis) {
        if (-not (Test-PlatyPS)) { throw 'The help check needs Microsoft.PowerShell.PlatyPS 1.0+.' }
        $bad = Get-ChildItem (Join-Path $PSScriptRoot 'help') -Filter *.md | Select-String -Pattern '\{\{' -SimpleMatch
        if ($bad) { throw "Help has placeholders to fill in:`n$($bad -join "`n")" }
        & (Join-Path $PSScriptRoot 'tools/Invoke-Analyzer.ps1') -Root $PSScriptRoot
        # The repository's own manifest is valid where it sits (what a reviewer or a tool reading the repository sees): every
        # file it names is beside it, but the RootModule, which only the build makes (the built copy was tested above).
        $null = Test-ModuleManifest -Path (Join-Path $PSScriptRoot 'CloudVm.psd1') -ErrorAction SilentlyContinue -ErrorVariable manifestErrors
        $other = @($manifestErrors | Where-Object { $_.ToString() -notmatch [regex]::Escape("'CloudVm.PowerShell.dll'") })
        if ($other) { throw "CloudVm.psd1 at the top of the repository fails Test-ModuleManifest:`n$($other -join "`n")" }
        Write-Host 'Test-ModuleManifest: CloudVm.psd1 at the top of the repository names only files beside it (its RootModule is built).'
    }
    if ($SkipPester) { return }
    if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0')) {
        throw 'The Pester tests need Pester 5: Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser -SkipPublisherCheck'
    }
    Import-Module Pester -MinimumVersion 5.0.0
    Set-StrictMode -Off   # the tests run as users' scripts do, not under this build script's strict mode
    $env:CLOUDVM_MODULE_PATH = Join-Path $OutputPath 'CloudVm.psd1'
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { throw "$($result.FailedCount) Pester test(s) failed in PowerShell $($PSVersionTable.PSVersion)" }
}
