"""Reference values for LimeTests: LIME's refined illumination (eq. 19, strategy III weights as in
StructureAwareIllumination.Problem) solved directly with scipy's sparse LU, and the enhanced 8-bit output.
Writes lime_input.png (48x32, deterministic formula) and lime.json next to this script."""
import json
import os

import cv2
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

ALPHA, SIGMA, EPS, GAMMA, MIN_T = 0.15, 2.0, 1e-3, 0.8, 1e-2
here = os.path.dirname(os.path.abspath(__file__))

h, w = 32, 48
yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
b = 10 + 40 * xx / w + 15 * (((xx // 8) + (yy // 8)) % 2)
g = 6 + 50 * (yy / h) * (xx / w)
r = 12 + 30 * (1 - xx / w) + 25 * ((xx - 30) ** 2 + (yy - 12) ** 2 < 60)
image = np.clip(np.round(np.stack([b, g, r], axis=2)), 0, 255).astype(np.uint8)
cv2.imwrite(os.path.join(here, "lime_input.png"), image)

unit = image.astype(np.float32) / 255.0
t_hat = unit.max(axis=2).astype(np.float64)

gx = np.zeros_like(t_hat); gx[:, :-1] = t_hat[:, 1:] - t_hat[:, :-1]
gy = np.zeros_like(t_hat); gy[:-1, :] = t_hat[1:, :] - t_hat[:-1, :]
sx = cv2.GaussianBlur(gx.astype(np.float32), (0, 0), SIGMA, borderType=cv2.BORDER_REFLECT_101).astype(np.float64)
sy = cv2.GaussianBlur(gy.astype(np.float32), (0, 0), SIGMA, borderType=cv2.BORDER_REFLECT_101).astype(np.float64)
wx = ALPHA / (np.abs(sx) * np.abs(gx) + EPS); wx[:, -1] = 0
wy = ALPHA / (np.abs(sy) * np.abs(gy) + EPS); wy[-1, :] = 0

# A = I + Dx^T diag(wx) Dx + Dy^T diag(wy) Dy, built from forward-difference operators.
n = h * w
idx = np.arange(n).reshape(h, w)
def forward(di, dj, weights):
    rows, cols, vals = [], [], []
    for i in range(h - di):
        for j in range(w - dj):
            k = idx[i, j]
            rows += [k, k]; cols += [k, idx[i + di, j + dj]]; vals += [-1.0, 1.0]
    d = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return d.T @ sp.diags(weights.ravel()) @ d
A = sp.identity(n) + forward(0, 1, wx) + forward(1, 0, wy)
t = spla.spsolve(A.tocsc(), t_hat.ravel()).reshape(h, w)

tg = np.maximum(t ** GAMMA, MIN_T)
out = np.clip(unit / tg[:, :, None], 0, 1)
out8 = np.round(out * 255).astype(int)

with open(os.path.join(here, "lime.json"), "w") as f:
    json.dump({"width": w, "height": h, "illumination": [round(v, 7) for v in t.ravel().tolist()],
               "enhanced_bgr": out8.ravel().tolist()}, f)
print("illumination range", t.min(), t.max())
