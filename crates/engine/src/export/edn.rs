//! The history as Jepsen's EDN history: one operation map per line, an `:invoke` when an
//! operation began and an `:ok`, `:fail` or `:info` when it finished (docs/EXPORTS.md).

use crate::history::{OpRecord, Outcome};
use crate::op::OpKind;
use crate::sim::Simulator;
use crate::time::Micros;
use std::collections::BTreeSet;
use std::fmt::Write;

/// What one line of the history says happened to an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OpType {
    Invoke,
    Ok,
    Fail,
    Info,
}

impl OpType {
    fn keyword(self) -> &'static str {
        match self {
            OpType::Invoke => ":invoke",
            OpType::Ok => ":ok",
            OpType::Fail => ":fail",
            OpType::Info => ":info",
        }
    }
}

/// An EDN string: `"` and `\` escaped, line breaks and tabs by their escapes, other control
/// characters as `\uXXXX` (what Clojure's reader reads).
fn edn_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The `:value` of a line: a write's value (`nil` for a delete's tombstone), nothing for a
/// read's invocation or failure, and for a read that returned, `nil` (no value), the value, or
/// the set of the distinct sibling values when there are several.
fn value(out: &mut String, rec: &OpRecord, ty: OpType) {
    match (rec.kind, ty) {
        (OpKind::Put, _) => match &rec.value {
            Some(v) => edn_string(out, v),
            None => out.push_str("nil"),
        },
        (OpKind::Delete, _) | (OpKind::Get, OpType::Invoke | OpType::Fail | OpType::Info) => {
            out.push_str("nil")
        }
        (OpKind::Get, OpType::Ok) => {
            let values: BTreeSet<_> = rec.result.values().into_iter().collect();
            match values.len() {
                0 => out.push_str("nil"),
                1 => edn_string(out, values.first().map_or("", |v| v)),
                _ => {
                    out.push_str("#{");
                    for (i, v) in values.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        edn_string(out, v);
                    }
                    out.push('}');
                }
            }
        }
    }
}

/// The run's history as Jepsen's EDN history (Knossos's and Elle's input): one operation map
/// per line, in order of time, each operation an `:invoke` then, once it finished, an `:ok`,
/// a `:fail` (it did not happen, or a read failed) or an `:info` (an indeterminate write: it
/// may have happened). `:f` is `:read` for a get and `:write` for a put or a delete (a delete
/// writes `nil`); `:key` names the key; `:time` is nanoseconds from the start; `:index`
/// counts lines from 0. `:process` is the client's index among the clients while the client
/// runs one operation at a time; an operation invoked while another of the same client is in
/// flight, or after one of its operations ended in `:info` (Jepsen's crashed process, which
/// never acts again), takes the client's next free process, `index + k x clients`. At equal
/// times invocations come before completions. Operations still pending have no completion.
pub fn jepsen_history(sim: &Simulator) -> String {
    let names = sim.names();
    let clients = names.len() - sim.node_count();
    let keys = sim.keys();
    // Each operation's process: the lowest lane of its client free when it is invoked.
    let mut lanes: Vec<Vec<Option<Micros>>> = vec![Vec::new(); clients];
    let mut process = Vec::with_capacity(sim.history().len());
    for rec in sim.history() {
        let c = rec.client.index() - sim.node_count();
        // A lane is free after its last operation's completion (strictly: at equal times the
        // invocation is written first), `None`: retired by an
        // `:info`, or busy for good.
        let lane = lanes[c]
            .iter()
            .position(|free| free.is_some_and(|t| t < rec.invoked_us))
            .unwrap_or_else(|| {
                lanes[c].push(None);
                lanes[c].len() - 1
            });
        let info = rec.outcome == Outcome::Fail && rec.indeterminate;
        lanes[c][lane] = match rec.completed_us {
            Some(t) if !info => Some(t),
            _ => None,
        };
        process.push(c + lane * clients);
    }
    // The lines: (time, completion?, operation), invocations first at equal times.
    let mut lines: Vec<(Micros, bool, usize)> = Vec::new();
    for (i, rec) in sim.history().iter().enumerate() {
        lines.push((rec.invoked_us, false, i));
        if let (Some(t), false) = (rec.completed_us, rec.outcome == Outcome::Pending) {
            lines.push((t, true, i));
        }
    }
    lines.sort();
    let mut out = String::new();
    for (index, &(t, done, i)) in lines.iter().enumerate() {
        let rec = &sim.history()[i];
        let ty = match (done, rec.outcome) {
            (false, _) | (true, Outcome::Pending) => OpType::Invoke,
            (true, Outcome::Ok) => OpType::Ok,
            (true, Outcome::Fail) if rec.indeterminate => OpType::Info,
            (true, Outcome::Fail) => OpType::Fail,
        };
        let f = match rec.kind {
            OpKind::Get => ":read",
            OpKind::Put | OpKind::Delete => ":write",
        };
        let _ = write!(out, "{{:type {}, :f {f}, :key ", ty.keyword());
        edn_string(&mut out, &keys[rec.key.index()]);
        out.push_str(", :value ");
        value(&mut out, rec, ty);
        let _ = write!(
            out,
            ", :process {}, :time {}, :index {index}",
            process[i],
            t.saturating_mul(1000)
        );
        if let (OpType::Fail | OpType::Info, Some(e)) = (ty, &rec.error) {
            out.push_str(", :error ");
            edn_string(&mut out, e);
        }
        out.push_str("}\n");
    }
    out
}
