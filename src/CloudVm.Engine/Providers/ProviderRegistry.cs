using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudVm.Providers
{
    /// <summary>The five providers: their feature descriptors and how to make a client for a session.</summary>
    public static class ProviderRegistry
    {
        public static IReadOnlyList<ProviderFeatures> All { get; } = new[]
        {
            Gpcn.GpcnClient.Descriptor,
            E24Cloud.E24CloudClient.Descriptor,
            Vps247.Vps247Client.Descriptor,
            VmGen.VmGenClient.Descriptor,
            Magalu.MagaluClient.Descriptor,
        };

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

        /// <summary>The region as it appears in the endpoint (Magalu's br-mgl1 is br-se-1 in URLs).</summary>
        public static string RegionSegment(ProviderFeatures f, string region) =>
            f.Provider == CloudProvider.Magalu && region == "br-mgl1" ? "br-se-1" : region;
    }

    /// <summary>Makes sessions: the descriptor is checked, the client built, nothing is sent.</summary>
    public static class CloudVmSessions
    {
        /// <param name="clock">A TimeProvider (tests: a fake clock); object so the cmdlets, outside the engine's load context, never bind to the type.</param>
        public static CloudVmSession Create(CloudVmSessionOptions options, object? clock = null)
        {
            var f = ProviderRegistry.Features(options.Provider);
            if (options.Credential == null) throw CloudVmException.Invalid($"No API key for {f.DisplayName}.");
            if (options.Region != null && (f.ConnectionSettings & ConnectionSetting.Region) == 0) throw CloudVmException.Invalid($"{f.DisplayName} has no regions; -Region does not apply.");
            if (options.TenantId != null && (f.ConnectionSettings & ConnectionSetting.TenantId) == 0) throw CloudVmException.Invalid($"{f.DisplayName} has no tenant id; -TenantId does not apply.");
            if (options.AuthHeader != null && (f.ConnectionSettings & ConnectionSetting.AuthHeader) == 0) throw CloudVmException.Invalid($"{f.DisplayName} names its auth header itself; -AuthHeader does not apply.");
            if (options.Region != null) options.Region = f.CheckRegion(options.Region);
            var time = clock as TimeProvider ?? TimeProvider.System;
            return new CloudVmSession(options, s => ProviderRegistry.CreateClient(s, time));
        }
    }
}
