#!/usr/bin/env bash
# Makes docs/lowlight-ablation.md: MBLLEN trained from scratch on the same data, steps and seed, without and with
# the SKF-style colour-histogram loss (-p histogram-weight=0.1 and 1), then each scored by `lumos eval --task darkened` on
# photos no model trained on (PSNR, SSIM, CIEDE2000, LOE). Needs ../shared/data. Slow: three 1,300-step trainings
# (~35 min each, run side by side on one thread each) and the evaluation (~5 min) on 2 cores.
# RUNS=folder keeps the checkpoints (default: a temporary folder); an existing checkpoint there is reused, not retrained.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
runs=${RUNS:-$(mktemp -d)}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build -c Release src/Lumos.Cli -v q -nologo >/dev/null
lumos=src/Lumos.Cli/bin/Release/net10.0/linux-x64/Lumos.Cli
recipe=(--steps 1300 --batch 4 --crop 48 --lr 1e-3 --seed 1 --save-minutes 3)
for weight in 0 0.1 1; do
  [[ -f $runs/mbllen-hist$weight.lumosnet ]] || OMP_NUM_THREADS=1 $lumos train mbllen -d $data/train \
    -o "$runs/mbllen-hist$weight.lumosnet" "${recipe[@]}" -p histogram-weight=$weight > "$runs/mbllen-hist$weight.log" &
done
wait
$lumos eval --task darkened -d $data/photos/Kodak24 -d $data/photos/McMaster18 \
  -m mbllen@without,mbllen@hist-0-1,mbllen@hist-1 -p post-process=false -p mbllen@without.weights="$runs/mbllen-hist0.lumosnet" \
  -p mbllen@hist-0-1.weights="$runs/mbllen-hist0.1.lumosnet" -p mbllen@hist-1.weights="$runs/mbllen-hist1.lumosnet" \
  --measures psnr,ssim,ciede2000,loe -o "$work/eval"
reading=$(sed -n '/^## Reading/,$p' docs/lowlight-ablation.md 2>/dev/null || true) # written by hand: kept across runs
{
  echo "# Ablation: SKF-style colour-histogram loss in MBLLEN's training"
  echo
  echo "Made by \`docs/lowlight-ablation.sh\` on $(date -u +%Y-%m-%d): \`lumos train mbllen -d ../shared/data/train ${recipe[*]}\`"
  echo "with \`-p histogram-weight=0\` (without), \`=0.1\` and \`=1\`, the same seed, data and steps; raw net output"
  echo "(\`-p post-process=false\`) on photos no model trained on, darkened by \`lumos eval --task darkened\` (γ 2.5, Poisson"
  echo "peak 200, read noise 0.005)."
  echo
  sed -n '/^###/,$p' "$work/eval/summary.md"
  [[ -z $reading ]] || printf '\n%s\n' "$reading"
} > docs/lowlight-ablation.md
