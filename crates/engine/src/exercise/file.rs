//! The exercise file: reading and checking it.

use serde::Deserialize;

use super::goal::{Condition, ConditionFile};

/// A workshop exercise, as its file describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// A short title ("Lose an acknowledged write").
    pub title: String,
    /// What to do, in a sentence or two.
    pub task: String,
    /// The scenario to start from: a path relative to the exercise file (for example
    /// `../scenarios/clock-skew.json`), which the page and `qsim check` resolve the same way.
    pub scenario: String,
    /// What the run must show, every condition at once.
    pub goal: Vec<Condition>,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// Why it works, shown once the exercise is solved.
    pub explanation: String,
}

/// A bad exercise file: one line naming what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseError(pub String);

impl std::fmt::Display for ExerciseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseFile {
    title: String,
    task: String,
    scenario: String,
    goal: Vec<ConditionFile>,
    #[serde(default)]
    hints: Vec<String>,
    explanation: String,
}

impl Exercise {
    /// Reads an exercise file. A bad one gives one line naming the field (serde's message
    /// with its line and column, or `goal[2]: ...` for a condition that makes no sense).
    pub fn from_json(text: &str) -> Result<Exercise, ExerciseError> {
        let file: ExerciseFile =
            serde_json::from_str(text).map_err(|e| ExerciseError(e.to_string()))?;
        let nonempty = |field: &str, value: &str| {
            if value.trim().is_empty() {
                Err(ExerciseError(format!("{field}: must not be empty")))
            } else {
                Ok(())
            }
        };
        nonempty("title", &file.title)?;
        nonempty("task", &file.task)?;
        nonempty("scenario", &file.scenario)?;
        nonempty("explanation", &file.explanation)?;
        if file.goal.is_empty() {
            return Err(ExerciseError(
                "goal: list at least one condition, or nothing could be checked".into(),
            ));
        }
        let goal = file
            .goal
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                c.checked()
                    .map_err(|e| ExerciseError(format!("goal[{i}]: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Exercise {
            title: file.title,
            task: file.task,
            scenario: file.scenario,
            goal,
            hints: file.hints,
            explanation: file.explanation,
        })
    }
}
