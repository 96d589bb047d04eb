#!/usr/bin/env bash
# On the GPU machine, in the repository's root. Each call first keeps the parts it brought (FOLDER/part*) in
# /tmp/lumos-gpu; the last one also unpacks them and runs COMMAND with $LUMOS and $BENCH set.
# usage: bench/gpu/run.sh FOLDER                 keep this call's parts
#        bash bench/gpu/run.sh FOLDER -- COMMAND   keep them, unpack all, run COMMAND (e.g. '$BENCH gpu --image x.ppm')
set -u
keep=/tmp/lumos-gpu; app=$keep/app; mkdir -p "$keep/parts"
cp "${1:?usage: run.sh FOLDER [-- COMMAND]}"/part* "$keep/parts/"; shift
[ "${1:-}" = "--" ] || { ls -l "$keep/parts"; exit 0; }; shift
if [ ! -x "$app/Lumos.Cli" ]; then
  mkdir -p "$app" && cat "$keep"/parts/part* | xz -dc | tar xf - -C "$app" || { echo "run.sh: the parts do not unpack (one missing?)"; exit 1; }
fi
ln -sfn "$PWD/models" "$app/models"
# CUDA 13 and cuDNN 9: PyTorch's wheels carry them on such machines.
site=$(python3 -c "import nvidia; print(' '.join(nvidia.__path__))" 2>/dev/null)
cuda=$(find $site /usr/local/cuda/lib64 \( -name libcublasLt.so.13 -o -name libcudnn.so.9 -o -name libcurand.so.10 -o -name libcudart.so.13 \) 2>/dev/null | xargs -r -n1 dirname | sort -u | paste -sd:)
# OpenCV's native library links GTK and more for highgui windows, which Lumos never opens: for each that is missing
# here, an empty library of that name lets it load (it binds lazily).
stubs=$keep/stubs; mkdir -p "$stubs"
for lib in libfreetype.so.6 libharfbuzz.so.0 libgtk-3.so.0 libgdk-3.so.0 libpangocairo-1.0.so.0 libpango-1.0.so.0 libatk-1.0.so.0 \
  libcairo-gobject.so.2 libcairo.so.2 libgdk_pixbuf-2.0.so.0 libgio-2.0.so.0 libgobject-2.0.so.0 libglib-2.0.so.0 libdrm.so.2 libX11.so.6; do
  ldconfig -p | grep -q "^[[:space:]]*$lib " || echo 'void lumos_stub(void){}' | gcc -shared -fPIC -x c - -o "$stubs/$lib" -Wl,-soname,$lib
done
export LD_LIBRARY_PATH="$cuda:$stubs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" LUMOS=$app/Lumos.Cli BENCH=$app/Lumos.Bench
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null
bash -c "$*"
