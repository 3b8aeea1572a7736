//! A replica's keys, each with its digest kept until the key next changes.
//!
//! Anti-entropy builds a hash tree over the digests of the keys two replicas share for every
//! message of a round (`node/anti_entropy.rs`); without the kept digests, a walk down a tree of
//! 1,024 keys would hash every key's state once per level. A key's digest is dropped whenever
//! its state is handed out to be changed ([`Store::or_default`]), the only way to change it.

use crate::ids::KeyId;
use crate::maps::KeyMap;
use crate::version::KeyState;

/// A replica's keys and their states, in order of key id.
#[derive(Clone, Debug)]
pub struct Store {
    states: KeyMap<KeyState>,
    /// Slot `k`: the digest of key `k`'s state, if it is known not to have changed since.
    digests: Vec<Option<u64>>,
    /// The digest of the empty state: a key the replica does not hold.
    empty: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// A store with no key.
    pub fn new() -> Store {
        Store {
            states: KeyMap::new(),
            digests: Vec::new(),
            empty: KeyState::new().digest(),
        }
    }

    /// The state of `key`, if the replica holds it.
    pub fn get(&self, key: KeyId) -> Option<&KeyState> {
        self.states.get(key)
    }

    /// The state of `key` to change, the empty state first if there is none. Its digest is
    /// computed afresh when next asked for.
    pub fn or_default(&mut self, key: KeyId) -> &mut KeyState {
        if let Some(d) = self.digests.get_mut(key.index()) {
            *d = None;
        }
        self.states.or_default(key)
    }

    /// The keys and their states, in order of key id.
    pub fn iter(&self) -> impl Iterator<Item = (KeyId, &KeyState)> {
        self.states.iter()
    }

    /// The digest of `key`'s state ([`KeyState::digest`]; the empty state's for a key the
    /// replica does not hold), computed once per change of the key.
    pub fn digest(&mut self, key: KeyId) -> u64 {
        let Some(state) = self.states.get(key) else {
            return self.empty;
        };
        let k = key.index();
        if k >= self.digests.len() {
            self.digests.resize(k + 1, None);
        }
        *self.digests[k].get_or_insert_with(|| state.digest())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Dot;

    #[test]
    fn a_kept_digest_follows_every_change_of_its_key() {
        let mut s = Store::new();
        let k = KeyId(3);
        let empty = KeyState::new().digest();
        assert_eq!(s.digest(k), empty);
        s.or_default(k).clock.insert(Dot {
            actor: 1,
            counter: 1,
        });
        let first = s.digest(k);
        assert_ne!(first, empty);
        assert_eq!(first, s.get(k).unwrap().digest());
        // Changed after its digest was kept: the digest follows.
        s.or_default(k).clock.insert(Dot {
            actor: 1,
            counter: 2,
        });
        assert_ne!(s.digest(k), first);
        assert_eq!(s.digest(k), s.get(k).unwrap().digest());
        // Other keys keep theirs.
        assert_eq!(s.digest(KeyId(0)), empty);
    }
}
