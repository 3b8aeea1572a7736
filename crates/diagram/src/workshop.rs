//! Workshop exercises in the page (issue 11, part 4), in the worker: reading an exercise file,
//! checking the page's session against its goal the way `qsim check` does (the session's
//! scenario file run until it settles, then [`Exercise::verdict`]), and drawing the exercise
//! panel ([`Desk::html`]). The page keeps what the browser must (the set, the progress in
//! localStorage, the run) and tells the worker ([`DeskState`]); its bundle carries neither the
//! exercise reader, nor the checker, nor the panel's markup: only the visitors who open the
//! exercises load them, with the worker.

use quorumscope_engine::exercise::Exercise;
use quorumscope_engine::sim::Options;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

use crate::render::escape;

/// At most this many engine events are run to judge a session: a session the page made
/// settles in far fewer, and a worker busy for minutes would leave the exercise unjudged.
pub const JUDGE_MAX_EVENTS: u64 = 2_000_000;

/// An exercise as the page shows it, read from its file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseView {
    /// The exercise's id (its file name without `.json`), as the page sent it.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What to do.
    pub task: String,
    /// The scenario to start from, relative to the exercise file.
    pub scenario: String,
    /// The goal's conditions, in words, in the file's order.
    pub goal: Vec<String>,
    /// The hints, to reveal one at a time.
    pub hints: Vec<String>,
    /// Why it works, shown once solved.
    pub explanation: String,
    /// The file could not be read: one line saying why (the other fields are then empty).
    pub error: Option<String>,
}

/// What the page's session made of an exercise's goal.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VerdictView {
    /// The exercise's id, as the page sent it.
    pub id: String,
    /// Whether every condition holds.
    pub solved: bool,
    /// For each condition of the goal, in order, whether it holds.
    pub met: Vec<bool>,
    /// The session or the exercise could not be judged: one line saying why.
    pub error: Option<String>,
}

/// Reads exercise file `text` (exercise `id`) for the page.
pub fn describe(id: String, text: &str) -> ExerciseView {
    match Exercise::from_json(text) {
        Ok(e) => ExerciseView {
            id,
            goal: e.goal.iter().map(|c| c.text.clone()).collect(),
            title: e.title,
            task: e.task,
            scenario: e.scenario,
            hints: e.hints,
            explanation: e.explanation,
            error: None,
        },
        Err(e) => ExerciseView {
            error: Some(format!("exercises/{id}.json: {e}")),
            id,
            ..ExerciseView::default()
        },
    }
}

/// Judges the page's `session` (its scenario file: the loaded scenario plus the user's
/// actions) against exercise file `exercise`, as `qsim check EXERCISE SESSION` does.
pub fn judge(id: String, exercise: &str, session: &str) -> VerdictView {
    let exercise = match Exercise::from_json(exercise) {
        Ok(e) => e,
        Err(e) => {
            return VerdictView {
                error: Some(format!("exercises/{id}.json: {e}")),
                id,
                ..VerdictView::default()
            }
        }
    };
    match quorumscope_engine::run_simulator(session, None, JUDGE_MAX_EVENTS, Options::default()) {
        Ok(sim) => {
            let verdict = exercise.verdict(&sim);
            VerdictView {
                id,
                solved: verdict.solved,
                met: verdict.conditions.iter().map(|c| c.met).collect(),
                error: None,
            }
        }
        Err(e) => VerdictView {
            error: Some(format!("your run could not be checked: {e}")),
            id,
            ..VerdictView::default()
        },
    }
}

/// Where the page's run of the open exercise stands (the page knows; the panel says it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// The exercise's file or scenario is being loaded.
    #[default]
    Loading,
    /// The run changed and its verdict is awaited.
    Checking,
    /// The verdict shown is the run's.
    Judged,
}

/// What the page tells the worker about the exercises (sent whenever it changes).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskState {
    /// The set's exercises, by id, in order.
    pub ids: Vec<String>,
    /// Which of them is open.
    pub open: usize,
    /// For each of them, whether this browser solved it before.
    pub solved: Vec<bool>,
    /// How many of the open exercise's hints were revealed.
    pub hints: usize,
    /// Where the run stands.
    pub phase: Phase,
    /// A problem the page met (a file that could not be fetched, a bad link).
    pub error: Option<String>,
}

/// An exercise's number: the one its file name starts with (`07` in
/// `07-each-quorum-fails`), as the docs and the full set number it; else its place in the set.
fn number(id: &str, place: usize) -> usize {
    id.split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(place + 1)
}

/// The exercise panel's side in the worker: the exercises read, the last verdict, and the
/// page's state, from which the panel is drawn.
#[derive(Default)]
pub struct Desk {
    sheets: BTreeMap<String, ExerciseView>,
    verdict: Option<VerdictView>,
    state: DeskState,
}

impl Desk {
    /// Reads exercise file `text` (exercise `id`), keeping it for the panel.
    pub fn read(&mut self, id: String, text: &str) -> ExerciseView {
        let view = describe(id.clone(), text);
        self.sheets.insert(id, view.clone());
        view
    }

    /// Judges the page's session against exercise `id` (its file, `exercise`), keeping the
    /// verdict for the panel.
    pub fn judge(&mut self, id: String, exercise: &str, session: &str) -> VerdictView {
        let verdict = judge(id, exercise, session);
        self.verdict = Some(verdict.clone());
        verdict
    }

    /// The page's state changed.
    pub fn set_state(&mut self, state: DeskState) {
        self.state = state;
    }

    /// The panel's content below its heading: the task, the goal as a checklist with the run's
    /// verdict, the explanation once solved, the hints revealed, the buttons (each with a
    /// `data-act`: `hint`, `prev`, `next`, `over`, `leave`, `go:K`) and the set's list.
    pub fn html(&self) -> String {
        let s = &self.state;
        let mut out = String::new();
        let Some(id) = s.ids.get(s.open) else {
            return out;
        };
        let title = |id: &str| match self.sheets.get(id) {
            Some(v) if v.error.is_none() => v.title.clone(),
            _ => id.to_string(),
        };
        // Numbered as everywhere else (the file's number), wherever it is in the set.
        out.push_str("<h2 id=\"workshop-heading\">");
        let _ = write!(out, "Exercise {}: ", number(id, s.open));
        escape(&mut out, &title(id));
        let _ = write!(
            out,
            "</h2><p class=\"hint workshop-place\">{} of {} in this set</p>",
            s.open + 1,
            s.ids.len()
        );
        if let Some(e) = &s.error {
            out.push_str("<p class=\"field-error\" role=\"alert\">");
            escape(&mut out, e);
            out.push_str("</p>");
        }
        match self.sheets.get(id) {
            None => out.push_str("<p class=\"hint\">Loading the exercise…</p>"),
            Some(ExerciseView { error: Some(e), .. }) => {
                out.push_str("<p class=\"field-error\" role=\"alert\">");
                escape(&mut out, e);
                out.push_str("</p>");
            }
            Some(sheet) => self.sheet(&mut out, sheet),
        }
        let button = |out: &mut String, act: &str, enabled: bool, label: &str| {
            let _ = write!(
                out,
                "<button type=\"button\" data-act=\"{act}\"{}>{label}</button>",
                if enabled { "" } else { " disabled" }
            );
        };
        out.push_str("<div class=\"workshop-nav\">");
        button(&mut out, "prev", s.open > 0, "Previous exercise");
        button(&mut out, "next", s.open + 1 < s.ids.len(), "Next exercise");
        button(&mut out, "over", true, "Start over");
        button(&mut out, "leave", true, "Leave the exercises");
        out.push_str("</div><ol class=\"workshop-list\" aria-label=\"Exercises\">");
        for (k, id) in s.ids.iter().enumerate() {
            let done = s.solved.get(k).copied().unwrap_or(false);
            let _ = write!(
                out,
                "<li data-solved=\"{}\"><button type=\"button\" data-act=\"go:{k}\"{}>{}. ",
                if done { "yes" } else { "no" },
                if k == s.open {
                    " aria-current=\"step\""
                } else {
                    ""
                },
                number(id, k)
            );
            escape(&mut out, &title(id));
            out.push_str("</button>");
            if done {
                out.push_str("<span> ✓<span class=\"visually-hidden\"> solved</span></span>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
        out
    }

    /// The open exercise's task, goal, verdict, explanation and hints.
    fn sheet(&self, out: &mut String, sheet: &ExerciseView) {
        let s = &self.state;
        let verdict = self.verdict.as_ref().filter(|v| v.id == sheet.id);
        let met: &[bool] = match (verdict, s.phase) {
            (Some(v), Phase::Judged) if v.error.is_none() => &v.met,
            _ => &[],
        };
        let held = met.iter().filter(|m| **m).count();
        let solved_now = !met.is_empty() && held == met.len();
        let solved_before = s.solved.get(s.open).copied().unwrap_or(false);
        out.push_str("<p class=\"workshop-task\">");
        escape(out, &sheet.task);
        out.push_str("</p><h3>Goal</h3><ul class=\"workshop-goal\">");
        for (k, text) in sheet.goal.iter().enumerate() {
            let ok = met.get(k).copied().unwrap_or(false);
            let _ = write!(
                out,
                "<li data-met=\"{}\"><span aria-hidden=\"true\">{} </span>",
                if ok { "yes" } else { "no" },
                if ok { "✓" } else { "○" }
            );
            escape(out, text);
            let _ = write!(
                out,
                "<span class=\"visually-hidden\"> ({})</span></li>",
                if ok { "holds" } else { "not yet" }
            );
        }
        let line = match (s.phase, verdict) {
            (Phase::Loading, _) => "Loading the exercise's scenario…".to_string(),
            (Phase::Checking, _) | (Phase::Judged, None) => "Checking your run…".to_string(),
            (Phase::Judged, Some(VerdictView { error: Some(e), .. })) => e.clone(),
            (Phase::Judged, Some(_)) if solved_now => {
                "Solved: every condition holds in your run.".to_string()
            }
            (Phase::Judged, Some(_)) => format!(
                "Not solved yet: {}{}.",
                match met.len() {
                    1 => "the goal does not hold in your run".to_string(),
                    n => format!("{held} of the goal's {n} conditions hold in your run"),
                },
                if solved_before {
                    " (you solved it before, in this browser)"
                } else {
                    ""
                }
            ),
        };
        let _ = write!(
            out,
            "</ul><p id=\"workshop-verdict\" data-solved=\"{}\">",
            if solved_now { "yes" } else { "no" }
        );
        escape(out, &line);
        out.push_str(
            "</p><p class=\"hint\">Your run is checked as it will end: played on until nothing \
             is left in flight, then judged from what the clients saw and what the replicas \
             hold, never from which buttons were pressed.</p>",
        );
        if solved_now || solved_before {
            out.push_str("<div class=\"workshop-explanation\"><h3>Why it works</h3><p>");
            escape(out, &sheet.explanation);
            out.push_str("</p></div>");
        }
        if !sheet.hints.is_empty() {
            let shown = s.hints.min(sheet.hints.len());
            out.push_str("<ol class=\"workshop-hints\" aria-label=\"Hints\">");
            for hint in &sheet.hints[..shown] {
                out.push_str("<li>");
                escape(out, hint);
                out.push_str("</li>");
            }
            out.push_str("</ol>");
            if shown < sheet.hints.len() {
                let _ = write!(
                    out,
                    "<button type=\"button\" id=\"workshop-hint\" data-act=\"hint\">Show a \
                     hint ({} of {})</button>",
                    shown + 1,
                    sheet.hints.len()
                );
            } else {
                out.push_str("<p class=\"hint\">Every hint is shown.</p>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> String {
        let path = format!("{}/../../{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_worker_judges_a_session_as_qsim_check_does() {
        let id = "01-lose-an-acknowledged-write";
        let exercise = file(&format!("exercises/{id}.json"));
        let view = describe(id.into(), &exercise);
        assert_eq!(view.error, None);
        assert_eq!(view.title, "Lose an acknowledged write");
        assert_eq!(view.scenario, "../scenarios/default.json");
        assert_eq!(view.goal.len(), 1);
        assert_eq!(view.hints.len(), 3);

        let start = judge(id.into(), &exercise, &file("scenarios/default.json"));
        assert_eq!(
            (start.solved, start.met.clone(), start.error),
            (false, vec![false], None)
        );
        let solution = file(&format!("crates/cli/tests/solutions/{id}.json"));
        let solved = judge(id.into(), &exercise, &solution);
        assert_eq!(
            (solved.solved, solved.met, solved.error),
            (true, vec![true], None)
        );
    }

    #[test]
    fn bad_files_are_named() {
        let view = describe("x".into(), "{\"title\": 1}");
        assert!(view
            .error
            .as_deref()
            .unwrap()
            .starts_with("exercises/x.json: "));
        let exercise = file("exercises/01-lose-an-acknowledged-write.json");
        let verdict = judge("y".into(), &exercise, "{");
        let error = verdict.error.unwrap();
        assert!(
            error.starts_with("your run could not be checked: "),
            "{error}"
        );
        assert!(!verdict.solved);
    }

    #[test]
    fn the_panel_shows_the_goal_the_verdict_and_the_hints_revealed() {
        let id = "01-lose-an-acknowledged-write";
        let exercise = file(&format!("exercises/{id}.json"));
        let mut desk = Desk::default();
        desk.read(id.into(), &exercise);
        let state = DeskState {
            ids: vec![id.into(), "07-x".into()],
            open: 0,
            solved: vec![false, true],
            hints: 1,
            phase: Phase::Checking,
            error: None,
        };
        desk.set_state(state.clone());
        let html = desk.html();
        assert!(html.contains(">Exercise 1: Lose an acknowledged write</h2>"));
        assert!(html.contains("1 of 2 in this set"));
        assert!(html.contains("Checking your run…"));
        assert!(html.contains("Show a hint (2 of 3)"));
        assert_eq!(html.matches("<li>").count(), 1, "one hint revealed");
        assert!(!html.contains("Why it works"));
        assert!(html.contains("data-act=\"go:1\">7. 07-x</button><span> ✓"));

        let solution = file(&format!("crates/cli/tests/solutions/{id}.json"));
        assert!(desk.judge(id.into(), &exercise, &solution).solved);
        desk.set_state(DeskState {
            phase: Phase::Judged,
            hints: 3,
            ..state
        });
        let html = desk.html();
        assert!(html.contains("Solved: every condition holds in your run."));
        assert!(html.contains("data-solved=\"yes\""));
        assert!(html.contains("Why it works"));
        assert!(html.contains("Every hint is shown."));
        assert!(!html.contains("data-act=\"hint\""));
    }
}
