# CloudVm quick start: connect, list, create, wait, stop/start, resize, remove.
# Runs against the local emulator with no cloud account:
#   dotnet run --project tools/CloudVm.Playground -- samples/quickstart.ps1
# or, in a real pwsh, after `dotnet run --project src/CloudVm.Emulator` in another window:
#   Import-Module ./out/CloudVm/CloudVm.psd1; ./samples/quickstart.ps1
# Uses only core cmdlets, so it also runs in the playground's hosted engine. Each step ends in
# Out-Default so that every kind of object gets its own table view.

$endpoint = if ($env:CLOUDVM_GPCN_ENDPOINT) { $env:CLOUDVM_GPCN_ENDPOINT } else { 'http://127.0.0.1:5080/gpcn/v1' }
if (-not $env:CLOUDVM_GPCN_API_KEY) { $env:CLOUDVM_GPCN_API_KEY = 'gpcn_emulator-demo-key' }   # the emulator's demo key

# The key comes from $env:CLOUDVM_GPCN_API_KEY, as a scheduled task would give it.
$session = Connect-CloudVm -Provider Gpcn -Endpoint $endpoint -Name demo
$session | Out-Default

'--- The VMs in the account'
Get-CloudVm | Out-Default

'--- Create a VM and wait for it (GPCN takes ids: configuration 45, image 12, data center US East 1)'
$vm = New-CloudVm -Name quickstart-1 -Size GP-Small-1 -Image 'Ubuntu 24.04 LTS' -Location 'US East 1' -SshKey ops-key -PublicIp -Wait
$vm | Out-Default

'--- Stop it, then start it again'
$vm | Stop-CloudVm -Wait | Out-Default
$vm | Start-CloudVm -Wait | Out-Default

'--- Its network interfaces and the networks it could join'
$vm | Get-CloudVmNetworkInterface | Out-Default
$vm | Get-CloudVmNetwork | Out-Default

'--- Upgrade it to configuration 67 (GPCN allows upgrades only)'
$vm | Resize-CloudVm -Size GP-Medium-1 -Wait -Confirm:$false | Out-Default

'--- Stop every running web server in one bulk request, then wait on the jobs'
Get-CloudVm -Name web-* -Status Running | Stop-CloudVm | Wait-CloudVmJob | Out-Default

'--- Remove the new VM'
$vm | Remove-CloudVm -Force -Wait | Out-Default

'--- What is left'
Get-CloudVm -Sort name:asc | Out-Default
