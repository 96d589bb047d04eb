"""Reference values for the full-reference measures in src/Lumos/Measures (run with /usr/bin/python3:
numpy, scipy, cv2, skimage).

Writes two fixed pairs as PNGs (image = a distorted result, reference = its ground truth):
  full_colour_*.png  200x200 8-bit BGR (large enough for 5-scale MS-SSIM; LOE downsamples it 4x to 50x50)
  full_grey_*.png    64x48 8-bit grey (LOE uses it as is: its smaller side is under 50)
and full_reference.json with every value computed independently of Lumos:
  psnr / ssim          skimage.metrics on all channels (channel_axis, gaussian_weights, sigma 1.5,
                       use_sample_covariance=False, data_range 255)
  psnr-y4 / ssim-y4    the same on BasicSR/MATLAB Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255
                       (float64, unrounded) with 4 pixels cropped at each side
  ms-ssim-y / ms-ssim-rgb  a numpy MS-SSIM (Wang, Simoncelli & Bovik 2003; msssim.m conventions)
  ciede2000            mean of skimage.color.deltaE_ciede2000 of skimage.color.rgb2lab
  loe                  a plain numpy double loop over pixel pairs of max(R,G,B), 4x4 block means first
"""
import json
import os

import cv2
import numpy as np
from scipy.ndimage import gaussian_filter
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2005)


def scene(h, w, channels):
    y, x = np.mgrid[0:h, 0:w] / np.array([h, w]).reshape(2, 1, 1)
    planes = [30 + 150 * x + 40 * np.sin(11 * y),
              20 + 190 * x * y + 30 * np.cos(13 * x * y),
              50 + 160 * (1 - x) * y + 50 * ((np.arange(w)[None, :] // 10 + np.arange(h)[:, None] // 10) % 2)]
    return np.stack(planes[:channels], axis=2) + rng.normal(0, 4, (h, w, channels))


def to8(a):
    return np.clip(np.round(a), 0, 255).astype(np.uint8)


def pair(h, w, channels):
    reference = scene(h, w, channels)
    # A plausible enhancement result: a tone curve, a colour cast, blur and noise.
    image = 255 * (np.clip(reference, 0, 255) / 255) ** 0.8 * np.array([1.0, 0.93, 1.06][:channels])
    image = cv2.GaussianBlur(image, (5, 5), 1.0).reshape(reference.shape) + rng.normal(0, 6, reference.shape)
    return to8(image).squeeze(), to8(reference).squeeze()


def y_basicsr(bgr):
    b, g, r = (bgr[..., i].astype(np.float64) for i in range(3))
    return 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0


def ssim(a, b, **kw):
    return structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                 data_range=255, **kw)


def ms_ssim(a, b):
    """Wang's msssim.m: 11x11 Gaussian (sigma 1.5), 'valid' region, 2x2 mean with the last row/column repeated."""
    weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    a, b = a.astype(np.float64), b.astype(np.float64)
    result = 1.0
    for level, weight in enumerate(weights):
        f = lambda z: gaussian_filter(z, 1.5, truncate=3.5, mode='reflect')[5:-5, 5:-5]
        mx, my = f(a), f(b)
        vx, vy, vxy = f(a * a) - mx * mx, f(b * b) - my * my, f(a * b) - mx * my
        cs = (2 * vxy + c2) / (vx + vy + c2)
        if level < len(weights) - 1:
            result *= max(cs.mean(), 0) ** weight
            a, b = (np.pad(z, ((0, z.shape[0] % 2), (0, z.shape[1] % 2)), mode='symmetric') for z in (a, b))
            a, b = ((z[0::2, 0::2] + z[1::2, 0::2] + z[0::2, 1::2] + z[1::2, 1::2]) / 4 for z in (a, b))
        else:
            lum = (2 * mx * my + c1) / (mx * mx + my * my + c1)
            result *= max((lum * cs).mean(), 0) ** weight
    return result


def loe(image, reference):
    """Lightness order error (Wang et al. 2013): image = enhanced result, reference = its low-light input."""
    le, l = (np.atleast_3d(z).astype(np.float64).max(axis=2) for z in (image, reference))
    h, w = l.shape
    if min(h, w) > 50:
        k = min(h, w) // 50
        assert h % k == 0 and w % k == 0 and min(h, w) == 50 * k, "this reference only does whole-block downsampling"
        l, le = (z.reshape(h // k, k, w // k, k).mean(axis=(1, 3)) for z in (l, le))
    l, le = l.ravel(), le.ravel()
    total = 0
    for i in range(l.size):
        total += np.count_nonzero((l[i] >= l) ^ (le[i] >= le))
    return total / l.size


def values(image, reference):
    colour = image.ndim == 3
    rgb = (lambda z: z[..., ::-1]) if colour else (lambda z: np.stack([z] * 3, axis=2))
    yi, yr = (y_basicsr(z)[4:-4, 4:-4] if colour else z[4:-4, 4:-4].astype(np.float64) for z in (image, reference))
    out = {
        "psnr": peak_signal_noise_ratio(reference, image, data_range=255),
        "ssim": ssim(image, reference, channel_axis=2) if colour else ssim(image, reference),
        "psnr-y4": 10 * np.log10(255.0 ** 2 / np.mean((yi - yr) ** 2)),
        "ssim-y4": ssim(yi, yr),
        "ciede2000": deltaE_ciede2000(rgb2lab(rgb(reference)), rgb2lab(rgb(image))).mean(),
        "loe": loe(image, reference),
    }
    if colour:
        out["ms-ssim-y"] = ms_ssim(y_basicsr(image), y_basicsr(reference))
        out["ms-ssim-rgb"] = np.mean([ms_ssim(image[..., c], reference[..., c]) for c in range(3)])
    return {k: float(v) for k, v in out.items()}


result = {}
for name, (h, w, channels) in {"colour": (200, 200, 3), "grey": (48, 64, 1)}.items():
    image, reference = pair(h, w, channels)
    files = {"image": f"full_{name}_image.png", "reference": f"full_{name}_reference.png"}
    cv2.imwrite(os.path.join(here, files["image"]), image)
    cv2.imwrite(os.path.join(here, files["reference"]), reference)
    result[name] = {**files, "values": values(image, reference)}

with open(os.path.join(here, "full_reference.json"), "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result, indent=1))
