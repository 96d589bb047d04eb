#!/usr/bin/python3
"""PyTorch CPU peer for `Lumos.Bench sr`: the SR nets with Lumos's own weights, timed the same way.

usage: torch_sr.py <arch> <scale> <state.pth> <input.pth> <threads> <repeats> <output.pth> [<model.onnx>]
state.pth: the net's weights as Lumos writes them (PyBridge state dict, TorchSharp key names);
input.pth: {"input": 1xCxHxW float tensor}. Prints the median forward time in milliseconds (one warm-up
run first, no_grad, float32) and saves {"output": ...} for Lumos to compare. With <model.onnx>, also exports
the net to ONNX (opset 13, dynamic height and width) for Lumos's ONNX Runtime row.
"""
import sys
import time

import torch
import torch.nn as nn


class Srcnn(nn.Module):  # Dong et al. 2016: 9-1-5, zero padding
    def __init__(self):
        super().__init__()
        self.patchExtraction = nn.Conv2d(1, 64, 9, padding=4)
        self.nonLinearMapping = nn.Conv2d(64, 32, 1)
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


def build(arch, scale):
    return {"srcnn": lambda: Srcnn(), "fsrcnn": lambda: Fsrcnn(scale), "espcn": lambda: Espcn(scale),
            "vdsr": lambda: Vdsr(), "srresnet": lambda: SrResNet(scale)}[arch]()


def main():
    arch, scale, state, inputs, threads, repeats, output = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
    torch.set_num_threads(threads)
    net = build(arch, scale)
    net.load_state_dict(torch.load(state, map_location="cpu"), strict=True)
    net.eval()
    x = torch.load(inputs, map_location="cpu")["input"]
    with torch.no_grad():
        y = net(x)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            net(x)
            times.append((time.perf_counter() - start) * 1000)
    torch.save({"output": y}, output)
    if len(sys.argv) > 8:
        torch.onnx.export(net, x[..., :32, :32], sys.argv[8], opset_version=13, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {2: "h", 3: "w"}, "y": {2: "H", 3: "W"}})
    print(sorted(times)[len(times) // 2])


if __name__ == "__main__":
    main()
