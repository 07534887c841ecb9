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
foreach (var p in host.Default.Profiles)
    Console.WriteLine($"  {p.Provider,-9} endpoint {p.Endpoint}   API key {p.Key}"
        + (p.Secret == null ? "" : $", secret {p.Secret}") + (p.Tenant == null ? "" : $", tenant {p.Tenant}") + (p.Region == null ? "" : $" (region {p.Region})"));
Console.WriteLine($"  faults POST {host.BaseAddress}_emulator/faults   requests GET {host.BaseAddress}_emulator/requests");
Console.WriteLine("Press Ctrl+C to stop.");
await host.RunUntilStoppedAsync();
