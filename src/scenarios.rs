//! Where scenarios come from besides a file: the scenario library, and share links.
//!
//! The library is `scenarios/`: its manifest (`scenarios/index.json`, the ids and titles in
//! the order the picker lists them, in groups) is built into the page, and so is the default
//! scenario (the first paint needs it); every other file is fetched from `scenarios/<id>.json`
//! when it is chosen or a link names it (docs/SCENARIOS.md).
//!
//! A share link carries the whole session (the loaded scenario plus the user's actions) in the
//! URL's fragment, which never reaches a server. Three forms (issue 8, point 12: links stay
//! compact however long the session):
//! - `#p=<library id>`: a library scenario, untouched; `#p=<id>&z=<events>` adds the user's
//!   actions, `<events>` being the JSON array of their scenario events, compressed as below.
//! - `#z=<base64url of the scenario JSON as an LZ4 block after its size>` (base64url: RFC 4648
//!   section 5, without padding): any scenario.
//! - `#s=<base64url of the scenario JSON>`: the first form, still read (links already shared
//!   keep working), no longer written.

/// The id of the scenario the page opens with (`scenarios/default.json`).
pub const DEFAULT_ID: &str = "default";

/// The default scenario's file, built into the page.
pub const DEFAULT_TEXT: &str = include_str!("../scenarios/default.json");

/// The library's manifest (`scenarios/index.json`).
const MANIFEST: &str = include_str!("../scenarios/index.json");

/// A scenario of the library, as its manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its id: the file's name without `.json`.
    pub id: String,
    /// Its title (the file's `name`).
    pub title: String,
    /// The group the picker lists it under.
    pub group: String,
}

/// A manifest entry's text field (`id`, `title`, ...), empty if it has none: the library's
/// and the tours' manifests are read the same way.
pub fn manifest_text(entry: &serde_json::Value, field: &str) -> String {
    entry
        .get(field)
        .and_then(|t| t.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The library's scenarios, in the manifest's order (the default first). A manifest that
/// cannot be read gives the default alone (`crates/cli/tests/library.rs` checks the file).
pub fn library() -> Vec<Entry> {
    let value: serde_json::Value = serde_json::from_str(MANIFEST).unwrap_or_default();
    let text = manifest_text;
    let mut out = Vec::new();
    let no_items = Vec::new();
    let groups = match value.get("groups") {
        Some(serde_json::Value::Array(g)) => g,
        _ => &no_items,
    };
    for group in groups {
        let items = match group.get("scenarios") {
            Some(serde_json::Value::Array(items)) => items,
            _ => &no_items,
        };
        for s in items {
            out.push(Entry {
                id: text(s, "id"),
                title: text(s, "title"),
                group: text(group, "group"),
            });
        }
    }
    if out.is_empty() {
        out.push(Entry {
            id: DEFAULT_ID.to_string(),
            title: DEFAULT_ID.to_string(),
            group: String::new(),
        });
    }
    out
}

/// The library scenario of this id, if the library has it.
pub fn entry(id: &str) -> Option<Entry> {
    library().into_iter().find(|e| e.id == id)
}

/// Where the page fetches a library scenario from (relative to the page).
pub fn scenario_path(id: &str) -> String {
    format!("scenarios/{id}.json")
}

/// A library scenario's text if it is built into the page (the default alone).
pub fn embedded(id: &str) -> Option<&'static str> {
    (id == DEFAULT_ID).then_some(DEFAULT_TEXT)
}

pub use quorumscope_link::{
    base64url_decode, base64url_encode, session_fragment, share_fragment, shown, Link,
    COMPRESSED_PREFIX, MAX_LINK_JSON, PRESET_PREFIX, SHARE_PREFIX,
};

/// What a share link's fragment (`#p=...`, `#z=...` or `#s=...`, with or without the `#`)
/// opens: `None` if the fragment is not a share link, `Err` if it is one that cannot be read
/// (a library id the manifest does not list among them).
pub fn read_link(hash: &str) -> Option<Result<Link, String>> {
    quorumscope_link::read_link(hash, |id| entry(id).is_some())
}

/// The scenario JSON of a share link's fragment when the page has it without fetching (any
/// `#z=` or `#s=` link, a `#p=` link of the default): `None` if the fragment is not a share
/// link, `Err` if it cannot be read or names a library scenario that must be fetched.
pub fn scenario_from_hash(hash: &str) -> Option<Result<String, String>> {
    Some(read_link(hash)?.and_then(|link| match &link {
        Link::Library { id, .. } => match embedded(id) {
            Some(file) => link.scenario_text(file),
            None => Err(format!(
                "the library scenario `{id}` is fetched, not built in"
            )),
        },
        Link::Scenario(text) => Ok(text.clone()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quorumscope_engine::scenario::Event;
    use quorumscope_engine::{Outcome, Scenario};

    /// A library file's text, read from `scenarios/`.
    fn file(id: &str) -> String {
        let path = format!("{}/scenarios/{id}.json", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn share_links_round_trip_and_bad_ones_say_why() {
        let json = r#"{"name": "ünïcode"}"#;
        let frag = share_fragment(json);
        assert_eq!(
            scenario_from_hash(&format!("#{frag}")),
            Some(Ok(json.into()))
        );
        assert_eq!(scenario_from_hash("#other"), None);
        assert_eq!(scenario_from_hash(""), None);
        let err = scenario_from_hash("#s=%%%").unwrap().unwrap_err();
        assert!(err.contains("not base64url"), "{err}");
        // Found by the share_link fuzz target (issue 7): the message quoted a line break as is.
        assert_eq!(
            scenario_from_hash("#s=eyJ\nhIjoxfQ").unwrap().unwrap_err(),
            "character 4 (`\\n`) is not base64url"
        );
        assert!(scenario_from_hash("#s=Zm9vY").unwrap().is_err());
    }

    fn session(text: &str) -> (Scenario, Vec<Event>) {
        let s = Scenario::from_json(text).unwrap();
        (s, Vec::new())
    }

    /// Issue 8, point 12: a library scenario is named, not copied; the user's actions ride
    /// along, compressed; any other scenario is compressed whole; old `#s=` links still open.
    #[test]
    fn issue8_share_links_name_presets_and_compress_the_rest() {
        let text = file("stale-read");
        let (base, none) = session(&text);
        let frag = session_fragment(Some("stale-read"), &none, &base);
        assert_eq!(frag, "p=stale-read");
        let link = read_link(&frag).unwrap().unwrap();
        assert_eq!(
            link,
            Link::Library {
                id: "stale-read".into(),
                events: None
            }
        );
        assert_eq!(link.scenario_text(&text), Ok(text.clone()));
        // Fetched, so not built in; the default is.
        assert!(scenario_from_hash(&frag).unwrap().is_err());
        assert_eq!(
            scenario_from_hash("#p=default"),
            Some(Ok(DEFAULT_TEXT.to_string()))
        );

        // With actions: the link's scenario is the session's, events in time order.
        let user = vec![
            Event {
                at: 0.001,
                action: quorumscope_engine::scenario::Action::Crash("A".into()),
            },
            Event {
                at: 400.0,
                action: quorumscope_engine::scenario::Action::Heal,
            },
        ];
        let mut merged = base.clone();
        merged.events.extend(user.iter().cloned());
        quorumscope_engine::sort::sort_by(&mut merged.events, |a, b| a.at.total_cmp(&b.at));
        let frag = session_fragment(Some("stale-read"), &user, &merged);
        assert!(frag.starts_with("p=stale-read&z="), "{frag}");
        let link = read_link(&format!("#{frag}")).unwrap().unwrap();
        let opened = link.scenario_text(&text).unwrap();
        assert_eq!(Scenario::from_json(&opened).unwrap(), merged);

        // Not a library scenario: compressed whole, and far shorter than the JSON.
        let mut custom = base.clone();
        custom.name = "mine".into();
        for i in 0..300 {
            custom.events.push(Event {
                at: i as f64,
                action: quorumscope_engine::scenario::Action::Heal,
            });
        }
        let json = custom.to_json_string();
        let frag = session_fragment(None, &[], &custom);
        assert!(frag.starts_with("z="), "{frag}");
        assert!(
            frag.len() * 2 < json.len(),
            "{} of {}",
            frag.len(),
            json.len()
        );
        assert_eq!(scenario_from_hash(&frag), Some(Ok(json.clone())));
        // The first form still opens.
        let old = format!("#s={}", base64url_encode(json.as_bytes()));
        assert_eq!(scenario_from_hash(&old), Some(Ok(json)));
    }

    /// Issue 8, point 12: bad compact links are refused in one line naming what is wrong, and
    /// none can make the page unpack more than MAX_LINK_JSON.
    #[test]
    fn issue8_bad_compact_links_say_why() {
        let err = |hash: &str| scenario_from_hash(hash).unwrap().unwrap_err();
        assert!(
            err("#p=nope").contains("library scenario `nope`"),
            "{}",
            err("#p=nope")
        );
        assert!(err("#p=default&x=1").contains("not `&z=`"));
        assert!(err("#z=").contains("cut short"));
        let damaged = base64url_encode(&[10, 0, 0, 0, 0xff, 0xff, 0xff]);
        assert!(err(&format!("#z={damaged}")).contains("damaged"));
        // A link that declares 4 GiB of text is refused before anything is unpacked.
        let huge = base64url_encode(&[0xff, 0xff, 0xff, 0xff, 0]);
        assert!(err(&format!("#z={huge}")).contains("more than 16 MiB"));
        let not_events = format!("#p=default&{}", share_fragment("{\"a\": 1}"));
        assert!(err(&not_events).contains("not a JSON array"));
    }

    /// Runs a library scenario (with `edit` applied to its text) to its end.
    fn run(id: &str, edit: impl Fn(&str) -> String) -> quorumscope_engine::snapshot::Snapshot {
        let mut sim = quorumscope_engine::Simulator::from_json(&edit(&file(id))).unwrap();
        sim.run(None);
        quorumscope_engine::snapshot::Snapshot::of(&sim, 0)
    }

    /// Each preset shows what its description promises.
    #[test]
    fn presets_tell_the_story_their_descriptions_tell() {
        let keep = |t: &str| t.to_string();

        let s = run("default", keep);
        assert!(s
            .history
            .iter()
            .all(|op| op.outcome == Outcome::Ok && !op.stale));
        assert_eq!(s.history[1].values, ["milk"]);
        assert!(
            s.metrics.read_repairs > 0,
            "read repair copies the value to C"
        );
        assert!(s.nodes.iter().all(|n| n.keys.iter().all(|k| !k.stale)));

        let s = run("siblings", keep);
        assert_eq!(s.history[2].values, ["eggs", "milk"]);
        assert!(!s.history[2].concurrency.is_empty());
        let s = run("siblings", |t| t.replace("\"dvv\"", "\"lww\""));
        assert_eq!(s.history.iter().filter(|op| op.lost).count(), 1);
        assert_eq!(s.history[1].client, "bob");
        assert!(
            s.history[1].lost,
            "bob's later write loses to alice's skewed clock"
        );

        let s = run("stale-read", keep);
        assert!(
            s.history[1].stale,
            "bob's read during the partition is stale"
        );
        assert!(s.history[1].stale_cause.is_some());
        assert!(!s.history[2].stale && s.history[2].values == ["milk"]);

        let s = run("sloppy-quorum", keep);
        assert_eq!(s.history[0].outcome, Outcome::Ok);
        assert!(s.metrics.hints_delivered > 0);
        let s = run("sloppy-quorum", |t| {
            t.replace("\"sloppy_quorum\": true", "\"sloppy_quorum\": false")
        });
        assert_eq!(
            s.history[0].outcome,
            Outcome::Fail,
            "a strict quorum cannot write"
        );

        let s = run("shopping-cart", keep);
        let read = s.history.last().unwrap();
        assert_eq!(read.values.len(), 2, "{:?}", read.values);
        assert!(s.history.iter().all(|op| !op.lost));
    }

    /// Issue 11: every scenario the manifest lists is a valid scenario titled as listed, with
    /// clients (declared ones all declared); the default comes first and is the one built in.
    #[test]
    fn every_library_scenario_is_valid_and_declares_its_clients() {
        let lib = library();
        assert!(lib.len() >= 14, "{lib:?}");
        assert_eq!(lib[0].id, DEFAULT_ID);
        assert_eq!(file(DEFAULT_ID), DEFAULT_TEXT);
        for e in &lib {
            let s =
                Scenario::from_json(&file(&e.id)).unwrap_or_else(|err| panic!("{}: {err}", e.id));
            assert_eq!(s.name, e.title, "{}", e.id);
            assert!(!e.group.is_empty() && !s.description.is_empty(), "{}", e.id);
            // The contract's example (node-down) declares none: its clients are its events'.
            assert!(!s.clients().is_empty(), "{} has clients", e.id);
            if !s.cluster.clients.is_empty() {
                assert_eq!(
                    s.clients(),
                    s.cluster.clients,
                    "{}: every client declared",
                    e.id
                );
            }
            assert_eq!(
                read_link(&format!("#p={}", e.id)),
                Some(Ok(Link::Library {
                    id: e.id.clone(),
                    events: None
                }))
            );
            assert_eq!(embedded(&e.id).is_some(), e.id == DEFAULT_ID);
        }
    }
}
