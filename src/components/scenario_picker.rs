//! Choosing a scenario: the built-in ones, a file, and share links.

use gloo_file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::scenarios::PRESETS;
use crate::state::Msg;

/// Properties of [`ScenarioPicker`].
#[derive(Properties, PartialEq)]
pub struct ScenarioPickerProps {
    /// The loaded scenario's name.
    pub name: AttrValue,
    /// The loaded scenario's description (plain text; blank lines separate paragraphs).
    pub description: AttrValue,
    /// Builds the share link of the session as it is now (its full URL).
    pub share_link: Callback<(), String>,
    /// Sends a message to the reducer.
    pub on_msg: Callback<Msg>,
}

/// Takes a share link's `#s=...` out of the address bar once another scenario is chosen, so
/// that reloading the page does not bring the shared one back.
fn forget_share_link() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let shared = window
        .location()
        .hash()
        .is_ok_and(|h| h.starts_with(&format!("#{}", crate::scenarios::SHARE_PREFIX)));
    if shared {
        let path = window.location().pathname().unwrap_or_default();
        let search = window.location().search().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
}

/// What became of the last "Copy share link".
#[derive(Clone, Debug, PartialEq)]
enum ShareStatus {
    None,
    Copied(String),
    Manual(String),
}

/// The scenario bar: a picker of the built-in scenarios, "Load scenario file…", "Copy share
/// link", and the loaded scenario's description.
#[function_component(ScenarioPicker)]
pub fn scenario_picker(props: &ScenarioPickerProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let share = use_state(|| ShareStatus::None);
    let select_ref = use_node_ref();
    let names: Vec<String> = PRESETS.iter().map(|p| p.name()).collect();
    let current = names
        .iter()
        .position(|n| n.as_str() == props.name.as_str())
        .map(|i| PRESETS[i].id)
        .unwrap_or("custom");
    super::use_select_value(select_ref.clone(), current.to_string());

    let on_pick = {
        let (on_msg, share) = (props.on_msg.clone(), share.clone());
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                share.set(ShareStatus::None);
                forget_share_link();
                on_msg.emit(Msg::Load(p.text.to_string()));
            }
        })
    };
    let on_file = {
        let (on_msg, reader, share) = (props.on_msg.clone(), reader.clone(), share.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Let the same file be chosen again after it is fixed.
            input.set_value("");
            let name = file.name();
            let file = gloo_file::File::from(file);
            let on_msg = on_msg.clone();
            share.set(ShareStatus::None);
            let task = gloo_file::callbacks::read_as_text(&file, move |result| match result {
                Ok(text) => on_msg.emit(Msg::Load(text)),
                Err(e) => on_msg.emit(Msg::ShowError(format!(
                    "The file {name} could not be read ({e}). The current scenario is kept."
                ))),
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_share = {
        let (share_link, share) = (props.share_link.clone(), share.clone());
        Callback::from(move |_: MouseEvent| {
            let url = share_link.emit(());
            let share = share.clone();
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            match clipboard {
                Some(clipboard) => {
                    let promise = clipboard.write_text(&url);
                    wasm_bindgen_futures::spawn_local(async move {
                        match wasm_bindgen_futures::JsFuture::from(promise).await {
                            Ok(_) => share.set(ShareStatus::Copied(url)),
                            Err(_) => share.set(ShareStatus::Manual(url)),
                        }
                    });
                }
                None => share.set(ShareStatus::Manual(url)),
            }
        })
    };

    let paragraphs: Vec<&str> = props
        .description
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();

    html! {
        <section class="scenario-bar" aria-labelledby="scenario-heading">
            <div class="scenario-tools">
                <div class="field">
                    <label for="scenario-select" id="scenario-heading">{ "Scenario" }</label>
                    <select id="scenario-select" ref={select_ref} onchange={on_pick}>
                        { for PRESETS.iter().zip(&names).map(|(p, name)| html! {
                            <option value={p.id} selected={current == p.id}>{ name.clone() }</option>
                        }) }
                        if current == "custom" {
                            <option value="custom" selected=true disabled=true>
                                { if props.name.is_empty() { "Your scenario".to_string() } else { props.name.to_string() } }
                            </option>
                        }
                    </select>
                </div>
                <div class="file-load">
                    <input type="file" id="scenario-file" class="visually-hidden"
                           accept=".json,application/json" onchange={on_file} />
                    <label for="scenario-file" class="button">{ "Load scenario file…" }</label>
                </div>
                <button type="button" onclick={on_share}>{ "Copy share link" }</button>
            </div>
            { match &*share {
                ShareStatus::None => html! {},
                ShareStatus::Copied(_) => html! {
                    <p class="share-status" role="status">
                        { "Link copied: it opens this scenario with everything you did, replayed. It is also in the address bar." }
                    </p>
                },
                ShareStatus::Manual(url) => html! {
                    <div class="share-status" role="status">
                        <label for="share-url">{ "The browser did not let the page copy; copy this link (it is also in the address bar):" }</label>
                        <input id="share-url" type="text" readonly=true value={url.clone()}
                               onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                    </div>
                },
            } }
            <div class="description">
                { for paragraphs.iter().map(|p| html! { <p>{ *p }</p> }) }
            </div>
        </section>
    }
}
