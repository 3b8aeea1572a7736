//! A curve's point as a run: the scenario of a healthy cluster with the curve's n, r, w and
//! latency, and the words for the sampled trial shown.

use super::*;

/// A healthy cluster of `n` nodes with client coordination and `latency`, and two clients,
/// `writer` and `reader`: the engine's scenario for a closed-model point.
pub fn wars_scenario(n: usize, r: usize, w: usize, latency: &Latency) -> Result<Scenario, String> {
    let nodes: Vec<String> = (0..n)
        .map(|i| {
            if n <= 26 {
                char::from(b'A' + i as u8).to_string()
            } else {
                format!("N{}", i + 1)
            }
        })
        .collect();
    let nodes_json: Vec<String> = nodes.iter().map(|n| format!("\"{n}\"")).collect();
    let text = format!(
        "{{\"name\": \"A sampled read, n = {n}, r = {r}, w = {w}\", \"seed\": 1, \"cluster\": \
         {{\"nodes\": [{}], \"clients\": [\"writer\", \"reader\"], \"n\": {n}, \"r\": {r}, \
         \"w\": {w}, \"coordinator\": \"client\", \"latency\": {}}}, \"events\": []}}",
        nodes_json.join(", "),
        latency.to_json()
    );
    Scenario::from_json(&text).map_err(|e| e.to_string())
}

pub(super) fn outcome_word(o: ReadOutcome) -> &'static str {
    match o {
        ReadOutcome::Consistent => "consistent",
        ReadOutcome::Stale => "stale",
        ReadOutcome::Failed => "failed",
    }
}

/// What the panel says of a sampled point: how common each outcome was, and the run shown.
pub(super) fn explain_sample(label: &str, point: &Point, s: &TrialSample, closed: bool) -> String {
    let t = ms(point.t_ms);
    let mut out = format!(
        "{label}, t = {t}: the curve says {} consistent. ",
        pct(point.p, 2)
    );
    if closed {
        out.push_str(
            "The run below is a trial of the message-level engine on a healthy cluster with the \
             same n, r, w and latency (its draws are not the closed model's, but agree with \
             them in distribution). ",
        );
    }
    let _ = write!(
        out,
        "Of {} sampled writes that committed, the read {t} later was stale in {} ({}), \
         consistent in {} and failed in {}. ",
        grouped(s.committed),
        grouped(s.stale),
        pct(
            if s.committed == 0 {
                0.0
            } else {
                s.stale as f64 / s.committed as f64
            },
            1
        ),
        grouped(s.consistent),
        grouped(s.failed)
    );
    let Some(run) = &s.shown else {
        return out;
    };
    let kind = match run.outcome {
        ReadOutcome::Stale => "a stale read",
        ReadOutcome::Consistent if s.stale == 0 => {
            "a consistent read (the sample had no stale one)"
        }
        ReadOutcome::Consistent => "a consistent read",
        ReadOutcome::Failed => "a failed read",
    };
    let _ = write!(
        out,
        "Shown: trial {}, {kind}. The client {} puts the key {} at {}; the write commits at \
         {}. The client {} reads it at {}",
        run.index + 1,
        run.writer,
        run.key,
        ms(run.write_at_ms),
        ms(run.commit_ms),
        run.reader,
        ms(run.read_at_ms)
    );
    let who = crate::ring::and_list(
        &run.responders
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    match run.outcome {
        ReadOutcome::Stale => {
            let _ = write!(
                out,
                " and takes its answer from {who}, which the write had not reached when the read \
                 request arrived: stale."
            );
        }
        ReadOutcome::Consistent => {
            let _ = write!(
                out,
                " and takes its answer from {who}, one of which already had the write: consistent."
            );
        }
        ReadOutcome::Failed => out.push_str(", but no quorum answers in time: failed."),
    }
    out.push_str(" The operation log explains the read once it has run.");
    out
}
