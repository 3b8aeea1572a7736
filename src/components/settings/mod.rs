//! The settings panel: n, w, r and the rest of the cluster's settings, applied from now on.
//!
//! Numbers are applied as they are typed, once every field is valid; a bad value is explained
//! beside its field (`.field-error`) and nothing is applied until it is fixed. What is typed
//! stays as typed.
//!
//! One part per file: the component ([`panel`]), the draft of what is typed and how it follows
//! the settings in force (`draft`, `sync`), its evaluation into a patch (`evaluate`), editing
//! (`edit`), the levels' arithmetic (`levels`), and the panel's sections (`nwr`, `modes`,
//! `detector`, `latency`, `skews`), drawn from one [`form::Form`].

use std::rc::Rc;

use quorumscope_engine::scenario::Cluster;
use quorumscope_engine::snapshot::LevelsView;
use quorumscope_engine::Scenario;
use yew::prelude::*;

use super::app::handlers::SettingsHandlers;

mod detector;
mod draft;
mod edit;
mod evaluate;
pub mod form;
mod latency;
pub mod levels;
mod modes;
mod nwr;
pub mod panel;
mod skews;
mod sync;

pub use levels::{level_overlap, quorum_condition};
pub use panel::SettingsPanel;

/// Properties of [`SettingsPanel`].
#[derive(Properties, Clone)]
pub struct SettingsPanelProps {
    /// The settings in force.
    pub cluster: Cluster,
    /// n, w and r in force, resolved to numbers.
    pub nwr: (usize, usize, usize),
    /// The scenario's clients (their clocks can be skewed too).
    pub clients: Vec<String>,
    /// The probability that a message is lost, in force.
    pub drop_rate: f64,
    /// The scenario as loaded (settings are checked against it as the engine will).
    pub base: Rc<Scenario>,
    /// Each datacenter's name and n (empty without datacenters).
    #[prop_or_default]
    pub datacenters: Vec<(String, u32)>,
    /// The levels of w and r in force with what they require.
    pub levels: std::sync::Arc<LevelsView>,
    /// Where changes go.
    pub on: SettingsHandlers,
}

/// The loaded scenario is compared by pointer, as [`crate::state::AppState`] does (a new one
/// is a new `Rc`): with the share link's check, the page needs no deep `PartialEq` of scenarios.
impl PartialEq for SettingsPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.base, &other.base)
            && self.cluster == other.cluster
            && self.nwr == other.nwr
            && self.clients == other.clients
            && self.drop_rate == other.drop_rate
            && self.datacenters == other.datacenters
            && self.levels == other.levels
            && self.on == other.on
    }
}
