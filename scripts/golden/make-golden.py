#!/usr/bin/python3
"""Golden numbers for the baseline comparison and the shard partition, from Python's standard library alone
(exact rational arithmetic and hashlib), independent of the C# code they check. Run with Debian's python3:
    /usr/bin/python3 scripts/golden/make-golden.py > tests/MlPipeline.Tests/Fixtures/golden/comparison-golden.json
"""
import hashlib, json, math, sys
from fractions import Fraction

def mcnemar_exact(fixed, broken):
    """Two-sided exact McNemar: twice the binomial(n, 1/2) tail at min(fixed, broken), capped at 1."""
    n = fixed + broken
    if n == 0:
        return Fraction(1)
    tail = Fraction(sum(math.comb(n, i) for i in range(min(fixed, broken) + 1)), 2 ** n)
    return min(Fraction(1), 2 * tail)

CASES = [(0, 0), (0, 5), (0, 6), (2, 0), (1, 9), (3, 12), (10, 10), (15, 4), (40, 60), (100, 130), (7, 1), (250, 300)]
PATHS = ["a.png", "circle/circle_000.jpg", "square/nested/x y.png", "ünïcode/日本.jpg", "deep/a/b/c/d.webp", "Z.PNG"]

def shard(path, count):
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big") % count

json.dump({
    "generatedBy": "scripts/golden/make-golden.py (fractions + math.comb for McNemar, hashlib.sha256 for shards)",
    "mcnemar": [{"fixed": b, "broken": c, "pValue": float(mcnemar_exact(b, c))} for b, c in CASES],
    "shards": [{"path": p, "shardOf16": shard(p, 16), "shardOf3": shard(p, 3), "shardOf1000": shard(p, 1000)} for p in PATHS],
}, sys.stdout, indent=2, ensure_ascii=False)
