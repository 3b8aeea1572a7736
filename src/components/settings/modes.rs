//! The panel's modes: versioning, coordinator, read repair, and the other switches (sloppy
//! quorum, hinted handoff, anti-entropy), each applied at once.

use quorumscope_engine::scenario::{ClusterPatch, Coordinator};
use quorumscope_engine::version::Versioning;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::draft::parse_ms;
use super::form::Form;
use crate::components::{check_field, options, select_field};
use crate::state::MIN_PERIOD_MS;

/// A checkbox's `change`, sending the patch `set` makes of its state.
pub fn checkbox(f: &Form, set: fn(&mut ClusterPatch, bool)) -> Callback<Event> {
    f.props.on.configure.reform(move |e: Event| {
        let mut patch = ClusterPatch::default();
        set(
            &mut patch,
            e.target_unchecked_into::<HtmlInputElement>().checked(),
        );
        patch
    })
}

/// Versioning, coordinator and read repair, with what they mean.
pub fn modes(f: &Form) -> Html {
    let on_versioning = f.props.on.versioning.reform(|e: Event| {
        match e
            .target_unchecked_into::<HtmlSelectElement>()
            .value()
            .as_str()
        {
            "vv" => Versioning::Vv,
            "lww" => Versioning::Lww,
            _ => Versioning::Dvv,
        }
    });
    let on_coordinator = f.props.on.configure.reform(|e: Event| {
        let coordinator = match e
            .target_unchecked_into::<HtmlSelectElement>()
            .value()
            .as_str()
        {
            "replica" => Coordinator::Replica,
            _ => Coordinator::Client,
        };
        ClusterPatch {
            coordinator: Some(coordinator),
            ..ClusterPatch::default()
        }
    });
    let (versioning, coordinator) = (&f.selects.versioning, &f.selects.coordinator);
    html! { <>
        { select_field("set-versioning", "Versioning", versioning.0.clone(), &options(&[
            ("dvv", "dvv: dotted version vectors"),
            ("vv", "vv: version vectors"),
            ("lww", "lww: last write wins"),
          ]), versioning.1, on_versioning) }
        <p class="hint">
            { "dvv keeps concurrent writes as siblings; vv too, plus false conflicts; lww \
               keeps the write with the latest timestamp and silently discards the others. \
               A run cannot switch midway: changing it replays the run from 0 ms with the \
               same actions, up to now." }
        </p>
        { select_field("set-coordinator", "Coordinator", coordinator.0.clone(), &options(&[
            ("client", "client: the client coordinates"),
            ("replica", "replica: a replica coordinates"),
          ]), coordinator.1, on_coordinator) }
        <p class="hint">
            { "Client: the client sends to the replicas and counts their replies. Replica: \
               the client asks one replica of the key, which does it (Dynamo, Riak, \
               Cassandra)." }
        </p>
        { check_field("set-read-repair", "Read repair",
            "a read writes the newest value back to replicas that answered with older ones",
            f.props.cluster.read_repair, checkbox(f, |p, v| p.read_repair = Some(v))) }
    </> }
}

/// Anti-entropy and its period, sloppy quorum, hinted handoff and the timeout.
pub fn switches(f: &Form) -> Html {
    let c = &f.props.cluster;
    let draft = f.edit.draft.clone();
    let on_anti_entropy = f.props.on.configure.reform(move |e: Event| {
        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
        let period = parse_ms(&draft.anti_entropy)
            .filter(|p| *p >= MIN_PERIOD_MS)
            .unwrap_or(500.0);
        ClusterPatch {
            anti_entropy_ms: Some(on.then_some(period)),
            ..ClusterPatch::default()
        }
    });
    html! { <>
        { check_field("set-anti-entropy", "Anti-entropy",
            "replicas periodically compare hash trees of their keys and copy what differs",
            c.anti_entropy_ms.is_some(), on_anti_entropy) }
        if c.anti_entropy_ms.is_some() {
            { f.number("set-anti-entropy-ms", "Anti-entropy period (ms)", &f.draft.anti_entropy, |d, v| d.anti_entropy = v,
                Some("how often each replica compares its keys with a peer; at least 10 ms")) }
        }
        { check_field("set-sloppy", "Sloppy quorum",
            "when home replicas are unreachable, write to the next nodes instead",
            c.sloppy_quorum, checkbox(f, |p, v| p.sloppy_quorum = Some(v))) }
        { check_field("set-handoff", "Hinted handoff",
            "those nodes hand the value back home later",
            c.hinted_handoff, checkbox(f, |p, v| p.hinted_handoff = Some(v))) }
        { f.number("set-timeout", "Timeout (ms)", &f.draft.timeout, |d, v| d.timeout = v,
            Some("how long a coordinator waits for its quorum")) }
    </> }
}
