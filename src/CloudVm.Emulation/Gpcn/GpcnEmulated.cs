using CloudVm.Emulator.Gpcn;

namespace CloudVm.Emulator.Gpcn
{
    /// <summary>Gpcn in the emulator: what <see cref="EmulatedCloud"/> asks of a provider.</summary>
    public sealed class GpcnEmulated : EmulatedCloud
    {
        public override string Provider => "Gpcn";
        public override string Prefix => "/gpcn/";
        public override string DemoKey => DemoKeys.Gpcn;
        public override string EndpointPath(string? region) => "gpcn/v1/";
        public override void Map(Routes routes) => GpcnApi.Map(routes);
        public override object NewStore(EmulatorOptions options) => new GpcnStore(options);
    }
}

namespace CloudVm.Emulator
{
    public static partial class DemoKeys
    {
        public const string Gpcn = "gpcn_emulator-demo-key";
    }

    public sealed partial class EmulatorOptions
    {
        /// <summary>API keys GPCN accepts.</summary>
        public List<string> GpcnApiKeys { get; } = new() { DemoKeys.Gpcn };
        /// <summary>Which job shape GPCN answers with: the service's (data.jobs[].jobId, as GPCN's Terraform provider reads it),
        /// or one of the two its docs show.</summary>
        public GpcnJobSchema GpcnJobSchema { get; set; } = GpcnJobSchema.Service;
        /// <summary>Requests per minute per key before GPCN answers 429.</summary>
        public int GpcnRateLimit { get; set; } = 1000;
        /// <summary>GPCN list answers without meta.pageSize (the client must learn the size from the item count).</summary>
        public bool GpcnOmitPageSize { get; set; }
    }

    public sealed partial class World
    {
        public GpcnStore Gpcn => Store<GpcnStore>("Gpcn");
        public Uri GpcnEndpoint => Endpoint("Gpcn");
    }
}
