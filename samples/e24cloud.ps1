# e24cloud: the catalog (zones, templates, SSH keys), a VM sized by cores and memory, resized, powered off and on,
# shut down gracefully, then deleted with its resources.
#   dotnet run --project tools/CloudVm.Playground -- samples/e24cloud.ps1
# or in a real pwsh against `dotnet run --project src/CloudVm.Emulator`:  ./samples/e24cloud.ps1
# Every request is signed with the key and secret (from $env:CLOUDVM_E24CLOUD_API_KEY / _SECRET).

$endpoint = if ($env:CLOUDVM_E24CLOUD_ENDPOINT) { $env:CLOUDVM_E24CLOUD_ENDPOINT } else { 'http://127.0.0.1:5080/e24cloud/eu-poland-1poznan/v2' }
if (-not $env:CLOUDVM_E24CLOUD_API_KEY) { $env:CLOUDVM_E24CLOUD_API_KEY = 'e24-emulator-key'; $env:CLOUDVM_E24CLOUD_API_SECRET = 'e24-emulator-secret' }

Connect-CloudVm -Provider E24Cloud -Endpoint $endpoint -Name e24 | Out-Default

'--- The catalog: compute zones, templates and the account''s SSH keys (names resolve to ids in New-CloudVm)'
Get-CloudVmLocation | Out-Default
Get-CloudVmImage | Out-Default
Get-CloudVmSshKey | Out-Default

'--- The machines, with the zone they run in'
$vms = Get-CloudVm
$vms | Out-Default
$zone = $vms[0].LocationId

'--- A new machine: 2 cores, 2 GB (sent to e24cloud as 2048 MB), Ubuntu'
$vm = New-CloudVm -Name e24-demo -Cpu 2 -MemoryGB 2 -Location $zone -Image ubuntu-2404 -SshKey laptop -Wait
$vm | Out-Default

'--- Grow it to 4 cores and 4 GB, giving the guest 1 minute to shut down first'
$vm | Resize-CloudVm -Cpu 4 -MemoryGB 4 -ShutdownTimeoutMinutes 1 -Wait -Confirm:$false | Out-Default

'--- Its console (the password stays a SecureString)'
$vm | Get-CloudVmConsole | Out-Default

'--- Power it off and on (POST .../poweroff and .../poweron, as the public e24cloud clients do)'
$vm | Stop-CloudVm -Force -Confirm:$false -Wait | Out-Default
$vm | Start-CloudVm -Wait | Out-Default

'--- Shut it down and delete it with its attached resources'
$vm | Stop-CloudVm -Wait | Out-Default
$vm | Remove-CloudVm -DeleteResources -Force -Wait
Get-CloudVm | Out-Default
