//! Where scenarios come from besides a file: the built-in presets, and share links.
//!
//! A share link carries the whole session (the loaded scenario plus the user's actions) as
//! scenario JSON in the URL's fragment: `#s=<base64url of the JSON>` (RFC 4648 section 5,
//! without padding). Fragments never reach a server.

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
pub const PRESETS: [Preset; 5] = [
    Preset {
        id: "default",
        text: include_str!("../www/scenarios/default.json"),
    },
    Preset {
        id: "siblings",
        text: include_str!("../www/scenarios/siblings.json"),
    },
    Preset {
        id: "stale-read",
        text: include_str!("../www/scenarios/stale-read.json"),
    },
    Preset {
        id: "sloppy-quorum",
        text: include_str!("../www/scenarios/sloppy-quorum.json"),
    },
    Preset {
        id: "shopping-cart",
        text: include_str!("../www/scenarios/shopping-cart.json"),
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

/// The prefix of a share link's fragment, after the `#`.
pub const SHARE_PREFIX: &str = "s=";

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

/// The fragment (without `#`) of a share link for a scenario's JSON.
pub fn share_fragment(scenario_json: &str) -> String {
    format!(
        "{SHARE_PREFIX}{}",
        base64url_encode(scenario_json.as_bytes())
    )
}

/// The scenario JSON of a share link's fragment (`#s=...`, with or without the `#`): `None` if
/// the fragment is not a share link, `Err` if it is one that cannot be read.
pub fn scenario_from_hash(hash: &str) -> Option<Result<String, String>> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let data = hash.strip_prefix(SHARE_PREFIX)?;
    Some(
        base64url_decode(data)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into())),
    )
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
        assert!(s.history.iter().all(|op| op.outcome == "ok" && !op.stale));
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
        assert_eq!(s.history[0].outcome, "ok");
        assert!(s.metrics.hints_delivered > 0);
        let s = run("sloppy-quorum", |t| {
            t.replace("\"sloppy_quorum\": true", "\"sloppy_quorum\": false")
        });
        assert_eq!(s.history[0].outcome, "fail", "a strict quorum cannot write");

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
