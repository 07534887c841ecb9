using System.Reflection;

namespace CloudVm.Emulator;

/// <summary>One provider of the emulator, all it is in one place (its folder): the name CloudVm gives it, the first
/// segment of its paths, its routes, a fresh store of its state, and how a client reaches it (endpoint, demo
/// credentials, first region). <see cref="World"/> and <see cref="Emulation"/> read these and never name a provider.</summary>
public abstract class EmulatedCloud
{
    /// <summary>The provider's name as CloudVm spells it (Gpcn, E24Cloud, …).</summary>
    public abstract string Provider { get; }
    /// <summary>The first path segment of its requests, with both slashes ("/gpcn/").</summary>
    public abstract string Prefix { get; }
    /// <summary>The key (and secret, and tenant, where it has them) it accepts out of the box.</summary>
    public abstract string DemoKey { get; }
    public virtual string? DemoSecret => null;
    public virtual string? DemoTenant => null;
    /// <summary>The region a profile gives, where the provider has regions in its URL.</summary>
    public virtual string? DefaultRegion => null;
    /// <summary>The endpoint under a world's base address, in a region (null: <see cref="DefaultRegion"/>).</summary>
    public abstract string EndpointPath(string? region);
    /// <summary>Adds its routes to the emulation's.</summary>
    public abstract void Map(Routes routes);
    /// <summary>A fresh store of its state, seeded as the options say.</summary>
    public abstract object NewStore(EmulatorOptions options);
}

/// <summary>The emulated clouds: every <see cref="EmulatedCloud"/> of this assembly (found, so no list names them), and
/// those a test registers (its fake provider) before it makes an emulation.</summary>
public static class EmulatedClouds
{
    static readonly object Gate = new();
    static EmulatedCloud[] all = typeof(EmulatedCloud).GetTypeInfo().Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(EmulatedCloud)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
        .Select(t => (EmulatedCloud)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Provider, StringComparer.OrdinalIgnoreCase)
        .ToArray();

    public static IReadOnlyList<EmulatedCloud> All => Volatile.Read(ref all);

    /// <summary>The cloud of that name (any case), or an error naming the ones there are.</summary>
    public static EmulatedCloud Get(string provider) =>
        All.FirstOrDefault(c => string.Equals(c.Provider, provider, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"The emulator has no provider '{provider}'; it has {string.Join(", ", All.Select(c => c.Provider))}.", nameof(provider));

    /// <summary>The cloud a request path belongs to (null: the emulator's own).</summary>
    public static EmulatedCloud? Of(string path) =>
        All.FirstOrDefault(c => path.StartsWith(c.Prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds a cloud (a test's fake provider); emulations made after it serve it. Internal: the module never adds one.</summary>
    internal static void Register(EmulatedCloud cloud)
    {
        lock (Gate)
        {
            if (all.Any(c => string.Equals(c.Provider, cloud.Provider, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Prefix, cloud.Prefix, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidOperationException($"The emulator already has {cloud.Provider} or the prefix {cloud.Prefix}.");
            Volatile.Write(ref all, all.Append(cloud).ToArray());
        }
    }
}
