"""What the Python peers of `Lumos.Bench classic` share: reading the bench image and timing one call."""
import sys
import time

import cv2
import numpy as np


def read_colour(path):
    """The bench image as an 8-bit BGR array; exits with one line otherwise."""
    image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.dtype != np.uint8:
        sys.exit(f"{path}: expected an 8-bit colour image")
    return image


def milliseconds(run, image):
    """Wall time of one call of run(image), in milliseconds."""
    start = time.perf_counter()
    run(image)
    return (time.perf_counter() - start) * 1000


def median_milliseconds(run, image, repeats):
    """The median of <repeats> timed calls."""
    times = sorted(milliseconds(run, image) for _ in range(repeats))
    return times[len(times) // 2]
