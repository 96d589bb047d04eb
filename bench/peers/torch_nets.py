#!/usr/bin/python3
"""PyTorch CPU peer for `Lumos.Bench nets`: the same nets with the same weights, timed the same way.

usage: torch_nets.py <zerodce|mbllen> <weights> <width> <height> <threads> <repeats>
Prints the median inference time in milliseconds (one warm-up run first, no_grad, float32, NCHW).
Zero-DCE weights: the official state dict (.pth). MBLLEN weights: the official Keras .h5 (read with h5py,
HWIO -> OIHW; transposed convs (kh, kw, out, in) -> (in, out, kh, kw), no flip), as Lumos converts them.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DceNet(nn.Module):
    # Guo et al., CVPR 2020: 7 convs, symmetric concatenations, 24 curve maps, 8 iterations.
    def __init__(self):
        super().__init__()
        self.e_conv1 = nn.Conv2d(3, 32, 3, 1, 1)
        self.e_conv2 = nn.Conv2d(32, 32, 3, 1, 1)
        self.e_conv3 = nn.Conv2d(32, 32, 3, 1, 1)
        self.e_conv4 = nn.Conv2d(32, 32, 3, 1, 1)
        self.e_conv5 = nn.Conv2d(64, 32, 3, 1, 1)
        self.e_conv6 = nn.Conv2d(64, 32, 3, 1, 1)
        self.e_conv7 = nn.Conv2d(64, 24, 3, 1, 1)

    def forward(self, x):
        x1 = F.relu(self.e_conv1(x))
        x2 = F.relu(self.e_conv2(x1))
        x3 = F.relu(self.e_conv3(x2))
        x4 = F.relu(self.e_conv4(x3))
        x5 = F.relu(self.e_conv5(torch.cat([x3, x4], 1)))
        x6 = F.relu(self.e_conv6(torch.cat([x2, x5], 1)))
        curves = torch.tanh(self.e_conv7(torch.cat([x1, x6], 1)))
        for r in torch.split(curves, 3, dim=1):
            x = x + r * (x * x - x)  # LE(x) = x + a x (1 - x)
        return x


class Mbllen(nn.Module):
    # Lv et al., BMVC 2018: FEM of 10 convs, 10 enhancement modules, 1x1 fusion.
    def __init__(self):
        super().__init__()
        self.fem = nn.ModuleList([nn.Conv2d(3 if i == 0 else 32, 32, 3, padding=1) for i in range(10)])
        self.ems = nn.ModuleList([nn.ModuleList([
            nn.Conv2d(32, 8, 3, padding=1), nn.Conv2d(8, 8, 5), nn.Conv2d(8, 16, 5), nn.Conv2d(16, 32, 5),
            nn.ConvTranspose2d(32, 16, 5), nn.ConvTranspose2d(16, 8, 5), nn.ConvTranspose2d(8, 3, 5)]) for _ in range(10)])
        self.fusion = nn.Conv2d(30, 3, 1)

    def forward(self, x):
        outs = []
        for conv, em in zip(self.fem, self.ems):
            x = F.relu(conv(x))
            y = x
            for layer in em:
                y = F.relu(layer(y))
            outs.append(y)
        return F.relu(self.fusion(torch.cat(outs, 1)))


def load_mbllen(net, path):
    import h5py
    kernels = []
    with h5py.File(path, "r") as f:
        group = f["model_weights"] if "model_weights" in f else f

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name.endswith("kernel:0"):
                layer = name.split("/")[0]
                kernels.append((layer, name, obj[()], group[name.replace("kernel:0", "bias:0")][()]))
        group.visititems(visit)
    convs = [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
    if len(kernels) != len(convs):
        raise SystemExit(f"{path}: {len(kernels)} kernels for {len(convs)} layers")
    # Keras numbers layers in creation order; sort by that number, then match by shape.
    import re
    kernels.sort(key=lambda k: int(re.findall(r"\d+", k[0])[-1]) if re.findall(r"\d+", k[0]) else 0)
    for conv in convs:
        for i, (layer, name, kernel, bias) in enumerate(kernels):
            if isinstance(conv, nn.ConvTranspose2d):
                w = torch.from_numpy(kernel).permute(3, 2, 0, 1)
            else:
                w = torch.from_numpy(kernel).permute(3, 2, 0, 1)
            if tuple(w.shape) == tuple(conv.weight.shape) and ("transpose" in layer) == isinstance(conv, nn.ConvTranspose2d):
                conv.weight.data.copy_(w)
                conv.bias.data.copy_(torch.from_numpy(bias))
                kernels.pop(i)
                break


def main():
    arch, weights, width, height, threads, repeats = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
    torch.set_num_threads(threads)
    net = DceNet() if arch == "zerodce" else Mbllen()
    if arch == "zerodce":
        net.load_state_dict(torch.load(weights, map_location="cpu"))
    else:
        load_mbllen(net, weights)
    net.eval()
    x = torch.rand(1, 3, height, width, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        net(x)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            net(x)
            times.append((time.perf_counter() - start) * 1000)
    print(sorted(times)[len(times) // 2])


if __name__ == "__main__":
    main()
