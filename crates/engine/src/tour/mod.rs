//! Guided tours (issue 11, part 2): a library scenario and steps, each a short text, a moment
//! of the run and what to highlight, in a file a teacher writes (docs/TOURS.md).
//!
//! [`Tour::from_json`] reads a tour file and says what is wrong with a bad one in one line
//! that names the field (`steps[2].highlight: ...`); [`Tour::check`] runs the tour's scenario
//! and says whether every step makes sense in it: its moments in time order and within the
//! run, and its highlights naming nodes, clients, operations and messages that exist by then.

mod check;
mod file;

pub use file::{Highlight, Setting, Step, Tour, TourError};
