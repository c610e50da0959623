#!/usr/bin/python3
"""Golden numbers for calibration: ECE (15 equal-width bins), Brier score, mean confidence and accuracy of fixed
probability vectors, and the NLL-minimizing temperature of fixed logits, from Python's standard library alone
(random, struct, math; golden-section search), independent of the C# code they check. Run with Debian's python3:
    /usr/bin/python3 scripts/golden/make-calibration-golden.py > tests/MlPipeline.Tests/Fixtures/golden/calibration-golden.json
"""
import json, math, random, struct, sys

BINS = 15

def f32(x):
    """Rounds to the nearest float32, the type the tool keeps probabilities and logits in."""
    return struct.unpack("f", struct.pack("f", x))[0]

def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]

def calibration(probabilities, labels):
    n = len(labels)
    counts, conf_sums, correct = [0] * BINS, [0.0] * BINS, [0] * BINS
    brier = 0.0
    for p, y in zip(probabilities, labels):
        best = max(range(len(p)), key=lambda c: (p[c], -c))
        brier += sum((p[c] - (1.0 if c == y else 0.0)) ** 2 for c in range(len(p)))
        conf = p[best]
        k = min(max(math.ceil(conf * BINS) - 1, 0), BINS - 1)
        counts[k] += 1
        conf_sums[k] += conf
        correct[k] += best == y
    ece = sum(abs(correct[k] / counts[k] - conf_sums[k] / counts[k]) * counts[k] / n for k in range(BINS) if counts[k])
    confidence = sum(max(p) for p in probabilities) / n
    accuracy = sum(max(range(len(p)), key=lambda c: (p[c], -c)) == y for p, y in zip(probabilities, labels)) / n
    return {"expectedCalibrationError": ece, "brierScore": brier / n, "meanConfidence": confidence, "accuracy": accuracy,
            "binCounts": counts}

def nll(logits, labels, t):
    total = 0.0
    for z, y in zip(logits, labels):
        s = [v / t for v in z]
        m = max(s)
        total += m + math.log(sum(math.exp(v - m) for v in s)) - s[y]
    return total / len(labels)

def best_temperature(logits, labels):
    """Golden-section search of the NLL over log T in [log 0.05, log 20] (the NLL is unimodal there)."""
    lo, hi = math.log(0.05), math.log(20.0)
    g = (math.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll(logits, labels, math.exp(a)), nll(logits, labels, math.exp(b))
    for _ in range(200):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll(logits, labels, math.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll(logits, labels, math.exp(b))
    return math.exp((lo + hi) / 2)

def case(name, seed, n, classes, scale, noise):
    """Logits of a noisy classifier: the true class gets a bonus, so some images are right with high confidence."""
    rng = random.Random(seed)
    labels = [rng.randrange(classes) for _ in range(n)]
    logits = [[f32(rng.gauss(0, noise) + (scale if c == y else 0.0)) for c in range(classes)] for y in labels]
    probabilities = [[f32(p) for p in softmax(z)] for z in logits]
    t = best_temperature(logits, labels)
    return {"name": name, "labels": labels, "logits": logits, "probabilities": probabilities,
            "calibration": calibration(probabilities, labels),
            "temperature": t, "nllAtOne": nll(logits, labels, 1.0), "nllAtTemperature": nll(logits, labels, t)}

json.dump({
    "generatedBy": "scripts/golden/make-calibration-golden.py (random, struct, math; golden-section search for T)",
    "cases": [
        case("under-confident", 1, 300, 4, 1.2, 0.8),
        case("over-confident", 2, 300, 5, 6.0, 4.0),
        case("ten classes", 3, 500, 10, 2.5, 1.5),
    ],
}, sys.stdout, indent=1)
