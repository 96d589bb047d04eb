#!/usr/bin/env bash
# Packs lumos and Lumos.Bench for a GPU machine that has no .NET and takes files in parts (bench/README.md, "Nets on
# the GPU"): both self-contained for linux-x64 with ONNX Runtime's CUDA build, libtorch and the other platforms left
# out, the CUDA provider's code for GPUs other than sm_SM zeroed so it compresses, as xz parts of PART_MB each.
# usage: bench/gpu/pack.sh OUT_DIR [PART_MB=40] [SM=90]      (from a clean clone of HEAD: commit first)
set -euo pipefail
out=${1:?usage: pack.sh OUT_DIR [PART_MB] [SM]}; part_mb=${2:-40}; sm=${3:-90}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/src"
for project in src/Lumos.Cli bench/Lumos.Bench; do   # one folder: the two apps share the runtime and libraries
  dotnet publish "$work/src/$project" -c Release -r linux-x64 --self-contained -p:LumosCuda=true -o "$work/publish" >/dev/null
done
mkdir -p "$out"; rm -rf "$out/stage" "$out"/part*; mkdir "$out/stage"
(cd "$work/publish" && tar cf - --exclude='libtorch*' --exclude=libc10.so --exclude=libLibTorchSharp.so --exclude='libgomp*' \
  --exclude=libshm.so --exclude='libaoti*' --exclude=libbackend_with_compiler.so --exclude=libjitbackend_test.so \
  --exclude=libnnapi_backend.so --exclude=libonnxruntime_providers_tensorrt.so --exclude=libonnxruntime_providers_cuda.so \
  --exclude=models --exclude='*.pdb' --exclude='*.xml' --exclude=runtimes --exclude=createdump \
  --exclude=libmscordaccore.so --exclude=libmscordbi.so --exclude=libcoreclrtraceptprovider.so --exclude='libclrgc*.so' .) \
  | (cd "$out/stage" && tar xf -)
python3 "$root/bench/gpu/prune_fatbin.py" "$work/publish/libonnxruntime_providers_cuda.so" "$out/stage/libonnxruntime_providers_cuda.so" "$sm"
tar cf - -C "$out/stage" . | xz -9 -T0 > "$work/lumos-gpu.tar.xz"
split -b "${part_mb}M" -d "$work/lumos-gpu.tar.xz" "$out/part"
ls -l "$out"/part*
