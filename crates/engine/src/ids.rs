//! The ids of the things a run names: endpoints (nodes and clients), keys, operations and
//! messages. Each is its own type, so that a function's signature says which it takes.
//!
//! Endpoints and keys are dense indices, so vectors and slices are indexed by them directly.

use std::fmt;
use std::ops::{Index, IndexMut};

/// A node or a client, by index: nodes come first (`0..nodes`), then clients. An endpoint's
/// index is also its actor in version vectors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EndpointId(pub usize);

/// An interned key, by index in the order keys were first used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub u32);

/// An operation, numbered from 1 in order of invocation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpId(pub u64);

/// A message, numbered from 1 in order of sending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MsgId(pub u64);

impl EndpointId {
    /// Its position among the endpoints.
    pub fn index(self) -> usize {
        self.0
    }
}

impl KeyId {
    /// Its position among the keys.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl OpId {
    /// The operation's position in the history (`id - 1`).
    pub fn index(self) -> usize {
        (self.0 as usize).wrapping_sub(1)
    }
}

impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Display for MsgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

macro_rules! indexed_by {
    ($id:ty) => {
        impl<T> Index<$id> for [T] {
            type Output = T;
            fn index(&self, id: $id) -> &T {
                &self[id.index()]
            }
        }
        impl<T> IndexMut<$id> for [T] {
            fn index_mut(&mut self, id: $id) -> &mut T {
                &mut self[id.index()]
            }
        }
        impl<T> Index<$id> for Vec<T> {
            type Output = T;
            fn index(&self, id: $id) -> &T {
                &self[id.index()]
            }
        }
        impl<T> IndexMut<$id> for Vec<T> {
            fn index_mut(&mut self, id: $id) -> &mut T {
                &mut self[id.index()]
            }
        }
    };
}

indexed_by!(EndpointId);
indexed_by!(KeyId);
