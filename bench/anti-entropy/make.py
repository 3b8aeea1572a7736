#!/usr/bin/env python3
"""Writes the scenario files of BENCHMARKS.md's "Anti-entropy with hash trees (issue 9)".

Both pin keys k0000..k1023 to A and B (n = 2), write each once to both at 0 ms, and let
anti-entropy compare them (node i of N starts its rounds at period x (i + 1) / (N + 1)).
`qsim run FILE` prints the hashes sent as `metrics.anti_entropy_hashes`; the tests in
crates/engine/tests/anti_entropy.rs read these files. Run from the repository's root:
python3 bench/anti-entropy/make.py

With `--churn PATH` it also writes to PATH (not kept in the repository: 3,000 events) the run
BENCHMARKS.md profiles: keys k0000..k1023 on A, B and C (n = 3), written once, then 2,000 more
writes to random keys, one a millisecond, while C crashes for 50 ms of every 100, with
anti-entropy every 5 ms.
"""
import json
import os
import random
import sys

KEYS = [f"k{i:04d}" for i in range(1024)]
HERE = os.path.dirname(os.path.abspath(__file__))


def cluster(nodes, placement):
    return {
        "nodes": nodes,
        "n": 2,
        "w": 1,
        "r": 1,
        "anti_entropy_ms": 300,
        "latency": {"constant": 1},
        "placement": placement,
    }


def puts():
    return [{"at": 0, "put": {"client": "alice", "key": k, "value": "v"}} for k in KEYS]


def write(name, scenario):
    """Pretty at the top, one placement entry or event per line."""
    def line(x):
        return json.dumps(x, separators=(", ", ": "))

    c = dict(scenario["cluster"])
    placement = c.pop("placement")
    cluster_lines = [f'    "{k}": {line(v)}' for k, v in c.items()]
    cluster_lines.append(
        '    "placement": {\n'
        + ",\n".join(f"      {line(k)}: {line(v)}" for k, v in placement.items())
        + "\n    }"
    )
    text = (
        "{\n"
        + f'  "name": {line(scenario["name"])},\n'
        + f'  "description": {line(scenario["description"])},\n'
        + '  "cluster": {\n' + ",\n".join(cluster_lines) + "\n  },\n"
        + '  "events": [\n'
        + ",\n".join("    " + line(e) for e in scenario["events"])
        + "\n  ]\n}\n"
    )
    assert json.loads(text) == scenario
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)


# 1,024 equal keys on A and B. A round between equal replicas only runs while something else
# differs (idle rounds are skipped): key x, pinned to C and D, is written while D is down, so
# from D's recovery at 10 ms until C's round at 60 ms repairs it, the cluster is not settled,
# and A's round at 20 ms compares A and B.
placement = {k: ["A", "B"] for k in KEYS}
placement["x"] = ["C", "D"]
write(
    "equal-1024.json",
    {
        "name": "Anti-entropy: 1,024 equal keys",
        "description": "A and B hold the same 1,024 keys: their round sends one root hash.",
        "cluster": dict(cluster(["A", "B", "C", "D"], placement), anti_entropy_ms=100),
        "events": [{"at": 0, "crash": "D"}]
        + puts()
        + [
            {"at": 1, "put": {"client": "bob", "key": "x", "value": "x1"}},
            {"at": 10, "recover": "D"},
        ],
    },
)

# The same 1,024 keys on A and B, then one of them (k0004, alone in its leaf of the depth-5
# tree) written again while B is down.
write(
    "one-differs-1024.json",
    {
        "name": "Anti-entropy: one of 1,024 keys differs",
        "description": "A and B differ in one key of 1,024: their round walks one path of the tree.",
        "cluster": cluster(["A", "B"], {k: ["A", "B"] for k in KEYS}),
        "events": puts()
        + [
            {"at": 10, "crash": "B"},
            {"at": 11, "put": {"client": "alice", "key": "k0004", "value": "v2"}},
            {"at": 20, "recover": "B"},
        ],
    },
)


def churn():
    rng = random.Random(1)
    events = puts()
    for i in range(2000):
        client = rng.choice(["alice", "bob", "carol"])
        key = rng.choice(KEYS)
        events.append({"at": 10 + i, "put": {"client": client, "key": key, "value": f"v{i}"}})
    for c in range(20):
        events.append({"at": 10 + c * 100, "crash": "C"})
        events.append({"at": 60 + c * 100, "recover": "C"})
    events.sort(key=lambda e: e["at"])
    return {
        "name": "Anti-entropy under churn: 1,024 keys",
        "description": "Writes to random keys while C crashes and recovers; anti-entropy every 5 ms.",
        "cluster": {
            "nodes": ["A", "B", "C"],
            "n": 3,
            "w": 1,
            "r": 1,
            "anti_entropy_ms": 5,
            "latency": {"uniform": [1, 3]},
        },
        "events": events,
    }


if len(sys.argv) == 3 and sys.argv[1] == "--churn":
    with open(sys.argv[2], "w") as f:
        json.dump(churn(), f)
        f.write("\n")
elif len(sys.argv) != 1:
    sys.exit("usage: make.py [--churn PATH]")
