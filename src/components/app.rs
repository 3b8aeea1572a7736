//! The whole page.

use yew::prelude::*;

use super::error_banner::ErrorBanner;
use super::history_table::HistoryTable;
use super::intro::Intro;
use super::metrics_panel::MetricsPanel;
use super::replica_card::ReplicaCard;
use super::scenario_panel::ScenarioPanel;
use crate::state::{RunStatus, UiState};
use crate::DEFAULT_SCENARIO;

/// The quorumscope page: runs the default scenario in the engine when it mounts, then shows
/// the scenario, the replicas' final state, the history of client operations and the metrics.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| UiState::load(DEFAULT_SCENARIO));

    let scenario = match &state.scenario {
        Some(scenario) => html! { <ScenarioPanel scenario={scenario.clone()} /> },
        None => html! {},
    };

    let run = match &state.run {
        RunStatus::Failed(message) => html! {
            <ErrorBanner title="The engine could not run this scenario" message={message.clone()} />
        },
        RunStatus::Finished(run) => html! {
            <>
                <section class="panel" aria-labelledby="replicas-heading">
                    <h2 id="replicas-heading">{ "Replicas at the end of the run" }</h2>
                    <p class="hint">
                        { "Each card is one replica node and the keys it stores. Several values \
                           for one key are siblings: concurrent writes the replica keeps side by \
                           side. The clock records which writes each value has seen." }
                    </p>
                    <div class="replica-grid">
                        { for run.replicas.iter().map(|replica| html! {
                            <ReplicaCard key={replica.node.clone()} replica={replica.clone()} />
                        }) }
                    </div>
                </section>
                <HistoryTable rows={run.history.clone()} />
                <MetricsPanel
                    metrics={run.metrics.clone()}
                    trace_hash={run.trace_hash.clone()}
                    end_ms={run.end_ms.clone()}
                />
            </>
        },
    };

    html! {
        <div class="page">
            <Intro />
            <main>
                { scenario }
                { run }
            </main>
            <footer class="page-footer">
                { "The simulation runs entirely in your browser, compiled from Rust to WebAssembly. \
                   The same scenario and seed always give the same run." }
            </footer>
        </div>
    }
}
