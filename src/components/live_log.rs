//! The live log: what happens, in words, for everyone and for screen readers.

use std::rc::Rc;

use yew::prelude::*;

/// Properties of [`LiveLog`].
#[derive(Properties, PartialEq)]
pub struct LiveLogProps {
    /// The recent lines, oldest first.
    pub lines: Rc<Vec<String>>,
    /// How many lines there have been in all (numbers the lines for stable keys).
    pub total: u64,
}

/// `#live-log`: a polite live region listing recent events, newest first.
#[function_component(LiveLog)]
pub fn live_log(props: &LiveLogProps) -> Html {
    let first = props.total.saturating_sub(props.lines.len() as u64);
    html! {
        <section class="panel live-log-panel" aria-labelledby="live-log-heading">
            <h2 id="live-log-heading">{ "What happened" }</h2>
            <ol id="live-log" class="live-log" aria-live="polite" aria-relevant="additions" reversed=true>
                { for props.lines.iter().enumerate().rev().map(|(i, line)| html! {
                    <li key={first + i as u64}>{ line.clone() }</li>
                }) }
            </ol>
            if props.lines.is_empty() {
                <p class="empty">{ "Nothing yet: press Play, or send an operation." }</p>
            }
        </section>
    }
}
