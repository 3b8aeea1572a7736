//! quorumscope's replication engine.
