using CloudVm.Emulator.Magalu;

namespace CloudVm.Emulator.Magalu
{
    /// <summary>Magalu in the emulator: what <see cref="EmulatedCloud"/> asks of a provider.</summary>
    public sealed class MagaluEmulated : EmulatedCloud
    {
        public override string Provider => "Magalu";
        public override string Prefix => "/magalu/";
        public override string DemoKey => DemoKeys.Magalu;
        public override string? DemoTenant => DemoKeys.MagaluTenant;
        public override string? DefaultRegion => "br-se1";
        /// <summary>The URL segment of a region (br-mgl1 is br-se-1 in URLs, as Magalu's SDK has it).</summary>
        static string UrlSegment(string region) => region == "br-mgl1" ? "br-se-1" : region;
        public override string EndpointPath(string? region) => $"magalu/{UrlSegment(region ?? DefaultRegion!)}/compute/";
        public override void Map(Routes routes) => MagaluApi.Map(routes);
        public override object NewStore(EmulatorOptions options) => new MagaluStore(options);
    }
}

namespace CloudVm.Emulator
{
    public static partial class DemoKeys
    {
        public const string Magalu = "magalu-emulator-key";
        public const string MagaluTenant = "tenant-emulator";
    }

    public sealed partial class EmulatorOptions
    {
        /// <summary>Magalu machine types' RAM in GB (some spec examples) instead of MB (the spec's schema).</summary>
        public bool MagaluRamInGB { get; set; }
        /// <summary>Magalu copies name their instance by id only (the service); true adds its name.</summary>
        public bool MagaluCopyInstanceNames { get; set; }
        /// <summary>Magalu errors as {"error": "…"} (the SDK's test doubles) instead of {slug, message}.</summary>
        public bool MagaluErrorOnly { get; set; }
        /// <summary>Magalu backups (left the public spec in 2025-03): false answers them 404.</summary>
        public bool MagaluBackups { get; set; } = true;
        /// <summary>Magalu machine types only at /v1/instance-types (the current spec), not at /v1/machine-types.</summary>
        public bool MagaluInstanceTypesOnly { get; set; }
    }

    public sealed partial class World
    {
        public MagaluStore Magalu => Store<MagaluStore>("Magalu");
        public Uri MagaluEndpoint(string region = "br-se1") => Endpoint("Magalu", region);
    }
}
