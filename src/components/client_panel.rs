//! Client operations: put, get and delete as one of the scenario's clients, with the context a
//! write is sent with shown before it is sent.

use quorumscope_engine::scenario::ContextChoice;
use quorumscope_engine::snapshot::ClientView;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::app::handlers::{ClientOp, ClientRequest};
use super::{field_error, input_field, select_field};
use crate::state::{MAX_KEY_CHARS, MAX_VALUE_CHARS};

/// How many of a client's operations in flight on a key the form names; the rest are counted.
const IN_FLIGHT_NAMED: usize = 3;

/// Properties of [`ClientPanel`].
#[derive(Properties, PartialEq)]
pub struct ClientPanelProps {
    /// The scenario's clients, with what each last saw of each key and has in flight.
    pub clients: Vec<ClientView>,
    /// Whether time is running (when it is not, the panel says how to let an operation run).
    pub playing: bool,
    /// Sends a client's put, get or delete.
    pub on_request: Callback<ClientRequest>,
}

/// What the user has typed; kept as typed, whatever happens.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    client: String,
    key: String,
    value: String,
    context: ContextChoice,
}

/// Problems with the fields, shown next to them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Errors {
    client: Option<String>,
    key: Option<String>,
    value: Option<String>,
}

/// The panel's state: what was typed and its problems, in one `use_state` (a state of a type of
/// its own costs the page's bundle about 0.4 KB gzipped: BENCHMARKS.md, "Bundle, issue 10,
/// third pass").
#[derive(Clone, Default, PartialEq)]
struct Entry {
    form: Form,
    errors: Errors,
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Put,
    Get,
    Delete,
}

/// One choice of the write context: a radio button inside its label (the whole label is the
/// tap target).
#[inline(never)]
fn radio(label: String, checked: bool, onchange: Callback<Event>) -> Html {
    html! {
        <label class="radio">
            <input type="radio" name="op-context" checked={checked} onchange={onchange} />
            { label }
        </label>
    }
}

/// The client operations panel: client, key, value; the write context (overwrite what the
/// client last saw, the default, as in DDIA's Figure 5-13, or a blind write), with the versions
/// a write will say it has seen and the client's operations on the key still in flight; Put,
/// Get, Delete. Bad fields get a message beside them and nothing is sent.
#[function_component(ClientPanel)]
pub fn client_panel(props: &ClientPanelProps) -> Html {
    let entry = use_state(|| Entry {
        form: Form {
            key: "cart".to_string(),
            context: ContextChoice::Last,
            ..Form::default()
        },
        errors: Errors::default(),
    });
    let (form, errors) = (&entry.form, &entry.errors);

    // The client shown: the one chosen if it is still a client, else the first.
    let view = props
        .clients
        .iter()
        .find(|c| c.name == form.client)
        .or(props.clients.first());
    let client = view.map(|c| c.name.clone()).unwrap_or_default();
    let names: Vec<String> = props.clients.iter().map(|c| c.name.clone()).collect();

    let on_client = {
        let entry = entry.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*entry).clone();
            next.form.client = select.value();
            entry.set(next);
        })
    };
    // Typing in a text field keeps what was typed and clears that field's error.
    let text_field = |set: fn(&mut Form, String), clear: fn(&mut Errors)| {
        let entry = entry.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*entry).clone();
            set(&mut next.form, input.value());
            clear(&mut next.errors);
            entry.set(next);
        })
    };
    let on_key = text_field(|f, v| f.key = v, |e| e.key = None);
    let on_value = text_field(|f, v| f.value = v, |e| e.value = None);
    let on_context = |context: ContextChoice| {
        let entry = entry.clone();
        Callback::from(move |_: Event| {
            let mut next = (*entry).clone();
            next.form.context = context;
            entry.set(next);
        })
    };

    let send = {
        let (entry, on_request, clients) = (entry.clone(), props.on_request.clone(), names.clone());
        let client = client.clone();
        move |op: Op| {
            let form = &entry.form;
            let mut found = Errors::default();
            if !clients.contains(&client) {
                found.client = Some("Choose one of the scenario's clients.".to_string());
            }
            let key = form.key.trim().to_string();
            let key_chars = key.chars().count();
            if key.is_empty() {
                found.key = Some("Type a key, for example cart.".to_string());
            } else if key_chars > MAX_KEY_CHARS {
                found.key = Some(format!(
                    "Key: at most {MAX_KEY_CHARS} characters, this one has {key_chars}. Nothing was sent."
                ));
            }
            let value_chars = form.value.chars().count();
            if op == Op::Put && form.value.is_empty() {
                found.value = Some("Type the value to write, for example milk.".to_string());
            } else if op == Op::Put && value_chars > MAX_VALUE_CHARS {
                found.value = Some(format!(
                    "Value: at most {MAX_VALUE_CHARS} characters, this one has {value_chars}. Nothing was sent."
                ));
            }
            let ok = found == Errors::default();
            entry.set(Entry {
                form: form.clone(),
                errors: found,
            });
            if !ok {
                return;
            }
            let client = client.clone();
            let context = form.context;
            let op = match op {
                Op::Put => ClientOp::Put(form.value.clone(), context),
                Op::Get => ClientOp::Get,
                Op::Delete => ClientOp::Delete(context),
            };
            on_request.emit(ClientRequest { client, key, op });
        }
    };
    let on_submit = {
        let send = send.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send(Op::Put);
        })
    };
    let on_get = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(Op::Get))
    };
    let on_delete = Callback::from(move |_: MouseEvent| send(Op::Delete));

    let select_ref = use_node_ref();
    super::use_select_value(select_ref.clone(), client.clone());
    let clients: Vec<(String, String)> = names.iter().map(|c| (c.clone(), c.clone())).collect();

    // What a write sent now will say it has seen, and what it cannot include.
    let key = form.key.trim();
    let known = view.and_then(|v| v.key(key));
    let seen = known
        .and_then(|k| k.seen.as_deref())
        .filter(|_| form.context == ContextChoice::Last);
    let (sent, why) = match seen {
        Some(seen) => (
            seen.to_string(),
            format!("what {client} last saw of {key}: this write replaces those versions."),
        ),
        None if form.context == ContextChoice::Last => (
            "nothing".to_string(),
            format!("{client} has seen nothing of {key} yet: this write is concurrent with every version."),
        ),
        None => (
            "nothing".to_string(),
            "a blind write: concurrent with every version, kept beside them as a sibling."
                .to_string(),
        ),
    };
    let in_flight = known.map_or(&[][..], |k| k.in_flight.as_slice());
    let in_flight_note = (!in_flight.is_empty()).then(|| {
        let mut named: Vec<String> = in_flight
            .iter()
            .take(IN_FLIGHT_NAMED)
            .map(|o| format!("{} #{}", o.kind.name(), o.id))
            .collect();
        let more = in_flight.len().saturating_sub(IN_FLIGHT_NAMED);
        if more > 0 {
            named.push(format!("{more} more"));
        }
        let one = in_flight.len() == 1;
        let writes = in_flight.iter().any(|o| o.kind.is_write());
        format!(
            "{client}'s {} {} not returned yet: this write will not include {}{}",
            named.join(", "),
            if one { "has" } else { "have" },
            if one { "it" } else { "them" },
            match (writes, one) {
                (false, _) => ".",
                (true, true) => ", so the two may become siblings.",
                (true, false) => ", so they may become siblings.",
            }
        )
    });
    let described = if in_flight_note.is_some() {
        "op-context-preview op-context-in-flight"
    } else {
        "op-context-preview"
    };
    let overwrite = format!("Overwrite what {client} last saw");

    html! {
        <section class="panel client-panel" aria-labelledby="client-heading">
            <h2 id="client-heading">{ "Send an operation" }</h2>
            <form class="client-form" onsubmit={on_submit} novalidate=true>
                { select_field("op-client", "Client", select_ref, &clients, &client, on_client) }
                { input_field(AttrValue::Static("op-key"), AttrValue::Static("Key"), "text", &form.key, "",
                              None, errors.key.as_deref(), true, on_key) }
                { input_field(AttrValue::Static("op-value"), AttrValue::Static("Value"), "text", &form.value, "",
                              None, errors.value.as_deref(), true, on_value) }
                { field_error("op-client", errors.client.as_deref()) }
                <fieldset class="context-choice" aria-describedby="op-context-help">
                    <legend>{ "Write context (Put, Delete)" }</legend>
                    { radio(overwrite, form.context == ContextChoice::Last, on_context(ContextChoice::Last)) }
                    { radio("Blind write (concurrent with everything)".to_string(),
                            form.context == ContextChoice::None, on_context(ContextChoice::None)) }
                    <p class="unit" id="op-context-help">
                        { "A write says which versions its client has seen and replaces exactly those; a blind write has seen none, so it replaces nothing and becomes a sibling." }
                    </p>
                </fieldset>
                <p class="context-preview" id="op-context-preview">
                    <span class="op-label">{ "sent with context" }</span>{ " " }
                    <code class="context">{ sent }</code>{ " — " }{ why }
                </p>
                if let Some(note) = in_flight_note {
                    <p class="context-in-flight" id="op-context-in-flight">{ note }</p>
                }
                <div class="op-buttons">
                    <button type="submit" class="primary" aria-describedby={described}>{ "Put" }</button>
                    <button type="button" onclick={on_get}>{ "Get" }</button>
                    <button type="button" onclick={on_delete} aria-describedby={described}>{ "Delete" }</button>
                </div>
                if !props.playing {
                    <p class="hint paused-hint">
                        { "Time is paused: an operation starts now, and its messages move when \
                           you press Play or Step." }
                    </p>
                }
            </form>
        </section>
    }
}
