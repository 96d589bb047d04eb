#!/usr/bin/env bash
# Fuzz one Lumos parser with afl++ and SharpFuzz (issue 11).
#
#   tests/fuzz/run.sh TARGET [MINUTES]     TARGET: image, checkpoint, pth, onnx, h5; MINUTES: 30 by default
#
# Builds the harness (tests/fuzz/Lumos.Fuzz) into $LUMOS_FUZZ_DIR/build (default /tmp/lumos-fuzz), copies it per
# target and instruments there, with SharpFuzz, the assemblies holding that target's parser, writes the seed corpus
# (made from samples/ and tiny nets by the harness itself), and runs one afl-fuzz (one core) for MINUTES. Findings go
# to $LUMOS_FUZZ_DIR/findings/TARGET (crashes/, hangs/, fuzzer_stats). RESUME=1 continues an earlier run's queue.
# Replay a finding without afl:  dotnet $LUMOS_FUZZ_DIR/build/Lumos.Fuzz.dll TARGET --replay FILE...
#
# Needs afl-fuzz (Debian: apt-get install afl++) and the .NET SDK; the sharpfuzz tool is restored from
# tests/fuzz/dotnet-tools.json.
set -euo pipefail

target=${1:?usage: tests/fuzz/run.sh TARGET [MINUTES]  (image, checkpoint, pth, onnx, h5)}
minutes=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
work=${LUMOS_FUZZ_DIR:-/tmp/lumos-fuzz}

# The assemblies whose branches afl sees for each target. Only managed code can be instrumented: OpenCV's codecs and
# ONNX Runtime's protobuf parser are native, so there afl sees Lumos's own checks around them and finds native
# crashes and hangs, but is not guided inside them.
case "$target" in
  image) instrument=(Lumos.dll) ;;
  checkpoint | pth) instrument=(Lumos.Nets.dll) ;;
  onnx) instrument=(Lumos.Onnx.dll) ;;
  h5) instrument=(Lumos.Nets.dll PureHDF.dll) ;;
  *) echo "unknown target '$target' (image, checkpoint, pth, onnx, h5)" >&2; exit 2 ;;
esac
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found (Debian: apt-get install afl++)" >&2; exit 1; }

mkdir -p "$work"
if [[ ! -f "$work/build/Lumos.Fuzz.dll" || "${REBUILD:-1}" == 1 ]]; then
  rm -rf "$work/build.new"
  dotnet build "$here/Lumos.Fuzz/Lumos.Fuzz.csproj" -c Release -o "$work/build.new" -v quiet -nologo
  rm -rf "$work/build"
  mv "$work/build.new" "$work/build"
fi
(cd "$here" && dotnet tool restore >/dev/null)

build="$work/build-$target"
rm -rf "$build"
cp -r "$work/build" "$build"
for assembly in "${instrument[@]}"; do
  (cd "$here" && dotnet tool run sharpfuzz "$build/$assembly")
done

rm -rf "$work/seeds"
dotnet "$work/build/Lumos.Fuzz.dll" seeds "$work/seeds" >/dev/null

findings="$work/findings/$target"
input="$work/seeds/$target"
if [[ "${RESUME:-0}" == 1 && -d "$findings/default/queue" ]]; then input=-; else rm -rf "$findings"; fi
mkdir -p "$findings"

# dotnet is not an afl-instrumented binary (SharpFuzz speaks afl's fork-server protocol from inside .NET); the GC
# heap limit turns an input that asks for gigabytes into a quick OutOfMemoryException (a crash) instead of swapping.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export DOTNET_GCHeapHardLimit=0x80000000 DOTNET_TieredPGO=0 LUMOS_NATIVE_STDERR=0
echo "fuzzing $target for $minutes min: findings in $findings"
afl-fuzz -i "$input" -o "$findings" -t 5000 -m none -V $((minutes * 60)) -- dotnet "$build/Lumos.Fuzz.dll" "$target"
stats="$findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|saved_crashes|saved_hangs|bitmap_cvg)' "$stats"
