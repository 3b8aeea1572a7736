//! The list of guided tours, beside the scenario library.

use yew::prelude::*;

use crate::tours::{tour_fragment, tours};

/// The Tours list (`nav` named "Tours"): each tour a link to its first step (`#tour=<id>&step=1`,
/// which can be copied or opened in a new tab); a plain click opens it here through `on_open`.
/// A function, not a component: it has no state, and its props never change.
pub fn tour_list(on_open: &Callback<String>) -> Html {
    html! {
        <nav class="tour-list panel" aria-labelledby="tours-heading">
            <h2 id="tours-heading">{ "Tours" }</h2>
            <p class="hint">{ "A guided walk through a scenario, step by step, forward and back." }</p>
            <ul>
                { for tours().into_iter().map(|(id, title)| {
                    let href = format!("#{}", tour_fragment(&id, 0));
                    let on_open = on_open.clone();
                    let onclick = Callback::from(move |e: MouseEvent| {
                        // A click with a modifier opens the link where the browser would.
                        if !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                            e.prevent_default();
                            on_open.emit(id.clone());
                        }
                    });
                    html! { <li><a href={href} onclick={onclick}>{ title }</a></li> }
                }) }
            </ul>
        </nav>
    }
}
