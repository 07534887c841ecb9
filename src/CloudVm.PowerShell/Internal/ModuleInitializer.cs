using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudVm.PowerShell
{
    /// <summary>Isolates the module's dependencies (System.Text.Json, Microsoft.Extensions.Http, Polly, …), as PowerShell's
    /// "Resolving PowerShell module assembly dependency conflicts" describes and Az.Accounts does. The model
    /// (CloudVm.Core) and the cmdlets load in the default context, so [CloudVm.VirtualMachine] resolves in scripts; the
    /// engine and its dependencies load from Dependencies/:
    /// on PowerShell 7, into the module's own AssemblyLoadContext (CloudVm.LoadContext.dll, net8.0), so another module's
    /// older or newer System.Text.Json or Polly can neither break CloudVm nor be broken by it;
    /// on Windows PowerShell 5.1, through an AssemblyResolve handler that answers only for the module's own dependencies
    /// and only with a version at least the one asked for.
    /// In a flat folder (the build output the tests import) there is no Dependencies/ and nothing is installed.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";
        static int installed;

        public void OnImport()
        {
            if (System.Threading.Interlocked.Exchange(ref installed, 1) != 0) return;
            var deps = Path.Combine(ModuleDirectory, "Dependencies");
            if (!Directory.Exists(deps)) return;
            if (IsNetFramework)
            {
                DesktopDirectory = Path.Combine(deps, "netstandard2.0");
                AppDomain.CurrentDomain.AssemblyResolve += ResolveDesktop;
            }
            else
            {
                var loader = Assembly.LoadFrom(Path.Combine(ModuleDirectory, "CloudVm.LoadContext.dll"));
                loader.GetType("CloudVm.LoadContext.Isolation", throwOnError: true)!.GetMethod("Install")!.Invoke(null, new object[] { Path.Combine(deps, "net8.0") });
            }
        }

        static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        static string DesktopDirectory = "";

        static Assembly? ResolveDesktop(object? sender, ResolveEventArgs args)
        {
            var path = DependencyPath(DesktopDirectory, args.Name);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        /// <summary>The module's copy of the named assembly: only when it ships one, and only when its version is at least
        /// the one asked for (so another module is never handed an older copy than it wants).</summary>
        internal static string? DependencyPath(string directory, string assemblyName)
        {
            var wanted = new AssemblyName(assemblyName);
            var name = wanted.Name;
            if (string.IsNullOrEmpty(name) || name!.EndsWith(".resources", StringComparison.OrdinalIgnoreCase)) return null;
            var path = Path.Combine(directory, name + ".dll");
            if (!File.Exists(path)) return null;
            if (wanted.Version != null && AssemblyName.GetAssemblyName(path).Version < wanted.Version) return null;
            return path;
        }
    }
}
