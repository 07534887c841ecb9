using CloudVm.Emulator.Vps247;

namespace CloudVm.Emulator.Vps247
{
    /// <summary>Vps247 in the emulator: what <see cref="EmulatedCloud"/> asks of a provider.</summary>
    public sealed class Vps247Emulated : EmulatedCloud
    {
        public override string Provider => "Vps247";
        public override string Prefix => "/vps247/";
        public override string DemoKey => DemoKeys.Vps247;
        public override string EndpointPath(string? region) => "vps247/";
        public override void Map(Routes routes) => Vps247Api.Map(routes);
        public override object NewStore(EmulatorOptions options) => new Vps247Store(options);
    }
}

namespace CloudVm.Emulator
{
    public static partial class DemoKeys
    {
        public const string Vps247 = "vps247-emulator-key";
    }

    public sealed partial class EmulatorOptions
    {
        /// <summary>VPS247 create and power answers: {"status":"success","id":…} (the service) or the VM object (the page).</summary>
        public bool Vps247PageAnswers { get; set; }
    }

    public sealed partial class World
    {
        public Vps247Store Vps247 => Store<Vps247Store>("Vps247");
        public Uri Vps247Endpoint => Endpoint("Vps247");
    }
}
