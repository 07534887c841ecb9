# VMgen: the catalog, a deployment with a saved user-data script, power commands as jobs, usage, the account.
#   dotnet run --project tools/CloudVm.Playground -- samples/vmgen.ps1
# or in a real pwsh against `dotnet run --project src/CloudVm.Emulator`:  ./samples/vmgen.ps1

$endpoint = if ($env:CLOUDVM_VMGEN_ENDPOINT) { $env:CLOUDVM_VMGEN_ENDPOINT } else { 'http://127.0.0.1:5080/vmgen' }
if (-not $env:CLOUDVM_VMGEN_API_KEY) { $env:CLOUDVM_VMGEN_API_KEY = 'vmgen-emulator-key' }

# The key goes in Authorization: Bearer (use -AuthHeader to send it in another header).
Connect-CloudVm -Provider VmGen -Endpoint $endpoint -Name vmgen | Out-Default

'--- Locations and the packages of the first one'
$location = Get-CloudVmLocation | ForEach-Object { $_ } | Where-Object Name -eq 'Amsterdam'
$location | Out-Default
$location | Get-CloudVmSize | Out-Default

'--- Images, marketplace, stored SSH keys'
Get-CloudVmImage | Out-Default
Get-CloudVmMarketplaceItem | Out-Default
$key = Get-CloudVmSshKey
$key | Out-Default

'--- Save a user-data script and deploy with it'
$script = New-CloudVmUserDataScript -Description 'motd' -Content "#!/bin/sh`necho 'managed by CloudVm' > /etc/motd"
$vm = New-CloudVm -Name vmgen-demo -Size VM-M -Location $location.Id -Image 1 -SshKey $key.Id -UserDataScript $script.VersionId -Wait
$vm | Out-Default

'--- Power commands return jobs; Wait-CloudVmJob follows them'
$vm | Stop-CloudVm | Wait-CloudVmJob | Out-Default
$vm | Start-CloudVm -Wait | Out-Default
$vm | Get-CloudVmJob | Out-Default

'--- Networking with reverse DNS, and this month''s bandwidth'
$vm | Get-CloudVmNetworkInterface | Out-Default
$vm | Get-CloudVmUsage | Out-Default

'--- The account and its invoices'
Get-CloudVmAccount | Out-Default
Get-CloudVmInvoice | Out-Default

'--- Clean up'
$vm | Remove-CloudVm -Force -Wait
Get-CloudVm | Out-Default
