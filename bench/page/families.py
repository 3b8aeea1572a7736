#!/usr/bin/env python3
"""What each family of functions costs in the page's gzipped wasm.

    bench/page/families.py WASM LABEL=REGEX ...        marginal gzip bytes per family
    bench/page/families.py WASM --group REGEX [N]       one family, by generic type arguments

WASM must keep its name section: bench/page/families.sh builds one (cargo with v0 symbol names, so
generic functions carry their concrete types, then wasm-bindgen and wasm-opt -Oz as the release
build runs them, with -g). Names are matched with the crate hashes removed, e.g.
`alloc::collections::btree`, `core::slice::sort`, `quorumscope::components::`.

For each family it prints how many functions match, their raw bytes, and the *marginal* gzip
bytes: gzip -9 of all code and data, minus gzip -9 of the same without the matching functions.
That is what removing the family would save, which the raw size does not tell (similar generic
copies compress well together, unlike distinct code). Only the standard library is used.
"""
import re
import sys
import zlib
from collections import Counter


def leb(buf, i):
    result = shift = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def functions(path):
    """(name, body) of every defined function, and the bytes of every other section but names."""
    data = open(path, "rb").read()
    i, sections = 8, []
    while i < len(data):
        sid = data[i]
        size, j = leb(data, i + 1)
        sections.append((sid, data[j : j + size]))
        i = j + size
    imported, names, bodies, rest = 0, {}, [], b""
    for sid, b in sections:
        if sid == 2:  # imports: count the functions, which come first in the index space
            n, j = leb(b, 0)
            for _ in range(n):
                for _ in range(2):
                    length, j = leb(b, j)
                    j += length
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(b, j)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                elif kind == 2:
                    flags, j = leb(b, j)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            n, j = leb(b, 0)
            for _ in range(n):
                length, j = leb(b, j)
                bodies.append(b[j : j + length])
                j += length
        elif sid == 0:
            length, j = leb(b, 0)
            if b[j : j + length] == b"name":
                j += length
                while j < len(b):
                    kind = b[j]
                    size, j = leb(b, j + 1)
                    end = j + size
                    if kind == 1:
                        n, k = leb(b, j)
                        for _ in range(n):
                            index, k = leb(b, k)
                            length, k = leb(b, k)
                            names[index] = b[k : k + length].decode("utf8", "replace")
                            k += length
                    j = end
        else:
            rest += b
    clean = lambda s: re.sub(r"\[[0-9a-f]{16}\]", "", s)
    named = [(clean(names.get(imported + k, "?")), body) for k, body in enumerate(bodies)]
    return named, rest


def generic_args(name, start):
    """The top-level generic arguments of the `<...>` opening at name[start]."""
    depth, current, out = 0, "", []
    for c in name[start:]:
        if c == "<":
            depth += 1
            if depth == 1:
                continue
        elif c == ">":
            depth -= 1
            if depth == 0:
                out.append(current.strip())
                return out
        elif c == "," and depth == 1:
            out.append(current.strip())
            current = ""
            continue
        current += c
    return out


def group(named, pattern, top):
    """Raw bytes of one family per generic type arguments (e.g. a BTreeMap's key and value)."""
    sizes, counts = Counter(), Counter()
    short = lambda s: re.sub(r"[a-z_]+::", "", s)
    for name, body in named:
        if not re.search(pattern, name):
            continue
        key = "?"
        for m in re.finditer(r"(BTreeMap|BTreeSet|NodeRef|BalancingContext|Handle|Vec|\[)<", name):
            args = [a for a in generic_args(name, m.end() - 1) if "marker::" not in a and "Global" not in a]
            if args:
                key = short(", ".join(args))[:90]
                break
        else:
            m = re.search(r"::<(.*)>$", name)
            if m:
                key = short(m.group(1))[:90]
        sizes[key] += len(body)
        counts[key] += 1
    for key, size in sizes.most_common(top):
        print(f"{size:8d} {counts[key]:4d}  {key}")
    print(f"{sum(sizes.values()):8d} {sum(counts.values()):4d}  (all)")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    named, rest = functions(argv[1])
    if len(argv) >= 3 and argv[2] == "--group":
        group(named, argv[3], int(argv[4]) if len(argv) > 4 else 40)
        return 0
    code = b"".join(body for _, body in named)
    gz = lambda b: len(zlib.compress(b, 9))
    base = gz(code + rest)
    print(f"code {len(code)} bytes raw in {len(named)} functions; code and data gzipped {base}")
    print(f"{'family':24s} {'functions':>9s} {'raw':>9s} {'marginal gz':>11s}")
    for spec in argv[2:]:
        label, _, pattern = spec.partition("=")
        if not pattern:
            print(f"{spec}: expected LABEL=REGEX", file=sys.stderr)
            return 2
        hit = re.compile(pattern)
        inside = [body for name, body in named if hit.search(name)]
        outside = b"".join(body for name, body in named if not hit.search(name))
        print(f"{label:24s} {len(inside):9d} {sum(map(len, inside)):9d} {base - gz(outside + rest):11d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
