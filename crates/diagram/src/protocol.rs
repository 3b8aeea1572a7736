//! The messages between the page and the diagram's worker. The worker reads and writes them
//! with serde-wasm-bindgen (serde's external tagging: `{"Sync": {"horizon_us": 1, ...}}`); the
//! page writes its few requests and reads the one reply by hand (`src/components/diagram.rs`
//! says why), so that serde's code for them stays out of the page's bundle.
//!
//! The worker decides everything about the diagram: its scale, what window to draw, what a
//! click or a key means, where the current-time line is, which file a download button makes.
//! The page only forwards raw facts (its run's position, the scroll box, the `data-act` of what
//! was clicked, the key pressed) and inserts what comes back ([`Update`]).

use serde::{Deserialize, Serialize};

use crate::workshop::{DeskState, ExerciseView, VerdictView};

/// A request from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The page's run: where it is, and (when it changed) what it is.
    Sync {
        /// The session's scenario file (its scenario plus the user's actions), when it changed
        /// since the last `Sync` (the first one always carries it).
        scenario: Option<String>,
        /// The furthest position played (the diagram's end): its simulated time, in µs.
        horizon_us: u64,
        /// How many engine events the page's run had processed at that position.
        horizon_events: u64,
        /// The position the page shows (the current-time line), in µs.
        now_us: u64,
        /// Whether time is playing (the diagram then follows the current-time line).
        playing: bool,
        /// The operation selected in the page, by number.
        selected: Option<u64>,
    },
    /// The scroll box moved or changed size.
    Scroll {
        /// Its scroll offset from the top, in px.
        top_px: f64,
        /// Its inner width, in px.
        width_px: f64,
        /// Its inner height, in px.
        height_px: f64,
    },
    /// A click on an element carrying `data-act` (its value: see [`Act`]).
    Act {
        /// The `data-act` value.
        act: String,
        /// Where the click was, in px from the top of the diagram's whole length.
        y_px: f64,
    },
    /// Read an exercise file (issue 11, part 4): the worker answers with
    /// [`Update::exercise`] and [`Update::workshop`].
    Exercise {
        /// The exercise's id (its file name without `.json`).
        id: String,
        /// The file's text.
        text: String,
    },
    /// Judge the page's session against an exercise, as `qsim check` does: the worker
    /// answers with [`Update::verdict`] and [`Update::workshop`].
    Judge {
        /// The exercise's id.
        id: String,
        /// The exercise file's text.
        exercise: String,
        /// The session's scenario file (the loaded scenario plus the user's actions).
        session: String,
    },
    /// The page's state of the exercises changed: the worker answers with
    /// [`Update::workshop`].
    Workshop(DeskState),
    /// A key pressed in the diagram.
    Key {
        /// `KeyboardEvent.key`.
        key: String,
        /// The `data-act` of the focused element, if it has one.
        act: Option<String>,
    },
    /// The ring panel's run and key (`crate::ring`): answered with the panel's parts
    /// ([`Update`]'s `ring_*` fields). The page sends it from a worker of its own.
    Ring {
        /// The session's scenario file, when it changed since the last `Ring` (the first one
        /// always carries it).
        scenario: Option<String>,
        /// The position the page shows: its simulated time, in µs...
        now_us: u64,
        /// ...and how many engine events its run had processed there.
        now_events: u64,
        /// The key selected in the page, by name.
        selected: Option<String>,
    },
    /// The staleness panel (`crate::pbs`): a button of it was pressed (or the panel opened,
    /// `act` `open`). Answered with the `pbs_*` fields of [`Update`], after progress reports
    /// while a curve is computed. The page sends it from a worker of its own.
    Pbs {
        /// The `data-act` of the button pressed, or `open`.
        act: String,
        /// The values of the panel's named fields (`n`, `r`, `w`, `model`, `trials`,
        /// `etrials`), by name.
        fields: std::collections::BTreeMap<String, String>,
        /// The session's scenario file, when it changed since the last `Pbs` (the first one
        /// always carries it).
        scenario: Option<String>,
    },
}

/// What the page's `data-act` attributes name (the worker writes them into its HTML; the page's
/// own buttons carry the fixed ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Twice the scale.
    ZoomIn,
    /// Half the scale.
    ZoomOut,
    /// Download the whole diagram as SVG.
    Svg,
    /// Download the history as Jepsen's EDN.
    Edn,
    /// Download the run as a ShiViz log.
    ShiViz,
    /// Seek to the time clicked on the time axis.
    Axis,
    /// Select this operation (or unselect it, when it is the one selected).
    Op(u64),
    /// Seek to the selected operation's invocation.
    Start,
    /// Seek to the selected operation's reply.
    End,
}

impl Act {
    /// Reads a `data-act` value; `None` for anything else.
    pub fn parse(text: &str) -> Option<Act> {
        Some(match text {
            "zoom-in" => Act::ZoomIn,
            "zoom-out" => Act::ZoomOut,
            "svg" => Act::Svg,
            "edn" => Act::Edn,
            "shiviz" => Act::ShiViz,
            "axis" => Act::Axis,
            "start" => Act::Start,
            "end" => Act::End,
            _ => Act::Op(text.strip_prefix("op:")?.parse().ok()?),
        })
    }

    /// The `data-act` value that names it ([`Act::parse`] reads it back).
    pub fn attr(self) -> String {
        match self {
            Act::ZoomIn => "zoom-in".into(),
            Act::ZoomOut => "zoom-out".into(),
            Act::Svg => "svg".into(),
            Act::Edn => "edn".into(),
            Act::ShiViz => "shiviz".into(),
            Act::Axis => "axis".into(),
            Act::Start => "start".into(),
            Act::End => "end".into(),
            Act::Op(op) => format!("op:{op}"),
        }
    }
}

/// The worker's one reply: what changed, each field absent (`undefined` to the page) when it
/// did not. The page applies every field present.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Update {
    /// The worker has started and listens: what the page sent before this was not heard (a
    /// worker has no handler until its wasm is loaded), so the page sends its state again.
    pub ready: bool,
    /// This answers a `Sync` (the page sends the next one only then).
    pub synced: bool,
    /// The HTML above the scroll box: the caption and the tool bar (its buttons carry
    /// `data-act`). Sent when the worker starts and when the selection changes (the selected
    /// operation's buttons), never on zoom, so a focused button stays.
    pub head: Option<String>,
    /// The diagram's whole length, in px (the height of `#diagram-length` in [`Update::body`]).
    pub length_px: Option<f64>,
    /// The scroll box's content: `div#diagram-length` (the whole length), holding the window
    /// to show, a `div.diagram-window` placed at its offset, holding the `<svg>`.
    pub body: Option<String>,
    /// The current-time line, `div#diagram-now` placed at [`Update::now_px`] (sent alone when
    /// only the position shown moved: the window is not drawn again).
    pub now: Option<String>,
    /// The current-time line's offset from the top of the length, in px (in [`Update::now`]).
    pub now_px: Option<f64>,
    /// Scroll the box to this offset (after the length is drawn).
    pub scroll_to_px: Option<f64>,
    /// Select this operation in the page.
    pub select: Option<u64>,
    /// Unselect the operation selected in the page.
    pub unselect: bool,
    /// Move the page's run to this simulated time, in µs.
    pub seek_us: Option<u64>,
    /// A file to download (a download button was pressed): its name...
    pub download_name: Option<String>,
    /// ...its media type...
    pub download_mime: Option<String>,
    /// ...and its text.
    pub download_text: Option<String>,
    /// A sentence for screen readers (the page puts it in a polite live region).
    pub status: Option<String>,
    /// A request failed: one line saying why.
    pub error: Option<String>,
    /// An exercise file read (the answer to [`Request::Exercise`]).
    pub exercise: Option<ExerciseView>,
    /// A session judged (the answer to [`Request::Judge`]).
    pub verdict: Option<VerdictView>,
    /// The exercise panel's content, drawn anew (after [`Request::Exercise`],
    /// [`Request::Judge`] and [`Request::Workshop`]).
    pub workshop: Option<String>,
    /// The ring's `<svg>`, labelled with what it shows (answers [`Request::Ring`], as do the
    /// other `ring_*` fields).
    pub ring_svg: Option<String>,
    /// The options of the select `Key on the ring`.
    pub ring_options: Option<String>,
    /// A hint saying how many keys are not shown, or nothing.
    pub ring_more: Option<String>,
    /// What the panel says of the key chosen (or how to choose one).
    pub ring_explanation: Option<String>,
    /// The chosen key's numbered preference list, then the nodes' colours.
    pub ring_rest: Option<String>,
    /// The key chosen (the one selected, once it is on the ring), or empty.
    pub ring_chosen: Option<String>,
    /// The staleness panel's form (sent once: the page keeps what is typed in it).
    pub pbs_form: Option<String>,
    /// Its status line: progress while computing, what was drawn, or what was wrong.
    pub pbs_status: Option<String>,
    /// Its chart, legend and tables.
    pub pbs_view: Option<String>,
    /// What it says of the run shown (a point selected), or nothing.
    pub pbs_run: Option<String>,
    /// A share link's fragment (without `#`) for the page to open: the sampled run of the
    /// point selected.
    pub pbs_link: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::Act;

    #[test]
    fn act_reads_back_what_it_writes() {
        for act in [
            Act::ZoomIn,
            Act::ZoomOut,
            Act::Svg,
            Act::Edn,
            Act::ShiViz,
            Act::Axis,
            Act::Start,
            Act::End,
            Act::Op(0),
            Act::Op(12345),
        ] {
            assert_eq!(Act::parse(&act.attr()), Some(act));
        }
        assert_eq!(Act::parse("op:"), None);
        assert_eq!(Act::parse("op:-1"), None);
        assert_eq!(Act::parse("zoom"), None);
    }
}
