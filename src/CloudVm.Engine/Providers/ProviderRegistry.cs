using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudVm.Providers
{
    /// <summary>The five providers: their feature descriptors and how to make a client for a session.</summary>
    public static class ProviderRegistry
    {
        /// <summary>The descriptors, frozen: read-only for everything that can reach them (a script through a session too).</summary>
        public static IReadOnlyList<ProviderFeatures> All { get; } = Array.AsReadOnly(new[]
        {
            Gpcn.GpcnClient.Descriptor.Freeze(),
            E24Cloud.E24CloudClient.Descriptor.Freeze(),
            Vps247.Vps247Client.Descriptor.Freeze(),
            VmGen.VmGenClient.Descriptor.Freeze(),
            Magalu.MagaluClient.Descriptor.Freeze(),
        });

        public static ProviderFeatures Features(CloudProvider p) => All.First(f => f.Provider == p);

        internal static ICloudProvider CreateClient(CloudVmSession session, TimeProvider clock) => session.Options.Provider switch
        {
            CloudProvider.Gpcn => new Gpcn.GpcnClient(session, clock),
            CloudProvider.E24Cloud => new E24Cloud.E24CloudClient(session, clock),
            CloudProvider.Vps247 => new Vps247.Vps247Client(session, clock),
            CloudProvider.VmGen => new VmGen.VmGenClient(session, clock),
            CloudProvider.Magalu => new Magalu.MagaluClient(session, clock),
            _ => throw CloudVmException.NotSupported(session.Options.Provider, "connections"),
        };

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
            var env = "$env:CLOUDVM_" + f.Provider.ToString().ToUpperInvariant();
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
