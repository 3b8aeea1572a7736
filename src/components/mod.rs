//! The page's Yew function components, one per file, and the form fields they share.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

pub mod app;
pub mod client_panel;
pub mod cluster;
pub mod controls;
pub mod diagram;
pub mod embed_bar;
pub mod error_banner;
pub mod intro;
pub mod live_log;
pub mod metrics_panel;
pub mod op_log;
pub mod pbs_view;
pub mod ring_view;
pub mod scenario_picker;
pub mod settings;
pub mod tour_list;
pub mod tour_panel;
pub mod workshop;

/// A click handler that emits `()` to `on` (one function for every button of a unit callback:
/// a closure per button would be one more copy of `reform` each in the page's bundle).
#[inline(never)]
pub fn clicks(on: &Callback<()>) -> Callback<MouseEvent> {
    on.reform(drop)
}

/// A `class` value: `base`, then each of `extras` that is there, separated by spaces. Written
/// by hand instead of yew's `classes!`, which builds an ordered set (indexmap) at every use:
/// its 16 uses cost the page's bundle 0.46 KB gzipped more (issue 10; BENCHMARKS.md, "Bundle,
/// issue 10, third pass"); clippy.toml disallows `classes!`. The classes given are distinct
/// and contain no spaces, so the value is the one `classes!` gave.
#[inline(never)]
pub fn class_list(base: &str, extras: &[Option<&str>]) -> AttrValue {
    let mut list = base.to_string();
    for class in extras.iter().flatten() {
        list.push(' ');
        list.push_str(class);
    }
    AttrValue::from(list)
}

/// Keeps a `<select>`'s chosen option equal to `value` after every render (an `<option
/// selected>` attribute no longer moves the choice once the user has picked one).
#[hook]
pub fn use_select_value(select: NodeRef, value: String) {
    use_effect(move || {
        if let Some(select) = select.cast::<HtmlSelectElement>() {
            if select.value() != value {
                select.set_value(&value);
            }
        }
    });
}

/// The ids an input is described by: its help text (`<id>-help`) and its error
/// (`<id>-error`), when it has them.
fn described_by(id: &str, help: bool, error: bool) -> Option<AttrValue> {
    match (help, error) {
        (false, false) => None,
        (true, false) => Some(format!("{id}-help").into()),
        (false, true) => Some(format!("{id}-error").into()),
        (true, true) => Some(format!("{id}-help {id}-error").into()),
    }
}

/// An inline error under a field (`.field-error`, id `<id>-error`), if there is one.
pub fn field_error(id: &str, error: Option<&str>) -> Html {
    match error {
        Some(text) => html! {
            <p class="field-error" id={format!("{id}-error")}>{ text.to_string() }</p>
        },
        None => html! {},
    }
}

/// A labelled input (`kind`: `text` or `number`) with its help text and (with `show_error`)
/// its inline error; what is typed is the caller's to keep.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
pub fn input_field(
    id: AttrValue,
    label: AttrValue,
    kind: &'static str,
    value: &str,
    step: &'static str,
    help: Option<&'static str>,
    error: Option<&str>,
    show_error: bool,
    oninput: Callback<InputEvent>,
) -> Html {
    let mode = if kind == "number" { "decimal" } else { "text" };
    html! {
        <div class="field">
            <label for={id.clone()}>{ label }</label>
            <input id={id.clone()} type={kind} inputmode={mode} step={(kind == "number").then_some(step)}
                   autocomplete="off" value={value.to_string()} oninput={oninput}
                   aria-invalid={error.is_some().then_some("true")}
                   aria-describedby={described_by(&id, help.is_some(), error.is_some())} />
            if let Some(help) = help {
                <span class="unit" id={format!("{id}-help")}>{ help }</span>
            }
            if show_error {
                { field_error(&id, error) }
            }
        </div>
    }
}

/// A checkbox with its label and a line saying what it does.
#[inline(never)]
pub fn check_field(
    id: &'static str,
    label: &'static str,
    help: &'static str,
    checked: bool,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="field field-check">
            <input id={id} type="checkbox" checked={checked} onchange={onchange}
                   aria-describedby={format!("{id}-help")} />
            <label for={id}>{ label }</label>
            <span class="unit" id={format!("{id}-help")}>{ help }</span>
        </div>
    }
}

/// A labelled `<select>` of `(value, text)` options, kept on `selected`.
#[inline(never)]
pub fn select_field(
    id: &'static str,
    label: &'static str,
    node_ref: NodeRef,
    options: &[(String, String)],
    selected: &str,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select id={id} ref={node_ref} onchange={onchange}>
                { for options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={value == selected}>{ text.clone() }</option>
                }) }
            </select>
        </div>
    }
}

/// Options from static pairs.
pub fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, t)| (v.to_string(), t.to_string()))
        .collect()
}
