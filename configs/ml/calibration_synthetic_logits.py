#!/usr/bin/env python3
"""Writes calibration_synthetic_logits.csv: the logits of a deliberately overconfident ten-class classifier with
Fashion-MNIST's classes, made up so that the truth is known (seeded; plain Python, no dependencies).

Each example's calibrated log-odds l are drawn around its "look" c (uniform over the classes): 6.0 on c, 2.5 on
the other classes of c's garment family (tops: T-shirt, pullover, coat, shirt; bottoms: trouser, dress; shoes:
sandal, sneaker, ankle boot; bags), plus unit Gaussian noise. The label is drawn from softmax(l), so softmax(l)
is perfectly calibrated; the file holds z = s l, where s > 1 is the overconfidence the network has on inputs of
c's family (tops 2.6, bottoms 2.2, shoes 1.9, bags 1.6), as a network trained long without weight decay shows.
The group of an example is its label's family. One global T (about 2.2) brings the test ECE down about
fivefold; one T per group comes near each family's s.

    python3 configs/ml/calibration_synthetic_logits.py > configs/ml/calibration_synthetic_logits.csv
"""
import math
import random

FAMILIES = {"tops": [0, 2, 4, 6], "bottoms": [1, 3], "shoes": [5, 7, 9], "bags": [8]}
OVERCONFIDENCE = {"tops": 2.6, "bottoms": 2.2, "shoes": 1.9, "bags": 1.6}
FAMILY_OF = {c: f for f, cs in FAMILIES.items() for c in cs}
K = 10


def example(rng):
    look = rng.randrange(K)
    l = [rng.gauss(0.0, 1.0) + (6.0 if j == look else 2.5 if FAMILY_OF[j] == FAMILY_OF[look] else 0.0)
         for j in range(K)]
    m = max(l)
    w = [math.exp(x - m) for x in l]
    label = rng.choices(range(K), weights=w)[0]
    scale = OVERCONFIDENCE[FAMILY_OF[look]]
    return label, FAMILY_OF[label], [scale * x for x in l]


def main():
    rng = random.Random(20170614)  # Guo et al., "On Calibration of Modern Neural Networks", ICML 2017
    print("split,label,group," + ",".join("z%d" % j for j in range(K)))
    for split, n in (("validation", 2000), ("test", 5000)):
        for _ in range(n):
            label, family, z = example(rng)
            print("%s,%d,%s,%s" % (split, label, family, ",".join("%.3f" % x for x in z)))


if __name__ == "__main__":
    main()
