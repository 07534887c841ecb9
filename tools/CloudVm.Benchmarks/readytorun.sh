#!/usr/bin/env bash
# ReadyToRun builds for the benchmark's first-command rows (docs/benchmarks.md), made the way Microsoft's release
# archives are: crossgen2 (NuGet: Microsoft.NETCore.App.Crossgen2.linux-x64 of the runtime's version) over every
# managed assembly of Microsoft's PowerShell 7.6.10 dotnet tool (installed by .ci/run), and over CloudVm's own
# assemblies of out/CloudVm (./build.ps1 makes it). Writes, beside the tool in the CI cache:
#   pwsh-7.6.10-r2r/pwsh   PowerShell 7.6.10, every assembly ReadyToRun (run through the machine's dotnet)
#   CloudVm-r2r/           out/CloudVm with CloudVm.*.dll and Polly.Core ReadyToRun for linux-x64 (IL kept inside)
# The benchmark measures both when they are there. Needs the .NET 10 SDK and NuGet.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="${CLOUDVM_CI_CACHE:-$HOME/.cache/cloudvm-ci}"
runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ {v = $2; d = $3} END {print v}')
fw="$(dotnet --list-runtimes | awk -v v="$runtime" '$1 == "Microsoft.NETCore.App" && $2 == v {print $3}' | tr -d '[]')/$runtime"
tool=$(ls -d "$cache"/pwsh-7.6.10/.store/powershell/7.6.10/powershell/7.6.10/tools/net10.0/any/unix)
[ -f "$tool/pwsh.dll" ] || { echo "Microsoft's PowerShell 7.6.10 is not in $cache (run .ci/run once)" >&2; exit 1; }
[ -f "$root/out/CloudVm/CloudVm.psd1" ] || { echo "out/CloudVm is missing: run ./build.ps1 first" >&2; exit 1; }

pkgs="$cache/nuget"
crossgen="$pkgs/microsoft.netcore.app.crossgen2.linux-x64/$runtime/tools/crossgen2"
if [ ! -x "$crossgen" ]; then
  dl=$(mktemp -d)
  cat > "$dl/dl.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Microsoft.NETCore.App.Crossgen2.linux-x64" Version="[$runtime]" /></ItemGroup>
</Project>
XML
  dotnet restore "$dl/dl.csproj" --packages "$pkgs" >/dev/null
  rm -rf "$dl"
  chmod +x "$crossgen"
fi

compile() { # input output references...
  local in=$1 out=$2; shift 2
  local refs=(); for r in "$@"; do refs+=(-r "$r"); done
  "$crossgen" "$in" -o "$out" -r "$fw/" "${refs[@]}" --targetos:linux --targetarch:x64 -O >/dev/null
}

pw="$cache/pwsh-7.6.10-r2r"
rm -rf "$pw"; mkdir -p "$pw"
cp -r "$tool" "$pw/app"
for dll in "$tool"/*.dll; do compile "$dll" "$pw/app/$(basename "$dll")" "$tool/" & [ "$(jobs -r | wc -l)" -ge 2 ] && wait -n; done; wait
printf '#!/usr/bin/env bash\nexec dotnet "%s/app/pwsh.dll" "$@"\n' "$pw" > "$pw/pwsh"; chmod +x "$pw/pwsh"

cv="$cache/CloudVm-r2r"
rm -rf "$cv"; cp -r "$root/out/CloudVm" "$cv"
o="$root/out/CloudVm"
for f in CloudVm.Core.dll CloudVm.PowerShell.dll CloudVm.LoadContext.dll Dependencies/net8.0/CloudVm.Engine.dll Dependencies/net8.0/Polly.Core.dll; do
  compile "$o/$f" "$cv/$f" "$tool/" "$o/" "$o/Dependencies/net8.0/"
done
echo "PowerShell 7.6.10 ReadyToRun: $pw/pwsh"
echo "CloudVm ReadyToRun (linux-x64): $cv/CloudVm.psd1 ($(du -sk "$o" | cut -f1) KB IL, $(du -sk "$cv" | cut -f1) KB ReadyToRun)"
