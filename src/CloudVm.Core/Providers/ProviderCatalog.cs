using System;

namespace CloudVm.Providers
{
    /// <summary>Names, default endpoints and client factories of the providers.</summary>
    public static class ProviderCatalog
    {
        public static string DisplayName(CloudProvider p) => p switch
        {
            CloudProvider.Gpcn => "GPCN",
            CloudProvider.E24Cloud => "e24cloud",
            CloudProvider.Vps247 => "VPS247",
            CloudProvider.VmGen => "VMgen",
            CloudProvider.Magalu => "Magalu Cloud",
            _ => p.ToString(),
        };

        /// <summary>The production endpoint when Connect-CloudVm is given none.</summary>
        internal static ICloudProvider CreateClient(CloudVmSession session) => session.Options.Provider switch
        {
            CloudProvider.Gpcn => new Gpcn.GpcnClient(session),
            CloudProvider.E24Cloud => new E24Cloud.E24CloudClient(session),
            CloudProvider.Vps247 => new Vps247.Vps247Client(session),
            CloudProvider.VmGen => new VmGen.VmGenClient(session),
            CloudProvider.Magalu => new Magalu.MagaluClient(session),
            _ => throw CloudVmException.NotSupported(session.Options.Provider, "connections"),
        };

        /// <summary>Refuses plain http:// anywhere but loopback, so a key never crosses a network in clear text.</summary>
        public static Uri CheckEndpoint(Uri endpoint)
        {
            if (!endpoint.IsAbsoluteUri) throw CloudVmException.Invalid($"The endpoint '{endpoint}' is not an absolute URL.");
            if (endpoint.Scheme == Uri.UriSchemeHttps) return WithSlash(endpoint);
            if (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback) return WithSlash(endpoint);
            throw CloudVmException.Invalid(
                $"The endpoint '{endpoint.GetLeftPart(UriPartial.Authority)}' does not use https. Plain http is allowed only on loopback (localhost, 127.0.0.1, ::1), so that an API key never crosses a network unencrypted.");
        }

        static Uri WithSlash(Uri u) => u.AbsoluteUri.EndsWith("/") ? u : new Uri(u.AbsoluteUri + "/");
    }
}
