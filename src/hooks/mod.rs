//! Hooks the components share (one per file).

mod use_list_window;

pub use use_list_window::{use_list_window, ListWindow, CHUNK};
