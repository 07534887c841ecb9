# Magalu Cloud: machine types and images, an instance with user data, suspend/resume, retype,
# a snapshot restored to a new VM and copied to another region, a backup copied to another region.
#   dotnet run --project tools/CloudVm.Playground -- samples/magalu.ps1
# or in a real pwsh against `dotnet run --project src/CloudVm.Emulator`:  ./samples/magalu.ps1

$endpoint = if ($env:CLOUDVM_MAGALU_ENDPOINT) { $env:CLOUDVM_MAGALU_ENDPOINT } else { 'http://127.0.0.1:5080/magalu/br-se1/compute' }
if (-not $env:CLOUDVM_MAGALU_API_KEY) { $env:CLOUDVM_MAGALU_API_KEY = 'magalu-emulator-key' }

# Magalu's own SDK sends only the key; a tenant id ($env:CLOUDVM_MAGALU_TENANT_ID or -TenantId) is optional.
Connect-CloudVm -Provider Magalu -Region br-se1 -Endpoint $endpoint -Name magalu | Out-Default

'--- Machine types and images'
Get-CloudVmSize | Out-Default
Get-CloudVmImage | Out-Default

'--- An instance by machine type and image names, with user data (sent base64-encoded)'
$vm = New-CloudVm -Name mgc-demo -Size BV2-2-20 -Image 'cloud-ubuntu-24.04 LTS' -SshKey ops -UserData "#cloud-config`npackages: [nginx]" -Wait
$vm | Out-Default

'--- Suspend and resume it, then retype it to a larger machine type'
$vm | Suspend-CloudVm -Wait | Out-Default
$vm | Start-CloudVm -Wait | Out-Default
$vm | Resize-CloudVm -Size BV4-8-40 -Wait -Confirm:$false | Out-Default

'--- A snapshot, restored to a new VM (the machine type''s disk is checked first)'
$snap = $vm | New-CloudVmSnapshot -Name mgc-demo-golden -Wait
$snap | Out-Default
$clone = $snap | Restore-CloudVmSnapshot -Name mgc-demo-clone -Size BV4-8-40 -SshKey ops -Wait
$clone | Out-Default
'--- The snapshot, copied to br-mgl1 (POST /v1/snapshots/{id}/copy)'
$snap | Copy-CloudVmSnapshot -Region br-mgl1 -Confirm:$false -Wait | Out-Default

'--- A backup, copied to the north-east region'
$backup = $vm | New-CloudVmBackup -Name mgc-demo-nightly -Wait
$backup | Copy-CloudVmBackup -Region br-ne1 -Confirm:$false | Out-Default
Get-CloudVmBackup | Out-Default

'--- Clean up (and release the public IPs)'
$snap | Remove-CloudVmSnapshot -Confirm:$false -Wait
$backup | Remove-CloudVmBackup -Confirm:$false -Wait
$vm, $clone | Remove-CloudVm -DeletePublicIp -Force -Wait
Get-CloudVm | Out-Default
