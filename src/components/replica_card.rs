//! One replica node and what it stores.

use yew::prelude::*;

use crate::state::ReplicaView;

/// Properties of [`ReplicaCard`].
#[derive(Properties, PartialEq)]
pub struct ReplicaCardProps {
    /// The replica to show.
    pub replica: ReplicaView,
}

/// A card with a node's keys, their values (siblings) and clocks, and the hints it keeps.
#[function_component(ReplicaCard)]
pub fn replica_card(props: &ReplicaCardProps) -> Html {
    let replica = &props.replica;
    let class = classes!("replica-card", replica.down.then_some("down"));
    html! {
        <article class={class} aria-label={format!("Node {}", replica.node)}>
            <header class="replica-head">
                <h3>{ format!("Node {}", replica.node) }</h3>
                if replica.down {
                    <span class="badge badge-down">{ "crashed" }</span>
                }
            </header>
            if replica.keys.is_empty() {
                <p class="empty">{ "No data." }</p>
            } else {
                <ul class="keys">
                    { for replica.keys.iter().map(|key| html! {
                        <li class="key">
                            <div class="key-line">
                                <span class="key-name">{ key.key.clone() }</span>
                                if key.values.len() > 1 {
                                    <span class="badge badge-siblings">
                                        { format!("{} siblings", key.values.len()) }
                                    </span>
                                }
                            </div>
                            <div class="values">
                                { for key.values.iter().map(|value| html! {
                                    <span class="value">{ value.clone() }</span>
                                }) }
                                if key.tombstone {
                                    <span class="value deleted"
                                          title="a delete marker: the key was deleted">
                                        { "deleted (tombstone)" }
                                    </span>
                                } else if key.values.is_empty() {
                                    <span class="value deleted">{ "no value" }</span>
                                }
                            </div>
                            if !key.clock.is_empty() {
                                <div class="clock" title="version clock">
                                    <span class="clock-label">{ "clock " }</span>
                                    <code>{ key.clock.clone() }</code>
                                </div>
                            }
                        </li>
                    }) }
                </ul>
            }
            if !replica.hints.is_empty() {
                <div class="hints">
                    <h4>{ "Hints kept for other nodes" }</h4>
                    <ul>
                        { for replica.hints.iter().map(|hint| html! {
                            <li>{ format!("{} for node {}", hint.key, hint.for_node) }</li>
                        }) }
                    </ul>
                </div>
            }
        </article>
    }
}
