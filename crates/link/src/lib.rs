//! quorumscope's share links (docs/UI.md, "Share links"): a session (the loaded scenario plus
//! the user's actions) carried in a URL's fragment, which never reaches a server. The page
//! writes and opens them; `qsim check` grades them. Three forms (issue 8, point 12: links stay
//! compact however long the session):
//! - `#p=<library id>`: a library scenario (`scenarios/<id>.json`), untouched;
//!   `#p=<id>&z=<events>` adds the user's actions, `<events>` being the JSON array of their
//!   scenario events, compressed as below.
//! - `#z=<base64url of the scenario JSON as an LZ4 block after its size>` (base64url: RFC 4648
//!   section 5, without padding): any scenario.
//! - `#s=<base64url of the scenario JSON>`: the first form, still read (links already shared
//!   keep working), no longer written.
//!
//! Which library ids exist is the reader's to say ([`read_link`]'s `known`): the page knows its
//! manifest, `qsim` a folder.

use quorumscope_engine::scenario::Event;

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
/// assert_eq!(quorumscope_link::base64url_encode(b"hi?>"), "aGk_Pg");
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
/// use quorumscope_link::base64url_decode;
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
            // Escaped, so that a line break in a link keeps the message on one line; as ASCII
            // (`\u{e9}`), without the Unicode tables of `escape_debug` (clippy.toml).
            _ => {
                return Err(format!(
                    "character {} (`{}`) is not base64url",
                    i + 1,
                    c.escape_default()
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
pub fn read_link(hash: &str, known: impl Fn(&str) -> bool) -> Option<Result<Link, String>> {
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
    if !known(id) {
        return Some(Err(format!(
            "it names a library scenario `{}` that is not in the library (docs/SCENARIOS.md lists them)",
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

/// Part of a link quoted in a message: escaped as ASCII (one line) and cut to 40 characters.
pub fn shown(text: &str) -> String {
    quorumscope_engine::sim::clip(&text.escape_default().to_string(), 40)
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
    fn the_reader_says_which_library_ids_exist() {
        let only_default = |id: &str| id == "default";
        assert_eq!(
            read_link("#p=default", only_default),
            Some(Ok(Link::Library {
                id: "default".into(),
                events: None
            }))
        );
        let err = read_link("#p=stale-read", only_default)
            .unwrap()
            .unwrap_err();
        assert!(err.contains("library scenario `stale-read`"), "{err}");
        assert_eq!(read_link("#ex=all", only_default), None);
        let not_events = format!("#p=default&z={}", compress("{\"a\": 1}"));
        let link = read_link(&not_events, only_default).unwrap().unwrap();
        assert!(link
            .scenario_text("{}")
            .unwrap_err()
            .contains("not a JSON array"));
    }
}
