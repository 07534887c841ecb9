using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.MonoScenarios
{
    /// <summary>mono CloudVm.MonoScenarios.exe &lt;emulator base URL&gt; &lt;out/CloudVm&gt;: the netstandard2.0 engine as Windows
    /// PowerShell 5.1 loads it (the module's own files, resolved from its folder and Dependencies/netstandard2.0 as the
    /// module's resolver does), on Mono's .NET Framework-compatible runtime, against the emulator over HTTP: listing across
    /// pages a server caps (GPCN, Magalu), create and wait, power, 429 with Retry-After, 503, a dropped connection, and no
    /// Expect: 100-continue; and the in-process emulator (the netstandard2.0 CloudVm.Emulation the module ships for 5.1).
    /// Prints one line per scenario and "N passed, M failed".</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: CloudVm.MonoScenarios.exe <emulator base URL> <out/CloudVm>");
                return 2;
            }
            var module = Path.GetFullPath(args[1]);
            var dirs = new[] { module, Path.Combine(module, "Dependencies", "netstandard2.0") };
            AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
            {
                var file = new AssemblyName(e.Name).Name + ".dll";
                foreach (var d in dirs)
                {
                    var path = Path.Combine(d, file);
                    if (File.Exists(path)) return Assembly.LoadFrom(path);
                }
                return null;
            };
            return Scenarios.RunAll(new Uri(args[0])).GetAwaiter().GetResult();
        }
    }

    static class Scenarios
    {
        static readonly HttpClient Control = new HttpClient();
        static int passed, failed;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static async Task<int> RunAll(Uri emulator)
        {
            Console.WriteLine($"Runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; engine {typeof(CloudVm.Providers.CloudVmSessions).Assembly.Location}");
            var gpcn = await World(emulator, pageCap: 7);
            var magalu = await World(emulator, pageCap: 7);
            await Scenario("GPCN: create 20 VMs in two requests and wait for their jobs", () => GpcnCreateAndWait(gpcn));
            await Scenario("GPCN: list across pages of a server that serves 7 a page, every VM once", () => GpcnList(gpcn));
            await Scenario("GPCN: stop and start a VM, waiting for each", () => GpcnPower(gpcn));
            await Scenario("Magalu: create 12 VMs and list them across 7-item pages without a total", () => MagaluList(magalu));
            await Scenario("429 with Retry-After: the read waits and is answered", () => Fault(gpcn, "{\"pathContains\":\"/resource/virtual-machines\",\"method\":\"GET\",\"status\":429,\"retryAfterSeconds\":1}", 2));
            await Scenario("503 once: the read is sent again and answered", () => Fault(gpcn, "{\"pathContains\":\"/resource/virtual-machines\",\"method\":\"GET\",\"status\":503}", 2));
            await Scenario("a dropped connection: the read is sent again and answered", () => Fault(gpcn, "{\"pathContains\":\"/resource/virtual-machines\",\"method\":\"GET\",\"drop\":true}", 2));
            await Scenario("a reboot whose connection drops after serving arrives once and says it may have been done", () => LostReset(gpcn));
            await Scenario("no request asks for Expect: 100-continue", () => NoExpect(gpcn));
            await Scenario("the in-process emulator (netstandard2.0): every provider lists, and a GPCN create waits", () => InProcess());
            await Scenario("the in-process emulator: a 429 is waited out, a lost reboot arrives once and says so", () => InProcessFaults());
            Console.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        }

        static async Task Scenario(string name, Func<Task> run)
        {
            try
            {
                await run();
                passed++;
                Console.WriteLine("PASS " + name);
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine("FAIL " + name + ": " + e);
            }
        }

        static void Check(bool ok, string what)
        {
            if (!ok) throw new InvalidOperationException(what);
        }

        static async Task<Uri> World(Uri emulator, int pageCap)
        {
            var body = new StringContent("{\"jobSeconds\":0.3,\"pageCap\":" + pageCap + "}", Encoding.UTF8, "application/json");
            using var answer = await Control.PostAsync(new Uri(emulator, "_emulator/worlds"), body);
            answer.EnsureSuccessStatusCode();
            using var doc = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            return new Uri(doc.RootElement.GetProperty("baseUrl").GetString()!);
        }

        static CloudVmSession Session(CloudProvider provider, Uri endpoint, string key, string? region = null) =>
            CloudVm.Providers.CloudVmSessions.Create(new CloudVmSessionOptions
            {
                Provider = provider, Endpoint = endpoint, Region = region, MaxPollInterval = TimeSpan.FromMilliseconds(300),
                Credential = new ApiCredential(ApiCredential.Protect(key)),
            });

        static CloudVmSession Gpcn(Uri world) => Session(CloudProvider.Gpcn, new Uri(world, "gpcn/v1/"), "gpcn_emulator-demo-key");

        static async Task<List<VirtualMachine>> List(CloudVmSession s)
        {
            var all = new List<VirtualMachine>();
            await CloudVm.Listing.Listings.VmsAsync(s, new VmQuery(), b => { all.AddRange(b); return Task.FromResult(true); }, CancellationToken.None);
            return all;
        }

        static async Task Wait(IReadOnlyList<CloudVmJob> jobs)
        {
            await CloudVm.Jobs.Waiting.WaitAsync(jobs, TimeSpan.FromMinutes(2), "mono", CancellationToken.None);
            Check(jobs.All(j => j.State == CloudVmJobState.Completed), "jobs: " + string.Join(", ", jobs.Select(j => j.State + " " + j.Error)));
        }

        static async Task GpcnCreateAndWait(Uri world)
        {
            var s = Gpcn(world);
            for (int i = 0; i < 2; i++)
            {
                var jobs = await s.Api.CreateVmAsync(new VmCreateRequest { Name = "mono-" + i, Size = "GP-Micro-1", Image = "Ubuntu 24.04 LTS", Location = "US East 1", SshKeys = { "key-1" }, Count = 10 }, CancellationToken.None);
                Check(jobs.Count == 10, $"{jobs.Count} jobs");
                await Wait(jobs);
            }
        }

        static async Task GpcnList(Uri world)
        {
            var vms = await List(Gpcn(world));
            Check(vms.Count == 23 && vms.Select(v => v.Id).Distinct().Count() == 23, $"{vms.Count} VMs listed, {vms.Select(v => v.Id).Distinct().Count()} distinct (23 expected)");
            Check(vms.All(v => v.Size != null), "a VM without a size");
        }

        static async Task GpcnPower(Uri world)
        {
            var s = Gpcn(world);
            var vm = (await List(s)).First(v => v.Status == CloudVmStatus.Running);
            await Wait(new[] { await s.Api.PowerAsync(VmRef.From(vm), PowerAction.Stop, new PowerOptions(), CancellationToken.None) });
            Check((await s.Api.GetVmAsync(vm.Id, CancellationToken.None)).Status == CloudVmStatus.Stopped, "not stopped");
            await Wait(new[] { await s.Api.PowerAsync(VmRef.From(vm), PowerAction.Start, new PowerOptions(), CancellationToken.None) });
            Check((await s.Api.GetVmAsync(vm.Id, CancellationToken.None)).Status == CloudVmStatus.Running, "not running");
        }

        static async Task MagaluList(Uri world)
        {
            var s = Session(CloudProvider.Magalu, new Uri(world, "magalu/br-se1/compute/"), "magalu-emulator-key", "br-se1");
            var before = (await List(s)).Count;
            var image = (await s.Api.ListImagesAsync(null, CancellationToken.None))[0].Name;
            var jobs = new List<CloudVmJob>();
            for (int i = 0; i < 12; i++)
                jobs.AddRange(await s.Api.CreateVmAsync(new VmCreateRequest { Name = $"mono-mgc-{i:00}", Size = "BV1-1-10", Image = image }, CancellationToken.None));
            await Wait(jobs);
            var vms = await List(s);
            Check(vms.Count == before + 12 && vms.Select(v => v.Id).Distinct().Count() == vms.Count, $"{vms.Count} VMs listed ({before} + 12 expected)");
        }

        static async Task<List<System.Text.Json.JsonElement>> Requests(Uri world)
        {
            var text = await Control.GetStringAsync(new Uri(world, "_emulator/requests"));
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        }

        static async Task ClearRequests(Uri world)
        {
            using var r = await Control.DeleteAsync(new Uri(world, "_emulator/requests"));
        }

        static async Task AddFault(Uri world, string json)
        {
            using var r = await Control.PostAsync(new Uri(world, "_emulator/faults"), new StringContent(json, Encoding.UTF8, "application/json"));
            r.EnsureSuccessStatusCode();
        }

        static async Task Fault(Uri world, string fault, int expectedLists)
        {
            var s = Gpcn(world);
            await ClearRequests(world);
            await AddFault(world, fault);
            var vms = await List(s);
            Check(vms.Count == 23, $"{vms.Count} VMs");
            var lists = (await Requests(world)).Count(r => r.GetProperty("method").GetString() == "GET" && r.GetProperty("path").GetString()!.EndsWith("/resource/virtual-machines", StringComparison.Ordinal));
            Check(lists >= expectedLists, $"{lists} list requests (the faulted one, then again)");
        }

        static async Task LostReset(Uri world)
        {
            var s = Gpcn(world);
            var vm = (await List(s)).First(v => v.Status == CloudVmStatus.Running);
            await ClearRequests(world);
            await AddFault(world, "{\"pathContains\":\"/reset\",\"method\":\"POST\",\"dropAfterServing\":true}");
            try
            {
                await s.Api.PowerAsync(VmRef.From(vm), PowerAction.Reset, new PowerOptions(), CancellationToken.None);
                Check(false, "no error");
            }
            catch (CloudVmException e)
            {
                Check(e.MayHaveActed, "MayHaveActed is false: " + e.Message);
            }
            var resets = (await Requests(world)).Count(r => r.GetProperty("path").GetString()!.EndsWith("/reset", StringComparison.Ordinal));
            Check(resets == 1, $"{resets} resets arrived");
        }

        static CloudVmSession Emulated(CloudProvider provider) =>
            CloudVm.Providers.CloudVmSessions.Create(new CloudVmSessionOptions
            {
                Provider = provider, Emulated = true, MaxPollInterval = TimeSpan.FromMilliseconds(300),
                Credential = new ApiCredential(ApiCredential.Protect("not-a-key")),
            });

        static async Task InProcess()
        {
            CloudVmEmulator.Reset(jobSeconds: 0.2);
            foreach (CloudProvider p in CloudProvider.Defined)
            {
                var s = Emulated(p);
                Check(s.IsEmulated && s.Endpoint.Host == "emulator.cloudvm.invalid", $"{p}: {s.Endpoint}");
                Check((await List(s)).Count > 0, $"{p}: no VMs");
            }
            var g = Emulated(CloudProvider.Gpcn);
            var jobs = await g.Api.CreateVmAsync(new VmCreateRequest { Name = "mono-emu", Size = "GP-Micro-1", Image = "Ubuntu 24.04 LTS", Location = "US East 1", SshKeys = { "ops-key" }, Count = 2 }, CancellationToken.None);
            await Wait(jobs);
            Check(CloudVmEmulator.Requests(CloudProvider.Gpcn).Any(r => r.Method == "POST" && r.Status is >= 200 and < 300), "no create was logged");
        }

        static async Task InProcessFaults()
        {
            CloudVmEmulator.Reset(CloudProvider.Gpcn, vmCount: 2, jobSeconds: 0);
            var g = Emulated(CloudProvider.Gpcn);
            CloudVmEmulator.AddFault(new CloudVmEmulatorFault { Provider = CloudProvider.Gpcn, Path = "*/virtual-machines", Method = "GET", Status = 429, RetryAfterSeconds = 1 });
            Check((await List(g)).Count == 2, "after a 429: not 2 VMs");
            var vm = (await List(g)).First();
            CloudVmEmulator.AddFault(new CloudVmEmulatorFault { Provider = CloudProvider.Gpcn, Path = "*/reset", LoseAnswer = true });
            try
            {
                await g.Api.PowerAsync(VmRef.From(vm), PowerAction.Reset, new PowerOptions(), CancellationToken.None);
                Check(false, "no error");
            }
            catch (CloudVmException e)
            {
                Check(e.MayHaveActed, "MayHaveActed is false: " + e.Message);
            }
            var resets = CloudVmEmulator.Requests(CloudProvider.Gpcn).Count(r => r.Path.EndsWith("/reset", StringComparison.Ordinal));
            Check(resets == 1, $"{resets} resets arrived");
        }

        static async Task NoExpect(Uri world)
        {
            var bodies = (await Requests(world)).Where(r => r.GetProperty("method").GetString() is "POST" or "PUT").ToList();
            var s = Gpcn(world);
            var vm = (await List(s)).First();
            await s.Api.UpdateAsync(VmRef.From(vm), new VmUpdateRequest { NewName = vm.Name + "-m" }, CancellationToken.None);
            bodies = (await Requests(world)).Where(r => r.GetProperty("method").GetString() is "POST" or "PUT").ToList();
            Check(bodies.Count > 0, "no request with a body was recorded");
            var expecting = bodies.Where(r => r.TryGetProperty("expect", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String).ToList();
            Check(expecting.Count == 0, $"{expecting.Count} of {bodies.Count} requests sent Expect: {string.Join(", ", expecting.Select(r => r.GetProperty("expect").GetString()))}");
        }
    }
}
