//! The list of guided tours, beside the scenario library.

use std::fmt::Write;

use yew::prelude::*;

use crate::tours::{tour_fragment, tours};

/// The Tours list (`nav` named "Tours"): each tour a link to its first step (`#tour=<id>&step=1`,
/// which can be copied or opened in a new tab); a plain click opens it here through `on_open`
/// (one handler on the list, for every link). A function, not a component: it has no state,
/// and its props never change. The links are HTML made from the tours' manifest (built in).
pub fn tour_list(on_open: &Callback<String>) -> Html {
    let mut links = String::new();
    for (id, title) in tours() {
        let _ = write!(
            links,
            "<li><a href=\"#{}\" data-tour=\"{id}\">{title}</a></li>",
            tour_fragment(&id, 0)
        );
    }
    let on_open = on_open.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let tour = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|el| el.get_attribute("data-tour"));
        // A click with a modifier opens the link where the browser would.
        if let (Some(id), false) = (tour, e.ctrl_key() || e.meta_key() || e.shift_key()) {
            e.prevent_default();
            on_open.emit(id);
        }
    });
    html! {
        <nav class="tour-list panel" aria-labelledby="tours-heading">
            <h2 id="tours-heading">{ "Tours" }</h2>
            <p class="hint">{ "A guided walk through a scenario, step by step, forward and back." }</p>
            <ul {onclick}>{ Html::from_html_unchecked(links.into()) }</ul>
        </nav>
    }
}
