# VPS247: the catalog, a VM made from names, its initial password, kill, and delete (which needs a halted VM).
#   dotnet run --project tools/CloudVm.Playground -- samples/vps247.ps1
# or in a real pwsh against `dotnet run --project src/CloudVm.Emulator`:  ./samples/vps247.ps1

$endpoint = if ($env:CLOUDVM_VPS247_ENDPOINT) { $env:CLOUDVM_VPS247_ENDPOINT } else { 'http://127.0.0.1:5080/vps247' }
if (-not $env:CLOUDVM_VPS247_API_KEY) { $env:CLOUDVM_VPS247_API_KEY = 'vps247-emulator-key' }

Connect-CloudVm -Provider Vps247 -Endpoint $endpoint -Name vps | Out-Default

'--- Regions, packages and OS templates'
Get-CloudVmLocation | Out-Default
Get-CloudVmSize | Out-Default
Get-CloudVmImage | Out-Default

'--- A VM from names; the module looks the ids up'
$vm = New-CloudVm -Name vps-demo -Size Standard -Image 'Debian 12 x64' -Location 'London 1' -IPv6 -Wait
$vm | Out-Default

'--- Its initial root password, as a PSCredential (never in a view)'
$cred = $vm | Get-CloudVmCredential -AsCredential
"Credential for $($cred.UserName) ready"

'--- Kill it (Stop-CloudVm -Force), start it again, then delete it: -Force stops it first'
$vm | Stop-CloudVm -Force -Wait | Out-Default
$vm | Start-CloudVm -Wait | Out-Default
$vm | Remove-CloudVm -Force -Wait
Get-CloudVm | Out-Default
