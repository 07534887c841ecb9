#Requires -Version 5.1
<#
.SYNOPSIS
    PSScriptAnalyzer over every .ps1/.psm1/.psd1 of the repository and over every powershell code block of help/*.md
    and README.md, with PSScriptAnalyzerSettings.psd1. Throws on any finding.
#>
[CmdletBinding()]
param([string] $Root = (Split-Path $PSScriptRoot -Parent))
$ErrorActionPreference = 'Stop'
Import-Module PSScriptAnalyzer -MinimumVersion 1.21.0
$settings = Join-Path $Root 'PSScriptAnalyzerSettings.psd1'
$skip = [regex] '[\\/](bin|obj|out|node_modules|\.git)[\\/]'
$files = @(Get-ChildItem $Root -Recurse -File -Include *.ps1, *.psm1, *.psd1 | Where-Object { -not $skip.IsMatch($_.FullName) -and $_.Name -ne 'PSScriptAnalyzerSettings.psd1' -and $_.FullName -ne (Join-Path $Root 'CloudVm.psd1') })
# The manifest is checked where it can be: in the built module, beside the files it names (build first).
$built = Join-Path $Root 'out/CloudVm/CloudVm.psd1'
if (-not (Test-Path $built)) { throw "Build the module first (./build.ps1): the manifest is analyzed in $built." }
$files += Get-Item $built
$findings = [System.Collections.Generic.List[object]]::new()
foreach ($f in $files) { Invoke-ScriptAnalyzer -Path $f.FullName -Settings $settings | ForEach-Object { $findings.Add($_) } }
# The repository's own scripts call commands with named parameters (an information-level rule the settings leave out
# for the help's code blocks, where a positional name such as Get-CloudVmSession prod is what users type).
foreach ($f in $files | Where-Object Extension -EQ '.ps1') {
    Invoke-ScriptAnalyzer -Path $f.FullName -IncludeRule PSAvoidUsingPositionalParameters | ForEach-Object { $findings.Add($_) }
}

# The code blocks: each is analyzed as the script a user would paste. Variables the examples take as given (see
# Pester/Examples.ps1) are assigned elsewhere, so "assigned but never used" cannot apply to a lone block.
$blocks = 0
foreach ($md in @(Get-ChildItem (Join-Path $Root 'help') -Filter *.md) + (Get-Item (Join-Path $Root 'README.md'))) {
    $text = (Get-Content $md.FullName -Raw) -replace "`r`n", "`n"
    foreach ($m in [regex]::Matches($text, '(?ms)^```powershell\n(.*?)^```')) {
        $blocks++
        foreach ($r in Invoke-ScriptAnalyzer -ScriptDefinition $m.Groups[1].Value -Settings $settings -ExcludeRule PSUseDeclaredVarsMoreThanAssignments) {
            $findings.Add([pscustomobject]@{ ScriptName = "$($md.Name) block $blocks"; Line = $r.Line; RuleName = $r.RuleName; Severity = $r.Severity; Message = $r.Message })
        }
    }
}
Write-Host "PSScriptAnalyzer: $($files.Count) files and $blocks code blocks, $($findings.Count) findings."
if ($findings.Count) {
    $findings | Format-Table ScriptName, Line, RuleName, Severity, Message -AutoSize -Wrap | Out-String -Width 200 | Write-Host
    throw "PSScriptAnalyzer found $($findings.Count) problem(s)."
}
