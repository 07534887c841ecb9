# real pwsh only (Start-Job starts a child pwsh, which the playground's hosted engine cannot): Pester/Module.Tests.ps1 runs it.
# Unattended use: what a scheduled task (Task Scheduler, cron) or a CI job runs, with no key in the script.
#
# Once, interactively, save the connection (the key goes to a SecretManagement vault, or DPAPI on Windows):
#   Connect-CloudVm -Provider Gpcn -ApiKey (Read-Host -AsSecureString 'GPCN API key') -SaveAs prod
# or, for CI, where the key arrives as $env:CLOUDVM_GPCN_API_KEY, keep no secret at all:
#   Connect-CloudVm -Provider Gpcn -SaveAs prod -SecretFromEnvironment
# Then the task runs this script:
#   pwsh -NoProfile -NonInteractive -File ./samples/scheduled-task.ps1 -Connection prod
[CmdletBinding()]
param(
    # The saved connection to use.
    [string] $Connection = 'prod',
    # VMs with this name pattern are started; the report covers all.
    [string] $Name = 'web-*'
)
$ErrorActionPreference = 'Stop'

# A task that fails must say so: a missing connection or a refused key ends the script with a non-zero exit code.
$session = Connect-CloudVm -Saved $Connection
Write-Verbose "Connected to $session"

# Start what should run, waiting (a hard ceiling: the task never hangs past it).
Get-CloudVm -Name $Name -Status Stopped | Start-CloudVm -Wait -Timeout 900 | Out-Null

# Fan out to background jobs: each job is a new process, which reaches the account through the saved connection.
$jobs = foreach ($status in 'Running', 'Stopped') {
    Start-Job {
        Import-Module CloudVm
        Connect-CloudVm -Saved $using:Connection | Out-Null
        [pscustomobject]@{ Status = $using:status; Count = @(Get-CloudVm -Status $using:status).Count }
    }
}
$report = $jobs | Receive-Job -Wait -AutoRemoveJob
$report | Sort-Object Status | Format-Table Status, Count | Out-String
