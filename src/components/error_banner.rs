//! The banner for a problem with something the user gave.

use yew::prelude::*;

/// An error shown at the top of the page and announced to screen readers (`#error-banner`,
/// `role=alert`); the page goes on with what it had. `message` is the problem, in one or two
/// sentences; `on_dismiss` hides the banner. A function, not a component: a component of its
/// own cost the page's bundle more than its markup (issue 10; BENCHMARKS.md, "Bundle, issue 10,
/// third pass").
pub fn error_banner(message: String, on_dismiss: &Callback<()>) -> Html {
    let dismiss = super::clicks(on_dismiss);
    html! {
        <div id="error-banner" class="banner banner-error" role="alert">
            <p class="banner-message">{ message }</p>
            <button type="button" class="banner-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
