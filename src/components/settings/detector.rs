//! The failure detector's settings: perfect, or a timeout detector of two durations.

use quorumscope_engine::scenario::ClusterPatch;
use quorumscope_engine::DetectorConfig;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::draft::parse_ms;
use super::form::Form;
use crate::components::{options, select_field};

/// The timeout detector of these durations as typed, or the field and what is wrong (the
/// engine's own reading, so the page says what a scenario file would be told).
pub fn timeout_detector(
    suspect_after: &str,
    probe: &str,
) -> Result<DetectorConfig, (String, String)> {
    let (Some(s), Some(p)) = (parse_ms(suspect_after), parse_ms(probe)) else {
        let id = if parse_ms(suspect_after).is_none() {
            "set-suspect-after"
        } else {
            "set-probe"
        };
        return Err((id.to_string(), "Type a number.".to_string()));
    };
    // `{"timeout": {"suspect_after_ms": s, "probe_ms": p}}`, built by hand: `json!` would
    // serialize each number through serde and link an `unwrap` of serde_json's error.
    let mut durations = serde_json::Map::new();
    durations.insert("suspect_after_ms".into(), serde_json::Value::from(s));
    durations.insert("probe_ms".into(), serde_json::Value::from(p));
    let mut json = serde_json::Map::new();
    json.insert("timeout".into(), serde_json::Value::Object(durations));
    DetectorConfig::from_json(&serde_json::Value::Object(json)).map_err(|e| {
        let id = if e.contains("suspect_after_ms") {
            "set-suspect-after"
        } else {
            "set-probe"
        };
        let message = e.split_once(": ").map_or(e.as_str(), |(_, m)| m);
        // The engine's messages begin with an ASCII letter: capitalised without Unicode's case
        // tables (`char::to_uppercase` would link them into the page, about 12 KB raw).
        let mut sentence = message.to_string();
        if let Some(first) = sentence.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        sentence.push('.');
        (id.to_string(), sentence)
    })
}

/// The failure detector's select and, for the timeout detector, its durations.
pub fn detector(f: &Form) -> Html {
    let draft = f.edit.draft.clone();
    let on_detector = f.props.on.configure.reform(move |e: Event| {
        let timeout = e.target_unchecked_into::<HtmlSelectElement>().value() == "timeout";
        let detector = if timeout {
            // The durations typed, or the defaults while they are not valid.
            timeout_detector(&draft.suspect_after, &draft.probe).unwrap_or(
                DetectorConfig::Timeout {
                    suspect_after: 300_000,
                    probe_every: 500_000,
                },
            )
        } else {
            DetectorConfig::Perfect
        };
        ClusterPatch {
            failure_detector: Some(detector),
            ..ClusterPatch::default()
        }
    });
    let select = &f.selects.detector;
    html! { <>
        { select_field("set-detector", "Failure detector", select.0.clone(), &options(&[
            ("perfect", "Perfect (knows at once)"),
            ("timeout", "Timeout (suspects after silence)"),
          ]), select.1, on_detector) }
        <p class="hint">
            { "Perfect: every node knows at once who is down. Timeout (Dynamo 4.8): a \
               node or client suspects a node only after a request to it goes \
               unanswered, avoids it, and pings it until it answers again." }
        </p>
        if !f.props.cluster.failure_detector.is_perfect() {
            <div class="pair">
                { f.number("set-suspect-after", "Suspect after (ms)", &f.draft.suspect_after, |d, v| d.suspect_after = v,
                    Some("silence after a request before its node is suspected")) }
                { f.number("set-probe", "Probe every (ms)", &f.draft.probe, |d, v| d.probe = v,
                    Some("how often a suspected node is pinged")) }
            </div>
        }
    </> }
}
