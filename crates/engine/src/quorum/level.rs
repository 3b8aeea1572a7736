//! Consistency levels: the words of `w` and `r`, and what each requires.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::datacenters::{quoted, Datacenters, DcId};

/// How many replicas must answer a read or acknowledge a write (`w` and `r`), counted as
/// Cassandra counts its consistency levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsistencyLevel {
    /// `"one"`: one replica anywhere.
    One,
    /// `"quorum"`: floor(N/2)+1 replicas anywhere, N the sum of the datacenters' n.
    Quorum,
    /// `"all"`: all N replicas.
    All,
    /// `"local_one"`: one replica of the coordinator's datacenter.
    LocalOne,
    /// `"local_quorum"`: floor(n/2)+1 replicas of the coordinator's datacenter, n its own.
    LocalQuorum,
    /// `"each_quorum"`: floor(n/2)+1 replicas in every datacenter, each with its own n.
    EachQuorum,
    /// A number: this many replicas anywhere (at least 1).
    Count(u32),
}

/// The words of the contract, in the order the messages list them.
const WORDS: [(&str, ConsistencyLevel); 6] = [
    ("one", ConsistencyLevel::One),
    ("quorum", ConsistencyLevel::Quorum),
    ("all", ConsistencyLevel::All),
    ("local_one", ConsistencyLevel::LocalOne),
    ("local_quorum", ConsistencyLevel::LocalQuorum),
    ("each_quorum", ConsistencyLevel::EachQuorum),
];

/// What a level requires of the replies, once the layout and the coordinator's datacenter are
/// known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// This many replicas, wherever they are.
    Anywhere(u32),
    /// This many replicas in each datacenter, by [`DcId`] index (0: none needed there). Replies
    /// from a datacenter that needs none do not count: `local_quorum` waits for its own
    /// datacenter only.
    PerDatacenter(Vec<u32>),
}

impl Requirement {
    /// How many replies it waits for in all (Cassandra's `blockFor`).
    pub fn total(&self) -> u32 {
        match self {
            Requirement::Anywhere(k) => *k,
            Requirement::PerDatacenter(each) => each.iter().fold(0u32, |a, k| a.saturating_add(*k)),
        }
    }

    /// How many replies it needs from this datacenter in particular (0 for
    /// [`Requirement::Anywhere`]).
    pub fn in_dc(&self, dc: DcId) -> u32 {
        match self {
            Requirement::Anywhere(_) => 0,
            Requirement::PerDatacenter(each) => each.get(dc.index()).copied().unwrap_or(0),
        }
    }

    /// True when the layout holds enough replicas for it: k <= N, or k_dc <= n_dc in every
    /// datacenter.
    pub fn is_possible(&self, layout: &Datacenters) -> bool {
        match self {
            Requirement::Anywhere(k) => *k <= layout.total_n(),
            Requirement::PerDatacenter(each) => each
                .iter()
                .enumerate()
                .all(|(i, &k)| k == 0 || layout.dc(i).is_some_and(|dc| k <= layout.n(dc))),
        }
    }
}

/// A bad `w` or `r` (or one the datacenters cannot meet). Its [`Display`](fmt::Display) is one
/// line: the field's path (as the caller named it), a colon, what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelError {
    /// A string that is not one of the words.
    NotALevel {
        /// The field, e.g. `cluster.w`.
        field: String,
        /// The string.
        got: String,
    },
    /// A number that is not a whole number from 1 to 2^32 - 1.
    NotACount {
        /// The field.
        field: String,
        /// The number as written.
        got: String,
    },
    /// Neither a string nor a number.
    WrongType {
        /// The field.
        field: String,
        /// The value as JSON.
        got: String,
    },
    /// A number larger than N, the replicas of each key in the whole cluster.
    TooMany {
        /// The field.
        field: String,
        /// The number.
        k: u32,
        /// Each datacenter's name and n (one unnamed entry without datacenters).
        each: Vec<(String, u32)>,
        /// N.
        total: u32,
    },
    /// A `local_` level coordinated in a datacenter that holds no replica (n = 0).
    NoLocalReplicas {
        /// The field.
        field: String,
        /// The level.
        level: ConsistencyLevel,
        /// The datacenter's name.
        datacenter: String,
    },
}

impl LevelError {
    /// The field, as the caller named it.
    pub fn path(&self) -> &str {
        match self {
            LevelError::NotALevel { field, .. }
            | LevelError::NotACount { field, .. }
            | LevelError::WrongType { field, .. }
            | LevelError::TooMany { field, .. }
            | LevelError::NoLocalReplicas { field, .. } => field,
        }
    }

    /// What was wrong, in one line, without the path.
    pub fn message(&self) -> String {
        let expected = "expected a whole number or one of \"one\", \"quorum\", \"all\", \"local_one\", \"local_quorum\", \"each_quorum\"";
        match self {
            LevelError::NotALevel { got, .. } => {
                let lower = got.to_ascii_lowercase();
                if let Some((word, _)) = WORDS.iter().find(|(w, _)| *w == lower) {
                    format!(
                        "{} is not a consistency level; write it in lower case: \"{word}\"",
                        quoted(got)
                    )
                } else if let Some(k) = ["two", "three"].iter().position(|w| *w == lower) {
                    format!(
                        "{} is not a consistency level here; write the number {}",
                        quoted(got),
                        k + 2
                    )
                } else if !got.is_empty() && got.bytes().all(|b| b.is_ascii_digit()) {
                    format!(
                        "{} is a string; write the number {got} without quotes",
                        quoted(got)
                    )
                } else {
                    format!("{} is not a consistency level; {expected}", quoted(got))
                }
            }
            LevelError::NotACount { got, .. } => {
                if got.parse::<u64>().is_ok_and(|k| k >= 1) {
                    format!("{got} is too large: at most {} replicas", u32::MAX)
                } else {
                    format!("{got} is not a whole number of at least 1")
                }
            }
            LevelError::WrongType { got, .. } => format!("{expected}, got {got}"),
            LevelError::TooMany { k, each, total, .. } => {
                let held = if each.len() > 1 {
                    let sum = each
                        .iter()
                        .map(|(name, n)| format!("{name} {n}"))
                        .collect::<Vec<_>>()
                        .join(" + ");
                    format!("the datacenters hold {total} replicas of each key ({sum})")
                } else {
                    format!("each key has {total} replica{}", plural(*total))
                };
                format!("{k} replicas can never answer: {held}")
            }
            LevelError::NoLocalReplicas {
                level, datacenter, ..
            } => format!(
                "{level} cannot be met in datacenter {}, which holds no replica (n = 0)",
                quoted(datacenter)
            ),
        }
    }
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path().is_empty() {
            write!(f, "{}", self.message())
        } else {
            write!(f, "{}: {}", self.path(), self.message())
        }
    }
}

impl std::error::Error for LevelError {}

fn plural(k: u32) -> &'static str {
    if k == 1 {
        ""
    } else {
        "s"
    }
}

impl ConsistencyLevel {
    /// Reads `w` or `r` from the scenario: one of the contract's words as a string, or a whole
    /// number of at least 1. `field` names it in the error (`cluster.w`).
    pub fn from_json(v: &Value, field: &str) -> Result<Self, LevelError> {
        match v {
            Value::String(s) => Self::from_word(s).ok_or_else(|| LevelError::NotALevel {
                field: field.to_string(),
                got: s.clone(),
            }),
            Value::Number(n) => n
                .as_u64()
                .and_then(|k| u32::try_from(k).ok())
                .filter(|&k| k >= 1)
                .map(ConsistencyLevel::Count)
                .ok_or_else(|| LevelError::NotACount {
                    field: field.to_string(),
                    got: n.to_string(),
                }),
            other => Err(LevelError::WrongType {
                field: field.to_string(),
                got: crate::text::compact_json(other),
            }),
        }
    }

    /// Reads the text form ([`Display`](fmt::Display)): a word or a whole number of at least
    /// 1 in decimal digits. `field` names it in the error.
    pub fn parse(text: &str, field: &str) -> Result<Self, LevelError> {
        if let Some(level) = Self::from_word(text) {
            return Ok(level);
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<u32>()
                .ok()
                .filter(|&k| k >= 1)
                .map(ConsistencyLevel::Count)
                .ok_or_else(|| LevelError::NotACount {
                    field: field.to_string(),
                    got: text.to_string(),
                });
        }
        Err(LevelError::NotALevel {
            field: field.to_string(),
            got: text.to_string(),
        })
    }

    /// The level a contract word stands for (lower case, exactly): `"local_quorum"` is
    /// [`ConsistencyLevel::LocalQuorum`]; a number or any other text is `None`.
    pub fn from_word(word: &str) -> Option<Self> {
        WORDS.iter().find(|(w, _)| *w == word).map(|&(_, l)| l)
    }

    /// The contract's word (`"local_quorum"`); `None` for a number.
    pub fn word(self) -> Option<&'static str> {
        WORDS.iter().find(|(_, l)| *l == self).map(|&(w, _)| w)
    }

    /// The level as the scenario writes it: its word, or its number.
    pub fn to_value(self) -> Value {
        match self {
            ConsistencyLevel::Count(k) => Value::from(k),
            other => Value::from(other.word().unwrap_or_default()),
        }
    }

    /// Cassandra's name of the level (`LOCAL_QUORUM`); the number for a count.
    pub fn cassandra_name(self) -> String {
        match self {
            ConsistencyLevel::Count(k) => k.to_string(),
            other => other.word().unwrap_or_default().to_ascii_uppercase(),
        }
    }

    /// True for the levels that count the coordinator's datacenter only.
    pub fn is_local(self) -> bool {
        matches!(
            self,
            ConsistencyLevel::LocalOne | ConsistencyLevel::LocalQuorum
        )
    }

    /// What the level requires when the coordinator is in datacenter `coordinator`. Without
    /// datacenters every level is a number of replicas anywhere (the `local_` levels equal
    /// their plain forms). A `local_` level coordinated in a datacenter with n = 0 (or a
    /// `DcId` of another layout) requires one replica there, which no reply can give:
    /// Cassandra's `UnavailableException`.
    pub fn requirement(self, layout: &Datacenters, coordinator: DcId) -> Requirement {
        let total = layout.total_n();
        let majority = |n: u32| n / 2 + 1;
        let local = |k: u32| {
            let mut each = vec![0; layout.len().max(coordinator.index() + 1)];
            each[coordinator.index()] = k;
            Requirement::PerDatacenter(each)
        };
        match self {
            ConsistencyLevel::One => Requirement::Anywhere(1),
            ConsistencyLevel::Quorum => Requirement::Anywhere(majority(total)),
            ConsistencyLevel::All => Requirement::Anywhere(total),
            ConsistencyLevel::Count(k) => Requirement::Anywhere(k),
            ConsistencyLevel::LocalOne if layout.is_implicit() => Requirement::Anywhere(1),
            ConsistencyLevel::LocalQuorum | ConsistencyLevel::EachQuorum
                if layout.is_implicit() =>
            {
                Requirement::Anywhere(majority(total))
            }
            ConsistencyLevel::LocalOne => local(1),
            ConsistencyLevel::LocalQuorum => local(majority(layout.n(coordinator))),
            // A datacenter with n = 0 holds no replica and takes no part, as if the keyspace
            // did not list it.
            ConsistencyLevel::EachQuorum => Requirement::PerDatacenter(
                layout
                    .ids()
                    .map(|dc| match layout.n(dc) {
                        0 => 0,
                        n => majority(n),
                    })
                    .collect(),
            ),
        }
    }

    /// `Err` when no coordinator could ever meet the level with the datacenters' n: a number
    /// larger than N (scenario validation; `field` names the setting, e.g. `cluster.w`). The
    /// words can always be met by some coordinator.
    pub fn can_be_met(self, layout: &Datacenters, field: &str) -> Result<(), LevelError> {
        match self {
            ConsistencyLevel::Count(k) if k > layout.total_n() => Err(LevelError::TooMany {
                field: field.to_string(),
                k,
                each: layout
                    .ids()
                    .map(|dc| (layout.name(dc).to_string(), layout.n(dc)))
                    .collect(),
                total: layout.total_n(),
            }),
            _ => Ok(()),
        }
    }

    /// [`ConsistencyLevel::can_be_met`], and also `Err` for a `local_` level coordinated in a
    /// datacenter that holds no replica (for a caller that knows where the coordinator is and
    /// wants to refuse rather than fail every operation as unavailable).
    pub fn can_be_met_in(
        self,
        layout: &Datacenters,
        coordinator: DcId,
        field: &str,
    ) -> Result<(), LevelError> {
        self.can_be_met(layout, field)?;
        if self.is_local() && !layout.is_implicit() && layout.n(coordinator) == 0 {
            return Err(LevelError::NoLocalReplicas {
                field: field.to_string(),
                level: self,
                datacenter: layout.name(coordinator).to_string(),
            });
        }
        Ok(())
    }

    /// The live arithmetic for the page's settings line: `QUORUM = 4 of 6`,
    /// `LOCAL_QUORUM in us = 2 of 3`, `EACH_QUORUM = 2 + 2`, `2 of 6` for a number. Without
    /// datacenters the `local_` levels read `LOCAL_QUORUM = 2 of 3`.
    pub fn arithmetic(self, layout: &Datacenters, coordinator: DcId) -> String {
        let total = layout.total_n();
        let requirement = self.requirement(layout, coordinator);
        let k = requirement.total();
        match self {
            ConsistencyLevel::Count(_) => format!("{k} of {total}"),
            ConsistencyLevel::One | ConsistencyLevel::Quorum | ConsistencyLevel::All => {
                format!("{} = {k} of {total}", self.cassandra_name())
            }
            ConsistencyLevel::LocalOne | ConsistencyLevel::LocalQuorum => {
                if layout.is_implicit() {
                    format!("{} = {k} of {total}", self.cassandra_name())
                } else {
                    format!(
                        "{} in {} = {k} of {}",
                        self.cassandra_name(),
                        layout.name(coordinator),
                        layout.n(coordinator)
                    )
                }
            }
            ConsistencyLevel::EachQuorum => {
                if layout.len() == 1 {
                    format!("EACH_QUORUM = {k} of {total}")
                } else {
                    let parts: Vec<String> = layout
                        .ids()
                        .map(|dc| requirement.in_dc(dc).to_string())
                        .collect();
                    format!("EACH_QUORUM = {}", parts.join(" + "))
                }
            }
        }
    }
}

impl fmt::Display for ConsistencyLevel {
    /// The contract's word, or the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsistencyLevel::Count(k) => write!(f, "{k}"),
            other => f.write_str(other.word().unwrap_or_default()),
        }
    }
}

impl FromStr for ConsistencyLevel {
    type Err = LevelError;

    /// [`ConsistencyLevel::parse`] without a field name.
    fn from_str(s: &str) -> Result<Self, LevelError> {
        Self::parse(s, "")
    }
}
