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

use quorumscope_engine::scenario::Event;

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

/// The library's scenarios, in the manifest's order (the default first). A manifest that
/// cannot be read gives the default alone (`crates/cli/tests/library.rs` checks the file).
pub fn library() -> Vec<Entry> {
    let value: serde_json::Value = serde_json::from_str(MANIFEST).unwrap_or_default();
    let text = |v: &serde_json::Value, field: &str| {
        v.get(field)
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string()
    };
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

/// What a share link opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// A whole scenario's JSON (`#z=...`, `#s=...`).
    Scenario(String),
    /// A library scenario (`#p=<id>`), with the user's actions (`&z=...`) as a JSON array of
    /// scenario events, if any.
    Library {
        /// The library id (one the manifest lists).
        id: String,
        /// The user's actions, unpacked: a JSON array of scenario events.
        events: Option<String>,
    },
}

impl Link {
    /// The link's scenario JSON, given the library file's text for a library link (`file`,
    /// unused for the other forms); the error says what is wrong.
    pub fn scenario_text(&self, file: &str) -> Result<String, String> {
        match self {
            Link::Scenario(text) => Ok(text.clone()),
            Link::Library { events: None, .. } => Ok(file.to_string()),
            Link::Library {
                events: Some(events),
                ..
            } => with_events(file, events),
        }
    }
}

/// The prefix of a share link's fragment of uncompressed JSON, after the `#` (read, not
/// written).
pub const SHARE_PREFIX: &str = "s=";
/// The prefix of a share link's fragment of compressed scenario JSON.
pub const COMPRESSED_PREFIX: &str = "z=";
/// The prefix of a share link that names a library scenario.
pub const PRESET_PREFIX: &str = "p=";
/// The most scenario JSON a compressed link may unpack to, in bytes: a crafted link cannot make
/// the page unpack gigabytes (the engine's own file limit is 64 MiB; a session of 3,000
/// operations is about 200 KB).
pub const MAX_LINK_JSON: usize = 16 << 20;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as base64url without padding.
///
/// ```
/// assert_eq!(quorumscope::scenarios::base64url_encode(b"hi?>"), "aGk_Pg");
/// ```
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url, with or without padding (standard base64's `+` and `/` are accepted
/// too); the error says what is wrong.
///
/// ```
/// use quorumscope::scenarios::base64url_decode;
/// assert_eq!(base64url_decode("aGk_Pg").unwrap(), b"hi?>");
/// assert!(base64url_decode("a!").is_err());
/// ```
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (i, c) in text.chars().enumerate() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' | '+' => 62,
            '_' | '/' => 63,
            // Escaped, so that a line break in a link keeps the message on one line.
            _ => {
                return Err(format!(
                    "character {} (`{}`) is not base64url",
                    i + 1,
                    c.escape_debug()
                ))
            }
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err("its length is not that of base64url text (cut short?)".to_string());
    }
    Ok(out)
}

/// The fragment (without `#`) of a share link for a scenario's JSON: `z=` and the JSON,
/// compressed.
pub fn share_fragment(scenario_json: &str) -> String {
    format!("{COMPRESSED_PREFIX}{}", compress(scenario_json))
}

/// The fragment (without `#`) of a share link for a session: the library scenario `library`
/// (the loaded scenario, as the library has it) or none, and the user's actions. A library
/// scenario is named rather than copied: `p=default` alone when the user did nothing, with
/// `&z=` and their events otherwise; any other scenario is [`share_fragment`] of the
/// session's scenario (`merged`, the loaded one with the actions in).
pub fn session_fragment(
    library: Option<&str>,
    user_events: &[Event],
    merged: &quorumscope_engine::Scenario,
) -> String {
    match library {
        Some(id) if user_events.is_empty() => format!("{PRESET_PREFIX}{id}"),
        Some(id) => {
            let events =
                serde_json::Value::Array(user_events.iter().map(Event::to_value).collect());
            format!(
                "{PRESET_PREFIX}{id}&{COMPRESSED_PREFIX}{}",
                compress(&quorumscope_engine::scenario::compact_json(&events))
            )
        }
        None => share_fragment(&merged.to_json_string()),
    }
}

/// What a share link's fragment (`#p=...`, `#z=...` or `#s=...`, with or without the `#`)
/// opens: `None` if the fragment is not a share link, `Err` if it is one that cannot be read
/// (a library id the manifest does not list among them).
pub fn read_link(hash: &str) -> Option<Result<Link, String>> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if let Some(data) = hash.strip_prefix(SHARE_PREFIX) {
        return Some(
            base64url_decode(data)
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into())
                })
                .map(Link::Scenario),
        );
    }
    if let Some(data) = hash.strip_prefix(COMPRESSED_PREFIX) {
        return Some(decompress(data).map(Link::Scenario));
    }
    let rest = hash.strip_prefix(PRESET_PREFIX)?;
    let (id, events) = match rest.split_once('&') {
        Some((id, more)) => match more.strip_prefix(COMPRESSED_PREFIX) {
            Some(events) => (id, Some(events)),
            None => {
                return Some(Err(format!(
                    "after the scenario's name it has `{}`, not `&z=` and the actions",
                    shown(more)
                )))
            }
        },
        None => (rest, None),
    };
    if entry(id).is_none() {
        return Some(Err(format!(
            "it names a library scenario `{}` that this page does not have (docs/SCENARIOS.md lists them)",
            shown(id)
        )));
    }
    let events = match events.map(decompress).transpose() {
        Ok(events) => events,
        Err(e) => return Some(Err(e)),
    };
    Some(Ok(Link::Library {
        id: id.to_string(),
        events,
    }))
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

/// Part of a link quoted in a message: escaped (one line) and cut to 40 characters.
pub(crate) fn shown(text: &str) -> String {
    quorumscope_engine::sim::clip(&text.escape_debug().to_string(), 40)
}

/// A library scenario's JSON with the events of `events_json` (a JSON array of scenario
/// events) added after its own, in time order (at equal times the file's come first, as in the
/// session the link was made of).
fn with_events(preset: &str, events_json: &str) -> Result<String, String> {
    let extra = match serde_json::from_str::<serde_json::Value>(events_json) {
        Ok(serde_json::Value::Array(events)) => events,
        _ => return Err("its actions are not a JSON array of scenario events".to_string()),
    };
    let mut scenario: serde_json::Value =
        serde_json::from_str(preset).map_err(|e| format!("the library scenario: {e}"))?;
    let Some(serde_json::Value::Array(events)) = scenario.get_mut("events") else {
        return Err("the library scenario has no events".to_string());
    };
    events.extend(extra);
    let at = |e: &serde_json::Value| e.get("at").and_then(|t| t.as_f64()).unwrap_or(f64::NAN);
    quorumscope_engine::sort::sort_by(events, |a, b| at(a).total_cmp(&at(b)));
    Ok(quorumscope_engine::scenario::compact_json(&scenario))
}

/// Text compressed for a link: an LZ4 block (lz4_flex) after its unpacked size (4 bytes,
/// little-endian), in base64url.
fn compress(text: &str) -> String {
    base64url_encode(&lz4_flex::block::compress_prepend_size(text.as_bytes()))
}

/// The text of [`compress`]; the error says what is wrong with the link. The size a link
/// declares is checked before anything is unpacked.
fn decompress(data: &str) -> Result<String, String> {
    let bytes = base64url_decode(data)?;
    let declared = match bytes.get(..4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize,
        None => return Err("its compressed scenario is cut short".to_string()),
    };
    if declared > MAX_LINK_JSON {
        return Err(format!(
            "it would unpack to more than {} MiB of scenario",
            MAX_LINK_JSON >> 20
        ));
    }
    let text = lz4_flex::block::decompress_size_prepended(&bytes)
        .map_err(|_| "its compressed scenario is damaged or cut short".to_string())?;
    String::from_utf8(text).map_err(|_| "it is not UTF-8 text".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quorumscope_engine::{Outcome, Scenario};

    /// A library file's text, read from `scenarios/`.
    fn file(id: &str) -> String {
        let path = format!("{}/scenarios/{id}.json", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn base64url_round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..40 {
            let enc = base64url_encode(&data[..len]);
            assert!(!enc.contains('='));
            assert_eq!(base64url_decode(&enc).unwrap(), &data[..len], "len {len}");
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url_encode(plain.as_bytes()), enc);
            assert_eq!(
                base64url_decode(&format!("{enc}==")).unwrap(),
                plain.as_bytes()
            );
        }
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
        let not_events = format!("#p=default&z={}", compress("{\"a\": 1}"));
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
