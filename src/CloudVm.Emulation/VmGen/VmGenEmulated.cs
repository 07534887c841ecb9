using CloudVm.Emulator.VmGen;

namespace CloudVm.Emulator.VmGen
{
    /// <summary>VmGen in the emulator: what <see cref="EmulatedCloud"/> asks of a provider.</summary>
    public sealed class VmGenEmulated : EmulatedCloud
    {
        public override string Provider => "VmGen";
        public override string Prefix => "/vmgen/";
        public override string DemoKey => DemoKeys.VmGen;
        public override string EndpointPath(string? region) => "vmgen/";
        public override void Map(Routes routes) => VmGenApi.Map(routes);
        public override object NewStore(EmulatorOptions options) => new VmGenStore(options);
    }
}

namespace CloudVm.Emulator
{
    public static partial class DemoKeys
    {
        public const string VmGen = "vmgen-emulator-key";
    }

    public sealed partial class World
    {
        public VmGenStore VmGen => Store<VmGenStore>("VmGen");
        public Uri VmGenEndpoint => Endpoint("VmGen");
    }
}
