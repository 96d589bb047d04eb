#!/usr/bin/python3
"""Debian's OpenCV for Python as the peer of `Lumos.Bench classic`: what a user would write instead of Lumos.

usage: opencv_classic.py <image.png> <threads> <repeats> [--fresh NAME]
Each operation works on Y of YCrCb and rebuilds colour, as Lumos's he/clahe/gamma do:
  cv2-equalize-hist   BGR->YCrCb, cv2.equalizeHist on Y, YCrCb->BGR
  cv2-clahe           the same with cv2.createCLAHE(clipLimit=2, tileGridSize=(8, 8)).apply (Lumos's clahe defaults)
  cv2-gamma-lut       the same with cv2.LUT on Y through round(255 (i/255)^0.5) (Lumos's gamma default)
The image is read before timing; threads go to cv2.setNumThreads. Without --fresh: one warm-up call, then the
median of <repeats> calls, one line per operation: "NAME MS". With --fresh NAME: only the first call of NAME in
this process (a fresh process, as one CLI call pays it): "NAME MS".
"""
import sys

import cv2
import numpy as np

from peer_timing import median_milliseconds, milliseconds, read_colour


def on_y(image, map_y):
    ycrcb = cv2.cvtColor(image, cv2.COLOR_BGR2YCrCb)
    ycrcb[:, :, 0] = map_y(ycrcb[:, :, 0])
    return cv2.cvtColor(ycrcb, cv2.COLOR_YCrCb2BGR)


def operations():
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    gamma = np.clip(np.round(255 * (np.arange(256) / 255.0) ** 0.5), 0, 255).astype(np.uint8)
    return {
        "cv2-equalize-hist": lambda image: on_y(image, cv2.equalizeHist),
        "cv2-clahe": lambda image: on_y(image, clahe.apply),
        "cv2-gamma-lut": lambda image: on_y(image, lambda y: cv2.LUT(y, gamma)),
    }



def main(args):
    image = read_colour(args[0])
    cv2.setNumThreads(int(args[1]))
    repeats = int(args[2])
    ops = operations()
    if len(args) == 5 and args[3] == "--fresh":
        print(args[4], milliseconds(ops[args[4]], image), flush=True)
        return
    for name, run in ops.items():
        run(image)
        print(name, median_milliseconds(run, image, repeats), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
