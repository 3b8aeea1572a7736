//! The counters of a run.

/// The counters of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Messages sent.
    pub messages: u64,
    /// Messages lost to the drop rate or dropped by the user.
    pub dropped: u64,
    /// Messages cut by a partition.
    pub cut: u64,
    /// Messages refused by a crashed receiver.
    pub refused: u64,
    /// Gets that returned a stale value.
    pub stale_reads: u64,
    /// Acknowledged puts lost from every replica at the end.
    pub lost_writes: u64,
    /// Read repairs sent.
    pub read_repairs: u64,
    /// Keys that anti-entropy changed on some replica.
    pub anti_entropy_repairs: u64,
    /// Hashes anti-entropy sent: hash-tree nodes' hashes and keys' digests (contract section 5).
    pub anti_entropy_hashes: u64,
    /// Hints handed back to their home replica.
    pub hints_delivered: u64,
    /// Gets that returned a value an acknowledged delete had removed (see the checker).
    pub resurrections: u64,
}
