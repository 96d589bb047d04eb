#!/usr/bin/python3
"""Makes the bundled dark sample images from CC0 photos shipped with scikit-image.

Recipe (documented in samples/README.md): unit-range RGB x -> 0.9 * x**2.2 * 0.35 (a darker exposure
through a steeper tone curve), plus Gaussian read noise sigma = 2/255 and Poisson-like shot noise
(sigma = 0.01 * sqrt(x)), seeded, rounded to 8 bits.
Run with Debian's python3 (python3-skimage): /usr/bin/python3 samples/make_samples.py
"""
import os
import numpy as np
import cv2
from skimage import data

HERE = os.path.dirname(os.path.abspath(__file__))


def darken(rgb, seed):
    rng = np.random.default_rng(seed)
    x = rgb.astype(np.float64) / 255.0
    dark = 0.9 * np.power(x, 2.2) * 0.35
    dark = dark + rng.normal(0.0, 2.0 / 255.0, dark.shape) + rng.normal(0.0, 1.0, dark.shape) * 0.01 * np.sqrt(dark)
    return np.clip(np.round(dark * 255.0), 0, 255).astype(np.uint8)


for name, seed in (("coffee", 1), ("chelsea", 2)):
    rgb = getattr(data, name)()
    cv2.imwrite(os.path.join(HERE, f"dark-{name}.png"), cv2.cvtColor(darken(rgb, seed), cv2.COLOR_RGB2BGR))
    cv2.imwrite(os.path.join(HERE, f"{name}.jpg"), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])
