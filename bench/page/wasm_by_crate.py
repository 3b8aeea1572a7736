#!/usr/bin/env python3
"""Where the page's wasm goes: code bytes per crate, from the function names of a wasm file.

    bench/page/wasm_by_crate.py [--top N] [WASM]   (default: the web-release build of the page)

Reads cargo's own output (target/wasm32-unknown-unknown/web-release/quorumscope.wasm, which still
has its name section; Trunk's dist/*.wasm has none), sums each function body's size under the
crate its name starts with (for `<T as Trait>::f`, the crate of T), and prints the crates by size,
with each one's share. Sizes are before wasm-bindgen and wasm-opt, which shrink the whole by
roughly a third and strip the names; the shares are what to read. Generic code is counted under the
crate that defines it (`alloc::vec::Vec<T>::push` under alloc), whoever instantiated it. Data
(string constants, tables) is reported apart. Only the standard library is used.
"""
import re
import sys
from collections import defaultdict

DEFAULT = "target/wasm32-unknown-unknown/web-release/quorumscope.wasm"


def leb(buf, i):
    result = shift = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def name_of(buf, i):
    n, i = leb(buf, i)
    return buf[i:i + n].decode("utf-8", "replace"), i + n


def sections(buf):
    assert buf[:4] == b"\0asm", "not a wasm file"
    i = 8
    while i < len(buf):
        sid = buf[i]
        size, j = leb(buf, i + 1)
        yield sid, buf[j:j + size]
        i = j + size


def first_segment(name):
    """The first path segment of a legacy-mangled Rust name (`_ZN7web_sys8features...E`)."""
    m = re.match(r"_ZN(\d+)", name)
    if not m:
        return None
    n = int(m.group(1))
    start = m.end()
    return name[start:start + n]


def crate(name):
    if name.startswith("__wbindgen_describe"):
        return "(wasm-bindgen descriptors, dropped by wasm-bindgen)"
    if name.startswith("_R"):
        # v0 mangling (the precompiled standard library): the first crate root `C<disamb>_<len><name>`.
        m = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)", name)
        if m:
            n = int(m.group(1))
            return name[m.end():m.end() + n].strip("_") or "(other)"
    seg = first_segment(name)
    if seg is None:
        # Not mangled Rust: wasm-bindgen's glue and C symbols.
        return "(unmangled: glue, C)"
    seg = seg.lstrip("_")
    # `<T as Trait>::f` and `<&mut T>::f`: the crate of T.
    for prefix in ("$LT$", "$RF$", "mut$u20$", "dyn$u20$", "$BP$", "const$u20$", "$u5b$", "$LP$"):
        while seg.startswith(prefix):
            seg = seg[len(prefix):]
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", seg)
    return m.group(0) if m else "(other)"


def main():
    args = sys.argv[1:]
    top = 25
    if args[:1] == ["--top"]:
        top = int(args[1])
        args = args[2:]
    path = args[0] if args else DEFAULT
    buf = open(path, "rb").read()
    imported = 0
    bodies = []
    names = {}
    data = 0
    for sid, body in sections(buf):
        if sid == 2:  # imports: functions among them shift the indices of the code section
            count, i = leb(body, 0)
            for _ in range(count):
                _, i = name_of(body, i)
                _, i = name_of(body, i)
                kind = body[i]
                i += 1
                if kind == 0:
                    imported += 1
                    _, i = leb(body, i)
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
                else:
                    _, i = leb(body, i)
                    _, i = leb(body, i)
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, j = leb(body, i)
                bodies.append(size + (j - i))
                i = j + size
        elif sid == 11:
            data += len(body)
        elif sid == 0:
            sname, i = name_of(body, 0)
            if sname != "name":
                continue
            while i < len(body):
                sub = body[i]
                size, i = leb(body, i + 1)
                end = i + size
                if sub == 1:
                    count, k = leb(body, i)
                    for _ in range(count):
                        idx, k = leb(body, k)
                        fname, k = name_of(body, k)
                        names[idx] = fname
                i = end
    if not names:
        sys.exit(f"{path} has no function names (name section): use cargo's output, not dist/")
    per = defaultdict(int)
    for n, size in enumerate(bodies):
        per[crate(names.get(imported + n, "?"))] += size
    code = sum(bodies)
    print(f"{path}: {len(buf):,} bytes; code {code:,} in {len(bodies):,} functions; data {data:,}")
    print(f"{'crate':52} {'code bytes':>12} {'share':>7}")
    for c, size in sorted(per.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{c:52} {size:>12,} {100 * size / code:>6.1f}%")


if __name__ == "__main__":
    main()
