//! Client operations: put, get and delete as one of the scenario's clients.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{check_field, field_error, input_field, select_field};
use crate::state::{Msg, MAX_KEY_CHARS, MAX_VALUE_CHARS};

/// Properties of [`ClientPanel`].
#[derive(Properties, PartialEq)]
pub struct ClientPanelProps {
    /// The scenario's clients.
    pub clients: Vec<String>,
    /// Whether time is running (when it is not, the panel says how to let an operation run).
    pub playing: bool,
    /// Sends a message to the reducer.
    pub on_msg: Callback<Msg>,
}

/// What the user has typed; kept as typed, whatever happens.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    client: String,
    key: String,
    value: String,
    with_context: bool,
}

/// Problems with the fields, shown next to them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Errors {
    client: Option<String>,
    key: Option<String>,
    value: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Put,
    Get,
    Delete,
}

/// The client operations panel: client, key, value, "with context of last result"; Put, Get,
/// Delete. Bad fields get a message beside them and nothing is sent.
#[function_component(ClientPanel)]
pub fn client_panel(props: &ClientPanelProps) -> Html {
    let form = use_state(|| Form {
        key: "cart".to_string(),
        ..Form::default()
    });
    let errors = use_state(Errors::default);

    // The client shown: the one chosen if it is still a client, else the first.
    let client = if props.clients.contains(&form.client) {
        form.client.clone()
    } else {
        props.clients.first().cloned().unwrap_or_default()
    };

    let on_client = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            form.set(Form {
                client: select.value(),
                ..(*form).clone()
            });
        })
    };
    // Typing in a text field keeps what was typed and clears that field's error.
    let text_field = |set: fn(&mut Form, String), clear: fn(&mut Errors) -> bool| {
        let (form, errors) = (form.clone(), errors.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*form).clone();
            set(&mut next, input.value());
            form.set(next);
            let mut cleared = (*errors).clone();
            if clear(&mut cleared) {
                errors.set(cleared);
            }
        })
    };
    let on_key = text_field(|f, v| f.key = v, |e| e.key.take().is_some());
    let on_value = text_field(|f, v| f.value = v, |e| e.value.take().is_some());
    let on_context = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            form.set(Form {
                with_context: input.checked(),
                ..(*form).clone()
            });
        })
    };

    let send = {
        let (form, errors, on_msg, clients) = (
            form.clone(),
            errors.clone(),
            props.on_msg.clone(),
            props.clients.clone(),
        );
        let client = client.clone();
        move |op: Op| {
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
            errors.set(found);
            if !ok {
                return;
            }
            let client = client.clone();
            let with_context = form.with_context;
            on_msg.emit(match op {
                Op::Put => Msg::Put {
                    client,
                    key,
                    value: form.value.clone(),
                    with_context,
                },
                Op::Get => Msg::Get { client, key },
                Op::Delete => Msg::Delete {
                    client,
                    key,
                    with_context,
                },
            });
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
    let clients: Vec<(String, String)> = props
        .clients
        .iter()
        .map(|c| (c.clone(), c.clone()))
        .collect();

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
                { check_field("op-context", "With context of last result",
                    "Checked: the write says which versions this client has seen (its last result \
                     for the key) and replaces them. Unchecked: a blind write, concurrent with \
                     everything, kept beside the others as a sibling.",
                    form.with_context, on_context) }
                <div class="op-buttons">
                    <button type="submit" class="primary">{ "Put" }</button>
                    <button type="button" onclick={on_get}>{ "Get" }</button>
                    <button type="button" onclick={on_delete}>{ "Delete" }</button>
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
