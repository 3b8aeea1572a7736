//! Reading and writing scenario JSON by hand, over [`serde_json::Value`].
//!
//! The text is parsed into a `Value` once; the scenario types are then read from it by small,
//! non-generic functions that know the path of the value they read (`cluster.w`,
//! `events[3].put.client`) and return a [`ScenarioError`] at that path. The messages follow
//! serde's wording (`` unknown field `x`, expected one of `a`, `b` ``, `invalid type: string
//! "x", expected f64`, `` missing field `n` ``). Writing goes the other way: each type builds a
//! `Value`, and [`Shape`] says in which order a struct's fields are written, since `Value`'s
//! objects keep their keys sorted.
//!
//! Three things a `Value` forgets are recovered from the text by [`scan`]: where a syntax error
//! is (the path of the value being read there), keys that appear twice in one object (`Value`
//! keeps the last; a struct rejects them, as serde's derived readers did), and the exact f64 of
//! a number: serde_json's default reader may land a unit or two in the last place away from a
//! number of more than 15 significant digits or a large exponent, so [`parse`] moves each such
//! number to the neighbour whose shortest decimal is the text. Every number the engine writes is a shortest
//! decimal, so a written scenario reads back to the bit, natively and in the page alike.
//! serde_json's `float_roundtrip` feature would do it for every number, but costs the page
//! 10.7 KB gzipped (issue 7; BENCHMARKS.md, "Fuzzing").

use crate::scenario::error::ScenarioError;
use serde::de::{Error as _, Unexpected};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where a value is in the document: a chain of object keys and list indices, rendered only when
/// an error needs it.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    /// The document itself.
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of a list.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of member `key` of the object at this path.
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The path of element `i` of the list at this path.
    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// The path as text: `cluster.w`, `events[3].put.client`; empty for the document.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.render_into(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, i) => {
                parent.render_into(out);
                let _ = write!(out, "[{i}]");
            }
        }
    }

    /// An error at this path.
    pub(crate) fn error(&self, message: String) -> ScenarioError {
        ScenarioError::new(self.render(), message)
    }

    /// `invalid type: <what v is>, expected <expected>`, at this path.
    pub(crate) fn invalid_type(&self, v: &Value, expected: &str) -> ScenarioError {
        self.error(crate::text::invalid_type(v, expected))
    }
}

/// `` `a` ``, `` `a` or `b` `` or `` one of `a`, `b`, `c` ``: serde's way of listing what was
/// expected.
fn one_of(names: &[&str]) -> String {
    match names {
        [a] => format!("`{a}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// Parses `text` as JSON. A syntax error becomes `malformed JSON: <serde_json's message, with
/// line and column>` at the path of the value being read where it is.
pub(crate) fn parse(text: &str) -> Result<(Value, Doc), ScenarioError> {
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => {
            let scanned = scan_all(text);
            for (at, token) in &scanned.long_numbers {
                if let Some(slot) = locate(&mut value, at) {
                    snap_to_shortest(slot, token);
                }
            }
            Ok((value, Doc { dups: scanned.dups }))
        }
        Err(e) => {
            let stop = if e.is_eof() {
                text.len()
            } else {
                line_column_offset(text, e.line(), e.column()).saturating_sub(1)
            };
            let path = scan(text, stop).0.unwrap_or_default();
            Err(ScenarioError::new(path, format!("malformed JSON: {e}")))
        }
    }
}

/// The byte offset of serde_json's (line, column) position: the offset just after the byte it
/// complains about.
fn line_column_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(k) => start += k + 1,
            None => break,
        }
    }
    start + column
}

/// What the reader knows about the text besides its value.
pub(crate) struct Doc {
    /// (path of an object, a key it has twice), the first such key of each object.
    dups: Vec<(String, String)>,
}

impl Doc {
    /// The object at `path`, read as a struct with the fields `names`: an error if `v` is not an
    /// object (`invalid type: ..., expected <what>`), has a key twice (`duplicate field`) or has
    /// a key not in `names` (`unknown field`, at the path of that key, listing `names`).
    /// `null_is_absent`: whether a field that is `null` counts as left out (for structs whose
    /// fields are all optional).
    pub(crate) fn fields<'v, 'p>(
        &self,
        v: &'v Value,
        path: &'p Path<'p>,
        what: &str,
        names: &'static [&'static str],
        null_is_absent: bool,
    ) -> Result<Fields<'v, 'p>, ScenarioError> {
        let Value::Object(map) = v else {
            return Err(path.invalid_type(v, what));
        };
        if !self.dups.is_empty() {
            let here = path.render();
            if let Some((_, key)) = self.dups.iter().find(|(p, _)| *p == here) {
                return Err(path.error(format!("duplicate field `{key}`")));
            }
        }
        if let Some(unknown) = map.keys().find(|k| !names.contains(&k.as_str())) {
            return Err(path.key(unknown).error(format!(
                "unknown field `{unknown}`, expected {}",
                one_of(names)
            )));
        }
        Ok(Fields {
            map,
            path,
            null_is_absent,
        })
    }
}

/// An object being read as a struct (made by [`Doc::fields`]): its fields by name.
pub(crate) struct Fields<'v, 'p> {
    map: &'v Map<String, Value>,
    path: &'p Path<'p>,
    null_is_absent: bool,
}

impl<'v, 'p> Fields<'v, 'p> {
    /// The path of field `name`.
    pub(crate) fn at<'a>(&self, name: &'a str) -> Path<'a>
    where
        'p: 'a,
    {
        Path::Key(self.path, name)
    }

    /// Field `name` as written (`null` included), or `None` if it is left out.
    pub(crate) fn raw(&self, name: &str) -> Option<&'v Value> {
        self.map.get(name)
    }

    /// Field `name`, or `None` if it is left out (or `null`, when null counts as left out).
    pub(crate) fn get(&self, name: &str) -> Option<&'v Value> {
        match self.map.get(name) {
            Some(Value::Null) if self.null_is_absent => None,
            other => other,
        }
    }

    /// `` missing field `name` ``, at the struct's path.
    pub(crate) fn missing(&self, name: &str) -> ScenarioError {
        self.path.error(format!("missing field `{name}`"))
    }

    /// `` missing field `name` `` for the first of `names` left out (or `null`, when null counts as
    /// left out).
    pub(crate) fn require(&self, names: &[&str]) -> Result<(), ScenarioError> {
        match names.iter().find(|n| self.get(n).is_none()) {
            Some(name) => Err(self.missing(name)),
            None => Ok(()),
        }
    }

    /// Field `name` as a number, if given.
    pub(crate) fn float(&self, name: &str) -> Result<Option<f64>, ScenarioError> {
        match self.get(name) {
            Some(v) => float(v, &self.at(name)).map(Some),
            None => Ok(None),
        }
    }
}

/// A string.
pub(crate) fn string(v: &Value, path: &Path) -> Result<String, ScenarioError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(path.invalid_type(v, "a string")),
    }
}

/// A boolean.
pub(crate) fn boolean(v: &Value, path: &Path) -> Result<bool, ScenarioError> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(path.invalid_type(v, "a boolean")),
    }
}

/// A number, whole or not.
pub(crate) fn float(v: &Value, path: &Path) -> Result<f64, ScenarioError> {
    v.as_f64().ok_or_else(|| path.invalid_type(v, "f64"))
}

/// A whole number from 0 to 2^64 - 1.
pub(crate) fn unsigned(v: &Value, path: &Path) -> Result<u64, ScenarioError> {
    if let Some(u) = v.as_u64() {
        return Ok(u);
    }
    match v.as_i64() {
        Some(i) => {
            Err(path
                .error(serde_json::Error::invalid_value(Unexpected::Signed(i), &"u64").to_string()))
        }
        None => Err(path.invalid_type(v, "u64")),
    }
}

/// A list.
pub(crate) fn list<'v>(v: &'v Value, path: &Path) -> Result<&'v [Value], ScenarioError> {
    match v {
        Value::Array(items) => Ok(items),
        _ => Err(path.invalid_type(v, "a sequence")),
    }
}

/// A list of strings.
pub(crate) fn strings(v: &Value, path: &Path) -> Result<Vec<String>, ScenarioError> {
    let items = list(v, path)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(string(item, &path.index(i))?);
    }
    Ok(out)
}

/// An object read as a map (any keys).
pub(crate) fn map<'v>(v: &'v Value, path: &Path) -> Result<&'v Map<String, Value>, ScenarioError> {
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(path.invalid_type(v, "a map")),
    }
}

/// A map of numbers, such as `clock_skew_ms`.
pub(crate) fn float_map(v: &Value, path: &Path) -> Result<BTreeMap<String, f64>, ScenarioError> {
    let mut out = BTreeMap::new();
    for (k, x) in map(v, path)? {
        out.insert(k.clone(), float(x, &path.key(k))?);
    }
    Ok(out)
}

/// A map of lists of strings, such as `placement`.
pub(crate) fn strings_map(
    v: &Value,
    path: &Path,
) -> Result<BTreeMap<String, Vec<String>>, ScenarioError> {
    let mut out = BTreeMap::new();
    for (k, x) in map(v, path)? {
        out.insert(k.clone(), strings(x, &path.key(k))?);
    }
    Ok(out)
}

/// One of the words `names`, as its index in `names`.
pub(crate) fn variant(
    v: &Value,
    path: &Path,
    names: &'static [&'static str],
) -> Result<usize, ScenarioError> {
    match v {
        Value::String(s) => names.iter().position(|n| n == s).ok_or_else(|| {
            path.error(format!("unknown variant `{s}`, expected {}", one_of(names)))
        }),
        _ => Err(path.invalid_type(v, &one_of(names))),
    }
}

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
        _ => crate::text::write_value(out, v),
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

/// One step of a path into a `Value`.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

impl Path<'_> {
    /// The path as steps from the document down.
    fn steps(&self) -> Vec<Step> {
        let mut out = match self {
            Path::Root => return Vec::new(),
            Path::Key(parent, _) | Path::Index(parent, _) => parent.steps(),
        };
        match self {
            Path::Key(_, key) => out.push(Step::Key(key.to_string())),
            Path::Index(_, i) => out.push(Step::Index(*i)),
            Path::Root => {}
        }
        out
    }
}

/// The value at `steps` in `v`, if there is one.
fn locate<'v>(v: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(v, |v, step| match (step, v) {
        (Step::Key(k), Value::Object(m)) => m.get_mut(k.as_str()),
        (Step::Index(i), Value::Array(a)) => a.get_mut(*i),
        _ => None,
    })
}

/// A JSON number's parts: sign, integer digits, fraction digits, exponent.
fn parts(token: &str) -> (bool, &[u8], &[u8], i64) {
    let b = token.as_bytes();
    let negative = b.first() == Some(&b'-');
    let b = &b[negative as usize..];
    let e = b
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .unwrap_or(b.len());
    let exponent = token[token.len() - b.len() + e..].get(1..).map_or(0, |x| {
        x.parse::<i64>()
            .map_or(1 << 20, |e| e.clamp(-(1 << 20), 1 << 20))
    });
    let point = b[..e].iter().position(|&c| c == b'.').unwrap_or(e);
    let frac = b.get(point + 1..e).unwrap_or(&[]);
    (negative, &b[..point], frac, exponent)
}

/// A decimal's sign, significant digits (no leading or trailing zeros) and the power of ten of
/// its first digit: `0.0250` and `2.5e-2` are both `(false, "25", -2)`.
fn decimal(token: &str) -> (bool, Vec<u8>, i64) {
    let (negative, int, frac, exponent) = parts(token);
    let all: Vec<u8> = int.iter().chain(frac).copied().collect();
    let lead = all.iter().take_while(|&&c| c == b'0').count();
    let tail = all[lead..].iter().rev().take_while(|&&c| c == b'0').count();
    let digits = all[lead..all.len() - tail].to_vec();
    let first = (int.len() as i64 - lead as i64 - 1).saturating_add(exponent);
    (negative, digits, first)
}

/// Whether serde_json's default reader is sure to read `token` exactly: the integer of its
/// digits as written (trailing zeros included, as the reader takes them) fits in 53 bits (at
/// most 15 digits) and scales by a power of ten of at most 22, which is exact in an f64
/// (Clinger's fast path); then one rounding gives the nearest double.
fn read_exactly(token: &str) -> bool {
    let (_, int, frac, exponent) = parts(token);
    let leading = int.iter().chain(frac).take_while(|&&c| c == b'0').count();
    let scale = exponent.saturating_sub(frac.len() as i64);
    int.len() + frac.len() - leading <= 15 && (-22..=22).contains(&scale)
}

/// Moves a number read from `token` to the nearby f64 (within two units in the last place)
/// whose shortest decimal is `token`, if there is one; otherwise leaves it as it was read.
fn snap_to_shortest(slot: &mut Value, token: &str) {
    let Some(read) = slot.as_f64().filter(|_| slot.is_f64()) else {
        return;
    };
    let want = decimal(token);
    let shortest = |x: f64| serde_json::Number::from_f64(x).map(|n| decimal(&n.to_string()));
    if shortest(read).as_ref() == Some(&want) {
        return;
    }
    let bits = read.to_bits() as i64;
    for delta in [1i64, -1, 2, -2] {
        let near = f64::from_bits(bits.wrapping_add(delta) as u64);
        if let Some(n) = serde_json::Number::from_f64(near) {
            if decimal(&n.to_string()) == want {
                *slot = Value::Number(n);
                return;
            }
        }
    }
}

/// What a walk of a whole valid document finds.
struct Scanned {
    /// For each object, the first key it has twice.
    dups: Vec<(String, String)>,
    /// Numbers with a fraction or an exponent that serde_json may not read exactly, with their
    /// place (of a key given twice, the `Value` holds the last, which comes last here too).
    long_numbers: Vec<(Vec<Step>, String)>,
}

fn scan_all(text: &str) -> Scanned {
    let mut s = Scan {
        text,
        b: text.as_bytes(),
        i: 0,
        stop: usize::MAX,
        dups: Vec::new(),
        long_numbers: Some(Vec::new()),
    };
    let _ = s.value(&Path::Root);
    Scanned {
        dups: s.dups,
        long_numbers: s.long_numbers.unwrap_or_default(),
    }
}

/// Walks JSON text until byte `stop`, returning the path of the value being read there (`None`
/// if it got to the end without stopping) and, for each object, the first key it has twice.
///
/// The path is the one of the value that serde_json was reading when it found a syntax error at
/// `stop`: inside a string, number or word, that value; between an object's members (a key, a
/// colon, a comma), the object; before a list's element begins (a comma, the closing bracket,
/// the end of the text), the list.
pub(crate) fn scan(text: &str, stop: usize) -> (Option<String>, Vec<(String, String)>) {
    let mut s = Scan {
        text,
        b: text.as_bytes(),
        i: 0,
        stop,
        dups: Vec::new(),
        long_numbers: None,
    };
    let path = match s.value(&Path::Root) {
        Err(path) => Some(path),
        Ok(()) => {
            s.ws();
            (s.i < s.b.len()).then(String::new)
        }
    };
    (path, s.dups)
}

/// Keys of one object compared when looking for a key given twice (a struct has at most 16
/// fields, so an object with more keys than this is a map or an error anyway).
const DUP_KEYS: usize = 32;

struct Scan<'t> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    stop: usize,
    dups: Vec<(String, String)>,
    /// Collected only when asked for (`Some`): see [`Scanned::long_numbers`].
    long_numbers: Option<Vec<(Vec<Step>, String)>>,
}

impl<'t> Scan<'t> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }

    fn at_stop(&self) -> bool {
        self.i >= self.stop || self.i >= self.b.len()
    }

    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn value(&mut self, path: &Path) -> Result<(), String> {
        self.ws();
        if self.at_stop() {
            return Err(path.render());
        }
        match self.peek() {
            b'{' => self.object(path),
            b'[' => self.list(path),
            b'"' => self.string(path).map(|_| ()),
            b't' => self.word(b"true", path),
            b'f' => self.word(b"false", path),
            b'n' => self.word(b"null", path),
            b'-' | b'0'..=b'9' => {
                // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
                let start = self.i;
                if self.peek() == b'-' {
                    self.i += 1;
                }
                let int = self.i;
                let mut ok = self.digits() && !(self.b[int] == b'0' && self.i - int > 1);
                if ok && self.peek() == b'.' {
                    self.i += 1;
                    ok = self.digits();
                }
                if ok && matches!(self.peek(), b'e' | b'E') {
                    self.i += 1;
                    if matches!(self.peek(), b'+' | b'-') {
                        self.i += 1;
                    }
                    ok = self.digits();
                }
                if !ok || self.stop < self.i {
                    return Err(path.render());
                }
                if let Some(long) = &mut self.long_numbers {
                    let token = &self.text[start..self.i];
                    let fraction = token.bytes().any(|c| matches!(c, b'.' | b'e' | b'E'));
                    if fraction && !read_exactly(token) {
                        long.push((path.steps(), token.to_string()));
                    }
                }
                Ok(())
            }
            _ => Err(path.render()),
        }
    }

    /// Skips digits; whether there was at least one.
    fn digits(&mut self) -> bool {
        let start = self.i;
        while self.peek().is_ascii_digit() {
            self.i += 1;
        }
        self.i > start
    }

    fn word(&mut self, word: &[u8], path: &Path) -> Result<(), String> {
        for &c in word {
            if self.at_stop() || self.b[self.i] != c {
                return Err(path.render());
            }
            self.i += 1;
        }
        Ok(())
    }

    /// Skips a string whose opening quote is at `i`; returns its text between the quotes.
    fn string(&mut self, path: &Path) -> Result<&'t str, String> {
        self.i += 1;
        let start = self.i;
        loop {
            if self.at_stop() {
                return Err(path.render());
            }
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(&self.text[start..self.i - 1]);
                }
                // serde_json reads the four hex digits of `\u` whatever they are.
                b'\\' if self.b.get(self.i + 1) == Some(&b'u') => self.i += 6,
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
    }

    fn list(&mut self, path: &Path) -> Result<(), String> {
        self.i += 1;
        let mut index = 0;
        loop {
            self.ws();
            let c = self.peek();
            if c == b']' || self.i >= self.b.len() {
                if index == 0 && c == b']' && !self.at_stop() {
                    self.i += 1;
                    return Ok(());
                }
                return Err(path.render());
            }
            self.value(&path.index(index))?;
            index += 1;
            self.ws();
            if self.at_stop() {
                return Err(path.render());
            }
            match self.peek() {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(path.render()),
            }
        }
    }

    fn object(&mut self, path: &Path) -> Result<(), String> {
        self.i += 1;
        let mut keys: Vec<Cow<'t, str>> = Vec::new();
        let mut count = 0;
        let mut dup_found = false;
        loop {
            self.ws();
            if self.at_stop() {
                return Err(path.render());
            }
            match self.peek() {
                b'}' if count == 0 => {
                    self.i += 1;
                    return Ok(());
                }
                b'"' => {}
                _ => return Err(path.render()),
            }
            let raw = self.string(path)?;
            let key = if raw.contains('\\') {
                match serde_json::from_str::<Value>(&format!("\"{raw}\"")) {
                    Ok(Value::String(s)) => Cow::Owned(s),
                    _ => Cow::Borrowed(raw),
                }
            } else {
                Cow::Borrowed(raw)
            };
            if !dup_found && count < DUP_KEYS {
                if keys.contains(&key) {
                    dup_found = true;
                    self.dups.push((path.render(), key.to_string()));
                } else {
                    keys.push(key.clone());
                }
            }
            count += 1;
            self.ws();
            if self.at_stop() || self.peek() != b':' {
                return Err(path.render());
            }
            self.i += 1;
            self.value(&path.key(&key))?;
            self.ws();
            if self.at_stop() {
                return Err(path.render());
            }
            match self.peek() {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(path.render()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_walks_valid_json_to_the_end() {
        for text in [
            r#"{"a": [1, -0.5e+10, 0, 1E3, 2.25, true, false, null], "b": {"c": "x\"y\u00e9"}}"#,
            " \n\t{ \"k\" : [ [ ] , { } ] }\r\n ",
            "[]",
            "-0",
            r#""just a string""#,
        ] {
            serde_json::from_str::<Value>(text).unwrap();
            assert_eq!(scan(text, usize::MAX), (None, vec![]), "{text}");
        }
    }

    #[test]
    fn scan_finds_the_first_key_given_twice_in_each_object() {
        let text =
            r#"{"a": {"x": 1, "y": 2, "x": 3, "y": 4}, "b": [{"k": 1, "\u006b": 2}], "a": 0}"#;
        let (_, dups) = scan(text, usize::MAX);
        let dups: Vec<(&str, &str)> = dups.iter().map(|(p, k)| (p.as_str(), k.as_str())).collect();
        assert_eq!(dups, [("a", "x"), ("b[0]", "k"), ("", "a")]);
    }

    #[test]
    fn syntax_errors_are_placed_in_the_value_being_read() {
        let path = |text: &str| parse(text).map(|_| ()).unwrap_err().path;
        assert_eq!(path(r#"{"a": {"b": [1, 2,]}}"#), "a.b");
        assert_eq!(path(r#"{"a": {"b": [1, 2, x]}}"#), "a.b[2]");
        assert_eq!(path(r#"{"a": {"b": "\q"}}"#), "a.b");
        assert_eq!(path(r#"{"a": {"b": 1.}}"#), "a.b");
        assert_eq!(path(r#"{"a": {"b": 1 2}}"#), "a");
        assert_eq!(path(r#"{"a": {"b" 1}}"#), "a");
        assert_eq!(path(r#"{"a": {"b\ux": 1}}"#), "a");
        assert_eq!(path(r#"{"a": {"b": "#), "a.b");
        assert_eq!(path(r#"{"a": ["#), "a");
        assert_eq!(path(r#"{"a": 1} 2"#), "");
    }
}

#[cfg(test)]
mod exact_numbers {
    use super::*;

    /// Issue 7 (defect 5, and the fuzzing): every f64 the engine writes (a shortest decimal,
    /// serde_json's writer) reads back as the same f64 without serde_json's `float_roundtrip`,
    /// over 300,000 doubles of every magnitude (SplitMix64 bit patterns) and the cases fuzzing
    /// and replays found one bit off.
    #[test]
    fn issue7_written_numbers_read_back_to_the_bit() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut xs: Vec<f64> = vec![3.3333333333333337e-10, 3.8415492685252453, 0.1 + 0.2];
        while xs.len() < 300_000 {
            let x = f64::from_bits(next());
            if x.is_finite() {
                xs.push(x);
            }
            // Doubles of everyday sizes too: milliseconds, rates and probabilities.
            xs.push(next() as f64 / u64::MAX as f64 * 1e4);
        }
        let mut off = 0;
        for &x in &xs {
            let text = format!("[{}]", serde_json::Number::from_f64(x).unwrap());
            let (v, _) = parse(&text).unwrap();
            if v[0].as_f64() != Some(x) {
                off += 1;
                assert!(off < 5, "{text} read back as {}", v[0]);
            }
        }
        assert_eq!(off, 0);
    }

    /// Issue 7, review: an exponent at the edge of i64 (serde_json reads the number as 0) must
    /// not overflow the check of whether it is read exactly.
    #[test]
    fn review_a_huge_exponent_does_not_overflow() {
        for token in [
            "1.0e-9223372036854775808",
            "1e9223372036854775807",
            "-2.5e-99999999999999999999",
        ] {
            let text = format!("[{token}]");
            if let Ok((v, _)) = parse(&text) {
                assert!(v[0].is_number(), "{token}");
            }
            assert!(!read_exactly(token));
        }
    }

    #[test]
    fn decimals_compare_by_value_of_their_digits() {
        assert_eq!(decimal("0.0250"), decimal("2.5e-2"));
        assert_eq!(decimal("250"), decimal("2.5E2"));
        assert_eq!(decimal("-1.5e+3"), (true, b"15".to_vec(), 3));
        assert_ne!(decimal("1.5"), decimal("15"));
    }
}
