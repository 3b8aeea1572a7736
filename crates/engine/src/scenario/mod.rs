//! The scenario file of the contract (`CONTRACT.md` section 1): parsing and validation.
//!
//! [`Scenario::from_json`] is the one way in: it reads the JSON, rejects unknown fields, and
//! checks every cross-field rule, returning a [`ScenarioError`] that names the field (as a path
//! such as `cluster.w` or `events[3].put.client`) and what was wrong.
//!
//! Reading and writing are written by hand over [`serde_json::Value`] (with the helpers of
//! `json.rs`) rather than derived, so that the page does not carry serde's generated code for
//! every type. [`Scenario::to_value`] and [`Scenario::to_json_string`] write a scenario; the
//! `Serialize` implementations write the same JSON through any serde serializer.
//!
//! The module is split by what is done with a scenario: `model` is what a scenario says,
//! `read` reads it from JSON (with the helpers of `json`, which locate errors), `validate`
//! checks the rules between fields, `write` writes it back, and `fields` names the fields that
//! reading and writing share.

mod error;
mod fields;
mod json;
mod model;
mod read;
mod validate;
mod write;

#[cfg(test)]
mod tests;

pub use crate::quorum::{ConsistencyLevel, DatacenterSpec};
pub use crate::text::compact_json;
pub use error::{one_line, ScenarioError};
pub use model::{
    Action, Cluster, ClusterPatch, ContextChoice, Coordinator, DeleteSpec, Event, GetSpec, Merge,
    PutSpec, Quorum, Scenario, DEFAULT_MAX_SIBLINGS, MAX_MAX_SIBLINGS, MAX_MS, MAX_NODES,
    SIBLINGS_WARNING,
};
