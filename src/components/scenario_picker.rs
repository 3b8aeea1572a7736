//! Choosing a scenario: the library (its manifest built in, its files fetched when chosen), a
//! file, and share links.

use std::fmt::Write;
use std::rc::Rc;

use gloo_file::callbacks::FileReader;
use quorumscope_engine::Scenario;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::scenarios::library;

/// Properties of [`ScenarioPicker`].
#[derive(Properties, PartialEq)]
pub struct ScenarioPickerProps {
    /// The loaded scenario's name.
    pub name: AttrValue,
    /// The library id of the loaded scenario, if it is one as the library has it.
    pub library_id: Option<AttrValue>,
    /// The library file being fetched (its path), if any.
    pub loading: Option<AttrValue>,
    /// Opens a library scenario, by id.
    pub on_choose: Callback<String>,
    /// The loaded scenario's description (plain text; blank lines separate paragraphs).
    pub description: AttrValue,
    /// What to look at while it runs (the scenario's `look_at`), one line each.
    pub look_at: LookAt,
    /// Builds the share link of the session as it is now (its full URL).
    pub share_link: Callback<(), String>,
    /// The session as a scenario file's text (the scenario plus the user's actions).
    pub scenario_file: Callback<(), String>,
    /// Loads a scenario file's text.
    pub on_load: Callback<String>,
    /// Shows an error in the banner (a file that could not be read).
    pub on_error: Callback<String>,
    /// Builds the embed code of the session as it is now ("Copy embed code", src/embed.rs).
    pub embed_code: Callback<(), String>,
}

/// The loaded scenario's `look_at` lines, compared by identity: a scenario loaded anew is a new
/// `Rc`, so the scenario bar is not compared line by line on every frame.
#[derive(Clone)]
pub struct LookAt(pub Rc<Scenario>);

impl PartialEq for LookAt {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
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

/// A file name for the scenario called `name`: its ASCII letters and digits in lower case,
/// words joined by `-` ("Node down during a write" gives `node-down-during-a-write`). ASCII
/// only: the Unicode versions (`char::is_alphanumeric`, `str::to_lowercase`) bring their
/// tables into the page, 11.7 KB gzipped (clippy.toml forbids them).
fn file_stem(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "quorumscope-scenario".to_string()
    } else {
        words.join("-")
    }
}

/// What the last "Copy share link" or "Copy embed code" copied.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Copied {
    Link,
    Embed,
}

/// What became of the last copy, said beside the buttons.
#[derive(Clone, Debug, PartialEq)]
enum ShareStatus {
    None,
    Copied(Copied),
    /// The browser refused the clipboard: the text, to copy by hand.
    Manual(Copied, String),
}

/// Puts `text` in the clipboard, then sets `share` to what became of it.
fn copy(what: Copied, text: String, share: UseStateHandle<ShareStatus>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        share.set(ShareStatus::Manual(what, text));
        return;
    };
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => share.set(ShareStatus::Copied(what)),
            Err(_) => share.set(ShareStatus::Manual(what, text)),
        }
    });
}

/// The scenario bar: the library as a list in groups (the default first: "Start here"),
/// "Load scenario file…", "Copy share link", "Download scenario", and the loaded scenario's
/// title, description and what to look at. A library file is fetched when chosen; while it
/// comes, a status line says so, and the session stays as it is.
#[function_component(ScenarioPicker)]
pub fn scenario_picker(props: &ScenarioPickerProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let share = use_state(|| ShareStatus::None);
    let select = use_node_ref();
    let current = props
        .library_id
        .clone()
        .unwrap_or(AttrValue::Static("custom"));
    // The list shows the loaded scenario, or the chosen one while it comes (after a failed
    // fetch, the loaded one again).
    let shown = props
        .loading
        .as_deref()
        .and_then(|p| p.strip_prefix("scenarios/")?.strip_suffix(".json"))
        .unwrap_or(&current)
        .to_string();
    super::use_select_value(select.clone(), shown);

    let on_pick = {
        let (on_choose, share) = (props.on_choose.clone(), share.clone());
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if id != "custom" {
                share.set(ShareStatus::None);
                forget_share_link();
                on_choose.emit(id);
            }
        })
    };
    let on_file = {
        let (on_load, on_error) = (props.on_load.clone(), props.on_error.clone());
        let (reader, share) = (reader.clone(), share.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Let the same file be chosen again after it is fixed.
            input.set_value("");
            let name = file.name();
            let file = gloo_file::File::from(file);
            let (on_load, on_error) = (on_load.clone(), on_error.clone());
            share.set(ShareStatus::None);
            let task = gloo_file::callbacks::read_as_text(&file, move |result| match result {
                Ok(text) => on_load.emit(text),
                Err(e) => on_error.emit(format!(
                    "The file {name} could not be read ({e}). The current scenario is kept."
                )),
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_share = {
        let (share_link, share) = (props.share_link.clone(), share.clone());
        Callback::from(move |_: MouseEvent| copy(Copied::Link, share_link.emit(()), share.clone()))
    };
    let on_embed = {
        let (embed_code, share) = (props.embed_code.clone(), share.clone());
        Callback::from(move |_: MouseEvent| copy(Copied::Embed, embed_code.emit(()), share.clone()))
    };

    let on_download = {
        let (scenario_file, on_error, name) = (
            props.scenario_file.clone(),
            props.on_error.clone(),
            props.name.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let file = format!("{}.json", file_stem(&name));
            if let Err(e) =
                crate::download::save(&file, "application/json", &scenario_file.emit(()))
            {
                on_error.emit(format!("The scenario file could not be saved: {e}."));
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
                <div class="library-pick">
                    <label for="scenario-select" id="scenario-heading">{ "Scenario" }</label>
                    <select id="scenario-select" ref={select} onchange={on_pick}>
                        { library_options() }
                        if current == "custom" {
                            <optgroup label="Yours">
                                <option value="custom" disabled=true>
                                    { if props.name.is_empty() { "Your scenario".to_string() } else { props.name.to_string() } }
                                </option>
                            </optgroup>
                        }
                    </select>
                </div>
                <div class="file-load">
                    <input type="file" id="scenario-file" class="visually-hidden"
                           accept=".json,application/json" onchange={on_file} />
                    <label for="scenario-file" class="button">{ "Load scenario file…" }</label>
                </div>
                <button type="button" onclick={on_share}>{ "Copy share link" }</button>
                <button type="button" id="copy-embed" onclick={on_embed}
                        title="An iframe of this run, as it is now, to paste into documentation">
                    { "Copy embed code" }
                </button>
                <button type="button" id="download-scenario" onclick={on_download}
                        title="The scenario with everything you did, as a file qsim run replays">
                    { "Download scenario" }
                </button>
            </div>
            { match &*share {
                ShareStatus::None => html! {},
                ShareStatus::Copied(Copied::Link) => html! {
                    <p class="share-status" role="status">
                        { "Link copied: it opens this scenario with everything you did, replayed. It is also in the address bar." }
                    </p>
                },
                ShareStatus::Copied(Copied::Embed) => html! {
                    <p class="share-status" role="status">
                        { "Embed code copied: an iframe that shows this run, as it is now, in another page." }
                    </p>
                },
                ShareStatus::Manual(what, text) => html! {
                    <div class="share-status" role="status">
                        <label for="share-url">{ match what {
                            Copied::Link => "The browser did not let the page copy; copy this link (it is also in the address bar):",
                            Copied::Embed => "The browser did not let the page copy; copy this embed code:",
                        } }</label>
                        <input id="share-url" type="text" readonly=true value={text.clone()}
                               onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                    </div>
                },
            } }
            <p class="library-status" role="status">
                if let Some(path) = &props.loading { { format!("Loading {path}…") } }
            </p>
            <div class="description">
                if !props.name.is_empty() {
                    <h3 class="scenario-title">{ props.name.clone() }</h3>
                }
                { for paragraphs.iter().map(|p| html! { <p>{ *p }</p> }) }
                if !props.look_at.0.look_at.is_empty() {
                    <h3 id="look-at-heading" class="look-at-heading">{ "What to look at" }</h3>
                    <ul class="look-at" aria-labelledby="look-at-heading">
                        { for props.look_at.0.look_at.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                    </ul>
                }
            </div>
        </section>
    }
}

/// The library's scenarios as options, in their groups (`<optgroup>`), in order: HTML made in
/// one string from the manifest (built in; `crates/cli/tests/library.rs` checks that its ids,
/// titles and groups need no escaping).
fn library_options() -> Html {
    let mut out = String::new();
    let entries = library();
    for (i, e) in entries.iter().enumerate() {
        if i == 0 || entries[i - 1].group != e.group {
            let _ = write!(out, "<optgroup label=\"{}\">", e.group);
        }
        let _ = write!(out, "<option value=\"{}\">{}</option>", e.id, e.title);
        if entries.get(i + 1).is_none_or(|next| next.group != e.group) {
            out.push_str("</optgroup>");
        }
    }
    Html::from_html_unchecked(out.into())
}
