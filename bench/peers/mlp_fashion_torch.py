#!/usr/bin/env python3
"""PyTorch peer of bench/ml_classifier_fit.cpp: the same MLP (784-256-128-10, ReLU, PyTorch's default
initialisation), Adam (lr 1e-3, no weight decay), minibatches of 128 reshuffled each epoch, on Fashion-MNIST
pixels scaled to [0, 1], float32 on the CPU. Prints one JSON line: wall and CPU seconds of the training loop
(data loading excluded), the test accuracy, the thread count and the BLAS library it loaded.

Usage: mlp_fashion_torch.py [--epochs E] [--batch B] [--threads T] [--data DIR] [--hidden 256,128]"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    zero, kind, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 8:
        raise SystemExit(f"{path}: not an IDX file of unsigned bytes")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(folder, prefix):
    x = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"))
    return (torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / 255.0),
            torch.from_numpy(y.astype(np.int64)))


def blas_library():
    """The BLAS this process loaded (Debian's torch calls libblas.so.3: reference or OpenBLAS)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line and "/" in line}
    except OSError:
        return "unknown"
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--hidden", default="256,128")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "t10k")
    sizes = [xtr.shape[1]] + [int(h) for h in a.hidden.split(",")] + [10]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(a.epochs):
        order = torch.randperm(len(xtr))
        for s in range(0, len(xtr), a.batch):
            idx = order[s:s + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    with torch.no_grad():
        acc = (net(xte).argmax(1) == yte).float().mean().item()
    print(json.dumps({"peer": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
                      "epochs": a.epochs, "batch": a.batch, "train_examples": len(xtr), "wall_seconds": wall,
                      "cpu_seconds": cpu, "test_accuracy": acc, "blas": blas_library()}))


if __name__ == "__main__":
    main()
