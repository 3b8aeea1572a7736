#!/usr/bin/env python3
"""Fails if the page's wasm carries core's float printing.

    scripts/no-float-printing.py [DIST]      (default dist/, after `trunk build --release`)

Why: the page's bundle has a budget of 250 KB gzipped (BENCHMARKS.md). `format!("{x}")`,
`{:?}`, `{:.2}` or `to_string()` of an `f64` or `f32` anywhere the page can reach links core's
float printer (Grisu with a Dragon4 fallback and its big-number arithmetic): 5.7 KB gzipped when
it was first taken out (7415958), and 7.6 KB gzipped when one `format!("height:{px}px")` of an
`f64` brought it back in issue 8. The page and the engine write numbers with
`quorumscope_engine::number::{plain, fixed}` instead, and `number::clamp` for `f64::clamp`
(whose panic message prints its floats). Nothing in rustc or clippy can forbid "Display of an
f64" by type, so this looks at the result: Grisu's table of cached powers of ten
(`core::num::flt2dec::strategy::grisu::CACHED_POW10`, whose first entries are the normalised
significands of 1e-348 and 1e-340) is in the wasm's data exactly when the printer is linked.
serde_json's own shortest printer (ryu), which `number::plain` uses, has different tables.
"""
import glob
import struct
import sys

# The first two significands of CACHED_POW10, as little-endian u64 (each entry is
# (u64, i16, i16), so they are 16 bytes apart).
MARK = struct.pack("<Q", 0xE61ACF033D1A45DF)
NEXT = struct.pack("<Q", 0xAB70FE17C79AC6CA)


def main(argv):
    dist = argv[1] if len(argv) > 1 else "dist"
    files = glob.glob(f"{dist}/*.wasm")
    if not files:
        print(f"no wasm in {dist}: build first (trunk build --release)", file=sys.stderr)
        return 2
    bad = []
    for path in files:
        data = open(path, "rb").read()
        at = data.find(MARK)
        if at >= 0 and data[at + 16 : at + 24] == NEXT:
            bad.append(path)
    if bad:
        print(
            "core's float printing is linked into the page (about 7 KB gzipped): some code "
            "the page reaches formats an f64 or f32 with {}, {:?}, {:.N} or to_string(); "
            "write it with quorumscope_engine::number::plain or fixed instead. "
            "To find the caller: bench/page/families.sh 'x=^$' builds target/families/an/named.wasm "
            "with names; in its wasm-dis text, the function that takes the table index of "
            f"<f64 as core::fmt::Display>::fmt is it. In: {', '.join(bad)}",
            file=sys.stderr,
        )
        return 1
    print(f"no core float printing in {', '.join(files)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
