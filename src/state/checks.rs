//! Checks of what the user gives (settings, operations' fields) before they reach the engine,
//! and settings in words.

use quorumscope_engine::latency::MsgClass;
use quorumscope_engine::number::plain;
use quorumscope_engine::scenario::{Cluster, ClusterPatch, Coordinator, Quorum};
use quorumscope_engine::DetectorConfig;
use quorumscope_engine::Scenario;

use super::limits::{MAX_KEY_CHARS, MAX_MEAN_LATENCY_MS, MAX_VALUE_CHARS, MIN_PERIOD_MS};
use super::narration::short_ms;
use super::AppState;

impl AppState {
    /// The clients the user can act as: the scenario's clients.
    pub fn clients(&self) -> Vec<String> {
        self.snapshot
            .clients
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    /// Checks a change of settings against the settings in force, as the engine will: `Err`
    /// names the field and what is wrong.
    pub fn check_patch(&self, patch: &ClusterPatch) -> Result<(), String> {
        check_patch(&self.snapshot.cluster, &self.clients(), &self.base, patch)
    }
}

/// Checks a change of settings against the settings in force (`cluster`, with these
/// `clients`), as the engine will when it applies it, and against the page's own bounds
/// (periods of at least [`MIN_PERIOD_MS`], mean delays of at most [`MAX_MEAN_LATENCY_MS`]):
/// `Err` names the field (like `cluster.w`) and what is wrong.
pub fn check_patch(
    cluster: &Cluster,
    clients: &[String],
    base: &Scenario,
    patch: &ClusterPatch,
) -> Result<(), String> {
    let periods = [
        ("anti_entropy_ms", patch.anti_entropy_ms.flatten()),
        ("handoff_interval_ms", patch.handoff_interval_ms),
    ];
    for (field, ms) in periods {
        if let Some(ms) = ms.filter(|ms| ms.is_nan() || *ms < MIN_PERIOD_MS) {
            return Err(format!(
                "cluster.{field}: at least {} ms on this page (so that it keeps up), got {}",
                plain(MIN_PERIOD_MS),
                plain(ms)
            ));
        }
    }
    if let Some(latency) = &patch.latency {
        latency
            .validate()
            .map_err(|e| format!("cluster.latency: {e}"))?;
        // Messages that take hours pile up in flight: the page keeps delays a lesson uses.
        let slow = MsgClass::ALL.into_iter().find(|&c| {
            latency
                .mean_ms(c)
                .is_none_or(|ms| ms.is_nan() || ms > MAX_MEAN_LATENCY_MS)
        });
        if let Some(c) = slow {
            return Err(format!(
                "cluster.latency: a mean delay of at most {} ms on this page, got {} for {} messages",
                plain(MAX_MEAN_LATENCY_MS),
                latency.mean_ms(c).map_or("an infinite mean".to_string(), |ms| format!("{} ms", plain(ms))),
                c.key()
            ));
        }
    }
    let mut trial = base.clone();
    trial.cluster = patch.apply_to(cluster);
    // Clients that only events named are clients too (their clock skew may be set).
    trial.cluster.clients = clients.to_vec();
    trial.events.clear();
    trial.validate().map_err(|e| e.to_string())
}

/// A change of settings in words, like `w = 1, read repair off`.
pub fn describe_patch(p: &ClusterPatch) -> String {
    let mut parts = Vec::new();
    // As the scenario file writes it: `3`, or `one`, `quorum`, `all` without quotes.
    let q = |q: Quorum| match q.to_value() {
        serde_json::Value::String(word) => word,
        number => quorumscope_engine::scenario::compact_json(&number),
    };
    let on = |b: bool| if b { "on" } else { "off" };
    if let Some(v) = p.n {
        parts.push(format!("n = {}", q(v)));
    }
    if let Some(v) = p.w {
        parts.push(format!("w = {v}"));
    }
    if let Some(v) = p.r {
        parts.push(format!("r = {v}"));
    }
    if let Some(v) = p.coordinator {
        parts.push(format!(
            "coordinator: {}",
            match v {
                Coordinator::Client => "the client",
                Coordinator::Replica => "a replica",
            }
        ));
    }
    if let Some(v) = p.read_repair {
        parts.push(format!("read repair {}", on(v)));
    }
    if let Some(v) = p.anti_entropy_ms {
        parts.push(match v {
            Some(ms) => format!("anti-entropy every {} ms", plain(ms)),
            None => "anti-entropy off".to_string(),
        });
    }
    if let Some(v) = p.sloppy_quorum {
        parts.push(format!("sloppy quorum {}", on(v)));
    }
    if let Some(v) = p.hinted_handoff {
        parts.push(format!("hinted handoff {}", on(v)));
    }
    if let Some(v) = p.handoff_interval_ms {
        parts.push(format!("handoff every {} ms", plain(v)));
    }
    if let Some(v) = p.timeout_ms {
        parts.push(format!("timeout {} ms", plain(v)));
    }
    if let Some(v) = &p.latency {
        parts.push(format!(
            "latency {}",
            quorumscope_engine::scenario::compact_json(&v.to_json())
        ));
    }
    if let Some(v) = &p.clock_skew_ms {
        parts.push(skew_words(v));
    }
    if let Some(v) = p.failure_detector {
        parts.push(format!("failure detector: {}", detector_label(v)));
    }
    parts.join(", ")
}

/// Clock skews in words: `clock skew bob -50 ms`, or `no clock skew`.
fn skew_words<'a>(skews: impl IntoIterator<Item = (&'a String, &'a f64)>) -> String {
    let skews: Vec<String> = skews
        .into_iter()
        .filter(|(_, ms)| **ms != 0.0)
        .map(|(k, ms)| format!("{k} {}{} ms", if *ms < 0.0 { "" } else { "+" }, plain(*ms)))
        .collect();
    if skews.is_empty() {
        "no clock skew".to_string()
    } else {
        format!("clock skew {}", skews.join(", "))
    }
}

/// A failure detector in words: `perfect (knows at once)`, or `timeout (suspect after 300 ms
/// without an answer, probe every 500 ms)`.
pub fn detector_label(d: DetectorConfig) -> String {
    match d {
        DetectorConfig::Perfect => "perfect (knows at once)".to_string(),
        DetectorConfig::Timeout {
            suspect_after,
            probe_every,
        } => format!(
            "timeout (suspect after {} ms without an answer, probe every {} ms)",
            short_ms(suspect_after),
            short_ms(probe_every)
        ),
    }
}

/// Checks a client operation's fields; `Some(message)` when one is wrong.
pub(super) fn check_op(s: &AppState, client: &str, key: &str) -> Option<String> {
    if !s.snapshot.clients.iter().any(|c| c.name == client) {
        return Some(format!(
            "Client: `{client}` is not a client of this scenario. Not sent."
        ));
    }
    if key.trim().is_empty() {
        return Some("Key: a key cannot be empty. Not sent.".to_string());
    }
    if key.chars().count() > MAX_KEY_CHARS {
        return Some(format!(
            "Key: at most {MAX_KEY_CHARS} characters, this one has {}. Not sent.",
            key.chars().count()
        ));
    }
    None
}

/// Checks a put's value; `Some(message)` when it is too long for the page.
pub fn check_value(value: &str) -> Option<String> {
    let n = value.chars().count();
    (n > MAX_VALUE_CHARS).then(|| {
        format!("Value: at most {MAX_VALUE_CHARS} characters, this one has {n}. Not sent.")
    })
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;

    /// Issue 7, defect 11: periods the page cannot keep up with are refused, naming the field.
    #[test]
    fn issue7_periods_below_the_page_bound_are_refused() {
        let s = state(THREE);
        let ae = |ms: f64| ClusterPatch {
            anti_entropy_ms: Some(Some(ms)),
            ..ClusterPatch::default()
        };
        let e = s.check_patch(&ae(0.001)).unwrap_err();
        assert!(
            e.starts_with("cluster.anti_entropy_ms: at least 10 ms"),
            "{e}"
        );
        assert_eq!(s.check_patch(&ae(MIN_PERIOD_MS)), Ok(()));
        let handoff = ClusterPatch {
            handoff_interval_ms: Some(1.0),
            ..ClusterPatch::default()
        };
        let e = s.check_patch(&handoff).unwrap_err();
        assert!(e.starts_with("cluster.handoff_interval_ms"), "{e}");
        // Delays a lesson never needs (messages in flight for hours pile up) are refused too.
        let latency = |json: &str| ClusterPatch {
            latency: Some(
                quorumscope_engine::Latency::from_json(&serde_json::from_str(json).unwrap())
                    .unwrap(),
            ),
            ..ClusterPatch::default()
        };
        let e = s.check_patch(&latency(r#"{"constant": 1e9}"#)).unwrap_err();
        assert!(
            e.starts_with("cluster.latency: a mean delay of at most 10000 ms"),
            "{e}"
        );
        let e = s
            .check_patch(&latency(r#"{"pareto": {"xm": 5, "alpha": 0.9}}"#))
            .unwrap_err();
        assert!(e.contains("an infinite mean"), "{e}");
        assert_eq!(s.check_patch(&latency(r#"{"uniform": [5, 15]}"#)), Ok(()));
        assert_eq!(
            s.check_patch(&latency(r#"{"pareto": {"xm": 5, "alpha": 1.1}}"#)),
            Ok(())
        );
        let s = s.reduce(Msg::Configure(ae(0.001)));
        assert!(s
            .error
            .as_deref()
            .is_some_and(|e| e.contains("anti_entropy_ms")));
        assert!(s.user_events.is_empty(), "not applied");
        assert_eq!(s.snapshot.cluster.anti_entropy_ms, None);
    }
}
