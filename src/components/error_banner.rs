//! The banner for a problem with something the user gave.

use yew::prelude::*;

/// Properties of [`ErrorBanner`].
#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    /// The problem, in one or two sentences.
    pub message: AttrValue,
    /// Hides the banner.
    pub on_dismiss: Callback<()>,
}

/// An error shown at the top of the page and announced to screen readers (`#error-banner`,
/// `role=alert`); the page goes on with what it had.
#[function_component(ErrorBanner)]
pub fn error_banner(props: &ErrorBannerProps) -> Html {
    let dismiss = super::clicks(&props.on_dismiss);
    html! {
        <div id="error-banner" class="banner banner-error" role="alert">
            <p class="banner-message">{ props.message.clone() }</p>
            <button type="button" class="banner-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
