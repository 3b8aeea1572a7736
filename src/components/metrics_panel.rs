//! The run's counters so far.

use quorumscope_engine::sim::Metrics;
use yew::prelude::*;

use crate::components::class_list;

/// The counters as labelled tiles; stale reads and lost writes stand out when they happen.
/// `m`: the engine's counters as of now; `settled`: whether the run has nothing left to do. A
/// function, not a component: the counters change on most frames of a run, so a component
/// skipped few renders, and it cost the page's bundle more than its markup (issue 10;
/// BENCHMARKS.md, "Bundle, issue 10, third pass").
pub fn metrics_panel(m: &Metrics, settled: bool) -> Html {
    let tiles: [(&str, u64, &str, bool); 10] = [
        ("Messages", m.messages, "messages sent so far", false),
        (
            "Dropped",
            m.dropped,
            "lost to the drop rate or dropped by hand",
            false,
        ),
        ("Cut", m.cut, "lost to a partition", false),
        ("Refused", m.refused, "arrived at a crashed node", false),
        (
            "Stale reads",
            m.stale_reads,
            "reads that missed an acknowledged write",
            true,
        ),
        (
            "Lost writes",
            m.lost_writes,
            "acknowledged writes no replica holds now",
            true,
        ),
        (
            "Read repairs",
            m.read_repairs,
            "repair writes sent after reads",
            false,
        ),
        (
            "Anti-entropy repairs",
            m.anti_entropy_repairs,
            "keys fixed by background sync",
            false,
        ),
        (
            "Anti-entropy hashes",
            m.anti_entropy_hashes,
            "hashes background sync sent: a root per round while replicas agree, more only \
             down the ranges that differ",
            false,
        ),
        (
            "Hints delivered",
            m.hints_delivered,
            "hinted writes handed back home",
            false,
        ),
    ];
    html! {
        <section class="panel" aria-labelledby="metrics-heading">
            <h2 id="metrics-heading">{ "Counters" }</h2>
            <dl class="metrics">
                { for tiles.iter().map(|(label, value, help, alarm)| html! {
                    <div class={class_list("metric", &[(*alarm && *value > 0).then_some("alarming")])} title={*help}>
                        <dt>{ *label }</dt>
                        <dd class="metric-value">{ value.to_string() }</dd>
                    </div>
                }) }
            </dl>
            <p class="hint">
                { if settled {
                    "The run has settled: nothing is in flight and every operation has finished."
                } else {
                    "The run is still going: messages are in flight or events are scheduled."
                } }
            </p>
        </section>
    }
}
