//! The title and the explanation for newcomers.

use yew::prelude::*;

/// The page's header: its title and one paragraph on what leaderless replication is.
#[function_component(Intro)]
pub fn intro() -> Html {
    html! {
        <header class="intro">
            <h1>{ "quorumscope" }</h1>
            <p class="tagline">{ "Dynamo-style leaderless replication, simulated in your browser" }</p>
            <p class="explainer">
                { "Databases such as Dynamo, Riak and Cassandra keep each key on " }<em>{ "n" }</em>
                { " replica nodes and have no leader. A client's write goes to all n replicas and \
                   succeeds once " }<em>{ "w" }</em>{ " of them acknowledge it; a read asks the \
                   replicas and returns once " }<em>{ "r" }</em>{ " have answered. When w\u{a0}+\u{a0}r\u{a0}>\u{a0}n, \
                   every read reaches at least one replica that took the latest successful write. \
                   A replica that was down or cut off when a write happened is stale until read \
                   repair or anti-entropy brings it up to date, and writes that did not see each \
                   other are kept side by side as siblings. Below, the scenario's events were \
                   played by the simulation engine: read what was scheduled, what each client got \
                   back, and what every replica holds at the end." }
            </p>
        </header>
    }
}
