#!/usr/bin/python3
"""Side-by-side peers for bench/softmax_throughput: scipy.special.softmax and torch.softmax (float32, one
thread) on the same sizes: 1e3, 1e5 and 1e7 elements and a 4096 x 1000 row-wise batch.
Prints elements per second (best of several timed repeats, each at least 0.2 s).
Usage: /usr/bin/python3 bench/softmax_peers.py [--only CASE]   (CASE: 1e3, 1e5, 1e7 or rows)
"""
import argparse
import time

import numpy as np
import scipy.special
import torch

torch.set_num_threads(1)


def rate(fn, elements, min_seconds=0.2, repeats=5):
    fn()
    best = float("inf")
    for _ in range(repeats):
        n = 0
        t0 = time.perf_counter()
        while True:
            fn()
            n += 1
            dt = time.perf_counter() - t0
            if dt >= min_seconds:
                break
        best = min(best, dt / n)
    return elements / best


def main():
    parser = argparse.ArgumentParser(description="scipy and torch softmax throughput, float32, one thread")
    parser.add_argument("--only", choices=["1e3", "1e5", "1e7", "rows"], help="time this one case")
    args = parser.parse_args()
    rng = np.random.default_rng(20261201)
    cases = [("1e3", (1000,)), ("1e5", (100000,)), ("1e7", (10000000,)), ("4096x1000 rows", (4096, 1000))]
    if args.only:
        cases = [c for c in cases if c[0].split()[-1] == args.only]
    print(f"{'case':>16} {'scipy softmax':>16} {'torch softmax':>16} {'torch logsumexp':>16}")
    for name, shape in cases:
        x = (rng.standard_normal(shape) * 4.0).astype(np.float32)
        t = torch.from_numpy(x)
        n = x.size
        s = rate(lambda: scipy.special.softmax(x, axis=-1), n)
        ts = rate(lambda: torch.softmax(t, dim=-1), n)
        tl = rate(lambda: torch.logsumexp(t, dim=-1), n)
        print(f"{name:>16} {s / 1e9:>14.3f}G/s {ts / 1e9:>14.3f}G/s {tl / 1e9:>14.3f}G/s")


if __name__ == "__main__":
    main()
