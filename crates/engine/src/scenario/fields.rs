//! The names of the scenario file's fields and words, shared by reading and writing.

use crate::scenario::json::Shape;
use crate::version::Versioning;

pub(crate) const COORDINATORS: &[&str] = &["client", "replica"];

pub(crate) const VERSIONINGS: &[&str] = &["dvv", "vv", "lww"];

pub(crate) fn versioning_name(v: Versioning) -> &'static str {
    match v {
        Versioning::Dvv => "dvv",
        Versioning::Vv => "vv",
        Versioning::Lww => "lww",
    }
}

// Reading and writing JSON, by hand over `serde_json::Value` (see `json.rs`).

pub(crate) const SCENARIO_FIELDS: &[&str] = &[
    "name",
    "description",
    "look_at",
    "seed",
    "cluster",
    "events",
];

pub(crate) const CLUSTER_FIELDS: &[&str] = &[
    "nodes",
    "clients",
    "n",
    "w",
    "r",
    "datacenters",
    "versioning",
    "coordinator",
    "read_repair",
    "anti_entropy_ms",
    "sloppy_quorum",
    "hinted_handoff",
    "handoff_interval_ms",
    "timeout_ms",
    "latency",
    "wan_latency",
    "clock_skew_ms",
    "placement",
    "max_siblings",
    "failure_detector",
];

pub(crate) const PATCH_FIELDS: &[&str] = &[
    "n",
    "w",
    "r",
    "coordinator",
    "read_repair",
    "anti_entropy_ms",
    "sloppy_quorum",
    "hinted_handoff",
    "handoff_interval_ms",
    "timeout_ms",
    "latency",
    "wan_latency",
    "clock_skew_ms",
    "failure_detector",
];

pub(crate) const EVENT_FIELDS: &[&str] = &[
    "at",
    "put",
    "get",
    "delete",
    "crash",
    "recover",
    "partition",
    "heal",
    "drop_rate",
    "configure",
    "drop_message",
];

pub(crate) const PUT_FIELDS: &[&str] = &["client", "key", "value", "context", "merge"];

pub(crate) const GET_FIELDS: &[&str] = &["client", "key"];

pub(crate) const DELETE_FIELDS: &[&str] = &["client", "key", "context"];

pub(crate) const CONTEXTS: &[&str] = &["none", "last"];

pub(crate) const MERGES: &[&str] = &["union"];

pub(crate) const DATACENTER_FIELDS: &[&str] = &["name", "members", "n"];

pub(crate) static DATACENTER_SHAPE: Shape = Shape::Fields(DATACENTER_FIELDS, &[]);

pub(crate) static DATACENTERS_SHAPE: Shape = Shape::List(&DATACENTER_SHAPE);

/// `failure_detector`'s object form, written in the order it is documented.
static DETECTOR_SHAPE: Shape = Shape::Fields(&["timeout"], &[("timeout", &TIMEOUT_SHAPE)]);

static TIMEOUT_SHAPE: Shape = Shape::Fields(&["suspect_after_ms", "probe_ms"], &[]);

pub(crate) static CLUSTER_SHAPE: Shape = Shape::Fields(
    CLUSTER_FIELDS,
    &[
        ("datacenters", &DATACENTERS_SHAPE),
        ("failure_detector", &DETECTOR_SHAPE),
    ],
);

pub(crate) static PATCH_SHAPE: Shape =
    Shape::Fields(PATCH_FIELDS, &[("failure_detector", &DETECTOR_SHAPE)]);

pub(crate) static PUT_SHAPE: Shape = Shape::Fields(PUT_FIELDS, &[]);

pub(crate) static GET_SHAPE: Shape = Shape::Fields(GET_FIELDS, &[]);

pub(crate) static DELETE_SHAPE: Shape = Shape::Fields(DELETE_FIELDS, &[]);

pub(crate) static EVENT_SHAPE: Shape = Shape::Fields(
    EVENT_FIELDS,
    &[
        ("put", &PUT_SHAPE),
        ("get", &GET_SHAPE),
        ("delete", &DELETE_SHAPE),
        ("configure", &PATCH_SHAPE),
    ],
);

pub(crate) static EVENTS_SHAPE: Shape = Shape::List(&EVENT_SHAPE);

pub(crate) static SCENARIO_SHAPE: Shape = Shape::Fields(
    SCENARIO_FIELDS,
    &[("cluster", &CLUSTER_SHAPE), ("events", &EVENTS_SHAPE)],
);
