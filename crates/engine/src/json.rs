//! Writing scenario JSON by hand, over [`serde_json::Value`].
//!
//! Each scenario type builds a `Value` of itself, and [`Shape`] says in which order a struct's
//! fields are written, since `Value`'s objects keep their keys sorted: [`write_compact`] writes
//! the text without serde's generic code, [`Shaped`] writes the same through any serde
//! serializer.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt::Write as _;

/// The order in which an object's fields are written: `Value` keeps keys sorted, and a scenario
/// reads better (and is written as it always was) with `name` first and `events` last.
pub(crate) enum Shape {
    /// Written as the `Value` has it (maps, latencies, strings, numbers).
    Any,
    /// A list whose elements have this shape.
    List(&'static Shape),
    /// A struct: its fields in this order (those present), with the shapes of the fields that
    /// are not [`Shape::Any`].
    Fields(
        &'static [&'static str],
        &'static [(&'static str, &'static Shape)],
    ),
}

impl Shape {
    fn of_field(children: &'static [(&'static str, &'static Shape)], name: &str) -> &'static Shape {
        children
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&Shape::Any, |(_, s)| *s)
    }
}

/// Writes `v` as compact JSON text, struct fields in the order of `shape`: the text
/// `serde_json::to_string` makes of the same value through [`Shaped`].
pub(crate) fn write_compact(out: &mut String, v: &Value, shape: &Shape) {
    match (shape, v) {
        (Shape::List(inner), Value::Array(items)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, item, inner);
            }
            out.push(']');
        }
        (Shape::Fields(names, children), Value::Object(map)) => {
            out.push('{');
            let mut first = true;
            for name in names.iter() {
                if let Some(x) = map.get(*name) {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push('"');
                    out.push_str(name);
                    out.push_str("\":");
                    write_compact(out, x, Shape::of_field(children, name));
                }
            }
            out.push('}');
        }
        _ => {
            let _ = write!(out, "{v}");
        }
    }
}

/// A value with the shape it is written in: serializes as the value, struct fields in the
/// shape's order.
pub(crate) struct Shaped<'a>(pub(crate) &'a Value, pub(crate) &'static Shape);

impl Serialize for Shaped<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.1, self.0) {
            (Shape::List(inner), Value::Array(items)) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Shaped(item, inner))?;
                }
                seq.end()
            }
            (Shape::Fields(names, children), Value::Object(map)) => {
                let mut out = s.serialize_map(Some(map.len()))?;
                for name in names.iter() {
                    if let Some(x) = map.get(*name) {
                        out.serialize_entry(name, &Shaped(x, Shape::of_field(children, name)))?;
                    }
                }
                out.end()
            }
            (_, v) => v.serialize(s),
        }
    }
}
