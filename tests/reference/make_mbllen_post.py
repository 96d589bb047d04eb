#!/usr/bin/python3
"""Reference for MbllenPostProcess: the official MBLLEN test script's post-processing (Lvfeifan/MBLLEN,
main/test.py) in numpy/cv2, with one documented change: negatives are clipped before the HSV step.
Inputs are built from a formula that MbllenPostProcessTests rebuilds; writes mbllen_post.json."""
import json
import cv2
import numpy as np


def make_input(h, w, scale):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    c = np.arange(3, dtype=np.float32)[None, None, :]
    return (scale * (0.5 + 0.5 * np.sin(0.7 * x[..., None] + 0.4 * y[..., None] + 1.3 * c))).astype(np.float32)


def official(fake_B, highpercent=95, lowpercent=5, maxrange=0.8, hsvgamma=0.8):
    gray = fake_B[:, :, 0] * 0.299 + fake_B[:, :, 1] * 0.587 + fake_B[:, :, 1] * 0.114
    percent_max = np.sum(gray >= maxrange) / np.sum(gray <= 1.0)
    max_value = np.percentile(gray[:], highpercent)
    if percent_max < (100 - highpercent) / 100.:
        fake_B = np.minimum(fake_B * (maxrange / max_value), 1.0).astype(np.float32)
    gray = fake_B[:, :, 0] * 0.299 + fake_B[:, :, 1] * 0.587 + fake_B[:, :, 1] * 0.114
    sub_value = np.percentile(gray[:], lowpercent)
    fake_B = ((fake_B - sub_value) * (1. / (1 - sub_value))).astype(np.float32)
    fake_B = np.clip(fake_B, 0, 1)  # the one change, see MbllenPostProcess
    hsv = cv2.cvtColor(fake_B, cv2.COLOR_RGB2HSV)
    h, s, v = cv2.split(hsv)
    s = np.power(s, hsvgamma)
    fake_B = cv2.cvtColor(cv2.merge([h, s, v]), cv2.COLOR_HSV2RGB)
    return np.clip(fake_B, 0, 1)


cases = {}
for name, (h, w, scale) in {"dark": (5, 7, 0.3), "bright": (5, 7, 1.0)}.items():
    image = make_input(h, w, scale)
    cases[name] = {"height": h, "width": w, "scale": scale,
                   "output_hwc": [round(float(v), 6) for v in official(image).ravel()]}
with open("mbllen_post.json", "w") as f:
    json.dump(cases, f)
