//! Hooks the components share (one per file), and the DOM helpers they use.

pub mod dom;
mod use_drag;
mod use_list_window;
mod use_touch_hold;
mod use_width;

pub use use_drag::{use_drag, DragArea, DragHandle, DragView, Move};
pub use use_list_window::{use_list_window, ListWindow, CHUNK};
pub use use_touch_hold::use_touch_hold;
pub use use_width::use_width;
