//! quorumscope's space-time (Lamport) diagram of a run (issue 10, part 3).
//!
//! [`Diagram::of`] reads a simulator that recorded its causal log
//! ([`Options::causal_limit`](quorumscope_engine::sim::Options::causal_limit)) and its history:
//! one lane per client and node, an arrow per message, a span per operation, bands for crashes
//! and partitions, and the checker's verdicts (a stale read, a write lost to last-write-wins, a
//! result with siblings, a read repair) with the explanation the operation log gives.
//! [`render_window`] draws the part of it a [`View`] shows as SVG text, and only that part (a
//! run of 100,000 events scrolls by drawing a screenful at a time); [`export_svg`] draws the
//! whole run as a standalone SVG file. [`CausalSets::of`] is what selecting an operation
//! highlights: the events in its causal past and those concurrent with it, by vector clocks.
//!
//! [`panel::Panel`] is the page's diagram panel, run in the worker: it answers the page's
//! [`protocol`] requests with what to show; [`ring::RingPanel`] draws the page's ring panel.
//!
//! [`pbs::PbsPanel`] is the staleness panel ("How stale, how often?", issue 12): PBS
//! t-visibility curves computed in the worker, and a sampled run of a point.
//!
//! [`workshop`] reads workshop exercises and judges the page's session against one (issue 11,
//! part 4), in the same worker, so that the page's first load carries neither.
//!
//! The crate is pure (no web dependencies but in its worker binary, `src/bin/diagram_worker.rs`,
//! which the page runs in a Web Worker so that the diagram costs the page's first load nothing).

mod causal;
mod model;
pub mod panel;
pub mod pbs;
pub mod protocol;
mod render;
mod replay;
pub mod ring;
pub mod workshop;

pub use causal::CausalSets;
pub use model::{Arrow, ArrowEnd, Band, BandKind, Diagram, Lane, Span, Verdict, VerdictKind};
pub use render::{export_svg, render_window, View, MAX_ARROWS};
pub use replay::{catch_up, replay};
