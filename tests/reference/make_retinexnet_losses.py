"""Reference values of Retinex-Net's losses, computed by an independent PyTorch rebuild of the official TensorFlow code.

Run with a Python that has PyTorch (1.13 here: /usr/bin/python3 tests/reference/make_retinexnet_losses.py). Rebuilds
loss_Decom and loss_Relight of the official model.py (Wei et al., BMVC 2018) in float64: the gradient is a
convolution with the 2x2 kernel [[0, 0], [-1, 1]] (transposed for y) under TensorFlow's 'SAME' padding (one zero row
and column after the image), its 3x3 average under 'SAME' pooling divides by the number of pixels inside the image
(computed here from a convolution of ones), rgb_to_grayscale weights (0.2989, 0.5870, 0.1140). Inputs are fixed
formulas shared with RetinexNetLossesTests. Writes retinexnet_losses.json.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
H, W = 7, 9


def field(channels, a, b, c):
    # Shared formula with RetinexNetLossesTests.Field: a smooth wave in (0, 1), different per (a, b, c).
    ch = torch.arange(channels).view(channels, 1, 1).double()
    y = torch.arange(H).view(1, H, 1).double()
    x = torch.arange(W).view(1, 1, W).double()
    return (0.5 + 0.4 * torch.sin(a * x + b * y + c * (ch + 1))).unsqueeze(0)


def gradient(t, direction):
    kernel = torch.tensor([[0.0, 0.0], [-1.0, 1.0]], dtype=torch.float64)
    if direction == "y":
        kernel = kernel.t()
    padded = F.pad(t, (0, 1, 0, 1))
    return F.conv2d(padded, kernel.view(1, 1, 2, 2)).abs()


def ave_gradient(t, direction):
    g = gradient(t, direction)
    ones = torch.ones_like(g)
    box = torch.ones(1, 1, 3, 3, dtype=torch.float64)
    return F.conv2d(g, box, padding=1) / F.conv2d(ones, box, padding=1)


def smooth(i, r):
    grey = (r * torch.tensor([0.2989, 0.5870, 0.1140], dtype=torch.float64).view(1, 3, 1, 1)).sum(1, keepdim=True)
    return (gradient(i, "x") * torch.exp(-10 * ave_gradient(grey, "x")) + gradient(i, "y") * torch.exp(-10 * ave_gradient(grey, "y"))).mean()


def l1(a, b):
    return (a - b).abs().mean()


def main():
    low, normal = 0.3 * field(3, 0.7, 0.3, 0.5), field(3, 0.2, 0.9, 1.1)
    r_low, r_high = field(3, 0.5, 0.4, 0.2), field(3, 0.45, 0.5, 0.3)
    i_low, i_high, i_delta = 0.3 * field(1, 0.3, 0.2, 0.1), field(1, 0.25, 0.35, 0.4), 1.5 * field(1, 1.3, 0.6, 0.7)
    recon = l1(r_low * i_low, low) + l1(r_high * i_high, normal) + 0.001 * l1(r_high * i_low, low) + 0.001 * l1(r_low * i_high, normal)
    result = {
        "height": H, "width": W,
        "decom_recon": recon.item(),
        "decom_ir": 0.01 * l1(r_low, r_high).item(),
        "decom_is": 0.1 * (smooth(i_low, r_low) + smooth(i_high, r_high)).item(),
        "relight": l1(r_low * i_delta, normal).item(),
        "relight_is": 3 * smooth(i_delta, r_low).item(),
    }
    with open(os.path.join(HERE, "retinexnet_losses.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(result)


if __name__ == "__main__":
    main()
