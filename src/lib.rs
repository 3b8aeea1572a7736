//! The quorumscope web page: a Yew front end that runs the replication engine
//! ([`quorumscope_engine`]) in the browser, animates it, and lets the user act on it.
//!
//! The page is a library so that browser tests can mount [`App`] into a DOM node of
//! their own; the `quorumscope` binary (built by Trunk) only calls [`run_app`].
//!
//! Layout of the crate:
//! - [`state`]: the one reducer ([`state::AppState`], [`state::Msg`]) over the engine's
//!   simulator and a snapshot of it;
//! - [`components`]: one Yew function component per file;
//! - [`layout`]: the cluster view's geometry;
//! - [`markup`]: escaping text inside the markup the page writes as strings;
//! - [`scenarios`]: the scenario library and share links;
//! - [`tours`]: the guided tours' list and links;
//! - [`download`]: saving a file the page made;
//! - [`embed`]: embed mode (the options of a page embedded in another site) and embed code;
//! - [`fetch`]: fetching a file the page loads on demand;
//! - [`panic_banner`]: the panic hook that turns any panic into a visible error banner.

pub mod components;
pub mod download;
pub mod embed;
pub mod exercises;
pub mod fetch;
pub mod hooks;
pub mod layout;
pub mod markup;
pub mod panic_banner;
pub mod scenarios;
pub mod state;
pub mod tours;

pub use components::app::App;

/// The scenario the page runs when it opens: the contract's example, in which a replica
/// is down while a value is written and comes back stale.
pub const DEFAULT_SCENARIO: &str = scenarios::DEFAULT_TEXT;

/// The id of the element the app mounts into when the page has one (see `index.html`).
pub const ROOT_ELEMENT_ID: &str = "app";

/// Starts the page: installs the panic hook, then renders [`App`] into the element with the
/// id [`ROOT_ELEMENT_ID`], or into `<body>` if there is no such element.
pub fn run_app() {
    panic_banner::install();
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(ROOT_ELEMENT_ID));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
