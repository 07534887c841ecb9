using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace CloudVm.LoadContext
{
    /// <summary>Answers the default context's request for CloudVm.Engine with the copy in the module's own load context.</summary>
    public static class Isolation
    {
        static CloudVmLoadContext? context;

        public static void Install(string dependencyDirectory)
        {
            if (context != null) return;
            context = new CloudVmLoadContext(dependencyDirectory);
            AssemblyLoadContext.Default.Resolving += (alc, name) =>
                string.Equals(name.Name, "CloudVm.Engine", StringComparison.OrdinalIgnoreCase) ? context.LoadFromAssemblyName(name) : null;
        }
    }

    /// <summary>Loads the engine's dependencies from Dependencies/net8.0 for the engine alone. CloudVm.Core (the model the
    /// cmdlets share) comes from the default context; a framework assembly comes from the runtime when the runtime's is at
    /// least as new as ours (System.Text.Json 10 on PowerShell 7.6), and from our folder when it is older (7.4's 8.0).</summary>
    sealed class CloudVmLoadContext : AssemblyLoadContext
    {
        readonly string directory;
        readonly Dictionary<string, Version?> platform;

        public CloudVmLoadContext(string directory) : base("CloudVm", isCollectible: false)
        {
            this.directory = directory;
            platform = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (Version?)null, StringComparer.OrdinalIgnoreCase);
            tpaPaths = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }

        readonly Dictionary<string, string> tpaPaths;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == null || string.Equals(name.Name, "CloudVm.Core", StringComparison.OrdinalIgnoreCase)) return null;
            var path = Path.Combine(directory, name.Name + ".dll");
            if (!File.Exists(path)) return null;
            if (tpaPaths.TryGetValue(name.Name, out var tpa))
            {
                var ours = AssemblyName.GetAssemblyName(path).Version;
                var theirs = PlatformVersion(name.Name, tpa);
                if (theirs != null && ours != null && theirs >= ours) return null;
            }
            return LoadFromAssemblyPath(path);
        }

        Version? PlatformVersion(string name, string path)
        {
            lock (platform)
            {
                if (platform.TryGetValue(name, out var v) && v != null) return v;
                try { v = AssemblyName.GetAssemblyName(path).Version; } catch (Exception) { v = null; }
                platform[name] = v;
                return v;
            }
        }
    }
}
