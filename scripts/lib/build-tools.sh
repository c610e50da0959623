# Sourced by the benchmark scripts (needs $repo): builds the CLI and the image generator in Release and sets
# $cli and $gen to their assemblies, and defines machine_line for the figures' header.
dotnet build "$repo/src/MlPipeline.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$repo/tools/MlPipeline.ImageGen" -c Release -v quiet -nologo >/dev/null
cli="$repo/src/MlPipeline.Cli/bin/Release/net10.0/mlpipeline.dll"
gen="$repo/tools/MlPipeline.ImageGen/bin/Release/net10.0/MlPipeline.ImageGen.dll"

machine_line() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
}
