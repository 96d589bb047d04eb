"""Reference output of a small Retinex-Net, computed by an independent PyTorch rebuild of the official TensorFlow model.py.

Run with a Python that has PyTorch (1.13 here: /usr/bin/python3 tests/reference/make_retinexnet.py). Draws the weights
of a 4-channel net with two activated Decom-Net layers (seeded), runs DecomNet and RelightNet as the official code
describes them -- [max_c S, S] -> 9x9 conv -> (3x3 conv, ReLU) x layer_num -> 3x3 conv -> sigmoid, R = first three
channels, I = the last; [R, I] -> conv0 -> three stride-2 convs with ReLU -> nearest up-sampling + conv + ReLU + skip,
three times -> the decoder scales nearest-resized to full size and concatenated -> 1x1 -> 3x3 -- in float64 with
torch.nn.functional (zero padding; up-sampling by repeating each pixel and cropping, which is TensorFlow's
resize_nearest_neighbor wherever the size exactly doubles), on a fixed 1x3x13x18 input given by a formula. Writes the
weights, R, I, I' and the output R * I' to retinexnet.json.
"""
import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
C, LAYERS, H, W = 4, 2, 13, 18


def shapes():
    s = {"shallow": (C, 4, 9, 9)}
    for i in range(LAYERS):
        s[f"activated.{i}"] = (C, C, 3, 3)
    s["recon"] = (4, C, 3, 3)
    s["conv0"] = (C, 4, 3, 3)
    for i in range(3):
        s[f"down.{i}"] = (C, C, 3, 3)
        s[f"up.{i}"] = (C, C, 3, 3)
    s["fusion"] = (C, 3 * C, 1, 1)
    s["output"] = (1, C, 3, 3)
    return s


def up(x, factor, like):
    y = x.repeat_interleave(factor, 2).repeat_interleave(factor, 3)
    return y[:, :, :like.shape[2], :like.shape[3]]


def main():
    torch.manual_seed(5)
    weights = {}
    for name, shape in shapes().items():
        fan_in = shape[1] * shape[2] * shape[3]
        weights[name + ".weight"] = (torch.rand(shape, dtype=torch.float64) * 2 - 1) / fan_in ** 0.5
        weights[name + ".bias"] = (torch.rand(shape[0], dtype=torch.float64) * 2 - 1) / fan_in ** 0.5
    conv = lambda x, name, **kw: F.conv2d(x, weights[name + ".weight"], weights[name + ".bias"], **kw)

    c = torch.arange(3).view(3, 1, 1)
    y = torch.arange(H).view(1, H, 1)
    x = torch.arange(W).view(1, 1, W)
    image = (0.03 + 0.012 * x + 0.009 * y + 0.04 * ((x + 2 * y + c) % 3)).double().unsqueeze(0)

    with torch.no_grad():
        s = torch.cat([image.max(1, keepdim=True)[0], image], 1)
        f = conv(s, "shallow", padding=4)
        for i in range(LAYERS):
            f = F.relu(conv(f, f"activated.{i}", padding=1))
        ri = torch.sigmoid(conv(f, "recon", padding=1))
        r, i_low = ri[:, :3], ri[:, 3:]
        conv0 = conv(torch.cat([r, i_low], 1), "conv0", padding=1)
        conv1 = F.relu(conv(conv0, "down.0", stride=2, padding=1))
        conv2 = F.relu(conv(conv1, "down.1", stride=2, padding=1))
        conv3 = F.relu(conv(conv2, "down.2", stride=2, padding=1))
        deconv1 = F.relu(conv(up(conv3, 2, conv2), "up.0", padding=1)) + conv2
        deconv2 = F.relu(conv(up(deconv1, 2, conv1), "up.1", padding=1)) + conv1
        deconv3 = F.relu(conv(up(deconv2, 2, conv0), "up.2", padding=1)) + conv0
        gathered = torch.cat([up(deconv1, 4, deconv3), up(deconv2, 2, deconv3), deconv3], 1)
        adjusted = conv(conv(gathered, "fusion"), "output", padding=1)
        output = r * adjusted

    flat = lambda t: [round(float(v), 10) for v in t.flatten()]
    with open(os.path.join(HERE, "retinexnet.json"), "w") as f:
        json.dump({
            "channels": C, "decomLayers": LAYERS, "shape": [1, 3, H, W],
            "weights": {k: {"shape": list(v.shape), "values": flat(v)} for k, v in weights.items()},
            "input": flat(image), "reflectance": flat(r), "illumination": flat(i_low),
            "adjusted": flat(adjusted), "output": flat(output),
        }, f)
    print("mean in", image.mean().item(), "out", output.mean().item())


if __name__ == "__main__":
    main()
