using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using CloudVm.Emulator;

namespace CloudVm
{
    /// <summary>The in-process emulator as the cmdlets see it, in CloudVm.Core's types only: one emulated world per
    /// process, seeded with the example world the repository's emulator serves, that every emulated session talks to.
    /// Nothing here touches CloudVm.Emulation.dll until an emulated session is made or one of these is called: the
    /// members that do are not inlined, so a real session's path never loads it.</summary>
    public static class CloudVmEmulator
    {
        /// <summary>Set to 1 (true, yes, on), every Connect-CloudVm of the process and of its children goes to the emulator.</summary>
        public const string EnvironmentVariable = "CLOUDVM_EMULATOR";

        /// <summary>True when <see cref="EnvironmentVariable"/> sends every session to the emulator: any value but empty,
        /// 0, false, no or off (an unknown word errs on the side of the emulator, never the network).</summary>
        public static bool Forced
        {
            get
            {
                var v = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
                if (string.IsNullOrEmpty(v)) return false;
                return !(v == "0" || v!.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase)
                    || v.Equals("off", StringComparison.OrdinalIgnoreCase));
            }
        }

        /// <summary>True once the emulator has been loaded in this process (the benchmark and a test check a real
        /// session never loads it).</summary>
        public static bool IsLoaded => InProcess.Loaded;

        /// <summary>What the emulator received, oldest first; of one provider, or below one endpoint path, when given.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static IReadOnlyList<CloudVmEmulatorRequest> Requests(CloudProvider? provider = null, string? pathPrefix = null) => InProcess.Requests(provider, pathPrefix);

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void AddFault(CloudVmEmulatorFault fault) => InProcess.AddFault(fault);

        /// <summary>A clean world (of one provider, or all): the seed again, or <paramref name="vmCount"/> VMs named vm-1…;
        /// that provider's request log and faults gone. <paramref name="jobSeconds"/> sets how long emulated work takes
        /// from now on (0: done at once); without it the last setting stays (3 s at first).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Reset(CloudProvider? provider = null, int? vmCount = null, double? jobSeconds = null) => InProcess.Reset(provider, vmCount, jobSeconds);

        /// <summary>Points a session's settings at the emulator: its endpoint (in the session's region), the emulator's demo
        /// credentials in place of whatever key was found (which is never sent anywhere), its tenant.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void Prepare(CloudVmSessionOptions options, ProviderFeatures features) => InProcess.Prepare(options, features);

        /// <summary>The client every emulated session sends through: the emulator's handler, no socket.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static HttpClient Client() => InProcess.Client();
    }

    /// <summary>The one place that names CloudVm.Emulation's types.</summary>
    static class InProcess
    {
        static readonly object Gate = new object();
        static volatile bool loaded;
        static Holder? holder;

        internal static bool Loaded => loaded;

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per process, for the process's lifetime, like the real sessions' shared HttpClient.")]
        sealed class Holder
        {
            public Holder()
            {
                Settings = new EmulatorOptions { ExampleSeed = true, JobDuration = TimeSpan.FromSeconds(3) };
                Emulation = new Emulation(Settings);
                Client = new HttpClient(new EmulatorHandler(Emulation)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            }

            public EmulatorOptions Settings;
            public readonly Emulation Emulation;
            public readonly HttpClient Client;
        }

        static Holder Get()
        {
            lock (Gate)
            {
                if (holder == null)
                {
                    holder = new Holder();
                    loaded = true;
                }
                return holder;
            }
        }

        internal static HttpClient Client() => Get().Client;

        internal static void Prepare(CloudVmSessionOptions o, ProviderFeatures f)
        {
            var h = Get();
            // A provider with regions gets its first one when none is given (Magalu's and e24cloud's endpoints name it).
            if (o.Region == null && (f.ConnectionSettings & ConnectionSetting.Region) != 0 && f.Regions.Count > 0) o.Region = f.Regions[0];
            var cloud = EmulatedClouds.Get(o.Provider.Name);
            o.Endpoint = h.Emulation.Default.Endpoint(cloud.Provider, o.Region);
            o.Credential = new ApiCredential(ApiCredential.Protect(cloud.DemoKey), cloud.DemoSecret == null ? null : ApiCredential.Protect(cloud.DemoSecret));
            if (o.TenantId != null) o.TenantId = cloud.DemoTenant;
            o.AuthHeader = null;
            o.Emulated = true;
        }

        internal static IReadOnlyList<CloudVmEmulatorRequest> Requests(CloudProvider? provider, string? pathPrefix)
        {
            var world = Get().Emulation.Default;
            var redactor = new Redactor(ApiCredential.LiveValues);
            return world.Requests.ToArray()
                .Select(r => (r, p: World.ProviderOf(r.Path)))
                .Where(x => x.p != null && (provider == null || string.Equals(x.p, provider.Value.Name, StringComparison.OrdinalIgnoreCase))
                    && (pathPrefix == null || x.r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)))
                .Select(x => new CloudVmEmulatorRequest
                {
                    Provider = CloudProvider.Parse(x.p!),
                    Method = x.r.Method,
                    Path = x.r.Path,
                    Query = redactor.Redact(x.r.Query),
                    Body = redactor.Redact(Redactor.RedactFields(x.r.Body)),
                    Status = x.r.Status,
                    Time = x.r.Time,
                })
                .ToList();
        }

        internal static void AddFault(CloudVmEmulatorFault spec)
        {
            var world = Get().Emulation.Default;
            var prefix = World.PrefixOf(spec.Provider.Name);
            var pattern = string.IsNullOrEmpty(spec.Path) ? "*" : spec.Path;
            world.Faults.Add(new Fault
            {
                PathContains = prefix,
                PathMatches = path => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && (Wildcard.IsMatch(path, pattern) || Wildcard.IsMatch(path.Substring(prefix.Length - 1), pattern)),
                Method = spec.Method,
                Count = Math.Max(1, spec.Count),
                Status = spec.LoseAnswer ? null : spec.Status,
                RetryAfterSeconds = spec.RetryAfterSeconds,
                LatencyMs = Math.Max(0, spec.LatencyMs),
                DropAfterServing = spec.LoseAnswer,
            });
        }

        internal static void Reset(CloudProvider? provider, int? vmCount, double? jobSeconds)
        {
            var h = Get();
            lock (Gate)
            {
                var settings = new EmulatorOptions
                {
                    ExampleSeed = vmCount == null,
                    VmCount = vmCount,
                    JobDuration = jobSeconds is double s ? TimeSpan.FromSeconds(Math.Max(0, s)) : h.Settings.JobDuration,
                };
                h.Settings = settings;
                h.Emulation.Default.Reset(provider?.Name, settings);
            }
        }
    }
}
