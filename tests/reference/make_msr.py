#!/usr/bin/python3
"""Reference values for MsrTests: multiscale Retinex (Jobson, Rahman & Woodell 1997) computed
independently in numpy/float64 with OpenCV's exact Gaussian, on a fixed 48x32 colour input.

Conventions shared with Lumos: samples + 1 before the log; R = mean_k [log P - log(G_sigma_k * P)];
Gaussian border = reflect (edge pixel repeated, cv2.BORDER_REFLECT); output = simplest colour balance
per channel with 1 % clipped at each end (low = sorted[floor(n*1%)], high = sorted[n-1-floor(n*1%)]),
scaled to 0..255 and rounded.

Writes msr_input.png (the input, BGR 8-bit) and msr.json next to this script.
Run: /usr/bin/python3 tests/reference/make_msr.py
"""
import json
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SIGMAS = [15.0, 80.0, 250.0]
CLIP = 1.0


def make_input(width=48, height=32, seed=7):
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    fx, fy = x / width, y / height
    b = 12 + 40 * fx + 10 * np.sin(9 * fy)
    g = 6 + 50 * fx * fy + 30 * ((x - 30) ** 2 + (y - 10) ** 2 < 40)
    r = 20 + 30 * (1 - fx) * fy + 15 * (((x // 8) + (y // 8)) % 2)
    image = np.stack([b, g, r], axis=2) + rng.uniform(-4, 4, (height, width, 3))
    return np.clip(np.round(image), 0, 255).astype(np.uint8)


def msr(image):
    p = image.astype(np.float64) + 1
    return np.mean([np.log(p) - np.log(cv2.GaussianBlur(p, (0, 0), s, borderType=cv2.BORDER_REFLECT))
                    for s in SIGMAS], axis=0)


def balance(channel):
    values = np.sort(channel.ravel())
    n = values.size
    low = values[int(np.floor(n * CLIP / 100))]
    high = values[n - 1 - int(np.floor(n * CLIP / 100))]
    return np.clip((channel - low) / (high - low), 0, 1)


def main():
    image = make_input()
    cv2.imwrite(os.path.join(HERE, "msr_input.png"), image)
    retinex = msr(image)
    output = np.stack([balance(retinex[:, :, c]) for c in range(3)], axis=2)
    output = np.round(output * 255).astype(np.uint8)
    data = {
        "input": "msr_input.png",
        "sigmas": SIGMAS,
        "clip_percent": CLIP,
        "width": image.shape[1],
        "height": image.shape[0],
        "retinex_bgr": [round(float(v), 7) for v in retinex.ravel()],
        "output_bgr": [int(v) for v in output.ravel()],
    }
    with open(os.path.join(HERE, "msr.json"), "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main()
