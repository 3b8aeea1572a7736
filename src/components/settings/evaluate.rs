//! What a draft of the settings asks for, and what is wrong with it.

use std::collections::BTreeMap;

use quorumscope_engine::scenario::{ClusterPatch, ConsistencyLevel, Quorum};
use quorumscope_engine::Latency;

use super::detector::timeout_detector;
use super::draft::{parse_count, parse_ms, skew_id, Draft, LatencyKind};
use super::levels::NUMBER;
use super::SettingsPanelProps;
use crate::state::check_patch;

/// Problems with fields: (element id, message).
pub type Errors = Vec<(String, String)>;

/// The error of the field of this id, if it has one.
pub fn error_of<'a>(errors: &'a Errors, id: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(field, _)| field == id)
        .map(|(_, e)| e.as_str())
}

/// The change the draft asks for (only what differs from the settings in force), and what is
/// wrong with it: fields that are not numbers, then whatever the engine would refuse.
pub fn evaluate(draft: &Draft, props: &SettingsPanelProps) -> (ClusterPatch, Errors) {
    let c = &props.cluster;
    let mut errors = Errors::new();
    let mut patch = numbers(draft, props, &mut errors);
    nwr(draft, props, &mut errors, &mut patch);
    if !c.failure_detector.is_perfect() {
        match timeout_detector(&draft.suspect_after, &draft.probe) {
            Ok(d) if d != c.failure_detector => patch.failure_detector = Some(d),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() && patch != ClusterPatch::default() {
        if let Err(e) = check_patch(c, &props.clients, &props.base, &patch) {
            errors.push(refusal(&e));
        }
    }
    (patch, errors)
}

/// The timeout, anti-entropy period, latency and clock skews typed, as a patch of what
/// changed; a field that is not a number is an error.
fn numbers(draft: &Draft, props: &SettingsPanelProps, errors: &mut Errors) -> ClusterPatch {
    let c = &props.cluster;
    let mut number = |id: &str, text: &str| {
        let v = parse_ms(text);
        if v.is_none() {
            errors.push((id.to_string(), "Type a number.".to_string()));
        }
        v
    };
    let timeout = number("set-timeout", &draft.timeout);
    let anti_entropy = c
        .anti_entropy_ms
        .and_then(|_| number("set-anti-entropy-ms", &draft.anti_entropy));
    let latency = match draft.kind {
        LatencyKind::Constant => {
            number("set-latency-constant", &draft.constant).map(Latency::Constant)
        }
        LatencyKind::Uniform => {
            let (min, max) = (
                number("set-latency-min", &draft.min),
                number("set-latency-max", &draft.max),
            );
            min.zip(max).map(|(min, max)| Latency::Uniform { min, max })
        }
        LatencyKind::Json => None,
    };
    let mut skews = BTreeMap::new();
    let mut skews_ok = true;
    for (e, text) in &draft.skews {
        match number(&skew_id(e), text) {
            Some(0.0) => {}
            Some(v) => {
                skews.insert(e.clone(), v);
            }
            None => skews_ok = false,
        }
    }
    let unchanged = skews.len() == c.clock_skew_ms.values().filter(|v| **v != 0.0).count()
        && skews.iter().all(|(k, v)| c.clock_skew_ms.get(k) == Some(v));
    ClusterPatch {
        timeout_ms: timeout.filter(|&t| t != c.timeout_ms),
        anti_entropy_ms: anti_entropy
            .filter(|&p| Some(p) != c.anti_entropy_ms)
            .map(Some),
        latency: latency.filter(|l| *l != c.latency),
        clock_skew_ms: (skews_ok && !unchanged).then_some(skews),
        ..ClusterPatch::default()
    }
}

/// n, w and r typed (or the levels chosen for w and r), into `patch`; a field that is not a
/// whole number of at least 1 is an error.
fn nwr(draft: &Draft, props: &SettingsPanelProps, errors: &mut Errors, patch: &mut ClusterPatch) {
    let c = &props.cluster;
    // With datacenters n is theirs (the field is read-only); a level chosen for w or r
    // replaces its number.
    let dcs = !props.datacenters.is_empty();
    let nwr = [
        ("set-n", &draft.n, props.nwr.0, dcs),
        ("set-w", &draft.w, props.nwr.1, draft.w_level != NUMBER),
        ("set-r", &draft.r, props.nwr.2, draft.r_level != NUMBER),
    ]
    .map(|(id, text, current, unused)| {
        if unused {
            return (None, current);
        }
        let k = parse_count(text);
        if k.is_none() {
            errors.push((
                id.to_string(),
                "Type a whole number of at least 1.".to_string(),
            ));
        }
        (k, current)
    });

    // When n changes, w and r are set too, as the numbers shown (not words like "quorum").
    let n_changes = nwr[0].0.is_some_and(|n| n != nwr[0].1);
    let count = |(k, current): (Option<usize>, usize)| {
        k.filter(|&k| k != current || n_changes).map(Quorum::Count)
    };
    patch.n = count(nwr[0]);
    let level = |q: Option<Quorum>| {
        q.map(|q| ConsistencyLevel::Count(u32::try_from(q.resolve(0)).unwrap_or(u32::MAX)))
    };
    let word =
        |text: &str, now: ConsistencyLevel| ConsistencyLevel::from_word(text).filter(|l| *l != now);
    // A number typed where a level is in force replaces the level, even one that requires
    // that many replicas now.
    let number_for = |(k, current): (Option<usize>, usize), now: ConsistencyLevel| {
        let was_level = !matches!(now, ConsistencyLevel::Count(_));
        level(count((k, if was_level { 0 } else { current })))
    };
    patch.w = word(&draft.w_level, c.w).or(number_for(nwr[1], c.w));
    patch.r = word(&draft.r_level, c.r).or(number_for(nwr[2], c.r));
}

/// The field a refusal of the engine is about (by the path it names), and the message shown
/// beside it.
fn refusal(e: &str) -> (String, String) {
    let (path, message) = e.split_once(": ").unwrap_or(("", e));
    let field = match path.trim_start_matches("cluster.") {
        f @ ("n" | "w" | "r") => format!("set-{f}"),
        "timeout_ms" => "set-timeout".into(),
        "anti_entropy_ms" => "set-anti-entropy-ms".into(),
        "latency" => "set-latency".into(),
        f if f.starts_with("clock_skew_ms.") => skew_id(&f["clock_skew_ms.".len()..]),
        f if f.starts_with("placement") => "set-n".into(),
        _ => "general".into(),
    };
    (field, format!("{message}. Not applied."))
}
