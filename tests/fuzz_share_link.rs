//! Fuzz target `share_link`: the page's share-link decoder, natively (issue 7, "Fuzzing, and a
//! figure for it"; docs/FUZZING.md).
//!
//! Every input is a URL fragment. `scenarios::scenario_from_hash` must say it is no share
//! link, refuse it in one line, or give a text that goes through the scenario check of the
//! `scenario` target (refused in one line, or read, written back the same and run a bounded
//! number of events); the text's own link must give it back; and the page opened on it
//! (`AppState::open`) must show at most a one-line error. Inputs are the corpus
//! (`fuzz/corpus/share_link/`, one fragment per file, replayed first), arbitrary strings,
//! base64url-like strings, links of arbitrary bytes, and links of mutated valid scenarios,
//! themselves mutated as links.
//!
//! `QS_FUZZ_CASES=200000 cargo test --profile fuzz -p quorumscope --test fuzz_share_link --
//! --nocapture` is a long run.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/harness.rs"]
mod harness;

use proptest::prelude::*;
use quorumscope::scenarios::{
    base64url_decode, base64url_encode, scenario_from_hash, share_fragment,
};
use quorumscope::state::AppState;
use quorumscope::DEFAULT_SCENARIO;
use std::sync::OnceLock;

const TARGET: &str = "share_link";

fn check(hash: &str) -> Result<(), String> {
    match scenario_from_hash(hash) {
        None => {
            let body = hash.strip_prefix('#').unwrap_or(hash);
            if ["s=", "z=", "p="].iter().any(|p| body.starts_with(p)) {
                return Err("a share link was taken for another fragment".into());
            }
        }
        Some(Err(e)) => harness::one_line("share link error", &e)?,
        Some(Ok(text)) => {
            harness::check_scenario_text(&text)?;
            let again = scenario_from_hash(&format!("#{}", share_fragment(&text)));
            if again.as_ref() != Some(&Ok(text.clone())) {
                return Err(format!("the text's own link gives {again:?}"));
            }
        }
    }
    let state = AppState::open(hash, DEFAULT_SCENARIO);
    if let Some(e) = &state.error {
        harness::one_line("the page's error banner", e)?;
    }
    Ok(())
}

fn check_bytes(bytes: &[u8]) -> Result<(), String> {
    check(&String::from_utf8_lossy(bytes))
}

fn to_bytes(s: &String) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn replay() {
    harness::replay_corpus(TARGET, &check_bytes);
}

/// Changes a link by `choices`: characters cut off, replaced, inserted (from base64url's
/// alphabet, standard base64's, padding, or outside them), or the prefix changed.
fn mutate_link(link: &str, choices: &[u8]) -> String {
    const BITS: &[&str] = &[
        "A", "_", "-", "+", "/", "=", "==", "%", "%3D", " ", "#", "s=", "z=", "p=", "&z=", "é",
        "\u{0}", "\n",
    ];
    let mut c = harness::Choices::new(choices);
    let mut out: Vec<char> = link.chars().collect();
    // Mostly none: most links are copied whole, and the decoded scenario is what gets tested.
    let rounds = if c.byte() < 160 { 0 } else { 1 + c.below(3) };
    for _ in 0..rounds {
        let at = c.below(out.len() + 1);
        match c.below(5) {
            0 => out.truncate(at),
            1 if at < out.len() => {
                out.remove(at);
            }
            2 if at < out.len() => out[at] = c.word(BITS).chars().next().unwrap(),
            3 => {
                let prefix = c.word(&["", "#", "s=", "#s", "#S=", "##s=", "#z=", "#p=default&z="]);
                let body: String = out.iter().collect();
                let body = body.trim_start_matches('#').trim_start_matches("s=");
                out = format!("{prefix}{body}").chars().collect();
            }
            _ => {
                for (k, ch) in c.word(BITS).chars().enumerate() {
                    out.insert(at + k, ch);
                }
            }
        }
    }
    out.into_iter().collect()
}

#[test]
fn fuzz_share_link_arbitrary() {
    replay();
    harness::run(
        TARGET,
        "arbitrary",
        harness::cases(300),
        ("(#?s=)?", any::<String>()).prop_map(|(prefix, s)| prefix + &s),
        to_bytes,
        |s| check(s),
    );
}

#[test]
fn fuzz_share_link_base64_like() {
    replay();
    harness::run(
        TARGET,
        "base64",
        harness::cases(300),
        "#?s=[A-Za-z0-9_+/=-]{0,120}",
        to_bytes,
        |s| check(s),
    );
}

#[test]
fn fuzz_share_link_of_bytes() {
    replay();
    // Any bytes as a link: base64url round-trips them, and the text (UTF-8 or not) is checked.
    harness::run(
        TARGET,
        "bytes",
        harness::cases(300),
        proptest::collection::vec(any::<u8>(), 0..200),
        |b| format!("#s={}", base64url_encode(b)).into_bytes(),
        |b| {
            let encoded = base64url_encode(b);
            match base64url_decode(&encoded) {
                Ok(back) if back == *b => check(&format!("#s={encoded}")),
                other => Err(format!("{b:?} encoded as {encoded} decodes to {other:?}")),
            }
        },
    );
}

#[test]
fn fuzz_share_link_of_mutated_scenarios() {
    replay();
    static DOCS: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
    let docs = DOCS.get_or_init(harness::seed_documents);
    let strategy = (
        0..docs.len(),
        proptest::collection::vec(any::<u8>(), 0..96),
        proptest::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(i, doc_choices, link_choices)| {
            let text = harness::mutate_document(&docs[i], &doc_choices);
            mutate_link(&format!("#{}", share_fragment(&text)), &link_choices)
        });
    harness::run(
        TARGET,
        "mutated",
        harness::cases(300),
        strategy,
        to_bytes,
        |s| check(s),
    );
}
