#!/usr/bin/python3
"""numpy reference implementations of Lumos's heavy classic methods, written from the papers as a numpy user
would (float32 arrays, cv2 only for Gaussian blur, erosion and resizing), as peers of `Lumos.Bench classic`.

usage: numpy_classic.py <image.png> <threads> <repeats> --fresh NAME
Runs NAME once in this fresh process and prints "NAME MS" (what one CLI call pays, imports and image read
excluded), then <repeats> more calls and prints "NAME MS" again with their median (warm).
  numpy-msr     Jobson, Rahman & Woodell 1997 eq. 3: R = mean_k [log I - log(G_k * I)], sigmas 15/80/250,
                samples + 1, full-resolution cv2.GaussianBlur (reflect border); simplest colour balance per
                channel with 1 % clipped at each end (Petro, Sbert & Morel, IPOL 2014)
  numpy-msrcr   the same times C_i = beta (log(alpha I_i) - log sum_j I_j), alpha 125, beta 46 (eqs. 6-8)
  numpy-dong    Dong et al. ICME 2011: R = 1 - I, dark channel (7x7 erosion of the channel minimum), A = the
                candidate with the largest R sum among the 100 brightest dark-channel pixels,
                t = 1 - 0.8 min_7x7 min_c R/A, P = 2t where t < 0.5, t floored at 0.05, out = 1 - ((R - A)/(P t) + A)
  numpy-lime    Guo, Li & Ling 2017: t^ = max(R, G, B); eq. 19 with strategy III weights (alpha 0.15, sigma 2,
                eps 1e-3) solved by Jacobi-preconditioned conjugate gradients to a relative residual of 1e-4 on a
                copy shrunk to 0.25 MP (area), upsampled bilinearly; out = I / max(T^0.8, 0.01) -- Lumos's settings
"""
import sys

import cv2
import numpy as np

from peer_timing import median_milliseconds, milliseconds, read_colour

SIGMAS = (15.0, 80.0, 250.0)


def balance(values, clip=1.0):
    """Simplest colour balance per channel: clip % of each end saturated, the rest stretched to 0..255."""
    out = np.empty(values.shape, np.uint8)
    for c in range(values.shape[2]):
        channel = values[:, :, c]
        flat = channel.ravel()
        k = int(flat.size * clip / 100)
        low, high = np.partition(flat, [k, flat.size - 1 - k])[[k, flat.size - 1 - k]]
        out[:, :, c] = np.round(np.clip((channel - low) / max(high - low, 1e-12), 0, 1) * 255)
    return out


def retinex(image):
    shifted = image.astype(np.float32) + 1
    log_image = np.log(shifted)
    r = sum(log_image - np.log(cv2.GaussianBlur(shifted, (0, 0), s, borderType=cv2.BORDER_REFLECT)) for s in SIGMAS)
    return r / len(SIGMAS), shifted


def msr(image):
    return balance(retinex(image)[0])


def msrcr(image, alpha=125.0, beta=46.0):
    r, shifted = retinex(image)
    restoration = beta * (np.log(alpha * shifted) - np.log(shifted.sum(axis=2, keepdims=True)))
    return balance(r * restoration)


def dong(image, omega=0.8, patch=7, candidates=100, floor=0.05):
    inverted = 1 - image.astype(np.float32) / 255
    kernel = np.ones((patch, patch), np.uint8)
    dark = cv2.erode(inverted.min(axis=2), kernel).ravel()
    brightest = np.argpartition(dark, dark.size - candidates)[-candidates:]
    pixels = inverted.reshape(-1, 3)[brightest]
    airlight = np.maximum(pixels[pixels.sum(axis=1).argmax()], 1e-6)
    t = 1 - omega * cv2.erode((inverted / airlight).min(axis=2), kernel)
    t = np.maximum(np.where(t < 0.5, 2 * t * t, t), floor)
    recovered = (inverted - airlight) / t[:, :, None] + airlight
    return np.clip(np.round((1 - recovered) * 255), 0, 255).astype(np.uint8)


def lime(image, alpha=0.15, sigma=2.0, eps=1e-3, gamma=0.8, megapixels=0.25, tolerance=1e-4, iterations=5000):
    unit = image.astype(np.float32) / 255
    t_hat = unit.max(axis=2)
    h, w = t_hat.shape
    scale = min(1.0, np.sqrt(megapixels * 1e6 / (h * w)))
    small = cv2.resize(t_hat, (max(2, round(w * scale)), max(2, round(h * scale))), interpolation=cv2.INTER_AREA)
    t = solve_illumination(small, alpha, sigma, eps, tolerance, iterations)
    t = cv2.resize(t, (w, h), interpolation=cv2.INTER_LINEAR)
    out = np.minimum(unit / np.maximum(t ** gamma, 0.01)[:, :, None], 1)
    return np.round(out * 255).astype(np.uint8)


def solve_illumination(t_hat, alpha, sigma, eps, tolerance, iterations):
    """(I + sum_d D_d^T diag(w_d) D_d) t = t^ by PCG, weights of LIME's strategy III (eq. 23, eps on the product)."""
    gx = np.zeros_like(t_hat)
    gx[:, :-1] = t_hat[:, 1:] - t_hat[:, :-1]
    gy = np.zeros_like(t_hat)
    gy[:-1] = t_hat[1:] - t_hat[:-1]
    wx = alpha / (np.abs(cv2.GaussianBlur(gx, (0, 0), sigma)) * np.abs(gx) + eps)
    wy = alpha / (np.abs(cv2.GaussianBlur(gy, (0, 0), sigma)) * np.abs(gy) + eps)
    wx[:, -1] = 0
    wy[-1] = 0

    def multiply(v):
        out = v.copy()
        d = wx[:, :-1] * (v[:, :-1] - v[:, 1:])
        out[:, :-1] += d
        out[:, 1:] -= d
        d = wy[:-1] * (v[:-1] - v[1:])
        out[:-1] += d
        out[1:] -= d
        return out

    diagonal = 1 + wx + wy
    diagonal[:, 1:] += wx[:, :-1]
    diagonal[1:] += wy[:-1]
    x = t_hat.copy()
    r = t_hat - multiply(x)
    z = r / diagonal
    p = z.copy()
    rz = np.vdot(r, z)
    threshold = tolerance * np.linalg.norm(t_hat)
    for _ in range(iterations):
        if np.linalg.norm(r) <= threshold:
            break
        q = multiply(p)
        step = rz / np.vdot(p, q)
        x += step * p
        r -= step * q
        z = r / diagonal
        rz, rz_old = np.vdot(r, z), rz
        p = z + (rz / rz_old) * p
    return x


OPERATIONS = {"numpy-msr": msr, "numpy-msrcr": msrcr, "numpy-dong": dong, "numpy-lime": lime}



def main(args):
    image = read_colour(args[0])
    cv2.setNumThreads(int(args[1]))
    repeats = int(args[2])
    if len(args) != 5 or args[3] != "--fresh" or args[4] not in OPERATIONS:
        sys.exit(f"usage: numpy_classic.py IMAGE THREADS REPEATS --fresh {{{','.join(OPERATIONS)}}}")
    name, run = args[4], OPERATIONS[args[4]]
    print(name, milliseconds(run, image), flush=True)
    print(name, median_milliseconds(run, image, repeats), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
