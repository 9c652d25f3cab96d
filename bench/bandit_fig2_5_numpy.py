#!/usr/bin/python3
"""Sutton & Barto Figure 2.5 in numpy, vectorised across runs: the side-by-side peer for bench/bandit_fig2_5.

Same experiment as configs/rl/bandit_fig2_5.json: gradient bandit, alpha 0.1 and 0.4, with and without the
average-reward baseline (the book's baseline includes the current reward), 10 arms with true values N(4, 1),
2000 runs x 1000 steps. Each step updates all 2000 runs of a setting at once.
Usage: /usr/bin/python3 bench/bandit_fig2_5_numpy.py [RUNS=2000] [STEPS=1000] [SEED=0]
"""
import sys
import time

import numpy as np


def run(alpha, baseline, runs, steps, k, rng):
    q_true = rng.standard_normal((runs, k)) + 4.0
    best = q_true.argmax(axis=1)
    h = np.zeros((runs, k))
    avg = np.zeros(runs)
    rows = np.arange(runs)
    optimal = np.zeros(steps)
    for t in range(1, steps + 1):
        e = np.exp(h - h.max(axis=1, keepdims=True))
        pi = e / e.sum(axis=1, keepdims=True)
        u = rng.random((runs, 1))
        a = (pi.cumsum(axis=1) < u).sum(axis=1)
        a = np.minimum(a, k - 1)
        r = q_true[rows, a] + rng.standard_normal(runs)
        avg += (r - avg) / t
        b = avg if baseline else 0.0
        step = alpha * (r - b)
        h -= step[:, None] * pi
        h[rows, a] += step
        optimal[t - 1] = (a == best).mean()
    return optimal


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rng = np.random.default_rng(seed)
    settings = [(0.1, True), (0.4, True), (0.1, False), (0.4, False)]
    t0, c0 = time.perf_counter(), time.process_time()
    finals = []
    for alpha, baseline in settings:
        curve = run(alpha, baseline, runs, steps, 10, rng)
        finals.append((alpha, baseline, 100 * curve[-1]))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    agent_steps = len(settings) * runs * steps
    print(f"numpy vectorised Fig 2.5: {wall:.3f} s wall, {cpu:.3f} s CPU, {agent_steps} agent-steps, "
          f"{agent_steps / wall / 1e6:.2f} M agent-steps/s")
    for alpha, baseline, pct in finals:
        print(f"  alpha={alpha} {'with' if baseline else 'without'} baseline: {pct:.1f}% optimal at step {steps}")


if __name__ == "__main__":
    main()
