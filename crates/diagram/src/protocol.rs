//! The messages between the page and the diagram's worker. The worker reads and writes them
//! with serde-wasm-bindgen (serde's external tagging: `{"Load": {"seq": 1, ...}}`, `"Ready"`);
//! the page writes and reads the same plain objects by hand (`src/components/diagram.rs`), so
//! that serde's code for them stays out of the page's bundle.
//!
//! Every request carries a sequence number, which its reply repeats: the page draws only the
//! reply to its latest request of a kind, so a window that was scrolled past is never drawn.

use serde::{Deserialize, Serialize};

/// A request from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Replay this run to this position (a later position of the same run carries the worker's
    /// run forward; anything else replays it from the start).
    Load {
        /// Its sequence number.
        seq: u32,
        /// The session's scenario file (its scenario plus the user's actions).
        scenario: String,
        /// The position's simulated time, in µs.
        now_us: u64,
        /// How many engine events the page's run has processed.
        events: u64,
    },
    /// Draw a window of the diagram (see [`crate::View`]).
    Window {
        /// Its sequence number.
        seq: u32,
        /// The time at the top, in µs.
        t0_us: u64,
        /// The time at the bottom, in µs.
        t1_us: u64,
        /// The width available, in px.
        width_px: f64,
        /// The height, in px.
        height_px: f64,
        /// The operation selected, by number.
        selected: Option<u64>,
    },
    /// The whole diagram as an SVG file.
    Export {
        /// Its sequence number.
        seq: u32,
    },
}

/// A reply from the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has started and listens: what the page sent before this was not heard (a
    /// worker has no handler until its wasm is loaded), so the page waits for it.
    Ready,
    /// The run is loaded.
    Loaded {
        /// The request's sequence number.
        seq: u32,
        /// The run's simulated time, in µs.
        end_us: u64,
        /// How many events its causal log holds.
        events: u64,
        /// How many operations it has.
        ops: u32,
    },
    /// A window, or the export.
    Svg {
        /// The request's sequence number.
        seq: u32,
        /// The `<svg>` element's text.
        svg: String,
    },
    /// The request could not be served: one line saying why.
    Error {
        /// The request's sequence number.
        seq: u32,
        /// What was wrong.
        message: String,
    },
}
