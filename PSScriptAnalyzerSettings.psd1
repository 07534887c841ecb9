# PSScriptAnalyzer settings for every script in the repository and every code block of help/*.md and README.md
# (tools/Invoke-Analyzer.ps1). The rules the PowerShell Gallery runs (its PSGallery settings: errors and warnings),
# plus the ones chosen here. A suppression is justified where it is made.
@{
    Severity     = @('Error', 'Warning')
    IncludeDefaultRules = $true
    ExcludeRules = @(
        # Samples and build scripts talk to the user on the host on purpose (progress lines of a build, a demo's headings).
        'PSAvoidUsingWriteHost'
    )
    Rules        = @{
        PSUseCompatibleSyntax = @{
            Enable         = $true
            TargetVersions = @('5.1', '7.4')
        }
        PSPlaceOpenBrace     = @{ Enable = $true; OnSameLine = $true; NewLineAfter = $true; IgnoreOneLineBlock = $true }
        PSUseConsistentWhitespace = @{ Enable = $false }
    }
}
