using CloudVm.Emulator.E24Cloud;

namespace CloudVm.Emulator.E24Cloud
{
    /// <summary>E24Cloud in the emulator: what <see cref="EmulatedCloud"/> asks of a provider.</summary>
    public sealed class E24CloudEmulated : EmulatedCloud
    {
        public override string Provider => "E24Cloud";
        public override string Prefix => "/e24cloud/";
        public override string DemoKey => DemoKeys.E24Key;
        public override string? DemoSecret => DemoKeys.E24Secret;
        public override string? DefaultRegion => "eu-poland-1poznan";
        public override string EndpointPath(string? region) => $"e24cloud/{region ?? DefaultRegion}/v2/";
        public override void Map(Routes routes) => E24CloudApi.Map(routes);
        public override object NewStore(EmulatorOptions options) => new E24CloudStore(options);
    }
}

namespace CloudVm.Emulator
{
    public static partial class DemoKeys
    {
        public const string E24Key = "e24-emulator-key";
        public const string E24Secret = "e24-emulator-secret";
    }

    public sealed partial class World
    {
        public E24CloudStore E24 => Store<E24CloudStore>("E24Cloud");
        public Uri E24Endpoint(string region = "eu-poland-1poznan") => Endpoint("E24Cloud", region);
    }
}
