#!/usr/bin/env bash
# Makes docs/video-strip.jpg: four frames of a dark test clip (top) and of `lumos video -m lime` (bottom).
# The clip is a 3-second pan with film grain made by ffmpeg from the bundled sample (nothing downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
ffmpeg -v error -framerate 24 -loop 1 -i samples/dark-coffee.png \
  -vf "scale=768:514,crop=640:360:'n':'n/2',noise=alls=6:allf=t" -frames:v 72 -c:v libx264 -crf 16 -pix_fmt yuv420p "$work/dark.mp4"
dotnet run -c Release --project src/Lumos.Cli -- video "$work/dark.mp4" -o "$work/lime.mp4" -m lime --crf 16
strip() { ffmpeg -v error -i "$1" -vf "select='not(mod(n\,23))',scale=320:180,tile=4x1" -frames:v 1 "$2"; }
strip "$work/dark.mp4" "$work/top.png"
strip "$work/lime.mp4" "$work/bottom.png"
ffmpeg -v error -y -i "$work/top.png" -i "$work/bottom.png" -filter_complex vstack -q:v 3 docs/video-strip.jpg
