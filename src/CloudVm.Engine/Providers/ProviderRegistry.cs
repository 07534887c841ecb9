using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CloudVm.Providers
{
    /// <summary>The providers: each one's descriptor (all it is: names, endpoint and region rules, credential shape,
    /// features, status words, paging) and how to make its client for a session. The one list of them in the code; shared
    /// code reads descriptors and never names a provider.</summary>
    public static class ProviderRegistry
    {
        sealed class Entry
        {
            public Entry(ProviderFeatures features, Func<CloudVmSession, TimeProvider, ICloudProvider> client)
            {
                Features = features.Freeze();
                Client = client;
            }
            public readonly ProviderFeatures Features;
            public readonly Func<CloudVmSession, TimeProvider, ICloudProvider> Client;
        }

        static readonly object Gate = new();
        static Entry[] entries =
        {
            new(Gpcn.GpcnClient.Descriptor, (s, c) => new Gpcn.GpcnClient(s, c)),
            new(E24Cloud.E24CloudClient.Descriptor, (s, c) => new E24Cloud.E24CloudClient(s, c)),
            new(Vps247.Vps247Client.Descriptor, (s, c) => new Vps247.Vps247Client(s, c)),
            new(VmGen.VmGenClient.Descriptor, (s, c) => new VmGen.VmGenClient(s, c)),
            new(Magalu.MagaluClient.Descriptor, (s, c) => new Magalu.MagaluClient(s, c)),
        };
        static IReadOnlyList<ProviderFeatures> all = Array.AsReadOnly(entries.Select(e => e.Features).ToArray());

        /// <summary>The descriptors, frozen: read-only for everything that can reach them (a script through a session too).</summary>
        public static IReadOnlyList<ProviderFeatures> All => Volatile.Read(ref all);

        public static ProviderFeatures Features(CloudProvider p) => Find(p).Features;

        static Entry Find(CloudProvider p) =>
            Volatile.Read(ref entries).FirstOrDefault(e => e.Features.Provider == p)
            ?? throw CloudVmException.Invalid($"'{Input.Neutralize(p.Name)}' is not a registered provider; use one of {string.Join(", ", All.Select(f => f.Provider.Name))}.");

        /// <summary>Adds a provider to the process (the test project's fake cloud does, at load): its descriptor, frozen, and
        /// how to make its client. Internal, so a script cannot register one; registering the same provider again is refused.</summary>
        internal static void Register(ProviderFeatures descriptor, Func<CloudVmSession, TimeProvider, ICloudProvider> client)
        {
            lock (Gate)
            {
                if (entries.Any(e => e.Features.Provider == descriptor.Provider)) throw new InvalidOperationException($"{descriptor.DisplayName} is already registered.");
                var next = entries.Append(new Entry(descriptor, client)).ToArray();
                Volatile.Write(ref entries, next);
                Volatile.Write(ref all, Array.AsReadOnly(next.Select(e => e.Features).ToArray()));
            }
        }

        internal static ICloudProvider CreateClient(CloudVmSession session, TimeProvider clock) => Find(session.Options.Provider).Client(session, clock);

        /// <summary>Refuses plain http:// anywhere but loopback, so a key never crosses a network in clear text.</summary>
        public static Uri CheckEndpoint(Uri endpoint)
        {
            if (!endpoint.IsAbsoluteUri) throw CloudVmException.Invalid($"The endpoint '{endpoint}' is not an absolute URL.");
            if (!string.IsNullOrEmpty(endpoint.UserInfo)) throw CloudVmException.Invalid("The endpoint must not carry a user name or password; give the key with -ApiKey or -Credential.");
            if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment)) throw CloudVmException.Invalid($"The endpoint '{endpoint.GetLeftPart(UriPartial.Path)}' must not have a query or fragment.");
            if (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)) return WithSlash(endpoint);
            throw CloudVmException.Invalid(
                $"The endpoint '{endpoint.GetLeftPart(UriPartial.Authority)}' does not use https. Plain http is allowed only on loopback (localhost, 127.0.0.1, ::1), so that an API key never crosses a network unencrypted.");
        }

        static Uri WithSlash(Uri u) => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");

        /// <summary>The production endpoint for a provider and region (already checked against the descriptor).</summary>
        public static Uri DefaultEndpoint(ProviderFeatures f, string? region)
        {
            var template = f.EndpointTemplate;
            if (template.Contains("{region}"))
            {
                if (string.IsNullOrEmpty(region)) throw CloudVmException.Invalid($"{f.DisplayName} needs -Region, one of {string.Join(", ", f.Regions)}.");
                template = template.Replace("{region}", RegionSegment(f, f.CheckRegion(region!)));
            }
            return WithSlash(new Uri(template));
        }

        /// <summary>The region as it appears in the endpoint (the descriptor's <see cref="ProviderFeatures.RegionUrlSegments"/>).</summary>
        public static string RegionSegment(ProviderFeatures f, string region) =>
            f.RegionUrlSegments.TryGetValue(region, out var segment) ? segment : region;
    }

    /// <summary>Makes sessions: the descriptor is checked, the client built, nothing is sent.</summary>
    public static class CloudVmSessions
    {
        /// <summary>Every setting that becomes part of a request, wherever it came from (parameters, the environment, a saved
        /// connection file edited by hand), meets <see cref="Input"/>'s rules before the session exists: no control
        /// characters in the key, the secret, the tenant id, the region or the endpoint; the auth header a token. The error
        /// names the setting and its sources, never the value.</summary>
        static void CheckInput(ProviderFeatures f, CloudVmSessionOptions o)
        {
            var env = "$env:CLOUDVM_" + f.Provider.Name.ToUpperInvariant();
            Input.CheckHeaderValue(o.Credential.RevealKey(), $"The {f.DisplayName} API key (-ApiKey, -Credential, -SecretName, {env}_API_KEY or the saved connection's secret)");
            if (o.Credential.HasSecret) Input.CheckHeaderValue(o.Credential.RevealSecret(), $"The {f.DisplayName} API secret (-ApiSecret, -Credential, {env}_API_SECRET or the saved connection's secret)");
            if (o.TenantId != null && !Input.Matches(o.TenantId, "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\\z"))
                throw CloudVmException.Invalid($"The {f.DisplayName} tenant id (-TenantId, {env}_TENANT_ID or the saved connection) is not a tenant id: letters, digits, '.', '_', ':' and '-', at most 128, and no control characters.");
            if (o.AuthHeader != null && (!Input.IsToken(o.AuthHeader) || o.AuthHeader.Length > 64))
                throw CloudVmException.Invalid($"The {f.DisplayName} auth header (-AuthHeader, {env}_AUTH_HEADER or the saved connection) is not a header name: letters, digits and dashes, at most 64, and no control characters.");
            if (o.Region != null && Input.HasControl(o.Region))
                throw CloudVmException.Invalid($"'{Input.Neutralize(o.Region)}' is not a {f.DisplayName} region (-Region, {env}_REGION or the saved connection); use one of {string.Join(", ", f.Regions)}.");
            if (o.Endpoint != null && Input.HasControl(o.Endpoint.OriginalString))
                throw CloudVmException.Invalid($"The {f.DisplayName} endpoint (-Endpoint, {env}_ENDPOINT or the saved connection) holds a control character.");
        }

        /// <param name="clock">A TimeProvider (tests: a fake clock); object so the cmdlets, outside the engine's load context, never bind to the type.</param>
        public static CloudVmSession Create(CloudVmSessionOptions options, object? clock = null)
        {
            var f = ProviderRegistry.Features(options.Provider);
            if (options.Credential == null) throw CloudVmException.Invalid($"No API key for {f.DisplayName}.");
            if (options.Region != null && (f.ConnectionSettings & ConnectionSetting.Region) == 0) throw CloudVmException.Invalid($"{f.DisplayName} has no regions; -Region does not apply.");
            if (options.TenantId != null && (f.ConnectionSettings & ConnectionSetting.TenantId) == 0) throw CloudVmException.Invalid($"{f.DisplayName} has no tenant id; -TenantId does not apply.");
            if (options.AuthHeader != null && (f.ConnectionSettings & ConnectionSetting.AuthHeader) == 0) throw CloudVmException.Invalid($"{f.DisplayName} names its auth header itself; -AuthHeader does not apply.");
            CheckInput(f, options);
            if (options.Region != null) options.Region = f.CheckRegion(options.Region);
            // The one place every session is made: -Emulator or $env:CLOUDVM_EMULATOR sends it to the in-process emulator,
            // whatever endpoint and key it was given (neither is used, so nothing can reach the network).
            if (options.Emulated || CloudVmEmulator.Forced) CloudVmEmulator.Prepare(options, f);
            var time = clock as TimeProvider ?? TimeProvider.System;
            return new CloudVmSession(options, s => ProviderRegistry.CreateClient(s, time));
        }
    }
}
