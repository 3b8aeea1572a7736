//! Message latency distributions.
//!
//! A [`Latency`] says how long one message takes, in simulated milliseconds.
//! Its JSON forms are those of the contract (§1, `cluster.latency`):
//!
//! | JSON | distribution |
//! | --- | --- |
//! | `{"constant": ms}` | always `ms` |
//! | `{"uniform": [min, max]}` | uniform on `[min, max)` |
//! | `{"exponential": {"rate": λ}}` | exponential, mean `1/λ` ms |
//! | `{"pareto": {"xm": ms, "alpha": a}}` | Pareto with scale `xm` (the minimum) and shape `a` |
//! | `{"mixture": [[weight, L], ...]}` | component `L` with probability `weight / Σ weights` |
//! | `{"write": L, "ack": L, "read": L, "response": L}` | per message kind (PBS's W, A, R, S) |
//!
//! In the per-message form **all four keys are required** (no defaults), so a
//! typo such as `"acks"` is an error rather than a silently defaulted
//! distribution; each `L` may be any form except another per-message one.
//! Mixture weights are relative: they need not add up to 1, but must be
//! `>= 0` with at least one positive.
//!
//! Sampling is by inverse transform from the simulator's `SimRng`, and all
//! transcendental functions come from the `libm` crate, so a seed gives
//! bit-identical draws natively and on `wasm32`.

use crate::rng::SimRng;
use crate::text::compact_json;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The largest value [`Latency::sample`] returns, in ms (about 31,700
/// years). Heavy-tailed distributions (Pareto with a small `alpha`, or an
/// exponential with a tiny rate) can produce astronomically large or
/// infinite draws; they are capped here so that every draw is finite and
/// simulated clocks cannot overflow.
pub const MAX_SAMPLE_MS: f64 = 1e15;

/// The kind of message a latency is drawn for: the four legs of a quorum
/// write and read in PBS's WARS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MsgClass {
    /// A write request from the coordinator to a replica (PBS's W).
    Write,
    /// A replica's acknowledgement of a write (PBS's A).
    Ack,
    /// A read request from the coordinator to a replica (PBS's R).
    Read,
    /// A replica's response to a read (PBS's S).
    Response,
}

impl MsgClass {
    /// All four classes, in the order write, ack, read, response.
    pub const ALL: [MsgClass; 4] = [
        MsgClass::Write,
        MsgClass::Ack,
        MsgClass::Read,
        MsgClass::Response,
    ];

    /// The class's key in the per-message JSON form (`"write"`, `"ack"`,
    /// `"read"`, `"response"`).
    pub fn key(self) -> &'static str {
        match self {
            MsgClass::Write => "write",
            MsgClass::Ack => "ack",
            MsgClass::Read => "read",
            MsgClass::Response => "response",
        }
    }
}

/// A distribution of one-way message delays, in milliseconds.
///
/// Build one from JSON ([`Latency::from_json`], with one clear error
/// message per mistake), or directly; values built directly can be checked
/// with [`Latency::validate`].
#[derive(Debug, Clone, PartialEq)]
pub enum Latency {
    /// Always this many ms (`{"constant": ms}`).
    Constant(f64),
    /// Uniform on `[min, max)` (`{"uniform": [min, max]}`).
    Uniform {
        /// Smallest delay, ms.
        min: f64,
        /// Largest delay, ms.
        max: f64,
    },
    /// Exponential with this rate per ms, mean `1/rate` ms
    /// (`{"exponential": {"rate": λ}}`).
    Exponential {
        /// λ, per ms.
        rate: f64,
    },
    /// Pareto (type I): `P(X > x) = (xm / x)^alpha` for `x >= xm`
    /// (`{"pareto": {"xm": ms, "alpha": a}}`).
    Pareto {
        /// Scale: the smallest possible delay, ms.
        xm: f64,
        /// Shape: smaller means a heavier tail; the mean is infinite for
        /// `alpha <= 1`.
        alpha: f64,
    },
    /// A weighted mixture: each draw picks a component with probability
    /// proportional to its weight (`{"mixture": [[weight, latency], ...]}`).
    Mixture(Vec<(f64, Latency)>),
    /// A separate distribution per message kind
    /// (`{"write": L, "ack": L, "read": L, "response": L}`).
    PerMessage(Box<PerMessage>),
}

/// The four distributions of a per-message [`Latency`].
#[derive(Debug, Clone, PartialEq)]
pub struct PerMessage {
    /// Write requests, coordinator to replica (PBS's W).
    pub write: Latency,
    /// Write acknowledgements, replica to coordinator (PBS's A).
    pub ack: Latency,
    /// Read requests, coordinator to replica (PBS's R).
    pub read: Latency,
    /// Read responses, replica to coordinator (PBS's S).
    pub response: Latency,
}

impl PerMessage {
    /// The distribution for one message class.
    pub fn get(&self, class: MsgClass) -> &Latency {
        match class {
            MsgClass::Write => &self.write,
            MsgClass::Ack => &self.ack,
            MsgClass::Read => &self.read,
            MsgClass::Response => &self.response,
        }
    }
}

impl Default for Latency {
    /// `{"uniform": [5, 15]}`, the contract's default.
    fn default() -> Latency {
        Latency::Uniform {
            min: 5.0,
            max: 15.0,
        }
    }
}

/// The forms a user can write, for the "unknown form" error.
const FORMS_HINT: &str =
    "expected one of constant, uniform, exponential, pareto, mixture, or write/ack/read/response";

impl Latency {
    /// A per-message latency from its four parts.
    pub fn per_message(write: Latency, ack: Latency, read: Latency, response: Latency) -> Latency {
        Latency::PerMessage(Box::new(PerMessage {
            write,
            ack,
            read,
            response,
        }))
    }

    /// The distribution that applies to `class`: the matching part of a
    /// per-message latency, or `self` for every other form.
    pub fn for_class(&self, class: MsgClass) -> &Latency {
        match self {
            Latency::PerMessage(pm) => pm.get(class),
            other => other,
        }
    }

    /// Draws one delay for a message of kind `class`, in ms: finite and
    /// `>= 0` (capped at [`MAX_SAMPLE_MS`]).
    ///
    /// Draws consumed from `rng`: none for `constant`; one for `uniform`,
    /// `exponential` and `pareto`; one to pick a mixture component plus that
    /// component's own. The guarantee of a finite, non-negative result also
    /// holds for values that fail [`Latency::validate`], but their
    /// distribution is then unspecified.
    pub fn sample(&self, class: MsgClass, rng: &mut SimRng) -> f64 {
        let x = self.sample_raw(class, rng);
        if x >= 0.0 {
            x.min(MAX_SAMPLE_MS)
        } else {
            // Negative or NaN: only reachable from an invalid value.
            0.0
        }
    }

    fn sample_raw(&self, class: MsgClass, rng: &mut SimRng) -> f64 {
        match self {
            Latency::Constant(ms) => *ms,
            Latency::Uniform { min, max } => min + (max - min) * rng.next_f64(),
            Latency::Exponential { rate } => {
                // 1 - u is in (0, 1], so the log is finite.
                let u = 1.0 - rng.next_f64();
                -libm::log(u) / rate
            }
            Latency::Pareto { xm, alpha } => {
                let u = 1.0 - rng.next_f64();
                xm / libm::pow(u, 1.0 / alpha)
            }
            Latency::Mixture(parts) => {
                let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
                let mut pick = rng.next_f64() * total;
                let mut chosen = None;
                for (w, l) in parts {
                    if *w > 0.0 {
                        chosen = Some(l);
                        if pick < *w {
                            break;
                        }
                        pick -= w;
                    }
                }
                // Rounding can leave `pick` just past the last weight: the
                // last positive-weight component is then the right one.
                match chosen {
                    Some(l) => l.sample_raw(class, rng),
                    None => 0.0,
                }
            }
            Latency::PerMessage(pm) => pm.get(class).sample_raw(class, rng),
        }
    }

    /// The mean delay for `class` in ms, or `None` when it is infinite (a
    /// Pareto with `alpha <= 1`, or a mixture with such a component of
    /// positive weight).
    pub fn mean_ms(&self, class: MsgClass) -> Option<f64> {
        match self {
            Latency::Constant(ms) => Some(*ms),
            Latency::Uniform { min, max } => Some((min + max) / 2.0),
            Latency::Exponential { rate } => Some(1.0 / rate),
            Latency::Pareto { xm, alpha } => {
                if *alpha > 1.0 {
                    Some(alpha * xm / (alpha - 1.0))
                } else {
                    None
                }
            }
            Latency::Mixture(parts) => {
                let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
                let mut mean = 0.0;
                for (w, l) in parts {
                    if *w > 0.0 {
                        mean += w / total * l.mean_ms(class)?;
                    }
                }
                Some(mean)
            }
            Latency::PerMessage(pm) => pm.get(class).mean_ms(class),
        }
    }

    /// Checks the parameters: the same rules, and the same messages, as
    /// reading the value from JSON.
    pub fn validate(&self) -> Result<(), String> {
        self.validate_at(false)
    }

    fn validate_at(&self, inside_per_message: bool) -> Result<(), String> {
        match self {
            Latency::Constant(ms) => check_constant(*ms, &show_num(*ms)),
            Latency::Uniform { min, max } => check_uniform(
                *min,
                *max,
                &format!("[{}, {}]", show_num(*min), show_num(*max)),
            ),
            Latency::Exponential { rate } => {
                check_exponential(*rate, &format!("{{\"rate\": {}}}", show_num(*rate)))
            }
            Latency::Pareto { xm, alpha } => check_pareto(
                *xm,
                *alpha,
                &format!(
                    "{{\"xm\": {}, \"alpha\": {}}}",
                    show_num(*xm),
                    show_num(*alpha)
                ),
            ),
            Latency::Mixture(parts) => {
                if parts.is_empty() {
                    return Err(
                        "mixture needs a non-empty list of [weight, latency] pairs, got []".into(),
                    );
                }
                for (i, (w, l)) in parts.iter().enumerate() {
                    check_weight(i, *w, &show_num(*w))?;
                    l.validate_at(false)
                        .map_err(|e| format!("mixture[{i}]: {e}"))?;
                }
                check_some_weight(parts.iter().map(|(w, _)| *w))
            }
            Latency::PerMessage(pm) => {
                if inside_per_message {
                    return Err(NESTED_PER_MESSAGE.into());
                }
                for class in MsgClass::ALL {
                    pm.get(class)
                        .validate_at(true)
                        .map_err(|e| format!("{}: {e}", class.key()))?;
                }
                Ok(())
            }
        }
    }

    /// Reads a latency from its JSON form; the error is one line naming the
    /// form and what is wrong with it.
    pub fn from_json(value: &Value) -> Result<Latency, String> {
        parse(value, false)
    }

    /// The JSON form of this latency (what `Serialize` writes).
    pub fn to_json(&self) -> Value {
        match self {
            Latency::Constant(ms) => object(&mut [("constant", Value::from(*ms))]),
            Latency::Uniform { min, max } => object(&mut [(
                "uniform",
                Value::Array(vec![Value::from(*min), Value::from(*max)]),
            )]),
            Latency::Exponential { rate } => {
                object(&mut [("exponential", object(&mut [("rate", Value::from(*rate))]))])
            }
            Latency::Pareto { xm, alpha } => object(&mut [(
                "pareto",
                object(&mut [("xm", Value::from(*xm)), ("alpha", Value::from(*alpha))]),
            )]),
            Latency::Mixture(parts) => {
                let list = parts
                    .iter()
                    .map(|(w, l)| Value::Array(vec![Value::from(*w), l.to_json()]))
                    .collect();
                object(&mut [("mixture", Value::Array(list))])
            }
            Latency::PerMessage(pm) => object(&mut [
                ("write", pm.write.to_json()),
                ("ack", pm.ack.to_json()),
                ("read", pm.read.to_json()),
                ("response", pm.response.to_json()),
            ]),
        }
    }
}

const NESTED_PER_MESSAGE: &str =
    "a per-message latency cannot contain another per-message latency (write/ack/read/response)";

fn check_constant(ms: f64, got: &str) -> Result<(), String> {
    if ms.is_finite() && ms >= 0.0 {
        Ok(())
    } else {
        Err(format!("constant needs a number of ms >= 0, got {got}"))
    }
}

fn check_uniform(min: f64, max: f64, got: &str) -> Result<(), String> {
    if min.is_finite() && max.is_finite() && 0.0 <= min && min <= max {
        Ok(())
    } else {
        Err(format!(
            "uniform needs [min, max] with 0 <= min <= max, got {got}"
        ))
    }
}

fn check_exponential(rate: f64, got: &str) -> Result<(), String> {
    if rate.is_finite() && rate > 0.0 {
        Ok(())
    } else {
        Err(format!(
            "exponential needs {{\"rate\": λ}} with λ > 0 (mean 1/λ ms), got {got}"
        ))
    }
}

fn check_pareto(xm: f64, alpha: f64, got: &str) -> Result<(), String> {
    if xm.is_finite() && alpha.is_finite() && xm > 0.0 && alpha > 0.0 {
        Ok(())
    } else {
        Err(format!(
            "pareto needs {{\"xm\": ms, \"alpha\": a}} with xm > 0 and alpha > 0, got {got}"
        ))
    }
}

fn check_weight(i: usize, w: f64, got: &str) -> Result<(), String> {
    if w.is_finite() && w >= 0.0 {
        Ok(())
    } else {
        Err(format!("mixture[{i}] needs a weight >= 0, got {got}"))
    }
}

fn check_some_weight(weights: impl Iterator<Item = f64>) -> Result<(), String> {
    if weights.fold(0.0, |acc, w| acc + w) > 0.0 {
        Ok(())
    } else {
        Err("mixture needs at least one weight > 0".into())
    }
}

/// A number as a user would write it: `5` rather than `5.0`.
fn show_num(x: f64) -> String {
    crate::number::plain(x)
}

/// A JSON object with these members (taken out of `members`).
fn object(members: &mut [(&str, Value)]) -> Value {
    let mut map = Map::new();
    for (k, v) in members.iter_mut() {
        map.insert(k.to_string(), std::mem::take(v));
    }
    Value::Object(map)
}

/// A JSON value on one line, with a space after each comma and colon.
fn show(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", compact_json(&Value::String(k.clone())), show(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => compact_json(other),
    }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Reads `{"k1": n1, "k2": n2, ...}` with exactly the keys `keys`, all numbers.
fn num_fields<const K: usize>(v: &Value, keys: [&str; K]) -> Option<[f64; K]> {
    let map = v.as_object()?;
    if map.len() != K {
        return None;
    }
    let mut out = [0.0; K];
    for (slot, key) in out.iter_mut().zip(keys) {
        *slot = num(map.get(key)?)?;
    }
    Some(out)
}

const PER_MESSAGE_KEYS: [&str; 4] = ["write", "ack", "read", "response"];

fn parse(value: &Value, inside_per_message: bool) -> Result<Latency, String> {
    let map = match value {
        Value::Object(map) => map,
        other => {
            return Err(format!(
                "a latency is an object such as {{\"uniform\": [5, 15]}}, got {}",
                show(other)
            ))
        }
    };
    if map.keys().any(|k| PER_MESSAGE_KEYS.contains(&k.as_str())) {
        if inside_per_message {
            return Err(NESTED_PER_MESSAGE.into());
        }
        return parse_per_message(map);
    }
    let mut keys = map.keys();
    let (form, body) = match (keys.next(), keys.next()) {
        (Some(k), None) => (k.as_str(), &map[k]),
        (None, _) => return Err(format!("a latency needs one form, got {{}}; {FORMS_HINT}")),
        (Some(_), Some(_)) => {
            let names: Vec<String> = map.keys().map(|k| format!("`{k}`")).collect();
            return Err(format!(
                "a latency has exactly one form, got {}; {FORMS_HINT}",
                names.join(", ")
            ));
        }
    };
    let got = show(body);
    let latency = match form {
        "constant" => {
            let ms = num(body)
                .ok_or_else(|| format!("constant needs a number of ms >= 0, got {got}"))?;
            check_constant(ms, &got)?;
            Latency::Constant(ms)
        }
        "uniform" => {
            let bad = || format!("uniform needs [min, max] with 0 <= min <= max, got {got}");
            let pair = body.as_array().filter(|a| a.len() == 2).ok_or_else(bad)?;
            let (min, max) = match (num(&pair[0]), num(&pair[1])) {
                (Some(a), Some(b)) => (a, b),
                _ => return Err(bad()),
            };
            check_uniform(min, max, &got)?;
            Latency::Uniform { min, max }
        }
        "exponential" => {
            let [rate] = num_fields(body, ["rate"]).ok_or_else(|| {
                format!("exponential needs {{\"rate\": λ}} with λ > 0 (mean 1/λ ms), got {got}")
            })?;
            check_exponential(rate, &got)?;
            Latency::Exponential { rate }
        }
        "pareto" => {
            let [xm, alpha] = num_fields(body, ["xm", "alpha"]).ok_or_else(|| {
                format!(
                    "pareto needs {{\"xm\": ms, \"alpha\": a}} with xm > 0 and alpha > 0, got {got}"
                )
            })?;
            check_pareto(xm, alpha, &got)?;
            Latency::Pareto { xm, alpha }
        }
        "mixture" => {
            let list = body.as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
                format!("mixture needs a non-empty list of [weight, latency] pairs, got {got}")
            })?;
            let mut parts = Vec::with_capacity(list.len());
            for (i, item) in list.iter().enumerate() {
                let pair = item.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
                    format!("mixture[{i}] needs [weight, latency], got {}", show(item))
                })?;
                let w = num(&pair[0]).ok_or_else(|| {
                    format!("mixture[{i}] needs a weight >= 0, got {}", show(&pair[0]))
                })?;
                check_weight(i, w, &show(&pair[0]))?;
                let l = parse(&pair[1], false).map_err(|e| format!("mixture[{i}]: {e}"))?;
                parts.push((w, l));
            }
            check_some_weight(parts.iter().map(|(w, _)| *w))?;
            Latency::Mixture(parts)
        }
        other => return Err(format!("unknown latency form `{other}`; {FORMS_HINT}")),
    };
    Ok(latency)
}

fn parse_per_message(map: &Map<String, Value>) -> Result<Latency, String> {
    if let Some(extra) = map.keys().find(|k| !PER_MESSAGE_KEYS.contains(&k.as_str())) {
        return Err(format!(
            "unknown key `{extra}` in a per-message latency; expected exactly write, ack, read, response"
        ));
    }
    if let Some(missing) = PER_MESSAGE_KEYS.iter().find(|k| !map.contains_key(**k)) {
        return Err(format!(
            "a per-message latency needs all of write, ack, read, response; missing `{missing}`"
        ));
    }
    let part = |key: &str| parse(&map[key], true).map_err(|e| format!("{key}: {e}"));
    Ok(Latency::per_message(
        part("write")?,
        part("ack")?,
        part("read")?,
        part("response")?,
    ))
}

impl Serialize for Latency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_str(s: &str) -> Result<Latency, String> {
        let value: Value = serde_json::from_str(s).map_err(|e| e.to_string())?;
        Latency::from_json(&value)
    }

    fn err(s: &str) -> String {
        let e = parse_str(s).expect_err(s);
        assert!(!e.contains('\n'), "multi-line error: {e}");
        e
    }

    fn sample_mean(l: &Latency, class: MsgClass, n: usize, seed: u64) -> f64 {
        let mut rng = SimRng::new(seed);
        let mut sum = 0.0;
        for _ in 0..n {
            let x = l.sample(class, &mut rng);
            assert!(x.is_finite() && x >= 0.0, "{x}");
            sum += x;
        }
        sum / n as f64
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(parse_str(r#"{"constant": 7}"#), Ok(Latency::Constant(7.0)));
        assert_eq!(
            parse_str(r#"{"uniform": [5, 15.5]}"#),
            Ok(Latency::Uniform {
                min: 5.0,
                max: 15.5
            })
        );
        assert_eq!(
            parse_str(r#"{"exponential": {"rate": 0.5}}"#),
            Ok(Latency::Exponential { rate: 0.5 })
        );
        assert_eq!(
            parse_str(r#"{"pareto": {"xm": 1, "alpha": 2.5}}"#),
            Ok(Latency::Pareto {
                xm: 1.0,
                alpha: 2.5
            })
        );
        assert_eq!(
            parse_str(r#"{"mixture": [[0.9, {"constant": 1}], [0.1, {"constant": 100}]]}"#),
            Ok(Latency::Mixture(vec![
                (0.9, Latency::Constant(1.0)),
                (0.1, Latency::Constant(100.0))
            ]))
        );
        assert_eq!(
            parse_str(
                r#"{"write": {"constant": 1}, "ack": {"constant": 2},
                    "read": {"constant": 3}, "response": {"constant": 4}}"#
            ),
            Ok(Latency::per_message(
                Latency::Constant(1.0),
                Latency::Constant(2.0),
                Latency::Constant(3.0),
                Latency::Constant(4.0)
            ))
        );
    }

    #[test]
    fn errors_name_the_form_and_the_problem() {
        assert_eq!(
            err(r#"{"uniform": [5, 1]}"#),
            "uniform needs [min, max] with 0 <= min <= max, got [5, 1]"
        );
        assert_eq!(
            err(r#"{"uniform": [-1, 1]}"#),
            "uniform needs [min, max] with 0 <= min <= max, got [-1, 1]"
        );
        assert_eq!(
            err(r#"{"uniform": [1, 2, 3]}"#),
            "uniform needs [min, max] with 0 <= min <= max, got [1, 2, 3]"
        );
        assert_eq!(
            err(r#"{"uniform": 5}"#),
            "uniform needs [min, max] with 0 <= min <= max, got 5"
        );
        assert_eq!(
            err(r#"{"gauss": {"mean": 1}}"#),
            "unknown latency form `gauss`; expected one of constant, uniform, exponential, pareto, mixture, or write/ack/read/response"
        );
        assert_eq!(
            err(r#"{"constant": -2}"#),
            "constant needs a number of ms >= 0, got -2"
        );
        assert_eq!(
            err(r#"{"constant": "fast"}"#),
            "constant needs a number of ms >= 0, got \"fast\""
        );
        assert_eq!(
            err(r#"{"exponential": {"rate": 0}}"#),
            "exponential needs {\"rate\": λ} with λ > 0 (mean 1/λ ms), got {\"rate\": 0}"
        );
        assert_eq!(
            err(r#"{"exponential": 2}"#),
            "exponential needs {\"rate\": λ} with λ > 0 (mean 1/λ ms), got 2"
        );
        assert_eq!(
            err(r#"{"exponential": {"lambda": 2}}"#),
            "exponential needs {\"rate\": λ} with λ > 0 (mean 1/λ ms), got {\"lambda\": 2}"
        );
        assert_eq!(
            err(r#"{"pareto": {"alpha": 2, "xm": 0}}"#),
            "pareto needs {\"xm\": ms, \"alpha\": a} with xm > 0 and alpha > 0, got {\"alpha\": 2, \"xm\": 0}"
        );
        assert_eq!(
            err(r#"{"pareto": {"xm": 1}}"#),
            "pareto needs {\"xm\": ms, \"alpha\": a} with xm > 0 and alpha > 0, got {\"xm\": 1}"
        );
        assert_eq!(
            err(r#"{"mixture": []}"#),
            "mixture needs a non-empty list of [weight, latency] pairs, got []"
        );
        assert_eq!(
            err(r#"{"mixture": [[1, {"constant": 1}], [2]]}"#),
            "mixture[1] needs [weight, latency], got [2]"
        );
        assert_eq!(
            err(r#"{"mixture": [[-1, {"constant": 1}]]}"#),
            "mixture[0] needs a weight >= 0, got -1"
        );
        assert_eq!(
            err(r#"{"mixture": [[0, {"constant": 1}]]}"#),
            "mixture needs at least one weight > 0"
        );
        assert_eq!(
            err(r#"{"mixture": [[1, {"uniform": [3, 2]}]]}"#),
            "mixture[0]: uniform needs [min, max] with 0 <= min <= max, got [3, 2]"
        );
        assert_eq!(
            err(r#"{"write": {"constant": 1}, "ack": {"constant": 1}, "read": {"constant": 1}}"#),
            "a per-message latency needs all of write, ack, read, response; missing `response`"
        );
        assert_eq!(
            err(
                r#"{"write": {"constant": 1}, "ack": {"constant": 1}, "read": {"constant": 1},
                    "response": {"constant": 1}, "acks": {"constant": 1}}"#
            ),
            "unknown key `acks` in a per-message latency; expected exactly write, ack, read, response"
        );
        assert_eq!(
            err(
                r#"{"write": {"constant": 1}, "ack": {"pareto": {"alpha": -1, "xm": 1}},
                    "read": {"constant": 1}, "response": {"constant": 1}}"#
            ),
            "ack: pareto needs {\"xm\": ms, \"alpha\": a} with xm > 0 and alpha > 0, got {\"alpha\": -1, \"xm\": 1}"
        );
        let c = r#"{"constant": 1}"#;
        let inner = format!(r#"{{"write": {c}, "ack": {c}, "read": {c}, "response": {c}}}"#);
        let nested = format!(r#"{{"write": {inner}, "ack": {c}, "read": {c}, "response": {c}}}"#);
        assert_eq!(
            err(&nested),
            "write: a per-message latency cannot contain another per-message latency (write/ack/read/response)"
        );
        assert_eq!(
            err(r#"{"constant": 1, "uniform": [1, 2]}"#),
            "a latency has exactly one form, got `constant`, `uniform`; expected one of constant, uniform, exponential, pareto, mixture, or write/ack/read/response"
        );
        assert_eq!(
            err(r#"{}"#),
            "a latency needs one form, got {}; expected one of constant, uniform, exponential, pareto, mixture, or write/ack/read/response"
        );
        assert_eq!(
            err(r#"[5, 15]"#),
            "a latency is an object such as {\"uniform\": [5, 15]}, got [5, 15]"
        );
    }

    #[test]
    fn serde_round_trip_for_every_form() {
        let all = Latency::Mixture(vec![
            (1.0, Latency::Constant(3.0)),
            (
                2.0,
                Latency::Uniform {
                    min: 0.5,
                    max: 1.25,
                },
            ),
            (0.25, Latency::Exponential { rate: 1.66 }),
            (
                0.5,
                Latency::Pareto {
                    xm: 0.235,
                    alpha: 10.0,
                },
            ),
        ]);
        let cases = vec![
            Latency::default(),
            all.clone(),
            Latency::per_message(
                all.clone(),
                Latency::Constant(0.0),
                Latency::Exponential { rate: 0.183 },
                all,
            ),
        ];
        for l in cases {
            let text = serde_json::to_string(&l).unwrap();
            let back = parse_str(&text).unwrap();
            assert_eq!(back, l, "{text}");
            assert_eq!(back.validate(), Ok(()));
        }
    }

    #[test]
    fn default_is_uniform_5_15() {
        assert_eq!(
            serde_json::to_value(Latency::default()).unwrap(),
            json!({"uniform": [5.0, 15.0]})
        );
    }

    #[test]
    fn validate_matches_parse_rules() {
        assert_eq!(
            Latency::Uniform { min: 5.0, max: 1.0 }.validate(),
            Err("uniform needs [min, max] with 0 <= min <= max, got [5, 1]".into())
        );
        assert_eq!(
            Latency::Constant(f64::NAN).validate(),
            Err("constant needs a number of ms >= 0, got NaN".into())
        );
        assert_eq!(
            Latency::Mixture(vec![]).validate(),
            Err("mixture needs a non-empty list of [weight, latency] pairs, got []".into())
        );
        assert_eq!(
            Latency::Mixture(vec![(1.0, Latency::Exponential { rate: -1.0 })]).validate(),
            Err("mixture[0]: exponential needs {\"rate\": λ} with λ > 0 (mean 1/λ ms), got {\"rate\": -1}".into())
        );
        let pm = Latency::per_message(
            Latency::Constant(1.0),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
        );
        let nested = Latency::per_message(
            pm.clone(),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
        );
        assert_eq!(pm.validate(), Ok(()));
        assert!(nested.validate().unwrap_err().starts_with("write: "));
    }

    #[test]
    fn sample_means_match_analytic_means() {
        let n = 100_000;
        let cases = [
            (Latency::Constant(4.0), 4.0, 1e-12),
            (
                Latency::Uniform {
                    min: 5.0,
                    max: 15.0,
                },
                10.0,
                0.05,
            ),
            (Latency::Exponential { rate: 0.5 }, 2.0, 0.03),
            (
                Latency::Pareto {
                    xm: 1.0,
                    alpha: 3.0,
                },
                1.5,
                0.02,
            ),
            (
                Latency::Mixture(vec![
                    (3.0, Latency::Constant(1.0)),
                    (1.0, Latency::Constant(9.0)),
                ]),
                3.0,
                0.06,
            ),
        ];
        for (i, (l, mean, tol)) in cases.iter().enumerate() {
            assert_eq!(l.mean_ms(MsgClass::Write), Some(*mean));
            let m = sample_mean(l, MsgClass::Write, n, i as u64);
            assert!(
                (m - mean).abs() < *tol,
                "{l:?}: sample mean {m}, analytic {mean}"
            );
        }
    }

    #[test]
    fn per_message_samples_each_class_from_its_own_distribution() {
        let l = Latency::per_message(
            Latency::Constant(1.0),
            Latency::Exponential { rate: 0.25 },
            Latency::Uniform { min: 2.0, max: 4.0 },
            Latency::Pareto {
                xm: 2.0,
                alpha: 5.0,
            },
        );
        let expected = [1.0, 4.0, 3.0, 2.5];
        for (class, mean) in MsgClass::ALL.into_iter().zip(expected) {
            assert_eq!(l.mean_ms(class), Some(mean));
            let m = sample_mean(&l, class, 100_000, 17);
            assert!((m - mean).abs() < 0.05 * mean, "{class:?}: {m} vs {mean}");
        }
    }

    #[test]
    fn pareto_never_draws_below_xm_and_has_the_right_tail() {
        let l = Latency::Pareto {
            xm: 2.0,
            alpha: 2.0,
        };
        let mut rng = SimRng::new(23);
        let n = 100_000;
        let mut above_4 = 0;
        for _ in 0..n {
            let x = l.sample(MsgClass::Read, &mut rng);
            assert!(x >= 2.0);
            if x > 4.0 {
                above_4 += 1;
            }
        }
        // P(X > 4) = (2/4)^2 = 0.25; standard error about 0.0014.
        let p = above_4 as f64 / n as f64;
        assert!((p - 0.25).abs() < 0.008, "{p}");
    }

    #[test]
    fn exponential_median_is_ln2_over_rate() {
        let l = Latency::Exponential { rate: 2.0 };
        let mut rng = SimRng::new(29);
        let mut xs: Vec<f64> = (0..100_001)
            .map(|_| l.sample(MsgClass::Ack, &mut rng))
            .collect();
        xs.sort_by(f64::total_cmp);
        let median = xs[50_000];
        let expected = core::f64::consts::LN_2 / 2.0;
        assert!((median - expected).abs() < 0.01, "{median} vs {expected}");
    }

    #[test]
    fn mixture_ignores_zero_weights() {
        let l = Latency::Mixture(vec![
            (0.0, Latency::Constant(100.0)),
            (1.0, Latency::Constant(1.0)),
            (0.0, Latency::Constant(50.0)),
        ]);
        let mut rng = SimRng::new(31);
        for _ in 0..10_000 {
            assert_eq!(l.sample(MsgClass::Write, &mut rng), 1.0);
        }
        assert_eq!(l.mean_ms(MsgClass::Write), Some(1.0));
    }

    #[test]
    fn mean_is_none_for_infinite_mean_pareto() {
        let heavy = Latency::Pareto {
            xm: 1.0,
            alpha: 1.0,
        };
        assert_eq!(heavy.mean_ms(MsgClass::Write), None);
        let mix = Latency::Mixture(vec![(0.99, Latency::Constant(1.0)), (0.01, heavy.clone())]);
        assert_eq!(mix.mean_ms(MsgClass::Write), None);
        let mix0 = Latency::Mixture(vec![(1.0, Latency::Constant(1.0)), (0.0, heavy)]);
        assert_eq!(mix0.mean_ms(MsgClass::Write), Some(1.0));
    }

    #[test]
    fn samples_stay_finite_and_capped_for_extreme_parameters() {
        let cases = [
            Latency::Pareto {
                xm: 1.0,
                alpha: 0.001,
            },
            Latency::Exponential { rate: 1e-300 },
        ];
        for l in cases {
            let mut rng = SimRng::new(37);
            let mut max: f64 = 0.0;
            for _ in 0..1_000 {
                let x = l.sample(MsgClass::Write, &mut rng);
                assert!(x.is_finite() && (0.0..=MAX_SAMPLE_MS).contains(&x), "{x}");
                max = max.max(x);
            }
            assert_eq!(max, MAX_SAMPLE_MS, "{l:?} never hit the cap");
        }
    }

    #[test]
    fn invalid_values_still_sample_finite_non_negative() {
        let bad = [
            Latency::Constant(-5.0),
            Latency::Constant(f64::NAN),
            Latency::Uniform {
                min: -10.0,
                max: -1.0,
            },
            Latency::Mixture(vec![]),
        ];
        let mut rng = SimRng::new(41);
        for l in bad {
            assert_eq!(l.sample(MsgClass::Write, &mut rng), 0.0, "{l:?}");
        }
    }

    #[test]
    fn sampling_is_deterministic_per_seed() {
        let l = Latency::Mixture(vec![
            (
                0.9122,
                Latency::Pareto {
                    xm: 0.235,
                    alpha: 10.0,
                },
            ),
            (0.0878, Latency::Exponential { rate: 1.66 }),
        ]);
        let draw = |seed| {
            let mut rng = SimRng::new(seed);
            (0..1000)
                .map(|_| l.sample(MsgClass::Write, &mut rng).to_bits())
                .collect::<Vec<u64>>()
        };
        assert_eq!(draw(5), draw(5));
        assert_ne!(draw(5), draw(6));
    }

    #[test]
    fn constant_consumes_no_draws_and_others_consume_one() {
        let mut a = SimRng::new(1);
        let b = a.clone();
        Latency::Constant(3.0).sample(MsgClass::Write, &mut a);
        assert_eq!(a, b);
        for l in [
            Latency::Uniform { min: 1.0, max: 2.0 },
            Latency::Exponential { rate: 1.0 },
            Latency::Pareto {
                xm: 1.0,
                alpha: 2.0,
            },
        ] {
            let mut a = SimRng::new(1);
            let mut b = a.clone();
            l.sample(MsgClass::Write, &mut a);
            b.next_u64();
            assert_eq!(a, b, "{l:?}");
        }
    }
}
