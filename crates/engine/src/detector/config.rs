//! Which failure detector a scenario runs, and how `cluster.failure_detector` is read and
//! written.

use crate::number::plain;
use crate::text::one_line;
use crate::time::{ms_to_us, Micros, MAX_MS};
use serde_json::{Map, Value};

/// The path every parsing error names.
const PATH: &str = "cluster.failure_detector";
/// The words `cluster.failure_detector` may be.
const KINDS: &str = "`perfect` or `timeout`";
/// The fields of `{"timeout": {...}}`.
const TIMEOUT_FIELDS: &str = "`suspect_after_ms` or `probe_ms`";
/// The shortest duration the timeout detector accepts, in ms: one simulated microsecond, so that
/// no duration rounds to zero.
const MIN_MS: f64 = 0.001;

/// How nodes come to believe that a peer is down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DetectorConfig {
    /// Every node knows at once who is reachable: beliefs are the truth (the engine's behaviour
    /// before the detector existed, and the default).
    #[default]
    Perfect,
    /// Beliefs come from traffic (Dynamo section 4.8): a node suspects a peer when a request it
    /// sent that peer has gone `suspect_after` without any message back, probes a suspected peer
    /// every `probe_every`, and trusts it again on any message from it.
    Timeout {
        /// How long a request may go unanswered before its receiver is suspected, in simulated
        /// microseconds.
        suspect_after: Micros,
        /// How often a suspected peer is probed, in simulated microseconds.
        probe_every: Micros,
    },
}

impl DetectorConfig {
    /// Reads `cluster.failure_detector`: `"perfect"` or
    /// `{"timeout": {"suspect_after_ms": 300, "probe_ms": 500}}`. An error is one line naming the
    /// field, e.g. `cluster.failure_detector.timeout.probe_ms: must be a number of ms from 0.001
    /// to 1000000000000, got 0`.
    ///
    /// Durations are rounded to the nearest microsecond, as every other duration of a scenario.
    pub fn from_json(v: &Value) -> Result<DetectorConfig, String> {
        match v {
            Value::String(s) if s == "perfect" => Ok(DetectorConfig::Perfect),
            Value::String(s) if s == "timeout" => Err(format!(
                "{PATH}: `timeout` needs its settings, as in \
                 {{\"timeout\": {{\"suspect_after_ms\": 300, \"probe_ms\": 500}}}}"
            )),
            Value::String(s) => Err(format!(
                "{PATH}: unknown variant `{}`, expected {KINDS}",
                one_line(s)
            )),
            Value::Object(map) => timeout_from_json(map),
            other => Err(format!(
                "{PATH}: {}",
                invalid_type(other, "`perfect` or {\"timeout\": {...}}")
            )),
        }
    }

    /// The JSON that [`DetectorConfig::from_json`] reads back to this configuration: `"perfect"`,
    /// or the timeout detector's durations as ms (an integer when whole, `0.5` otherwise).
    pub fn to_json(self) -> Value {
        match self {
            DetectorConfig::Perfect => Value::String("perfect".to_string()),
            DetectorConfig::Timeout {
                suspect_after,
                probe_every,
            } => {
                let mut inner = Map::new();
                inner.insert("suspect_after_ms".to_string(), ms_value(suspect_after));
                inner.insert("probe_ms".to_string(), ms_value(probe_every));
                let mut outer = Map::new();
                outer.insert("timeout".to_string(), Value::Object(inner));
                Value::Object(outer)
            }
        }
    }

    /// Whether this is the perfect detector.
    pub fn is_perfect(self) -> bool {
        self == DetectorConfig::Perfect
    }
}

/// `{"timeout": {...}}`: exactly one key, `timeout`, holding both durations.
fn timeout_from_json(map: &Map<String, Value>) -> Result<DetectorConfig, String> {
    let mut keys = map.keys();
    let (Some(kind), None) = (keys.next(), keys.next()) else {
        return Err(format!(
            "{PATH}: must have exactly one key, `timeout` (or be the string `perfect`), got {}",
            map.len()
        ));
    };
    if kind != "timeout" {
        return Err(format!(
            "{PATH}: unknown variant `{}`, expected {}",
            one_line(kind),
            if kind == "perfect" {
                "the string `perfect` or `timeout`"
            } else {
                KINDS
            }
        ));
    }
    let path = format!("{PATH}.timeout");
    let Value::Object(fields) = &map["timeout"] else {
        return Err(format!(
            "{path}: {}",
            invalid_type(&map["timeout"], "struct Timeout")
        ));
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| *k != "suspect_after_ms" && *k != "probe_ms")
    {
        let unknown = one_line(unknown);
        return Err(format!(
            "{path}.{unknown}: unknown field `{unknown}`, expected {TIMEOUT_FIELDS}"
        ));
    }
    let duration = |name: &str| -> Result<Micros, String> {
        let Some(v) = fields.get(name) else {
            return Err(format!("{path}: missing field `{name}`"));
        };
        let Some(ms) = v.as_f64() else {
            return Err(format!("{path}.{name}: {}", invalid_type(v, "f64")));
        };
        if !(MIN_MS..=MAX_MS).contains(&ms) {
            return Err(format!(
                "{path}.{name}: must be a number of ms from {} to {}, got {}",
                plain(MIN_MS),
                plain(MAX_MS),
                plain(ms)
            ));
        }
        Ok(ms_to_us(ms))
    };
    Ok(DetectorConfig::Timeout {
        suspect_after: duration("suspect_after_ms")?,
        probe_every: duration("probe_ms")?,
    })
}

/// Microseconds as a JSON number of ms: an integer when whole.
fn ms_value(us: Micros) -> Value {
    if us.is_multiple_of(1000) {
        Value::from(us / 1000)
    } else {
        Value::from(us as f64 / 1000.0)
    }
}

/// serde's `invalid type: ...` (the wording of the other fields), on one line.
fn invalid_type(v: &Value, expected: &str) -> String {
    one_line(&crate::text::invalid_type(v, expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> String {
        DetectorConfig::from_json(&v).unwrap_err()
    }

    #[test]
    fn dynamo_s4_8_reads_perfect_and_timeout() {
        assert_eq!(
            DetectorConfig::from_json(&json!("perfect")),
            Ok(DetectorConfig::Perfect)
        );
        assert_eq!(
            DetectorConfig::from_json(
                &json!({"timeout": {"suspect_after_ms": 300, "probe_ms": 500}})
            ),
            Ok(DetectorConfig::Timeout {
                suspect_after: 300_000,
                probe_every: 500_000
            })
        );
        assert_eq!(
            DetectorConfig::from_json(
                &json!({"timeout": {"probe_ms": 0.25, "suspect_after_ms": 0.001}})
            ),
            Ok(DetectorConfig::Timeout {
                suspect_after: 1,
                probe_every: 250
            })
        );
        assert_eq!(DetectorConfig::default(), DetectorConfig::Perfect);
        assert!(DetectorConfig::default().is_perfect());
    }

    #[test]
    fn dynamo_s4_8_writes_what_it_reads() {
        for config in [
            DetectorConfig::Perfect,
            DetectorConfig::Timeout {
                suspect_after: 300_000,
                probe_every: 500_000,
            },
            DetectorConfig::Timeout {
                suspect_after: 1,
                probe_every: 1_234_567,
            },
        ] {
            assert_eq!(DetectorConfig::from_json(&config.to_json()), Ok(config));
        }
        assert_eq!(
            DetectorConfig::Timeout {
                suspect_after: 300_000,
                probe_every: 500_500
            }
            .to_json(),
            json!({"timeout": {"suspect_after_ms": 300, "probe_ms": 500.5}})
        );
    }

    #[test]
    fn dynamo_s4_8_bad_detector_settings_are_one_line_errors_naming_the_field() {
        let cases = [
            (
                json!(3),
                "cluster.failure_detector: invalid type: integer `3`, expected `perfect` or {\"timeout\": {...}}",
            ),
            (
                json!(null),
                "cluster.failure_detector: invalid type: null, expected `perfect` or {\"timeout\": {...}}",
            ),
            (
                json!("phi"),
                "cluster.failure_detector: unknown variant `phi`, expected `perfect` or `timeout`",
            ),
            (
                json!("a\nb"),
                "cluster.failure_detector: unknown variant `a\\nb`, expected `perfect` or `timeout`",
            ),
            (
                json!("timeout"),
                "cluster.failure_detector: `timeout` needs its settings, as in {\"timeout\": {\"suspect_after_ms\": 300, \"probe_ms\": 500}}",
            ),
            (
                json!({}),
                "cluster.failure_detector: must have exactly one key, `timeout` (or be the string `perfect`), got 0",
            ),
            (
                json!({"timeout": {"suspect_after_ms": 1, "probe_ms": 1}, "perfect": {}}),
                "cluster.failure_detector: must have exactly one key, `timeout` (or be the string `perfect`), got 2",
            ),
            (
                json!({"perfect": {}}),
                "cluster.failure_detector: unknown variant `perfect`, expected the string `perfect` or `timeout`",
            ),
            (
                json!({"gossip": {}}),
                "cluster.failure_detector: unknown variant `gossip`, expected `perfect` or `timeout`",
            ),
            (
                json!({"timeout": [300, 500]}),
                "cluster.failure_detector.timeout: invalid type: sequence, expected struct Timeout",
            ),
            (
                json!({"timeout": {"suspect_after_ms": 300}}),
                "cluster.failure_detector.timeout: missing field `probe_ms`",
            ),
            (
                json!({"timeout": {"probe_ms": 300}}),
                "cluster.failure_detector.timeout: missing field `suspect_after_ms`",
            ),
            (
                json!({"timeout": {"suspect_after_ms": 300, "probe_ms": 500, "phi": 8}}),
                "cluster.failure_detector.timeout.phi: unknown field `phi`, expected `suspect_after_ms` or `probe_ms`",
            ),
            (
                json!({"timeout": {"suspect_after_ms": "300", "probe_ms": 500}}),
                "cluster.failure_detector.timeout.suspect_after_ms: invalid type: string \"300\", expected f64",
            ),
            (
                json!({"timeout": {"suspect_after_ms": 300, "probe_ms": 0}}),
                "cluster.failure_detector.timeout.probe_ms: must be a number of ms from 0.001 to 1000000000000, got 0",
            ),
            (
                json!({"timeout": {"suspect_after_ms": -5, "probe_ms": 500}}),
                "cluster.failure_detector.timeout.suspect_after_ms: must be a number of ms from 0.001 to 1000000000000, got -5",
            ),
            (
                json!({"timeout": {"suspect_after_ms": 0.0004, "probe_ms": 500}}),
                "cluster.failure_detector.timeout.suspect_after_ms: must be a number of ms from 0.001 to 1000000000000, got 0.0004",
            ),
            (
                json!({"timeout": {"suspect_after_ms": 300, "probe_ms": 2e12}}),
                "cluster.failure_detector.timeout.probe_ms: must be a number of ms from 0.001 to 1000000000000, got 2000000000000",
            ),
        ];
        for (input, want) in cases {
            let got = err(input.clone());
            assert_eq!(got, want, "for {input}");
            assert!(!got.contains('\n'), "{got}");
        }
    }
}
