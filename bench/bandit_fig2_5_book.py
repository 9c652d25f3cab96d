#!/usr/bin/python3
"""Sutton & Barto Figure 2.5 the way the book's own code runs it: one bandit problem at a time, one numpy
call sequence per step on a 10-vector (act: the epsilon draw, a softmax of the preferences and a weighted
draw with the legacy np.random.choice; step: reward, sample-average baseline including the current
reward, preference update; the loop records each step's reward and whether the action was the best).
Written for this benchmark in the style of the book's ten_armed_testbed.py, not copied from it. The side-by-side peer for
bench/bandit_fig2_5 "per-step" figure: it reports the time per agent-step and the time the full
experiment (4 settings x 2000 runs x 1000 steps) takes at that rate.
Usage: /usr/bin/python3 bench/bandit_fig2_5_book.py [RUNS=100] [STEPS=1000] [SEED=0]
"""
import sys
import time

import numpy as np


class GradientBandit:
    def __init__(self, k, alpha, baseline):
        self.k, self.alpha, self.baseline, self.epsilon = k, alpha, baseline, 0.0
        self.indices = np.arange(k)

    def reset(self):
        self.q_true = np.random.randn(self.k) + 4.0
        self.best = int(np.argmax(self.q_true))
        self.h = np.zeros(self.k)
        self.average_reward = 0.0
        self.time = 0

    def act(self):
        if np.random.rand() < self.epsilon:
            return np.random.choice(self.indices)
        e = np.exp(self.h)
        self.pi = e / np.sum(e)
        return np.random.choice(self.indices, p=self.pi)

    def step(self, action):
        reward = np.random.randn() + self.q_true[action]
        self.time += 1
        self.average_reward += (reward - self.average_reward) / self.time
        one_hot = np.zeros(self.k)
        one_hot[action] = 1.0
        b = self.average_reward if self.baseline else 0.0
        self.h += self.alpha * (reward - b) * (one_hot - self.pi)
        return reward


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    np.random.seed(seed)
    settings = [(0.1, True), (0.4, True), (0.1, False), (0.4, False)]
    t0, c0 = time.perf_counter(), time.process_time()
    finals = []
    for alpha, baseline in settings:
        bandit = GradientBandit(10, alpha, baseline)
        rewards = np.zeros((runs, steps))
        best_action = np.zeros((runs, steps))
        for r in range(runs):
            bandit.reset()
            for t in range(steps):
                a = bandit.act()
                rewards[r, t] = bandit.step(a)
                if a == bandit.best:
                    best_action[r, t] = 1
        finals.append((alpha, baseline, 100.0 * best_action[:, -1].mean()))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    agent_steps = len(settings) * runs * steps
    per_step = wall / agent_steps
    print(f"book-style per-step numpy Fig 2.5: {runs} runs x {steps} steps x 4 settings = {agent_steps} agent-steps "
          f"in {wall:.2f} s wall, {cpu:.2f} s CPU: {per_step * 1e6:.2f} us per agent-step; the full 8,000,000 "
          f"agent-steps at this rate: {per_step * 8e6:.0f} s wall ({cpu / agent_steps * 8e6:.0f} s CPU)")
    for alpha, baseline, pct in finals:
        print(f"  alpha={alpha} {'with' if baseline else 'without'} baseline: {pct:.1f}% optimal at step {steps}")


if __name__ == "__main__":
    main()
