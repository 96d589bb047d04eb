#!/usr/bin/env bash
# Makes docs/lowlight-results.md: every shipped low-light net and the best classic methods (a) on photos that no model
# trained on, darkened by `lumos eval --task darkened` (full-reference: PSNR, SSIM, LOE, CIEDE2000), and (b) on the real
# low-light sets DICM, LIME and LOL eval15 (no reference: NIQE, LOE, brightness); runtime per megapixel in both.
# Needs ../shared/data. Slow: the nets run at 1-40 s per megapixel on 2 cores (about an hour in all).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
methods=identity,gamma,auto-gamma,he,clahe,dong,msrcr,lime,bimef,lime+dncnn,zerodce,mbllen,mbllen@lumos,pairlie,retinexnet
nets=(-p mbllen@lumos.weights=mbllen-lumos) # MBLLEN's Lumos-trained weights beside the official ones (the default)
lumos() { dotnet run -c Release --project src/Lumos.Cli -- "$@"; }
lumos eval --task darkened -d $data/photos/Kodak24 -d $data/photos/McMaster18 -m $methods \
  "${nets[@]}" --measures psnr,ssim,loe,ciede2000 -o "$work/paired"
lumos eval -d $data/lowlight/DICM -d $data/lowlight/LIME -d $data/lowlight/LOL-eval15-low -m $methods \
  "${nets[@]}" --measures niqe,loe,brightness -o "$work/real"
reading=$(sed -n '/^## Reading/,$p' docs/lowlight-results.md 2>/dev/null || true) # written by hand: kept across runs
{
  echo "# Low-light methods: classic and deep, paired and real"
  echo
  echo "Made by \`docs/lowlight-results.sh\` on $(date -u +%Y-%m-%d) (methods: $methods; default parameters and shipped weights; \`mbllen\` is the official weights, \`mbllen@lumos\` the Lumos-trained ones). Load average (1, 5, 15 min) when it finished: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; ms/MP counts each image's whole run, so small images (0.2-0.5 MP here) carry fixed costs."
  echo
  echo "## (a) Photos darkened synthetically (γ 2.5, exposure 1, Poisson peak 200, read noise 0.005, seeded by file name)"
  echo
  sed -n '/^###/,$p' "$work/paired/summary.md"
  echo
  echo "## (b) Real low-light photos (no ground truth)"
  echo
  sed -n '/^###/,$p' "$work/real/summary.md"
  [[ -z $reading ]] || printf '\n%s\n' "$reading"
} > docs/lowlight-results.md
