<#
.SYNOPSIS
    A user's own nightly script: stops the running VMs whose names match, and touches nothing else.
.DESCRIPTION
    Written for the real cloud (the key comes from $env:CLOUDVM_GPCN_API_KEY, as a scheduled task gives it) and tested,
    unmodified, against CloudVm's in-process emulator by Stop-NightlyVms.Tests.ps1 beside it ($env:CLOUDVM_EMULATOR = '1').
#>
[CmdletBinding()]
param(
    [string] $Name = 'test-*',
    [CloudVm.CloudProvider] $Provider = 'Gpcn'
)

$session = Connect-CloudVm -Provider $Provider -Name nightly
$running = @(Get-CloudVm -Session $session -Name $Name -Status Running)
if ($running.Count -gt 0) { $running | Stop-CloudVm -Wait | Out-Null }
[pscustomobject]@{ Session = $session.Name; Stopped = $running.Count }
