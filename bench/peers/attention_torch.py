#!/usr/bin/python3
"""PyTorch peer of bench/ml_attention: softmax(Q K^T / sqrt(d_k)) V forward and backward (autograd, the loss
sum(dO * O)), float32, CPU, one thread, d_k = d_v = 64, for the sequence lengths given.
Prints one line per length: "n seconds cpu_seconds", wall-clock and the process's CPU time per pass (the best
of several timed repeats, each at least 0.3 s of wall-clock).
Usage: /usr/bin/python3 bench/peers/attention_torch.py [N ...]   (default 128 256 512 1024 2048 4096)
"""
import sys
import time

import torch

torch.set_num_threads(1)


def seconds_per_pass(n, d=64, min_seconds=0.3, repeats=3):
    g = torch.Generator().manual_seed(20261206)
    q = torch.randn(n, d, generator=g, requires_grad=True)
    k = torch.randn(n, d, generator=g, requires_grad=True)
    v = torch.randn(n, d, generator=g, requires_grad=True)
    d_o = torch.randn(n, d, generator=g)
    scale = 1.0 / d ** 0.5

    def step():
        o = torch.softmax((q @ k.T) * scale, dim=-1) @ v
        o.backward(d_o)
        q.grad = k.grad = v.grad = None

    step()
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        count, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            step()
            count += 1
            dt = time.perf_counter() - t0
            if dt >= min_seconds:
                break
        best = min(best, dt / count)
        best_cpu = min(best_cpu, (time.process_time() - c0) / count)
    return best, best_cpu


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [128, 256, 512, 1024, 2048, 4096]
    for n in sizes:
        print(n, *seconds_per_pass(n), flush=True)


if __name__ == "__main__":
    main()
