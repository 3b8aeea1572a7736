//! FNV-1a, a small stable hash: the same bytes give the same digest on every platform, which the
//! trace hash, the anti-entropy digests and consistent hashing rely on.

/// FNV-1a (64-bit) hasher state.
#[derive(Clone, Debug)]
pub struct Fnv(u64);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

impl Fnv {
    /// A fresh hasher.
    pub fn new() -> Fnv {
        Fnv(OFFSET)
    }

    /// Feeds bytes.
    pub fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// Feeds a number as its 8 little-endian bytes.
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }

    /// Feeds a number as one 64-bit word: one multiply instead of eight, and a shift so that
    /// high bits reach low ones. Not FNV-1a any more: for the trace hash only, whose value no
    /// one else computes.
    pub fn word(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(PRIME);
        self.0 ^= self.0 >> 29;
    }

    /// Feeds a string, length first so that concatenations cannot collide.
    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.bytes(s.as_bytes());
    }

    /// The digest so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// The FNV-1a digest of a string.
pub fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::new();
    h.bytes(s.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values of 64-bit FNV-1a (Fowler, Noll, Vo).
    #[test]
    fn fnv1a_reference_vectors() {
        assert_eq!(hash_str(""), 0xcbf29ce484222325);
        assert_eq!(hash_str("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(hash_str("foobar"), 0x85944171f73967e8);
    }
}
