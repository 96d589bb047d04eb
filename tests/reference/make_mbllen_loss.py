#!/usr/bin/python3
"""Reference for MbllenLossTests: per-channel SSIM with an 11x11 Gaussian (sigma 1.5) over valid windows,
computed independently with scikit-image (gaussian_weights, population covariance, borders cropped), on two
images both sides rebuild from a formula; writes mbllen_loss.json."""
import json
import numpy as np
from skimage.metrics import structural_similarity

h, w = 16, 20
y, x = np.mgrid[0:h, 0:w].astype(np.float64)
pred = np.stack([0.5 + 0.4 * np.sin(0.5 * x + 0.3 * y + c) for c in range(3)])
target = np.stack([0.45 + 0.35 * np.cos(0.4 * x - 0.2 * y + 0.5 * c) for c in range(3)])
pred, target = pred.astype(np.float32).astype(np.float64), target.astype(np.float32).astype(np.float64)
ssim = [structural_similarity(pred[c], target[c], gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                              data_range=1.0) for c in range(3)]
with open("mbllen_loss.json", "w") as f:
    json.dump({"height": h, "width": w, "ssim_per_channel": ssim, "l1": float(np.abs(pred - target).mean())}, f)
