"""Reference output of the official PairLIE weights, computed by an independent PyTorch rebuild.

Run with a Python that has PyTorch (1.13 here: /usr/bin/python3 tests/reference/make_pairlie.py). Reads
../shared/data/weights/pairlie/PairLIE.pth, runs the three sub-nets as the paper and the official net.py
describe them -- each five 3x3 convolutions on reflection-padded input, ReLU between, sigmoid at the end;
X = P-Net(I), L = L-Net(X), R = R-Net(X) -- written here with torch.nn.functional in float64, and the
enhanced image L^0.2 * R of the official eval.py, on a fixed 3x12x16 input given by a formula. Writes
pairlie.json. The weights themselves are not written (no licence: tests only).
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "..", "..", "..", "shared", "data", "weights", "pairlie", "PairLIE.pth")
EXPONENT = 0.2


def sub_net(x, state, name):
    for i, index in enumerate((1, 4, 7, 10, 13)):
        weight = state[f"{name}.{name}.{index}.weight"].double()
        bias = state[f"{name}.{name}.{index}.bias"].double()
        x = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="reflect"), weight, bias)
        if i < 4:
            x = F.relu(x)
    return torch.sigmoid(x)


def test_input():
    # Shared formula with PairLieTests: a dark gradient with a repeating pattern, 1x3x12x16.
    c = torch.arange(3).view(3, 1, 1)
    y = torch.arange(12).view(1, 12, 1)
    x = torch.arange(16).view(1, 1, 16)
    return (0.02 + 0.015 * x + 0.01 * y + 0.05 * ((x + 2 * y + c) % 3)).float().unsqueeze(0)


def main():
    if not os.path.exists(WEIGHTS):
        sys.exit(f"{WEIGHTS} is absent")
    state = torch.load(WEIGHTS, map_location="cpu")
    image = test_input().double()
    with torch.no_grad():
        projected = sub_net(image, state, "N_net")
        illumination = sub_net(projected, state, "L_net")
        reflectance = sub_net(projected, state, "R_net")
        enhanced = illumination.pow(EXPONENT) * reflectance
    rounded = lambda t: [round(float(v), 8) for v in t.flatten()]
    with open(os.path.join(HERE, "pairlie.json"), "w") as f:
        json.dump({
            "shape": [1, 3, 12, 16], "exponent": EXPONENT,
            "output": rounded(enhanced), "illumination": rounded(illumination),
            "reflectance": rounded(reflectance), "projected": rounded(projected),
        }, f)
    print("mean in", image.mean().item(), "out", enhanced.mean().item())


if __name__ == "__main__":
    main()
