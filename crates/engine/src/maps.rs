//! Two small ordered maps for the engine's per-key and per-operation state.
//!
//! `BTreeMap` compiles its node code (search, insertion with splits, removal with rebalancing,
//! iteration, drop) for every key and value type, 3 to 5 KB of wasm each. The engine's maps are
//! small and their keys are numbers, so two thin layers over `Vec` do: [`KeyMap`], indexed by a
//! key's id, and [`SortedMap`], a vector of entries kept in key order. Both iterate in key order,
//! like `BTreeMap`, so nothing that depends on the order changes.

use crate::ids::KeyId;

/// A map from key ids (small, dense: keys are interned in order) to values, in order of key id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMap<V> {
    /// Slot `k` holds the value of key `k`, if any.
    slots: Vec<Option<V>>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap::new()
    }
}

impl<V> KeyMap<V> {
    /// An empty map.
    pub const fn new() -> KeyMap<V> {
        KeyMap { slots: Vec::new() }
    }

    /// The value of `key`, if any.
    pub fn get(&self, key: KeyId) -> Option<&V> {
        self.slots.get(key.index()).and_then(Option::as_ref)
    }

    /// The value of `key`, if any, to change.
    pub fn get_mut(&mut self, key: KeyId) -> Option<&mut V> {
        self.slots.get_mut(key.index()).and_then(Option::as_mut)
    }

    /// Sets the value of `key`.
    pub fn insert(&mut self, key: KeyId, value: V) {
        *self.slot(key) = Some(value);
    }

    /// The value of `key`, inserting `V::default()` first if there is none (like
    /// `BTreeMap::entry(key).or_default()`).
    pub fn or_default(&mut self, key: KeyId) -> &mut V
    where
        V: Default,
    {
        self.slot(key).get_or_insert_with(V::default)
    }

    /// The entries, in order of key id.
    pub fn iter(&self) -> impl Iterator<Item = (KeyId, &V)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(k, v)| Some((KeyId(k as u32), v.as_ref()?)))
    }

    /// Whether the map has no entry.
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    fn slot(&mut self, key: KeyId) -> &mut Option<V> {
        let k = key.index();
        if k >= self.slots.len() {
            self.slots.resize_with(k + 1, || None);
        }
        &mut self.slots[k]
    }
}

/// A map kept as a vector of entries sorted by key: lookups by binary search, and insertions
/// and removals that move the entries after them. For the few entries of a replica's hints or
/// of an endpoint's operations in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap::new()
    }
}

impl<K, V> SortedMap<K, V> {
    /// An empty map.
    pub const fn new() -> SortedMap<K, V> {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Where `key`'s entry is (`Ok`), or where it would go (`Err`).
    fn find(&self, key: &K) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| e.0.cmp(key))
    }

    /// The value of `key`, if any.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The value of `key`, if any, to change.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// Sets the value of `key`.
    pub fn insert(&mut self, key: K, value: V) {
        match self.find(&key) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (key, value)),
        }
    }

    /// Removes `key`'s entry and returns its value, if there was one.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The value of `key`, inserting `V::default()` first if there is none (like
    /// `BTreeMap::entry(key).or_default()`).
    pub fn or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The entries, in order of key.
    pub fn entries(&self) -> &[(K, V)] {
        &self.entries
    }

    /// The entries, in order of key, with their values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;
    use std::collections::BTreeMap;

    /// Random operations on a map and on a `BTreeMap`: same answers, same entries in the same
    /// order after each one.
    #[test]
    fn both_maps_behave_like_btreemap() {
        let mut rng = SimRng::new(5);
        let mut keys: KeyMap<u64> = KeyMap::new();
        let mut sorted: SortedMap<(u32, usize), u64> = SortedMap::new();
        let mut model_k: BTreeMap<KeyId, u64> = BTreeMap::new();
        let mut model_s: BTreeMap<(u32, usize), u64> = BTreeMap::new();
        for step in 0..4000u64 {
            let k = KeyId(rng.below(40) as u32);
            let sk = (rng.below(6) as u32, rng.below(4) as usize);
            match rng.below(5) {
                0 => {
                    keys.insert(k, step);
                    model_k.insert(k, step);
                    sorted.insert(sk, step);
                    model_s.insert(sk, step);
                }
                1 => {
                    *keys.or_default(k) += step;
                    *model_k.entry(k).or_default() += step;
                    *sorted.or_default(sk) += step;
                    *model_s.entry(sk).or_default() += step;
                }
                2 => {
                    assert_eq!(sorted.remove(&sk), model_s.remove(&sk));
                }
                3 => {
                    if let Some(v) = keys.get_mut(k) {
                        *v += 1;
                    }
                    if let Some(v) = model_k.get_mut(&k) {
                        *v += 1;
                    }
                    if let Some(v) = sorted.get_mut(&sk) {
                        *v += 1;
                    }
                    if let Some(v) = model_s.get_mut(&sk) {
                        *v += 1;
                    }
                }
                _ => {
                    assert_eq!(keys.get(k), model_k.get(&k));
                    assert_eq!(sorted.get(&sk), model_s.get(&sk));
                }
            }
            let got: Vec<(KeyId, u64)> = keys.iter().map(|(k, &v)| (k, v)).collect();
            let want: Vec<(KeyId, u64)> = model_k.iter().map(|(&k, &v)| (k, v)).collect();
            assert_eq!(got, want, "step {step}");
            let want: Vec<((u32, usize), u64)> = model_s.iter().map(|(&k, &v)| (k, v)).collect();
            assert_eq!(sorted.entries(), &want[..], "step {step}");
            assert_eq!(sorted.len(), model_s.len());
            assert_eq!(sorted.is_empty(), model_s.is_empty());
            assert_eq!(keys.is_empty(), model_k.is_empty());
        }
        sorted.clear();
        assert!(sorted.is_empty());
    }

    #[test]
    fn an_empty_slot_is_no_entry() {
        let mut m: KeyMap<String> = KeyMap::new();
        assert!(m.is_empty());
        m.insert(KeyId(3), "d".into());
        assert!(!m.is_empty());
        assert_eq!(m.get(KeyId(0)), None);
        assert_eq!(m.get(KeyId(3)).map(String::as_str), Some("d"));
        assert_eq!(m.get(KeyId(9)), None);
        assert_eq!(m.iter().map(|(k, _)| k).collect::<Vec<_>>(), [KeyId(3)]);
        m.or_default(KeyId(1));
        assert_eq!(
            m.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            [KeyId(1), KeyId(3)]
        );
    }
}
