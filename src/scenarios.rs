//! Where scenarios come from besides a file: the built-in presets, and share links.
//!
//! A share link carries the whole session (the loaded scenario plus the user's actions) in the
//! URL's fragment, which never reaches a server. Three forms (issue 8, point 12: links stay
//! compact however long the session):
//! - `#p=<preset id>`: a built-in scenario, untouched; `#p=<id>&z=<events>` adds the user's
//!   actions, `<events>` being the JSON array of their scenario events, compressed as below.
//! - `#z=<base64url of the scenario JSON as an LZ4 block after its size>` (base64url: RFC 4648
//!   section 5, without padding): any scenario.
//! - `#s=<base64url of the scenario JSON>`: the first form, still read (links already shared
//!   keep working), no longer written.

use quorumscope_engine::scenario::Event;
use quorumscope_engine::Scenario;

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// A short stable id (the file's name without `.json`).
    pub id: &'static str,
    /// Its scenario file.
    pub text: &'static str,
}

/// The built-in scenarios, in the order the picker lists them; the first is the one the page
/// opens with.
pub const PRESETS: [Preset; 7] = [
    Preset {
        id: "default",
        text: include_str!("../scenarios/default.json"),
    },
    Preset {
        id: "siblings",
        text: include_str!("../scenarios/siblings.json"),
    },
    Preset {
        id: "stale-read",
        text: include_str!("../scenarios/stale-read.json"),
    },
    Preset {
        id: "sloppy-quorum",
        text: include_str!("../scenarios/sloppy-quorum.json"),
    },
    Preset {
        id: "shopping-cart",
        text: include_str!("../scenarios/shopping-cart.json"),
    },
    Preset {
        id: "two-datacenters",
        text: include_str!("../scenarios/two-datacenters.json"),
    },
    Preset {
        id: "wan-cut",
        text: include_str!("../scenarios/wan-cut.json"),
    },
];

impl Preset {
    /// The scenario's `name`, read from its file.
    pub fn name(&self) -> String {
        serde_json::from_str::<serde_json::Value>(self.text)
            .ok()
            .and_then(|v| v.get("name")?.as_str().map(str::to_string))
            .unwrap_or_else(|| self.id.to_string())
    }
}

/// The prefix of a share link's fragment of uncompressed JSON, after the `#` (read, not
/// written).
pub const SHARE_PREFIX: &str = "s=";
/// The prefix of a share link's fragment of compressed scenario JSON.
pub const COMPRESSED_PREFIX: &str = "z=";
/// The prefix of a share link that names a preset.
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

/// The fragment (without `#`) of a share link for a session: the loaded scenario `base` and
/// the user's actions. A preset, as built in, is named rather than copied: `p=default` alone
/// when the user did nothing, with `&z=` and their events otherwise; any other scenario is
/// [`share_fragment`] of the session's scenario (`merged`, the base with the actions in).
pub fn session_fragment(base: &Scenario, user_events: &[Event], merged: &Scenario) -> String {
    // Compared as written ([`Scenario::to_json_string`] writes every field, so equal text is an
    // equal scenario): the page then needs no deep `PartialEq` of scenarios.
    let written = base.to_json_string();
    let preset = PRESETS
        .iter()
        .find(|p| Scenario::from_json(p.text).is_ok_and(|s| s.to_json_string() == written));
    match preset {
        Some(p) if user_events.is_empty() => format!("{PRESET_PREFIX}{}", p.id),
        Some(p) => {
            let events =
                serde_json::Value::Array(user_events.iter().map(Event::to_value).collect());
            format!(
                "{PRESET_PREFIX}{}&{COMPRESSED_PREFIX}{}",
                p.id,
                compress(&quorumscope_engine::scenario::compact_json(&events))
            )
        }
        None => share_fragment(&merged.to_json_string()),
    }
}

/// The scenario JSON of a share link's fragment (`#p=...`, `#z=...` or `#s=...`, with or
/// without the `#`): `None` if the fragment is not a share link, `Err` if it is one that cannot
/// be read.
pub fn scenario_from_hash(hash: &str) -> Option<Result<String, String>> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if let Some(data) = hash.strip_prefix(SHARE_PREFIX) {
        return Some(base64url_decode(data).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into())
        }));
    }
    if let Some(data) = hash.strip_prefix(COMPRESSED_PREFIX) {
        return Some(decompress(data));
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
    let Some(preset) = PRESETS.iter().find(|p| p.id == id) else {
        let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        return Some(Err(format!(
            "it names a built-in scenario `{}` that this page does not have (it has {})",
            shown(id),
            ids.join(", ")
        )));
    };
    let Some(events) = events else {
        return Some(Ok(preset.text.to_string()));
    };
    Some(decompress(events).and_then(|text| with_events(preset.text, &text)))
}

/// Part of a link quoted in a message: escaped (one line) and cut to 40 characters.
fn shown(text: &str) -> String {
    quorumscope_engine::sim::clip(&text.escape_debug().to_string(), 40)
}

/// A preset's scenario JSON with the events of `events_json` (a JSON array of scenario events)
/// added after its own, in time order (at equal times the preset's come first, as in the
/// session the link was made of).
fn with_events(preset: &str, events_json: &str) -> Result<String, String> {
    let extra = match serde_json::from_str::<serde_json::Value>(events_json) {
        Ok(serde_json::Value::Array(events)) => events,
        _ => return Err("its actions are not a JSON array of scenario events".to_string()),
    };
    let mut scenario: serde_json::Value =
        serde_json::from_str(preset).map_err(|e| format!("built-in scenario: {e}"))?;
    let Some(serde_json::Value::Array(events)) = scenario.get_mut("events") else {
        return Err("built-in scenario: no events".to_string());
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
    use quorumscope_engine::Outcome;

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

    /// Issue 8, point 12: a preset is named, not copied; the user's actions ride along,
    /// compressed; any other scenario is compressed whole; old `#s=` links still open.
    #[test]
    fn issue8_share_links_name_presets_and_compress_the_rest() {
        let (base, none) = session(PRESETS[2].text);
        let frag = session_fragment(&base, &none, &base);
        assert_eq!(frag, format!("p={}", PRESETS[2].id));
        assert_eq!(
            scenario_from_hash(&frag),
            Some(Ok(PRESETS[2].text.to_string()))
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
        let frag = session_fragment(&base, &user, &merged);
        assert!(
            frag.starts_with(&format!("p={}&z=", PRESETS[2].id)),
            "{frag}"
        );
        let text = scenario_from_hash(&format!("#{frag}")).unwrap().unwrap();
        assert_eq!(Scenario::from_json(&text).unwrap(), merged);

        // Not a preset (changed): compressed whole, and far shorter than the JSON.
        let mut custom = base.clone();
        custom.name = "mine".into();
        for i in 0..300 {
            custom.events.push(Event {
                at: i as f64,
                action: quorumscope_engine::scenario::Action::Heal,
            });
        }
        let json = custom.to_json_string();
        let frag = session_fragment(&custom, &[], &custom);
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
            err("#p=nope").contains("built-in scenario `nope`"),
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

    /// Runs a preset (with `edit` applied to its text) to its end.
    fn run(id: &str, edit: impl Fn(&str) -> String) -> quorumscope_engine::snapshot::Snapshot {
        let preset = PRESETS.iter().find(|p| p.id == id).unwrap();
        let mut sim = quorumscope_engine::Simulator::from_json(&edit(preset.text)).unwrap();
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

    #[test]
    fn every_preset_is_a_valid_scenario_that_declares_its_clients() {
        for p in PRESETS {
            let s = quorumscope_engine::Scenario::from_json(p.text)
                .unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(!s.name.is_empty() && !s.description.is_empty(), "{}", p.id);
            assert!(!s.cluster.clients.is_empty(), "{} declares clients", p.id);
            assert_eq!(
                s.clients(),
                s.cluster.clients,
                "{}: every client declared",
                p.id
            );
        }
    }
}
