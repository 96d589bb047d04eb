"""Reference values for src/Lumos/Measures (run with /usr/bin/python3: numpy, cv2, skimage).

Writes measures_input.png (48x32 8-bit BGR, smooth colour shapes plus seeded noise) and measures.json with
every measure computed independently of Lumos: luma by cv2.cvtColor(BGR2GRAY) so both sides share the
same rounded uint8 luma (Michelson's unrounded, in float64), entropy by skimage.measure.shannon_entropy, the rest with numpy in float64.
"""
import json
import os

import cv2
import numpy as np
from skimage.measure import shannon_entropy

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
h, w = 32, 48
y, x = np.mgrid[0:h, 0:w] / np.array([h, w]).reshape(2, 1, 1)
b = 20 + 120 * x + 30 * np.sin(9 * y)
g = 15 + 160 * x * y
r = 40 + 180 * (1 - x) * y + 40 * ((np.arange(w)[None, :] // 8 + np.arange(h)[:, None] // 8) % 2)
bgr = np.stack([b, g, r], axis=2) + rng.normal(0, 6, (h, w, 3))
bgr = np.clip(np.round(bgr), 0, 255).astype(np.uint8)
cv2.imwrite(os.path.join(here, "measures_input.png"), bgr)

luma = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
unit = luma.astype(np.float64) / 255.0
B, G, R = (bgr[..., i].astype(np.float64) for i in range(3))
# Michelson reads only the two extreme pixels, where rounding luma to whole levels moves the ratio: unrounded here.
exact = 0.114 * B + 0.587 * G + 0.299 * R
lmin, lmax = float(exact.min()), float(exact.max())
rg = R - G
yb = 0.5 * (R + G) - B
colourfulness = np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())

values = {
    "brightness": unit.mean(),
    "rms-contrast": unit.std(),
    "michelson": (lmax - lmin) / (lmax + lmin),
    "entropy": shannon_entropy(luma, base=2),
    "colourfulness": colourfulness,
}
out = {
    "input": "measures_input.png",
    "measures": {k: float(v) for k, v in values.items()},
    "histogram": np.bincount(luma.ravel(), minlength=256).tolist(),
}
with open(os.path.join(here, "measures.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out["measures"], indent=1))
