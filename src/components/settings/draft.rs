//! The settings as typed ([`Draft`]), kept in line with the settings in force.

use quorumscope_engine::{DetectorConfig, Latency};

use super::levels::NUMBER;
use super::SettingsPanelProps;

/// The latency forms the panel edits with fields; any other is edited as JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LatencyKind {
    /// `constant`: one delay.
    Constant,
    /// `uniform`: between two delays.
    Uniform,
    /// Any other form, as JSON.
    Json,
}

/// The numbers as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub n: String,
    pub w: String,
    pub r: String,
    /// The level chosen for w: a scenario word (`local_quorum`), or `number` for the field.
    pub w_level: String,
    /// The level chosen for r.
    pub r_level: String,
    pub timeout: String,
    pub anti_entropy: String,
    pub kind: LatencyKind,
    pub constant: String,
    pub min: String,
    pub max: String,
    pub skews: Vec<(String, String)>,
    pub drop_rate: String,
    /// The timeout detector's durations, in ms (its defaults while the detector is perfect).
    pub suspect_after: String,
    pub probe: String,
}

/// The timeout detector's durations in ms: those in force, or 300 and 500.
pub fn detector_ms(d: DetectorConfig) -> (String, String) {
    match d {
        DetectorConfig::Timeout {
            suspect_after,
            probe_every,
        } => (
            num(suspect_after as f64 / 1000.0),
            num(probe_every as f64 / 1000.0),
        ),
        DetectorConfig::Perfect => ("300".into(), "500".into()),
    }
}

/// A number as the page writes it.
pub fn num(x: f64) -> String {
    quorumscope_engine::number::plain(x)
}

/// The form of a latency the panel edits it with.
fn latency_kind(l: &Latency) -> LatencyKind {
    match l {
        Latency::Constant(_) => LatencyKind::Constant,
        Latency::Uniform { .. } => LatencyKind::Uniform,
        _ => LatencyKind::Json,
    }
}

/// The nodes and clients, whose clocks can be skewed.
fn endpoints(props: &SettingsPanelProps) -> Vec<String> {
    props
        .cluster
        .nodes
        .iter()
        .chain(props.clients.iter())
        .cloned()
        .collect()
}

impl Draft {
    /// The settings in force, as the fields show them.
    pub fn of(props: &SettingsPanelProps) -> Draft {
        let c = &props.cluster;
        let (constant, min, max) = match &c.latency {
            Latency::Constant(ms) => (num(*ms), num(*ms), num(*ms)),
            Latency::Uniform { min, max } => (num((min + max) / 2.0), num(*min), num(*max)),
            _ => ("10".into(), "5".into(), "15".into()),
        };
        Draft {
            n: props.nwr.0.to_string(),
            w: props.nwr.1.to_string(),
            r: props.nwr.2.to_string(),
            w_level: c.w.word().unwrap_or(NUMBER).to_string(),
            r_level: c.r.word().unwrap_or(NUMBER).to_string(),
            timeout: num(c.timeout_ms),
            anti_entropy: num(c.anti_entropy_ms.unwrap_or(500.0)),
            kind: latency_kind(&c.latency),
            constant,
            min,
            max,
            skews: endpoints(props)
                .into_iter()
                .map(|e| {
                    let v = c.clock_skew_ms.get(&e).copied().unwrap_or(0.0);
                    (e, num(v))
                })
                .collect(),
            drop_rate: num(props.drop_rate),
            suspect_after: detector_ms(c.failure_detector).0,
            probe: detector_ms(c.failure_detector).1,
        }
    }

    /// This draft brought in line with new settings: a field keeps its text when it already
    /// means the value in force, or when it was never applied (`unapplied`: the ids of the
    /// fields that had an error: nothing the user typed is lost to a Reset or a load), and
    /// shows the value in force otherwise.
    pub fn synced(&self, props: &SettingsPanelProps, unapplied: &[String]) -> Draft {
        let fresh = Draft::of(props);
        let k = |id: &str, typed: &String, new: &String| kept(unapplied, id, typed, new);
        let level = |id: &str, typed: &String, new: &String| {
            if unapplied.iter().any(|u| u == id) {
                typed.clone()
            } else {
                new.clone()
            }
        };
        let c = &props.cluster;
        // While the detector is perfect, the durations typed wait for it to be chosen.
        let perfect = c.failure_detector.is_perfect();
        let (constant, min, max) = self.synced_latency(&fresh, &k);
        Draft {
            n: k("set-n", &self.n, &fresh.n),
            w: k("set-w", &self.w, &fresh.w),
            r: k("set-r", &self.r, &fresh.r),
            w_level: level("set-w", &self.w_level, &fresh.w_level),
            r_level: level("set-r", &self.r_level, &fresh.r_level),
            timeout: k("set-timeout", &self.timeout, &fresh.timeout),
            anti_entropy: if c.anti_entropy_ms.is_some() {
                k(
                    "set-anti-entropy-ms",
                    &self.anti_entropy,
                    &fresh.anti_entropy,
                )
            } else {
                self.anti_entropy.clone()
            },
            kind: fresh.kind,
            constant,
            min,
            max,
            skews: fresh
                .skews
                .iter()
                .map(|(e, v)| {
                    let typed = self.skews.iter().find(|(x, _)| x == e).map(|(_, t)| t);
                    let text = typed.map(|t| k(&skew_id(e), t, v));
                    (e.clone(), text.unwrap_or_else(|| v.clone()))
                })
                .collect(),
            // A loss rate that is not a probability was never applied: it stays as typed.
            drop_rate: if parse_ms(&self.drop_rate).is_some_and(|p| (0.0..=1.0).contains(&p)) {
                k("set-drop", &self.drop_rate, &fresh.drop_rate)
            } else {
                self.drop_rate.clone()
            },
            suspect_after: if perfect {
                self.suspect_after.clone()
            } else {
                k(
                    "set-suspect-after",
                    &self.suspect_after,
                    &fresh.suspect_after,
                )
            },
            probe: if perfect {
                self.probe.clone()
            } else {
                k("set-probe", &self.probe, &fresh.probe)
            },
        }
    }

    /// The latency's fields (constant, min, max) in line with `fresh`: typed text is kept only
    /// while the latency keeps its form.
    fn synced_latency(
        &self,
        fresh: &Draft,
        k: &impl Fn(&str, &String, &String) -> String,
    ) -> (String, String, String) {
        let same = |kind| self.kind == fresh.kind && fresh.kind == kind;
        let constant = if same(LatencyKind::Constant) {
            k("set-latency-constant", &self.constant, &fresh.constant)
        } else {
            fresh.constant.clone()
        };
        let (min, max) = if same(LatencyKind::Uniform) {
            (
                k("set-latency-min", &self.min, &fresh.min),
                k("set-latency-max", &self.max, &fresh.max),
            )
        } else {
            (fresh.min.clone(), fresh.max.clone())
        };
        (constant, min, max)
    }
}

/// The text a field shows after a change of settings: what was typed if it means the value in
/// force or was never applied (its id is in `unapplied`), else the value in force.
fn kept(unapplied: &[String], id: &str, typed: &str, new: &str) -> String {
    match (parse_ms(typed), parse_ms(new)) {
        (Some(a), Some(b)) if a == b => typed.to_string(),
        _ if unapplied.iter().any(|u| u == id) => typed.to_string(),
        _ => new.to_string(),
    }
}

/// A whole number of at least 1 as typed.
pub fn parse_count(text: &str) -> Option<usize> {
    text.trim().parse::<usize>().ok().filter(|&k| k >= 1)
}

/// A number as typed (read by the JSON parser the page has anyway: core's float parser
/// would add 15 KB to the page).
pub fn parse_ms(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text.trim())
        .ok()
        .filter(|x| x.is_finite())
}

/// The element id of the clock skew field of an endpoint.
pub fn skew_id(endpoint: &str) -> String {
    let id: String = endpoint
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("set-skew-{id}")
}
