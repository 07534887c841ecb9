using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace CloudVm.PowerShell
{
    /// <summary>Loads the module's own dependencies (System.Text.Json, Microsoft.Extensions.Http, Polly, …)
    /// from the module folder when the runtime does not find them: on Windows PowerShell 5.1 this stands in
    /// for the binding redirects a script module cannot have; on PowerShell 7 it covers hosts whose probing
    /// does not include the module folder. Only assemblies that ship in the module folder are answered.
    /// Registered once per process (re-imports add nothing); it uses only IModuleAssemblyInitializer, which
    /// both editions have.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";
        static int registered;

        public void OnImport()
        {
            if (System.Threading.Interlocked.Exchange(ref registered, 1) == 0) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        internal static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var path = DependencyPath(ModuleDirectory, args.Name);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        /// <summary>The module folder's copy of the named assembly, if it ships one (any version).</summary>
        internal static string? DependencyPath(string directory, string assemblyName)
        {
            var name = new AssemblyName(assemblyName).Name;
            if (string.IsNullOrEmpty(name) || name!.EndsWith(".resources", StringComparison.OrdinalIgnoreCase)) return null;
            var path = Path.Combine(directory, name + ".dll");
            return File.Exists(path) ? path : null;
        }
    }
}
