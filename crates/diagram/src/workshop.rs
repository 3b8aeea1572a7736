//! Workshop exercises in the page (issue 11, part 4), judged in the worker: reading an exercise
//! file for the page to show, and checking the page's session against its goal the way
//! `qsim check` does (the session's scenario file run until it settles, then
//! [`Exercise::verdict`]). The page's bundle then carries neither the exercise reader nor the
//! goal checker; only the visitors who open an exercise load them, with the worker.

use quorumscope_engine::exercise::Exercise;
use quorumscope_engine::sim::Options;
use serde::{Deserialize, Serialize};

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
}
