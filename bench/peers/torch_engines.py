#!/usr/bin/python3
"""PyTorch peer for `Lumos.Bench engines` (CPU) and `Lumos.Bench gpu` (CUDA): a built-in net with Lumos's own
weights, timed on request.

usage: torch_engines.py <arch> <scale> <state> <input> <output> [device]
state: the net's weights under TorchSharp's key names (each module below names its fields like the Lumos arch), as a
PyBridge state dict (.pth) or, written without libtorch, an .npz of float32 arrays; input: {"input": 1xCxHxW float
tensor} (.pth) or that array (.npy); device: cpu (default) or cuda. Saves the output of one forward pass in the
input's format for Lumos to compare, prints "ready", then serves commands on stdin, one per line, so that Lumos can
interleave its runs with the other engines':
  threads N   torch.set_num_threads(N); prints "ok"
  input PATH [OUT]  takes another input (.pth or .npy) and, given OUT, saves its output there; prints "ok"
  run         one forward pass (no_grad, float32); prints its wall time in milliseconds. On cuda it copies the input to
              the GPU and the output back, as ONNX Runtime's runs do, and convolves in full float32 (no TF32), as Lumos.
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class ZeroDce(nn.Module):  # Guo et al., CVPR 2020: 7 convs, symmetric concatenations, 8 curve iterations
    def __init__(self):
        super().__init__()
        for i, (cin, cout) in enumerate([(3, 32), (32, 32), (32, 32), (32, 32), (64, 32), (64, 32), (64, 24)], 1):
            setattr(self, f"e_conv{i}", nn.Conv2d(cin, cout, 3, padding=1))

    def forward(self, x):
        relu = torch.relu
        x1 = relu(self.e_conv1(x))
        x2 = relu(self.e_conv2(x1))
        x3 = relu(self.e_conv3(x2))
        x4 = relu(self.e_conv4(x3))
        x5 = relu(self.e_conv5(torch.cat([x3, x4], 1)))
        x6 = relu(self.e_conv6(torch.cat([x2, x5], 1)))
        curves = torch.tanh(self.e_conv7(torch.cat([x1, x6], 1)))
        for r in torch.split(curves, 3, dim=1):
            x = x + r * (x * x - x)
        return x


class Mbllen(nn.Module):  # Lv et al., BMVC 2018: 10 FEM convs, 10 enhancement modules, 1x1 fusion
    def __init__(self, branches=10, f=32, c=8, k=5):
        super().__init__()
        self.fem = nn.ModuleList([nn.Sequential(nn.Conv2d(3 if i == 0 else f, f, 3, padding=1), nn.ReLU()) for i in range(branches)])
        self.enhancementModules = nn.ModuleList([nn.Sequential(
            nn.Conv2d(f, c, 3, padding=1), nn.ReLU(), nn.Conv2d(c, c, k), nn.ReLU(), nn.Conv2d(c, 2 * c, k), nn.ReLU(),
            nn.Conv2d(2 * c, 4 * c, k), nn.ReLU(), nn.ConvTranspose2d(4 * c, 2 * c, k), nn.ReLU(),
            nn.ConvTranspose2d(2 * c, c, k), nn.ReLU(), nn.ConvTranspose2d(c, 3, k), nn.ReLU()) for _ in range(branches)])
        self.fusion = nn.Sequential(nn.Conv2d(3 * branches, 3, 1), nn.ReLU())

    def forward(self, x):
        branches = []
        for fem, em in zip(self.fem, self.enhancementModules):
            x = fem(x)
            branches.append(em(x))
        return self.fusion(torch.cat(branches, 1))


class Srcnn(nn.Module):  # Dong et al. 2016: 9-1-5 (or 9-5-5), zero padding
    def __init__(self, mapping_kernel=1):
        super().__init__()
        self.patchExtraction = nn.Conv2d(1, 64, 9, padding=4)
        self.nonLinearMapping = nn.Conv2d(64, 32, mapping_kernel, padding=mapping_kernel // 2)
        self.reconstruction = nn.Conv2d(32, 1, 5, padding=2)

    def forward(self, x):
        return self.reconstruction(torch.relu(self.nonLinearMapping(torch.relu(self.patchExtraction(x)))))


class Fsrcnn(nn.Module):  # Dong, Loy & Tang 2016: d=56, s=12, m=4
    def __init__(self, scale):
        super().__init__()
        self.first_part = nn.Sequential(nn.Conv2d(1, 56, 5, padding=2), nn.PReLU(56))
        layers = [nn.Conv2d(56, 12, 1), nn.PReLU(12)]
        for _ in range(4):
            layers += [nn.Conv2d(12, 12, 3, padding=1), nn.PReLU(12)]
        layers += [nn.Conv2d(12, 56, 1), nn.PReLU(56)]
        self.mid_part = nn.Sequential(*layers)
        self.last_part = nn.ConvTranspose2d(56, 1, 9, stride=scale, padding=4, output_padding=scale - 1)

    def forward(self, x):
        return self.last_part(self.mid_part(self.first_part(x)))


class Espcn(nn.Module):  # Shi et al. 2016: tanh, sub-pixel convolution
    def __init__(self, scale):
        super().__init__()
        self.layer1 = nn.Conv2d(1, 64, 5, padding=2)
        self.layer2 = nn.Conv2d(64, 32, 3, padding=1)
        self.subPixel = nn.Conv2d(32, scale * scale, 3, padding=1)
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        return self.shuffle(self.subPixel(torch.tanh(self.layer2(torch.tanh(self.layer1(x))))))


class Vdsr(nn.Module):  # Kim et al. 2016: 20 convs, residual
    def __init__(self):
        super().__init__()
        layers = [nn.Conv2d(1, 64, 3, padding=1), nn.ReLU(inplace=True)]
        for _ in range(18):
            layers += [nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(inplace=True)]
        layers.append(nn.Conv2d(64, 1, 3, padding=1))
        self.residual = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.residual(x)


class ResidualBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64), nn.PReLU(64),
                                  nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64))

    def forward(self, x):
        return x + self.body(x)


class SrResNet(nn.Module):  # Ledig et al. 2017: 16 blocks, pixel shuffle x2 stages
    def __init__(self, scale):
        super().__init__()
        self.head = nn.Sequential(nn.Conv2d(3, 64, 9, padding=4), nn.PReLU(64))
        self.residualBlocks = nn.Sequential(*[ResidualBlock() for _ in range(16)])
        self.trunkEnd = nn.Sequential(nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64))
        stages = []
        s = scale
        while s > 1:
            stages += [nn.Conv2d(64, 256, 3, padding=1), nn.PixelShuffle(2), nn.PReLU(64)]
            s //= 2
        self.upsampling = nn.Sequential(*stages)
        self.tail = nn.Conv2d(64, 3, 9, padding=4)

    def forward(self, x):
        shallow = self.head(x)
        return self.tail(self.upsampling(self.trunkEnd(self.residualBlocks(shallow)) + shallow))


def build(arch, scale, state):
    return {"zerodce": lambda: ZeroDce(), "mbllen": lambda: Mbllen(),
            "srcnn": lambda: Srcnn(state["nonLinearMapping.weight"].shape[-1]), "fsrcnn": lambda: Fsrcnn(scale),
            "espcn": lambda: Espcn(scale), "vdsr": lambda: Vdsr(), "srresnet": lambda: SrResNet(scale)}[arch]()


def load_state(path):
    if path.endswith(".npz"):
        with np.load(path) as arrays:
            return {key: torch.from_numpy(arrays[key]) for key in arrays.files}
    return torch.load(path, map_location="cpu")


def load_input(path):
    return torch.from_numpy(np.load(path)) if path.endswith(".npy") else torch.load(path, map_location="cpu")["input"]


def main():
    arch, scale, state, inputs, output = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    device = torch.device(sys.argv[6] if len(sys.argv) > 6 else "cpu")
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    weights = load_state(state)
    net = build(arch, scale, weights)
    net.load_state_dict(weights, strict=True)
    net.eval().to(device)
    x = load_input(inputs)

    def forward():
        y = net(x.to(device)).cpu()  # the copy back waits for the GPU
        return y

    def save(y, path):
        if path.endswith(".npy"):
            np.save(path, y.numpy())
        else:
            torch.save({"output": y}, path)

    with torch.no_grad():
        save(forward(), output)
        print("ready", flush=True)
        for line in sys.stdin:
            command = line.split()
            if command[0] == "threads":
                torch.set_num_threads(int(command[1]))
                print("ok", flush=True)
            elif command[0] == "input":
                x = load_input(command[1])
                if len(command) > 2:
                    save(forward(), command[2])
                print("ok", flush=True)
            elif command[0] == "run":
                start = time.perf_counter()
                forward()
                print((time.perf_counter() - start) * 1000, flush=True)
            else:
                raise SystemExit(f"unknown command: {line.strip()}")


if __name__ == "__main__":
    main()
