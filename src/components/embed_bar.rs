//! The bar at the top of an embedded page (src/embed.rs): what it shows, and the way to the
//! full page.

use web_sys::Element;
use yew::prelude::*;

/// `quorumscope · <scenario>` and "Open in quorumscope", a link to the full page with the
/// session as it is when the link is followed (its address is made at the click from
/// `share_link`, without the embed's parameters), in a new tab.
pub fn embed_bar(name: &str, share_link: &Callback<(), String>) -> Html {
    let follow = {
        let share_link = share_link.clone();
        // Made again at each press, before the browser follows the link (a click, the middle
        // button, Enter, or the context menu's "open in new tab").
        Callback::from(move |e: MouseEvent| {
            let link: Element = e.target_unchecked_into();
            let _ = link.set_attribute("href", &full_page(&share_link.emit(())));
        })
    };
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    html! {
        <div class="embed-bar">
            <span class="embed-name"><strong>{ "quorumscope" }</strong>{ " · " }{ name.to_string() }</span>
            <a class="embed-open" href={full_page(&here)} target="_blank" rel="noopener"
               onmousedown={follow.clone()} onclick={follow}>{ "Open in quorumscope ↗" }</a>
        </div>
    }
}

/// The full page's address for a link of the embedded page: the same, without the query.
fn full_page(link: &str) -> String {
    crate::embed::with_query(link, "")
}
