//! Numbers as text, without the standard library's float formatting.
//!
//! `format!("{}", x)` for an `f64` links core's float printing (Grisu with a Dragon4 fallback
//! and its big-number arithmetic, about 6 KB of the page's gzipped wasm). serde_json already
//! carries a shortest round-trip printer for its own output, so these functions go through it:
//! [`plain`] writes what `{}` writes, and [`fixed`] rounds to a number of decimals.
//! Every number the page or an error message shows is written by one of them. [`clamp`] is
//! `f64::clamp` without its panic message, which prints floats too.

/// `x` as `format!("{x}")` writes it: the shortest decimal that reads back as `x`, never in
/// exponent form (`5`, `0.1`, `1000000000000`, `0.0000001`, `-0`, `NaN`, `inf`). The one
/// difference: when two shortest decimals are exactly as close to `x` (a 17-digit tie), the
/// last digit may be the other one.
pub fn plain(x: f64) -> String {
    let Some(n) = serde_json::Number::from_f64(x) else {
        return if x.is_nan() {
            "NaN".to_string()
        } else if x > 0.0 {
            "inf".to_string()
        } else {
            "-inf".to_string()
        };
    };
    // serde_json writes `1.0`, `0.25`, `1e+16` or `1e-7`.
    let s = n.to_string();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All the significant digits, and where the decimal point falls among them.
    let digits = format!("{int}{frac}");
    let point = int.len() as i32 + exponent;
    let mut out = String::with_capacity(digits.len() + 4);
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        for _ in digits.len()..point as usize {
            out.push('0');
        }
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    // Trailing zeros after the point (serde_json's `1.0`), and then a bare point, go; so do
    // leading zeros before the first digit of the integer part (`01.5` cannot occur, but `0.`
    // from a zero mantissa can).
    if out.contains('.') {
        let kept = out.trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(kept);
    }
    out
}

/// `x` rounded to `places` decimals (half away from zero), with trailing zeros kept as
/// `format!("{x:.places$}")` keeps them (`fixed(2.0, 1)` is `2.0`). Ties may round the other
/// way from `{:.N}`, which rounds the exact binary value; nothing shown depends on that.
/// `places` is at most 9; beyond what an `i64` holds, or for a value that is not finite, it
/// falls back to [`plain`].
pub fn fixed(x: f64, places: u32) -> String {
    let places = places.min(9);
    let scale = 10u64.pow(places) as f64;
    let scaled = (x * scale).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
        return plain(x);
    }
    let n = scaled as i64;
    let a = n.unsigned_abs();
    let unit = 10u64.pow(places);
    let mut out = String::new();
    if n < 0 || (n == 0 && x.is_sign_negative()) {
        out.push('-');
    }
    out.push_str(&(a / unit).to_string());
    if places > 0 {
        out.push('.');
        let frac = (a % unit).to_string();
        for _ in frac.len()..places as usize {
            out.push('0');
        }
        out.push_str(&frac);
    }
    out
}

/// A whole number with its thousands grouped by commas, as the page writes counts:
/// `grouped(1024)` is `1,024`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` limited to `lo..=hi`, and `lo` for NaN. Unlike `f64::clamp` it has no panic message that
/// prints floats, which would bring core's float printer back into the page's wasm.
#[allow(clippy::manual_clamp)]
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_puts_a_comma_between_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1024), "1,024");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn plain_writes_what_display_writes() {
        let cases = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.2,
            0.3,
            100.0,
            1e12,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1.5e-5,
            1e-7,
            123456.789,
            2.5e-3,
            1e300,
            5e-324,
            1.7976931348623157e308,
            0.974,
            99.9,
            1000.0,
            12.345,
            3.0e-4,
        ];
        for x in cases {
            assert_eq!(plain(x), format!("{x}"), "{x:e}");
        }
        assert_eq!(plain(f64::NAN), format!("{}", f64::NAN));
        assert_eq!(plain(f64::INFINITY), format!("{}", f64::INFINITY));
        assert_eq!(plain(f64::NEG_INFINITY), format!("{}", f64::NEG_INFINITY));
    }

    #[test]
    fn plain_writes_what_display_writes_for_many_bit_patterns() {
        // A fixed xorshift over the bit patterns, plus round numbers and typical ms values.
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let mut ties = 0;
        for i in 0..200_000u64 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = match i % 4 {
                0 => f64::from_bits(s),
                1 => (s % 100_000_000) as f64 / 1000.0,
                2 => (s % 1_000_000) as f64 * 10f64.powi((s >> 40) as i32 % 40 - 20),
                _ => -((s % 10_000) as f64) / 8.0,
            };
            let (ours, std) = (plain(x), format!("{x}"));
            if ours != std {
                // Only a tie between two shortest decimals may differ, in the last digit.
                assert_eq!(ours.parse::<f64>().ok(), Some(x), "{ours} for {std}");
                assert_eq!(ours.len(), std.len(), "{ours} for {std}");
                assert_eq!(
                    ours[..ours.len() - 1],
                    std[..std.len() - 1],
                    "{ours} for {std}"
                );
                ties += 1;
            }
        }
        // Ties are rare: a handful in 50,000 random bit patterns.
        assert!(ties < 100, "{ties} differences");
    }

    #[test]
    fn clamp_limits_and_takes_lo_for_nan() {
        assert_eq!(clamp(-1.0, 0.0, 1.0), 0.0);
        assert_eq!(clamp(0.25, 0.0, 1.0), 0.25);
        assert_eq!(clamp(7.0, 0.0, 1.0), 1.0);
        assert_eq!(clamp(f64::NAN, 0.5, 1.0), 0.5);
    }

    #[test]
    fn fixed_rounds_to_places() {
        assert_eq!(fixed(2.0, 1), "2.0");
        assert_eq!(fixed(12.345, 1), "12.3");
        assert_eq!(fixed(0.04, 1), "0.0");
        assert_eq!(fixed(-0.04, 1), "-0.0");
        assert_eq!(fixed(-0.0, 1), format!("{:.1}", -0.0));
        assert_eq!(fixed(-1.26, 1), "-1.3");
        assert_eq!(fixed(0.316227766, 3), "0.316");
        assert_eq!(fixed(1.0, 3), "1.000");
        assert_eq!(fixed(7.0, 0), "7");
        assert_eq!(fixed(0.001, 3), "0.001");
        assert_eq!(fixed(1e30, 1), plain(1e30));
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        for us in [0u64, 1, 49, 51, 999, 1000, 12_345, 150_049, 7_777_777] {
            let ms = us as f64 / 1000.0;
            assert_eq!(fixed(ms, 1), format!("{ms:.1}"), "{us} µs");
        }
    }
}
