using CloudVm.Emulator;

// dotnet run --project src/CloudVm.Emulator [-- --urls http://127.0.0.1:5080] [--job-seconds 3]
var url = "http://127.0.0.1:5080";
var options = new EmulatorOptions { Quiet = true };
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--urls") url = args[i + 1];
    if (args[i] == "--job-seconds") options.JobDuration = TimeSpan.FromSeconds(double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture));
}
var host = await EmulatorHost.StartAsync(options, url);
Console.WriteLine($"CloudVm emulator listening on {host.BaseAddress}");
Console.WriteLine($"  GPCN     endpoint {host.GpcnEndpoint}   API key {DemoKeys.Gpcn}");
Console.WriteLine($"  e24cloud endpoint {host.E24Endpoint()}   key {DemoKeys.E24Key}, secret {DemoKeys.E24Secret}");
Console.WriteLine($"  VPS247   endpoint {host.Vps247Endpoint}   API key {DemoKeys.Vps247}");
Console.WriteLine($"  VMgen    endpoint {host.VmGenEndpoint}   API key {DemoKeys.VmGen}");
Console.WriteLine($"  Magalu   endpoint {host.MagaluEndpoint()}   API key {DemoKeys.Magalu}, tenant {DemoKeys.MagaluTenant}");
Console.WriteLine($"  faults POST {host.BaseAddress}_emulator/faults   requests GET {host.BaseAddress}_emulator/requests");
Console.WriteLine("Press Ctrl+C to stop.");
await host.RunUntilStoppedAsync();
