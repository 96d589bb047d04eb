#!/usr/bin/python3
"""Reference outputs of OpenCV's equalizeHist and CLAHE for HistogramEqualizationTests / ClaheTests.

Writes he_clahe_input.png (a dark 8-bit colour image from a fixed formula and seeded noise), its BT.601
luma he_clahe_y.png (the Y of cv2 BGR2YCrCb), and for that luma he_clahe_y_equalized.png
(cv2.equalizeHist), he_clahe_y_clahe.png (cv2.createCLAHE(2.0, (8, 8))) and he_clahe_y16_clahe.png (the
same CLAHE on the luma scaled to 16 bits by 257), plus he_clahe.json with the settings and checksums.
Run with /usr/bin/python3 (numpy, python3-opencv); it writes next to itself.
"""
import json
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 64, 48

rng = np.random.default_rng(7)
y, x = np.mgrid[0:H, 0:W].astype(np.float64)
fx, fy = x / W, y / H
b = 8 + 40 * fx + 10 * np.sin(6 * fy)
g = 6 + 45 * fx * fy
r = 10 + 50 * (1 - fx) * fy + ((x // 8 + y // 8) % 2) * 12
image = np.stack([b, g, r], axis=-1) + rng.uniform(-4, 4, size=(H, W, 3))
image = np.clip(np.round(image), 0, 255).astype(np.uint8)

luma = cv2.cvtColor(image, cv2.COLOR_BGR2YCrCb)[:, :, 0]
equalized = cv2.equalizeHist(luma)
clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(luma)
clahe16 = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(luma.astype(np.uint16) * 257)

cv2.imwrite(os.path.join(HERE, "he_clahe_input.png"), image)
cv2.imwrite(os.path.join(HERE, "he_clahe_y.png"), luma)
cv2.imwrite(os.path.join(HERE, "he_clahe_y_equalized.png"), equalized)
cv2.imwrite(os.path.join(HERE, "he_clahe_y16_clahe.png"), clahe16)
cv2.imwrite(os.path.join(HERE, "he_clahe_y_clahe.png"), clahe)
with open(os.path.join(HERE, "he_clahe.json"), "w") as f:
    json.dump({
        "opencv": cv2.__version__,
        "input": "he_clahe_input.png",
        "luma": "he_clahe_y.png",
        "equalized": "he_clahe_y_equalized.png",
        "clahe": "he_clahe_y_clahe.png",
        "clahe16": "he_clahe_y16_clahe.png",
        "clahe_clip_limit": 2.0,
        "clahe_tiles": 8,
        "luma_sum": int(luma.astype(np.int64).sum()),
        "equalized_sum": int(equalized.astype(np.int64).sum()),
        "clahe_sum": int(clahe.astype(np.int64).sum()),
        "clahe16_sum": int(clahe16.astype(np.int64).sum()),
    }, f, indent=2)
    f.write("\n")
