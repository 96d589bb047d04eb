"""Reference output of the official Zero-DCE weights, computed with numpy alone (no PyTorch).

Reads ../shared/data/weights/zerodce/Epoch99.pth (legacy torch.save format) with the standard pickle module,
runs DCE-Net exactly as the official model.py (enhance_net_nopool) on a fixed 3x12x16 input given by a
formula, and writes zerodce.json. The weights themselves are not written (CC BY-NC: tests only).
"""
import json
import os
import pickle
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "..", "..", "..", "shared", "data", "weights", "zerodce", "Epoch99.pth")


def load_legacy_state_dict(path):
    storages = {}

    class Storage:
        def __init__(self, key, numel):
            self.key, self.numel, self.data = key, numel, None

    class StateDict(dict):
        pass  # a dict with a __dict__, for the _metadata attribute pickle sets on OrderedDict

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) == ("collections", "OrderedDict"):
                return StateDict
            if module == "torch._utils" and name == "_rebuild_tensor_v2":
                return lambda storage, offset, size, stride, *rest: ("tensor", storage, offset, size, stride)
            if module == "torch" and name == "FloatStorage":
                return "float32"
            raise pickle.UnpicklingError(f"{module}.{name}")

        def persistent_load(self, pid):
            kind, dtype, key, location, numel, view = pid
            assert kind == "storage" and dtype == "float32"
            return storages.setdefault(key, Storage(key, numel))

    with open(path, "rb") as f:
        for _ in range(3):
            pickle.load(f)  # magic number, protocol version, sys info
        state = Unpickler(f).load()
        keys = pickle.load(f)
        for key in keys:
            (numel,) = struct.unpack("<q", f.read(8))
            storages[key].data = np.frombuffer(f.read(4 * numel), dtype="<f4")
    tensors = {}
    for name, (_, storage, offset, size, stride) in state.items():
        tensors[name] = np.lib.stride_tricks.as_strided(storage.data[offset:], shape=size, strides=[4 * s for s in stride]).copy()
    return tensors


def conv3x3(x, weight, bias):
    c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    out = np.zeros((weight.shape[0], h, w), dtype=np.float64)
    for dy in range(3):
        for dx in range(3):
            out += np.einsum("oc,chw->ohw", weight[:, :, dy, dx], padded[:, dy:dy + h, dx:dx + w])
    return out + bias[:, None, None]


def dce_net(x, p):
    relu = lambda v: np.maximum(v, 0)
    conv = lambda i, v: conv3x3(v, p[f"e_conv{i}.weight"].astype(np.float64), p[f"e_conv{i}.bias"].astype(np.float64))
    x1 = relu(conv(1, x))
    x2 = relu(conv(2, x1))
    x3 = relu(conv(3, x2))
    x4 = relu(conv(4, x3))
    x5 = relu(conv(5, np.concatenate([x3, x4])))
    x6 = relu(conv(6, np.concatenate([x2, x5])))
    r = np.tanh(conv(7, np.concatenate([x1, x6])))
    for i in range(8):
        x = x + r[3 * i:3 * i + 3] * (x * x - x)
    return x


def test_input():
    # Shared formula with ZeroDceTests: a dark gradient with a repeating pattern, 3x12x16, float32.
    c, y, x = np.meshgrid(np.arange(3), np.arange(12), np.arange(16), indexing="ij")
    return (0.02 + 0.015 * x + 0.01 * y + 0.05 * ((x + 2 * y + c) % 3)).astype(np.float32)


def main():
    if not os.path.exists(WEIGHTS):
        sys.exit(f"{WEIGHTS} is absent")
    params = load_legacy_state_dict(WEIGHTS)
    x = test_input().astype(np.float64)
    y = dce_net(x, params)
    with open(os.path.join(HERE, "zerodce.json"), "w") as f:
        json.dump({"shape": [1, 3, 12, 16], "output": [round(float(v), 7) for v in y.ravel()]}, f)
    print("mean in", x.mean(), "out", y.mean())


if __name__ == "__main__":
    main()
