//! A visible error message.

use yew::prelude::*;

/// Properties of [`ErrorBanner`].
#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    /// What failed, in a few words.
    pub title: AttrValue,
    /// The error message itself.
    pub message: AttrValue,
}

/// An error shown at the top of the content, announced to screen readers.
#[function_component(ErrorBanner)]
pub fn error_banner(props: &ErrorBannerProps) -> Html {
    html! {
        <div class="banner banner-error engine-error" role="alert">
            <strong>{ props.title.clone() }</strong>
            <p class="banner-message">{ props.message.clone() }</p>
        </div>
    }
}
