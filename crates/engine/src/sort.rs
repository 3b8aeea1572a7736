//! One small stable sort, written once for the engine and the page.
//!
//! `slice::sort_by` and its relatives compile a whole driftsort (or ipnsort) for every element
//! type and comparator they are called with, about 4 KB of wasm each. Here the algorithm works
//! on positions through a `dyn` object that compares and swaps elements, so it exists once in
//! the binary; what each call site adds is two small methods (compare and swap).
//!
//! The sort is stable, like `slice::sort_by`: elements that compare equal keep their order. A
//! stable sort's output does not depend on the algorithm, so results are the same as with the
//! standard library's. Short slices are sorted by insertion; longer ones by a bottom-up merge
//! sort of their positions, after which the elements are moved into place along the cycles of
//! the permutation (each element is swapped at most once into its place).

use std::cmp::Ordering;

/// Slices up to this length are sorted by insertion, without allocating; longer ones sort their
/// positions, and runs of this length are sorted by insertion before merging.
const INSERTION: usize = 16;

/// Sorts `v` stably by `cmp` (like `v.sort_by(cmp)`).
pub fn sort_by<T, F>(v: &mut [T], cmp: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    let n = v.len();
    if n > 1 {
        sort_positions(&mut Elements { v, cmp }, n);
    }
}

/// Sorts `v` stably by its order (like `v.sort()`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` stably by the key `f` gives each element (like `v.sort_by_key(f)`).
pub fn sort_by_key<T, K: Ord, F>(v: &mut [T], mut f: F)
where
    F: FnMut(&T) -> K,
{
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// [`sort`] for hot paths of the engine: the standard library's sort natively, where speed
/// counts (it is faster on the short slices the engine sorts most), and this module's on wasm32,
/// where size counts. Both are stable, so they give the same order; `scripts/bench.sh` checks
/// that native and wasm32 runs of the benchmark workload have the same trace hash.
pub fn sort_hot<T: Ord>(v: &mut [T]) {
    #[cfg(target_arch = "wasm32")]
    sort(v);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort();
}

/// What the sorting code needs from the elements: compare two positions, swap two.
trait Positions {
    /// Whether the element at `i` orders strictly before the element at `j`.
    fn less(&mut self, i: usize, j: usize) -> bool;
    /// Swaps the elements at `i` and `j`.
    fn swap(&mut self, i: usize, j: usize);
}

struct Elements<'a, T, F> {
    v: &'a mut [T],
    cmp: F,
}

impl<T, F: FnMut(&T, &T) -> Ordering> Positions for Elements<'_, T, F> {
    fn less(&mut self, i: usize, j: usize) -> bool {
        (self.cmp)(&self.v[i], &self.v[j]) == Ordering::Less
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.v.swap(i, j);
    }
}

/// Sorts the `n` elements of `s` stably.
#[inline(never)]
fn sort_positions(s: &mut dyn Positions, n: usize) {
    if n <= INSERTION {
        // Insertion by adjacent swaps: an element moves left past strictly greater ones only.
        for i in 1..n {
            let mut j = i;
            while j > 0 && s.less(j, j - 1) {
                s.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    // Sort the positions: the elements stay where they are until the end, so `s.less` is asked
    // about original positions. `order[k]` is the position of the element that goes to `k`.
    let mut order: Vec<usize> = (0..n).collect();
    for run in order.chunks_mut(INSERTION) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && s.less(run[j], run[j - 1]) {
                run.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    let mut merged = vec![0; n];
    let mut width = INSERTION;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut a, mut b, mut k) = (lo, mid, lo);
            while a < mid && b < hi {
                // Equal elements: the left run's first, which keeps the sort stable.
                if s.less(order[b], order[a]) {
                    merged[k] = order[b];
                    b += 1;
                } else {
                    merged[k] = order[a];
                    a += 1;
                }
                k += 1;
            }
            merged[k..k + mid - a].copy_from_slice(&order[a..mid]);
            k += mid - a;
            merged[k..hi].copy_from_slice(&order[b..hi]);
            lo = hi;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    // Move the elements along each cycle of the permutation: after `s.swap(j, k)` the element
    // at `j` is the one that belongs there, and the one the cycle started from moves on to `k`.
    for i in 0..n {
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = j;
            if k == i {
                break;
            }
            s.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;

    /// Random `(key, tag)` pairs with keys below `keys`, so that equal keys are common, and
    /// tags numbering the pairs in their original order.
    fn pairs(rng: &mut SimRng, n: usize, keys: u64) -> Vec<(u64, usize)> {
        (0..n).map(|i| (rng.below(keys), i)).collect()
    }

    #[test]
    fn empty_and_one_element() {
        let mut v: Vec<u32> = Vec::new();
        sort(&mut v);
        assert!(v.is_empty());
        let mut v = vec![7];
        sort(&mut v);
        assert_eq!(v, [7]);
        let mut v = vec![2, 1];
        sort(&mut v);
        assert_eq!(v, [1, 2]);
    }

    #[test]
    fn matches_std_stable_sort_on_random_inputs() {
        let mut rng = SimRng::new(11);
        // Lengths around the insertion threshold and the merge widths, and a few long ones.
        let lengths = (0..80).chain([127, 128, 129, 255, 256, 257, 1000, 4097]);
        for n in lengths {
            for keys in [1, 2, 5, 1000, u64::MAX] {
                let v = pairs(&mut rng, n, keys);
                let mut expected = v.clone();
                expected.sort_by_key(|p| p.0);
                let mut got = v.clone();
                sort_by_key(&mut got, |p| p.0);
                assert_eq!(got, expected, "n={n} keys={keys}");
                // Stability itself: equal keys keep their original order (the tags grow).
                assert!(got
                    .windows(2)
                    .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
            }
        }
    }

    #[test]
    fn sorted_reversed_and_constant_inputs() {
        for n in [3, 16, 17, 33, 500] {
            let up: Vec<u64> = (0..n).collect();
            let mut v = up.clone();
            sort(&mut v);
            assert_eq!(v, up);
            let mut v: Vec<u64> = up.iter().rev().copied().collect();
            sort(&mut v);
            assert_eq!(v, up);
            // All equal: nothing may move.
            let mut v: Vec<(u8, u64)> = up.iter().map(|&i| (0, i)).collect();
            let before = v.clone();
            sort_by_key(&mut v, |p| p.0);
            assert_eq!(v, before);
        }
    }

    #[test]
    fn sorts_strings_and_uses_the_comparator() {
        let mut v: Vec<String> = ["pear", "apple", "fig", "apple", "banana"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort(&mut v);
        assert_eq!(v, ["apple", "apple", "banana", "fig", "pear"]);
        // Descending by length, stable among equal lengths.
        sort_by(&mut v, |a, b| b.len().cmp(&a.len()));
        assert_eq!(v, ["banana", "apple", "apple", "pear", "fig"]);
        let mut floats: Vec<f64> = (0..40).map(|i| ((i * 37) % 41) as f64 - 20.5).collect();
        let mut expected = floats.clone();
        expected.sort_by(f64::total_cmp);
        sort_by(&mut floats, f64::total_cmp);
        assert_eq!(floats, expected);
    }
}
