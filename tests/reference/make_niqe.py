"""Reference values for src/Lumos/Measures/Niqe.cs and src/Lumos/Imaging/MatlabResize.cs.

Run with /usr/bin/python3 (numpy, scipy, cv2 only for PNG I/O). An independent NIQE written from the official
MATLAB release (computequality.m, computefeature.m, estimateaggdparam.m) and MATLAB's imresize.m:
  grey      = round(rgb2gray(uint8 RGB)) as double on [0, 255]
  crop      = top-left multiple of 96 x 96
  MSCN      = (I - mu) / (sigma + 1), 7x7 Gaussian (sigma 7/6, normalised), imfilter 'replicate'
  features  = per 96x96 block (48x48 at scale 2): AGGD of the MSCN (alpha, (bl + br) / 2), and for the
              circshift products [0 1], [1 0], [1 1], [1 -1]: alpha, (br - bl) G(2/a)/G(1/a), bl, br
  scale 2   = imresize(I, 0.5) (bicubic, antialiased)
  quality   = sqrt(d' pinv((cov_pris + cov) / 2) d), d = mu_pris - nanmean(feat), cov = nancov(feat)
One deliberate choice shared with Lumos: I - mu with |I - mu| < 1e-9 is set to exactly 0, so a flat
region gives the exact-arithmetic MSCN (0) instead of round-off noise, whose signs would be counted by the
AGGD fit. Writes niqe_*.png inputs and niqe.json.
"""
import json
import math
import os

import cv2
import numpy as np
from scipy.ndimage import correlate
from scipy.special import gamma

here = os.path.dirname(os.path.abspath(__file__))
model_dir = os.path.join(here, "..", "..", "..", "shared", "data", "niqe")
samples = os.path.join(here, "..", "..", "samples")


# ---------------------------------------------------------------- MATLAB imresize (bicubic)
def cubic(x):
    ax = np.abs(x)
    return ((1.5 * ax**3 - 2.5 * ax**2 + 1) * (ax <= 1)
            + (-0.5 * ax**3 + 2.5 * ax**2 - 4 * ax + 2) * ((ax > 1) & (ax <= 2)))


def contributions(in_len, out_len, scale):
    width = 4.0
    if scale < 1:
        kernel = lambda x: scale * cubic(scale * x)
        width = width / scale
    else:
        kernel = cubic
    x = np.arange(1, out_len + 1, dtype=np.float64)
    u = x / scale + 0.5 * (1 - 1 / scale)
    left = np.floor(u - width / 2)
    taps = int(math.ceil(width)) + 2
    ind = left[:, None] + np.arange(taps)[None, :]
    w = kernel(u[:, None] - ind)
    w = w / w.sum(axis=1, keepdims=True)
    aux = np.concatenate([np.arange(1, in_len + 1), np.arange(in_len, 0, -1)])
    ind = aux[np.mod(ind.astype(np.int64) - 1, len(aux))] - 1
    return w, ind


def imresize(img, scale):
    """MATLAB imresize(img, scale) for double input: bicubic, antialiasing, dimension with smaller scale first."""
    out = img.astype(np.float64)
    out_shape = [int(math.ceil(scale * s)) for s in img.shape[:2]]
    for dim in (0, 1):  # equal scales: MATLAB's stable sort keeps rows first
        w, ind = contributions(out.shape[dim], out_shape[dim], scale)
        moved = np.moveaxis(out, dim, 0)
        res = np.zeros((out_shape[dim],) + moved.shape[1:])
        for i in range(out_shape[dim]):
            for k in range(w.shape[1]):
                res[i] += w[i, k] * moved[ind[i, k]]
        out = np.moveaxis(res, 0, dim)
    return out


# ---------------------------------------------------------------- NIQE
GAM = 0.2 + 0.001 * np.arange(9801)
R_GAM = gamma(2 / GAM) ** 2 / (gamma(1 / GAM) * gamma(3 / GAM))


def aggd(vec):
    left = vec[vec < 0]
    right = vec[vec > 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        leftstd = np.sqrt(np.mean(left**2)) if left.size else np.nan
        rightstd = np.sqrt(np.mean(right**2)) if right.size else np.nan
        gammahat = leftstd / rightstd
        rhat = np.mean(np.abs(vec)) ** 2 / np.mean(vec**2)
        rhatnorm = rhat * (gammahat**3 + 1) * (gammahat + 1) / (gammahat**2 + 1) ** 2
        alpha = GAM[np.argmin((R_GAM - rhatnorm) ** 2)]  # all-NaN: MATLAB's min gives index 1 as well
        s = math.sqrt(gamma(1 / alpha) / gamma(3 / alpha))
    return alpha, leftstd * s, rightstd * s


def block_features(block):
    a, bl, br = aggd(block.ravel())
    feat = [a, (bl + br) / 2]
    for shift in ((0, 1), (1, 0), (1, 1), (1, -1)):
        pair = (block * np.roll(block, shift, axis=(0, 1))).ravel()
        a, bl, br = aggd(pair)
        feat += [a, (br - bl) * gamma(2 / a) / gamma(1 / a), bl, br]  # scales, not squared (computefeature.m)
    return feat


def mscn(im):
    ax = np.arange(-3, 4)
    g = np.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * (7 / 6) ** 2))
    window = g / g.sum()
    mu = correlate(im, window, mode="nearest")
    sigma = np.sqrt(np.abs(correlate(im * im, window, mode="nearest") - mu * mu))
    centred = im - mu
    centred[np.abs(centred) < 1e-9] = 0
    return centred / (sigma + 1)


def grey_of(bgr):
    if bgr.ndim == 2:
        return bgr.astype(np.float64)
    b, g, r = (bgr[..., i].astype(np.float64) for i in range(3))
    return np.floor(0.298936021293775 * r + 0.587043074451121 * g + 0.114020904255103 * b + 0.5)


def niqe(bgr, mu_p, cov_p, patch=96):
    im = grey_of(bgr)
    rows, cols = im.shape[0] // patch, im.shape[1] // patch
    im = im[: rows * patch, : cols * patch]
    feats = []
    for scale in (1, 2):
        s = mscn(im)
        b = patch // scale
        feats.append(np.array([block_features(s[r * b:(r + 1) * b, c * b:(c + 1) * b])
                               for r in range(rows) for c in range(cols)]))
        im = imresize(im, 0.5)
    feat = np.hstack(feats)
    mu = np.nanmean(feat, axis=0)
    complete = feat[~np.isnan(feat).any(axis=1)]
    cov = np.cov(complete, rowvar=False)
    d = mu_p - mu
    return float(np.sqrt(d @ np.linalg.pinv((cov_p + cov) / 2) @ d)), int(len(feat)), int(len(complete))


def main():
    mu_p = np.loadtxt(os.path.join(model_dir, "niqe_mu_pris_param.txt"))
    cov_p = np.loadtxt(os.path.join(model_dir, "niqe_cov_pris_param.txt"))
    coffee = cv2.imread(os.path.join(samples, "coffee.jpg"), cv2.IMREAD_COLOR)
    dark = cv2.imread(os.path.join(samples, "dark-coffee.png"), cv2.IMREAD_COLOR)
    chelsea = cv2.imread(os.path.join(samples, "chelsea.jpg"), cv2.IMREAD_COLOR)
    flat = cv2.cvtColor(chelsea[50:250, 100:401], cv2.COLOR_BGR2GRAY)  # 200x301 grey, crops to 192x288
    flat[:120, :130] = 0  # one whole flat patch, two partly flat
    inputs = {
        "niqe_coffee.png": coffee[100:292, 200:488],
        "niqe_dark_coffee.png": dark[100:292, 200:488],
        "niqe_flat_grey.png": flat,
    }
    images = []
    for name, img in inputs.items():
        cv2.imwrite(os.path.join(here, name), img)
        value, patches, complete = niqe(cv2.imread(os.path.join(here, name), cv2.IMREAD_UNCHANGED), mu_p, cov_p)
        images.append({"input": name, "niqe": value, "patches": patches, "complete_patches": complete})
        print(name, value, patches, complete)

    rng = np.random.default_rng(3)
    resize_input = rng.uniform(0, 255, (7, 10))
    resize = {"input": resize_input.tolist(),
              "scales": {f"{s:g}": imresize(resize_input, s).tolist() for s in (0.5, 0.75, 2.0, 3.0)}}
    with open(os.path.join(here, "niqe.json"), "w") as f:
        json.dump({"generator": "make_niqe.py", "images": images, "matlab_resize": resize}, f, indent=1)


if __name__ == "__main__":
    main()
