//! A message's content in a few words, for the page's tooltips.

use crate::antientropy::merkle::{NodeRef, BRANCHING};
use crate::ids::KeyId;
use crate::message::Payload;
use crate::sim::Simulator;
use crate::version::KeyState;
use std::fmt::Write;

impl Simulator {
    /// A message's content in a few words: values cut to [`SUMMARY_VALUE_CHARS`] characters
    /// and at most [`SUMMARY_VALUES`] of them, so that a record stays small whatever it carries.
    pub(super) fn summarize(&self, p: &Payload) -> String {
        let name = |a: crate::version::Actor| self.names[a as usize].to_string();
        let key = |k: &KeyId| self.keys.names()[*k].to_string();
        let state = |s: &KeyState| {
            let values = s.values();
            let mut vals: Vec<String> = values
                .iter()
                .take(SUMMARY_VALUES)
                .map(|v| short_value(v))
                .collect();
            if values.len() > SUMMARY_VALUES {
                vals.push(format!("+{} more", values.len() - SUMMARY_VALUES));
            }
            // The clock of the versions carried (after the write, for an ack), named as the
            // node cards name it; a timestamp under last-write-wins.
            let clock = s.clock_display(self.settings.versioning, &name);
            let label = if clock.starts_with("ts=") {
                ""
            } else {
                "clock "
            };
            format!(
                "[{}] {label}{}",
                vals.join(", "),
                clip(&clock, SUMMARY_VALUE_CHARS)
            )
        };
        // The context a write was sent with: the versions its client said it had seen.
        let sent_with = |c: &crate::version::VClock| {
            if c.is_empty() {
                ", blind (sent with no context)".to_string()
            } else {
                format!(
                    ", sent with context {}",
                    c.display_clipped(&name, SUMMARY_VALUE_CHARS)
                )
            }
        };
        // The names of the keys an anti-entropy message carries, at most SUMMARY_VALUES of them.
        let key_list = |states: &[(KeyId, KeyState)]| {
            let mut names: Vec<String> = states
                .iter()
                .take(SUMMARY_VALUES)
                .map(|(k, _)| short_value(&self.keys.names()[*k]))
                .collect();
            if states.len() > SUMMARY_VALUES {
                names.push(format!("+{} more", states.len() - SUMMARY_VALUES));
            }
            format!(" ({})", names.join(", "))
        };
        match p {
            Payload::Request {
                op,
                kind,
                key: k,
                value,
                context,
                ..
            } => {
                let sent = if kind.is_write() {
                    sent_with(context)
                } else {
                    String::new()
                };
                match value {
                    Some(v) => format!(
                        "op {op}: {} {}={}{sent}",
                        kind.name(),
                        key(k),
                        short_value(v)
                    ),
                    None => format!("op {op}: {} {}{sent}", kind.name(), key(k)),
                }
            }
            Payload::Reply { op, result } => match &result.outcome {
                Ok(()) => format!("op {op}: ok {}", state(&result.state)),
                Err(e) => format!("op {op}: failed: {e}"),
            },
            Payload::Write {
                op,
                key: k,
                write,
                hint_for,
                ..
            } => {
                let v = write
                    .value
                    .as_deref()
                    .map_or("(tombstone)".into(), short_value);
                let mut s = format!(
                    "op {op}: write {}={v} as {}:{}{}",
                    key(k),
                    name(write.dot.actor),
                    write.dot.counter,
                    sent_with(&write.seen)
                );
                if let Some(h) = hint_for {
                    let _ = write!(s, ", hint for {}", self.names[*h]);
                }
                s
            }
            Payload::Ack {
                op,
                key: k,
                state: st,
                stored: true,
            } => format!("op {op}: ack {} {}", key(k), state(st)),
            Payload::Ack {
                op,
                key: k,
                state: st,
                stored: false,
            } => format!(
                "op {op}: refused {}: too many siblings {}",
                key(k),
                state(st)
            ),
            Payload::Read { op, key: k, .. } => format!("op {op}: read {}", key(k)),
            Payload::Response {
                op,
                key: k,
                state: st,
            } => {
                format!("op {op}: {} = {}", key(k), state(st))
            }
            Payload::ReadRepair { key: k, state: st } => {
                format!("read repair {} = {}", key(k), state(st))
            }
            Payload::AeTree { keys, hashes, .. } => match hashes.as_slice() {
                [(node, _)] if *node == NodeRef::ROOT => {
                    format!("anti-entropy: root of {}", count(*keys as usize, "key"))
                }
                _ => {
                    // Each differing node is answered with all of its children's hashes.
                    let ranges = hashes.len().div_ceil(BRANCHING as usize);
                    format!(
                        "anti-entropy: {} under {}",
                        count(hashes.len(), "hash"),
                        count(ranges, "differing range")
                    )
                }
            },
            Payload::AeKeys { leaves, .. } => {
                let digests = leaves.iter().map(|l| l.digests.len()).sum();
                format!(
                    "anti-entropy: {} in {}",
                    count(digests, "key digest"),
                    count(leaves.len(), "differing range")
                )
            }
            Payload::AeDiff { states } => {
                let verb = if states.len() == 1 {
                    "differs"
                } else {
                    "differ"
                };
                format!(
                    "anti-entropy: {} {verb}{}",
                    count(states.len(), "key"),
                    key_list(states)
                )
            }
            Payload::AePush { states } => format!(
                "anti-entropy: {} pushed back{}",
                count(states.len(), "key"),
                key_list(states)
            ),
            Payload::Handoff { key: k, state: st } => {
                format!("hinted handoff {} = {}", key(k), state(st))
            }
            Payload::HandoffAck { key: k, .. } => format!("handoff of {} stored", key(k)),
            Payload::Ping => "ping: are you up? (probing a suspected node)".to_string(),
            Payload::Pong => "pong: up".to_string(),
        }
    }
}

/// The most characters of one value a message summary shows.
pub const SUMMARY_VALUE_CHARS: usize = 40;

/// The most values a message summary lists.
pub const SUMMARY_VALUES: usize = 5;

/// `text` cut to `chars` characters, with an ellipsis when cut (message summaries, and the
/// snapshot's values).
pub fn clip(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// `n` things, grouped by thousands: `1 key`, `1,024 keys`, `4 hashes`.
fn count(n: usize, noun: &str) -> String {
    let plural = match n {
        1 => "",
        _ if noun.ends_with('h') || noun.ends_with('s') => "es",
        _ => "s",
    };
    format!("{}{noun}{plural}", crate::number::grouped(n as u64) + " ")
}

fn short_value(v: &str) -> String {
    clip(v, SUMMARY_VALUE_CHARS)
}
