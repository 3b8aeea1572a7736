//! A small command-line flag parser.
//!
//! Flags are `--name VALUE` or `--name=VALUE`; every flag takes a value (so
//! a value may start with `-`, as in `--t -1`, which is then rejected by the
//! flag's own check rather than mistaken for a flag). Anything not starting
//! with `--` is a positional argument, and so is everything after a bare
//! `--`.

/// Flags and positional arguments of one subcommand.
#[derive(Debug, Default, PartialEq)]
pub struct Flags {
    /// `(name, value)` pairs, names without the leading `--`, in order.
    values: Vec<(String, String)>,
    /// Positional arguments, in order.
    pub positionals: Vec<String>,
}

impl Flags {
    /// Removes and returns a flag's value.
    pub fn take(&mut self, name: &str) -> Option<String> {
        let i = self.values.iter().position(|(k, _)| k == name)?;
        Some(self.values.remove(i).1)
    }
}

/// Parses `args` for a subcommand that knows the flags `known`. Errors name
/// the offending flag: unknown, given twice, or missing its value.
pub fn parse_flags(args: &[String], known: &[&str]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            flags.positionals.extend(iter.by_ref().cloned());
            break;
        }
        let Some(body) = arg.strip_prefix("--") else {
            flags.positionals.push(arg.clone());
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (body, None),
        };
        if !known.contains(&name) {
            let list: Vec<String> = known.iter().map(|k| format!("--{k}")).collect();
            return Err(format!(
                "unknown flag `--{name}`; expected {}",
                list.join(", ")
            ));
        }
        if flags.values.iter().any(|(k, _)| k == name) {
            return Err(format!("flag --{name} given twice"));
        }
        let value = match inline {
            Some(v) => v,
            None => iter
                .next()
                .cloned()
                .ok_or_else(|| format!("flag --{name} needs a value"))?,
        };
        flags.values.push((name.to_string(), value));
    }
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn values_positionals_and_equals_form() {
        let mut f =
            parse_flags(&strings(&["a.json", "--n", "3", "--r=1", "b"]), &["n", "r"]).unwrap();
        assert_eq!(f.positionals, strings(&["a.json", "b"]));
        assert_eq!(f.take("n").as_deref(), Some("3"));
        assert_eq!(f.take("r").as_deref(), Some("1"));
        assert_eq!(f.take("n"), None);
    }

    #[test]
    fn value_may_look_like_a_flag() {
        let mut f = parse_flags(&strings(&["--t", "-1"]), &["t"]).unwrap();
        assert_eq!(f.take("t").as_deref(), Some("-1"));
    }

    #[test]
    fn double_dash_ends_flags() {
        let f = parse_flags(&strings(&["--", "--n"]), &["n"]).unwrap();
        assert_eq!(f.positionals, strings(&["--n"]));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_flags(&strings(&["--x", "1"]), &["n", "r"]),
            Err("unknown flag `--x`; expected --n, --r".into())
        );
        assert_eq!(
            parse_flags(&strings(&["--n", "1", "--n=2"]), &["n"]),
            Err("flag --n given twice".into())
        );
        assert_eq!(
            parse_flags(&strings(&["--n"]), &["n"]),
            Err("flag --n needs a value".into())
        );
    }
}
