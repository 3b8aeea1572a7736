//! The run's counters.

use yew::prelude::*;

use crate::state::MetricView;

/// Properties of [`MetricsPanel`].
#[derive(Properties, PartialEq)]
pub struct MetricsPanelProps {
    /// The counters, in the engine's order.
    pub metrics: Vec<MetricView>,
    /// The run's trace digest, if the engine gave one.
    pub trace_hash: Option<String>,
    /// The simulated time at the end of the run, in ms, if the engine gave it.
    pub end_ms: Option<String>,
}

/// The run's metrics as labelled tiles, and its trace digest.
#[function_component(MetricsPanel)]
pub fn metrics_panel(props: &MetricsPanelProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="metrics-heading">
            <h2 id="metrics-heading">{ "Metrics" }</h2>
            <dl class="metrics">
                { for props.metrics.iter().map(|metric| html! {
                    <div class={classes!("metric", metric.alarming.then_some("alarming"))}
                         title={metric.help}>
                        <dt>{ metric.label.clone() }</dt>
                        <dd class="metric-value">{ metric.value.clone() }</dd>
                        if !metric.help.is_empty() {
                            <dd class="metric-help">{ metric.help }</dd>
                        }
                    </div>
                }) }
            </dl>
            if let Some(end) = &props.end_ms {
                <p class="run-end">{ format!("The run ended at {end} ms of simulated time.") }</p>
            }
            if let Some(hash) = &props.trace_hash {
                <p class="trace-hash">
                    { "Trace hash " }<code>{ hash.clone() }</code>
                    { " — a digest of every event of the run; the same scenario and seed give the same hash." }
                </p>
            }
        </section>
    }
}
