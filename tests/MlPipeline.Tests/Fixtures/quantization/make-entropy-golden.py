"""Golden entropy thresholds for RangeCollectorTests, with Python's standard library only: TensorRT's entropy
calibration written out directly (full P and Q arrays, KL with math.log), independent of the C# code.
Run: /usr/bin/python3 make-entropy-golden.py > entropy-golden.json"""
import json
import math
import random

BINS, LEVELS = 2048, 128


def histogram(values, top):
    h = [0] * BINS
    for v in values:
        h[min(int(abs(v) * BINS / top), BINS - 1)] += 1
    return h


def divergence(h, i):
    p = h[:i]
    p[i - 1] += sum(h[i:])  # clipping folds the tail into the last kept bin
    kept = h[:i]
    per = i // LEVELS
    q = [0.0] * i
    for level in range(LEVELS):
        start = level * per
        end = i if level == LEVELS - 1 else start + per
        nonzero = [j for j in range(start, end) if p[j] > 0]
        for j in nonzero:
            q[j] = sum(kept[start:end]) / len(nonzero)
    ps, qs = sum(p), sum(q)
    if qs == 0:
        return math.inf
    kl = 0.0
    for pj, qj in zip(p, q):
        if pj > 0:
            if qj == 0:
                return math.inf
            kl += pj / ps * math.log((pj / ps) / (qj / qs))
    return kl


def entropy_bins(h):
    best, best_kl = BINS, math.inf
    for i in range(LEVELS, BINS + 1):
        kl = divergence(h, i)
        if kl < best_kl:
            best, best_kl = i, kl
    return best, best_kl


rng = random.Random(19)
cases = {
    "gaussian": (histogram([rng.gauss(0, 1) for _ in range(50_000)], 8.0)),
    "laplace": (histogram([rng.expovariate(1.0) * rng.choice([-1, 1]) for _ in range(50_000)], 16.0)),
    "relu-with-outliers": (histogram([max(0.0, rng.gauss(0.5, 1)) for _ in range(50_000)] + [30.0, 45.0, 60.0], 64.0)),
}
out = []
# The collector end to end: 100 000 exponential quantiles -ln(1 - (k + 0.5) / n), one Add, so the histogram's top
# is their largest value; the expected range's top is the chosen bins times the bin width.
n = 100_000
exponential = [-math.log(1 - (k + 0.5) / n) for k in range(n)]
bins, _ = entropy_bins(histogram(exponential, max(exponential)))
collector = {"count": n, "max": bins * max(exponential) / BINS}

for name, h in cases.items():
    bins, kl = entropy_bins(h)
    out.append({"name": name, "histogram": h, "bins": bins, "divergence": kl})
print(json.dumps({"collector": collector, "histograms": out}))
