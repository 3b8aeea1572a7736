//! The tour file: reading it, with one-line errors naming the field.

use serde_json::{Map, Value};

use crate::text::compact_json;
use crate::{MsgId, OpId};

/// A guided tour, as its file describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    /// Its title ("Quorums and a node down").
    pub title: String,
    /// What it shows, in a sentence or two.
    pub description: String,
    /// The library scenario it runs: its id (the file name in `scenarios/` without `.json`).
    pub scenario: String,
    /// Its steps, in order (at least one).
    pub steps: Vec<Step>,
}

/// One step of a tour.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The moment of the run the step shows: simulated time in ms, from 0.
    pub at_ms: f64,
    /// What to read at that moment: a few sentences.
    pub text: String,
    /// What to look at, if anything in particular.
    pub highlight: Option<Highlight>,
}

/// What a step highlights.
#[derive(Clone, Debug, PartialEq)]
pub enum Highlight {
    /// A node, by id.
    Node(String),
    /// A client, by id.
    Client(String),
    /// An operation, by its number in the run's history (from 1, as the operation log shows
    /// it): selecting it shows its quorums.
    Op(OpId),
    /// A message, by its number (from 1, in order of sending).
    Message(MsgId),
    /// A setting of the settings panel.
    Setting(Setting),
}

/// A setting a step can highlight: the scenario fields of the same names (`drop_rate` is the
/// probability that a message is lost).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `n`.
    N,
    /// `w`.
    W,
    /// `r`.
    R,
    /// `versioning`.
    Versioning,
    /// `coordinator`.
    Coordinator,
    /// `read_repair`.
    ReadRepair,
    /// `anti_entropy_ms`.
    AntiEntropy,
    /// `sloppy_quorum`.
    SloppyQuorum,
    /// `hinted_handoff`.
    HintedHandoff,
    /// `timeout_ms`.
    Timeout,
    /// `drop_rate`.
    DropRate,
}

impl Setting {
    /// Every setting, in the order the names are listed in messages.
    pub const ALL: [Setting; 11] = [
        Setting::N,
        Setting::W,
        Setting::R,
        Setting::Versioning,
        Setting::Coordinator,
        Setting::ReadRepair,
        Setting::AntiEntropy,
        Setting::SloppyQuorum,
        Setting::HintedHandoff,
        Setting::Timeout,
        Setting::DropRate,
    ];

    /// Its name in a tour file.
    pub fn name(self) -> &'static str {
        match self {
            Setting::N => "n",
            Setting::W => "w",
            Setting::R => "r",
            Setting::Versioning => "versioning",
            Setting::Coordinator => "coordinator",
            Setting::ReadRepair => "read_repair",
            Setting::AntiEntropy => "anti_entropy_ms",
            Setting::SloppyQuorum => "sloppy_quorum",
            Setting::HintedHandoff => "hinted_handoff",
            Setting::Timeout => "timeout_ms",
            Setting::DropRate => "drop_rate",
        }
    }
}

/// A bad tour file, or a tour that does not fit its scenario: one line naming what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TourError(pub String);

impl std::fmt::Display for TourError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An error at `path` (`steps[1].text`).
fn at(path: &str, what: impl std::fmt::Display) -> TourError {
    TourError(format!("{path}: {what}"))
}

/// The fields of the object at `path`, refusing any not in `known`.
fn object<'a>(
    v: &'a Value,
    path: &str,
    known: &[&str],
) -> Result<&'a Map<String, Value>, TourError> {
    let Value::Object(map) = v else {
        return Err(at(path, "expected an object"));
    };
    if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
        let field = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        return Err(at(
            &field,
            format!("unknown field; expected one of {}", known.join(", ")),
        ));
    }
    Ok(map)
}

/// The text at `path`: present and not blank.
fn text(map: &Map<String, Value>, path: &str, field: &str) -> Result<String, TourError> {
    let path = join(path, field);
    match map.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(at(&path, "must not be empty")),
        Some(other) => Err(at(
            &path,
            format!("expected text, got {}", compact_json(other)),
        )),
        None => Err(at(&path, "missing")),
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

impl Tour {
    /// Reads a tour file. A bad one gives one line naming the field: `steps[2].at_ms: expected
    /// a time in ms of at least 0, got "soon"`.
    pub fn from_json(text_: &str) -> Result<Tour, TourError> {
        let v: Value =
            serde_json::from_str(text_).map_err(|e| TourError(format!("not JSON: {e}")))?;
        let map = object(&v, "", &["title", "description", "scenario", "steps"])?;
        let title = text(map, "", "title")?;
        let description = text(map, "", "description")?;
        let scenario = text(map, "", "scenario")?;
        let steps = match map.get("steps") {
            Some(Value::Array(steps)) if !steps.is_empty() => steps,
            Some(Value::Array(_)) => return Err(at("steps", "list at least one step")),
            Some(other) => {
                return Err(at(
                    "steps",
                    format!("expected a list, got {}", compact_json(other)),
                ))
            }
            None => return Err(at("steps", "missing")),
        };
        // A loop, not a `collect` into a `Result`: smaller in the page's bundle.
        let mut read = Vec::with_capacity(steps.len());
        for (i, s) in steps.iter().enumerate() {
            read.push(Step::read(s, &format!("steps[{i}]"))?);
        }
        let steps = read;
        Ok(Tour {
            title,
            description,
            scenario,
            steps,
        })
    }
}

impl Step {
    fn read(v: &Value, path: &str) -> Result<Step, TourError> {
        let map = object(v, path, &["at_ms", "text", "highlight"])?;
        let at_ms = match map.get("at_ms") {
            Some(Value::Number(n)) if n.as_f64().is_some_and(|t| t >= 0.0 && t.is_finite()) => {
                n.as_f64().unwrap_or_default()
            }
            Some(other) => {
                return Err(at(
                    &join(path, "at_ms"),
                    format!(
                        "expected a time in ms of at least 0, got {}",
                        compact_json(other)
                    ),
                ))
            }
            None => return Err(at(&join(path, "at_ms"), "missing")),
        };
        let text = text(map, path, "text")?;
        let highlight = match map.get("highlight") {
            None | Some(Value::Null) => None,
            Some(h) => Some(Highlight::read(h, &join(path, "highlight"))?),
        };
        Ok(Step {
            at_ms,
            text,
            highlight,
        })
    }
}

impl Highlight {
    fn read(v: &Value, path: &str) -> Result<Highlight, TourError> {
        const KINDS: [&str; 5] = ["node", "client", "op", "message", "setting"];
        let map = object(v, path, &KINDS)?;
        let mut fields = map.iter();
        let (Some((kind, value)), None) = (fields.next(), fields.next()) else {
            return Err(at(
                path,
                format!("name one thing to highlight: one of {}", KINDS.join(", ")),
            ));
        };
        let path = join(path, kind);
        let number = || match value.as_u64() {
            Some(k) if k >= 1 => Ok(k),
            _ => Err(at(
                &path,
                format!(
                    "expected a number of at least 1, got {}",
                    compact_json(value)
                ),
            )),
        };
        let name = || match value {
            Value::String(s) if !s.is_empty() => Ok(s.clone()),
            _ => Err(at(
                &path,
                format!("expected a name, got {}", compact_json(value)),
            )),
        };
        Ok(match kind.as_str() {
            "node" => Highlight::Node(name()?),
            "client" => Highlight::Client(name()?),
            "op" => Highlight::Op(OpId(number()?)),
            "message" => Highlight::Message(MsgId(number()?)),
            _ => {
                let wanted = name()?;
                let setting = Setting::ALL.into_iter().find(|s| s.name() == wanted);
                Highlight::Setting(setting.ok_or_else(|| {
                    let names: Vec<&str> = Setting::ALL.iter().map(|s| s.name()).collect();
                    at(
                        &path,
                        format!(
                            "`{wanted}` is not a setting; expected one of {}",
                            names.join(", ")
                        ),
                    )
                })?)
            }
        })
    }
}
