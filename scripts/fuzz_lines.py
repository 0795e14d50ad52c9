#!/usr/bin/env python3
"""Writes N fuzzed molecule lines (bytes) for scripts/fuzz.sh: seeded mutations of MOSES SMILES, invalid
UTF-8, NUL and control bytes, spreadsheet-formula prefixes, and extreme sizes (chains, rings, nested
branches and ring-closure cages up to 100,000 atoms, random-byte lines up to 200,000 bytes).

    python3 scripts/fuzz_lines.py N SEED OUT [SOURCE.csv.gz]

Every line ends in exactly one newline and holds none inside, so the file has exactly N lines."""
import gzip, random, sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
source = sys.argv[4] if len(sys.argv) > 4 else "molecules/moses/test.csv.gz"
rng = random.Random(seed)
with gzip.open(source, "rt") as f:
    pool = [l.strip().split(",")[0] for l in f][1:]
ALPHABET = list("CNOSPFIcnospBH[]()=#@+-/\\.%:*0123456789") + ["Cl", "Br", "[nH]", "[C@@H]", "[N+]", "[O-]", "%10", "%(123)"]


def size(top=5):
    """Log-uniform 10 … 10^top (100,000): many cases are near or past the limits (500 atoms, 5,000 characters)."""
    return int(10 ** rng.uniform(1, top))


def extreme():
    k = size()
    kind = rng.randrange(6)
    if kind == 0: return "C" * k
    if kind == 1: return "C1" + "C" * max(0, k - 2) + "C1"
    if kind == 2: return "C(" * k + "C" + ")" * k
    if kind == 3: return "c1ccc2cc" + "c3cc" * (k // 4) + "ccc1"  # an unclosed or odd polycycle
    if kind == 4:  # many ring closures between nearby atoms: a cage
        return "".join("C%d" % (1 + i % 9) if i % 3 else "C" for i in range(k))
    return "[" + "C" * min(k, 5000) + "]" + "O" * k


def mutate(s):
    s = list(s)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(3)
        i = rng.randrange(len(s) + 1)
        if op == 0 or not s: s.insert(i, rng.choice(ALPHABET))
        elif op == 1: del s[min(i, len(s) - 1)]
        else: s[min(i, len(s) - 1)] = rng.choice(ALPHABET)
    return "".join(s)


def line():
    m = rng.choice(pool)
    r = rng.random()
    if r < 0.10: return m.encode()
    if r < 0.50: return mutate(m).encode()
    if r < 0.60: a = rng.choice(pool); return (m[: rng.randrange(len(m) + 1)] + a[rng.randrange(len(a) + 1):]).encode()
    if r < 0.62:  # a repeated piece: sizes up to and past the limits
        i = rng.randrange(len(m)); j = rng.randrange(i, len(m)) + 1
        return (m[:i] + m[i:j] * (size(4) // max(1, j - i) + 1) + m[j:]).encode()
    if r < 0.625: return extreme().encode()
    if r < 0.72: return ("[" + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) + "]" + m).encode()
    if r < 0.77:  # invalid UTF-8 somewhere in the line
        b = bytearray(m.encode()); b.insert(rng.randrange(len(b) + 1), rng.randrange(0x80, 0x100)); return bytes(b)
    if r < 0.80:  # NUL, tab, CR, form feed, escape
        b = bytearray(m.encode()); b.insert(rng.randrange(len(b) + 1), rng.choice([0, 9, 13, 12, 27])); return bytes(b)
    if r < 0.83: return (rng.choice("=+-@") + m).encode()
    if r < 0.86: return (m + rng.choice([",", '"', '","', ' name,"with quotes"', " =cmd|' /C calc'!A0"])).encode()
    if r < 0.88: return rng.choice([b"", b" ", b"\t", b"  \t "])
    if r < 0.882: return bytes(rng.randrange(256) for _ in range(size(4))).replace(b"\n", b" ")
    return mutate(mutate(m)).encode()


with open(out, "wb") as f:
    f.write(b"CCO first line (never a header)\n")
    for _ in range(n - 1):
        f.write(line().replace(b"\n", b" ") + b"\n")
