#!/usr/bin/env bash
# Makes docs/denoisers.md: classic brightening alone and followed by each denoiser (nlmeans, bm3d, the learned dncnn),
# on photos darkened by `lumos eval --task darkened` (gamma 2.5, Poisson peak 200, read noise 0.005), which no model
# trained on. Needs ../shared/data/photos. Runtimes are wall-clock ms per megapixel of the whole chain.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/photos/McMaster18
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
methods=""
for base in gamma auto-gamma lime; do
  for denoiser in "" +nlmeans +bm3d +dncnn; do methods="$methods,$base$denoiser"; done
done
dotnet run -c Release --project src/Lumos.Cli -- eval --task darkened -d "$data" -m "${methods#,}" \
  --measures psnr,ssim,niqe,ciede2000 -o "$work/report"
reading=$(sed -n '/^## Reading/,$p' docs/denoisers.md 2>/dev/null || true) # written by hand: kept across runs
{
  echo "# Denoisers after low-light brightening"
  echo
  echo "Made by \`docs/denoisers.sh\` on $(date -u +%Y-%m-%d): \`lumos eval --task darkened -d McMaster18 -m ${methods#,}\`."
  echo "Each photo is darkened (γ 2.5, exposure 1, Poisson peak 200, read noise 0.005, seeded by its name), brightened by"
  echo "a classic method, then optionally denoised. \`dncnn\` is the shipped Lumos-trained net (models/README.md)."
  echo
  sed -n '/^###/,$p' "$work/report/summary.md"
  [[ -z $reading ]] || printf '\n%s\n' "$reading"
} > docs/denoisers.md
