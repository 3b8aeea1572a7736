//! The cluster view: replica nodes around a ring, clients beside them, partition zones, the
//! links between them and the messages travelling on those links, drawn as one SVG.
//!
//! Everything it shows comes from the snapshot; everything the user does here (crash or
//! recover a node, drag a node or client into a zone, heal, cut the WAN, drop a message, clear
//! the selection) goes to the narrow callbacks of [`ClusterHandlers`](crate::components::app::handlers::ClusterHandlers).
//! One component or helper per file: the view ([`view`]), the bar above it, its glyphs, layers,
//! zones and regions, the caption and the quorum explanation under it; dragging, the width and
//! touch are hooks (`crate::hooks`).

mod bar;
mod caption;
pub mod client_glyph;
mod dcs;
mod events;
mod glyphs;
pub mod link_layer;
pub mod message_layer;
pub mod node_glyph;
pub mod partition_zones;
mod quorum;
mod regions;
mod room;
mod shapes;
pub mod view;

pub use dcs::{dc_class, endpoint_dcs, wan};
pub use view::{ClusterView, ClusterViewProps};
