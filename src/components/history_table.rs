//! The history of client operations.

use yew::prelude::*;

use crate::state::HistoryRow;

/// Properties of [`HistoryTable`].
#[derive(Properties, PartialEq)]
pub struct HistoryTableProps {
    /// The operations, in order.
    pub rows: Vec<HistoryRow>,
}

/// Every client operation with its result: a table on wide screens, one card per operation
/// on narrow ones.
#[function_component(HistoryTable)]
pub fn history_table(props: &HistoryTableProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="history-heading">
            <h2 id="history-heading">{ "What the clients saw" }</h2>
            <p class="hint">
                { "Each operation with the values it returned (several values are siblings), when \
                   it was invoked and completed in simulated time, which replicas' replies \
                   counted, whether a read was stale (it missed a write that had already been \
                   acknowledged) and whether an acknowledged write was lost by the end." }
            </p>
            if props.rows.is_empty() {
                <p class="empty">{ "The scenario has no client operations." }</p>
            } else {
                <table class="history">
                    <thead>
                        <tr>
                            <th scope="col">{ "#" }</th>
                            <th scope="col">{ "Client" }</th>
                            <th scope="col">{ "Operation" }</th>
                            <th scope="col">{ "Values returned" }</th>
                            <th scope="col">{ "Invoked → completed" }</th>
                            <th scope="col">{ "Replies from" }</th>
                            <th scope="col">{ "Outcome" }</th>
                            <th scope="col">{ "Stale / lost" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.rows.iter().map(row) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn row(op: &HistoryRow) -> Html {
    let operation = match &op.written {
        Some(value) => format!("{} {} = \"{}\"", op.op, op.key, value),
        None => format!("{} {}", op.op, op.key),
    };
    let values = if op.values.is_empty() {
        html! { <span class="none">{ "none" }</span> }
    } else {
        op.values
            .iter()
            .map(|value| html! { <span class="value">{ value.clone() }</span> })
            .collect::<Html>()
    };
    let times = match &op.completed_ms {
        Some(completed) => format!("{} → {completed} ms", op.invoked_ms),
        None => format!("{} ms → not finished", op.invoked_ms),
    };
    let outcome_class = classes!("outcome", format!("outcome-{}", op.outcome));
    let replies = if op.replies_from.is_empty() {
        "none".to_owned()
    } else {
        op.replies_from.join(", ")
    };
    html! {
        <tr class={classes!((op.stale || op.lost).then_some("anomaly-row"))}>
            <td data-label="#">{ op.id.clone() }</td>
            <td data-label="Client">{ op.client.clone() }</td>
            <td data-label="Operation"><code>{ operation }</code></td>
            <td data-label="Values returned"><div class="values">{ values }</div></td>
            <td data-label="Time" class="times">{ times }</td>
            <td data-label="Replies from">{ replies }</td>
            <td data-label="Outcome">
                <div>
                    <span class={outcome_class}>{ op.outcome.clone() }</span>
                    if let Some(error) = &op.error {
                        <span class="error-reason">{ error.clone() }</span>
                    }
                </div>
            </td>
            <td data-label="Stale / lost">
                if op.stale {
                    <span class="badge badge-stale" title="this read missed an acknowledged write">
                        { "stale read" }
                    </span>
                } else if op.lost {
                    <span class="badge badge-stale"
                          title="acknowledged, but no replica kept this write or one that followed it">
                        { "lost write" }
                    </span>
                } else {
                    { "no" }
                }
            </td>
        </tr>
    }
}
