//! The page's Yew function components, one per file.

pub mod app;
pub mod error_banner;
pub mod history_table;
pub mod intro;
pub mod metrics_panel;
pub mod replica_card;
pub mod scenario_panel;
