//! Simulated time. The engine counts integer microseconds so that event order never depends on
//! floating-point rounding; scenario files and results speak milliseconds.

use serde::{Serialize, Serializer};

/// Simulated time or a duration, in microseconds.
pub type Micros = u64;

/// Longest time or duration a scenario may name, in ms (about 31 years of simulated time).
pub const MAX_MS: f64 = 1e12;

/// Converts milliseconds from a scenario (finite, non-negative) to microseconds, rounding to the
/// nearest microsecond.
pub fn ms_to_us(ms: f64) -> Micros {
    if ms.is_finite() && ms > 0.0 {
        (ms * 1000.0).round() as Micros
    } else {
        0
    }
}

/// Converts signed milliseconds (a clock skew) to signed microseconds.
pub fn ms_to_us_signed(ms: f64) -> i64 {
    if ms.is_finite() {
        (ms * 1000.0).round() as i64
    } else {
        0
    }
}

/// Writes microseconds as milliseconds, without a fraction when there is none: `31`, `31.25`.
pub fn format_us(us: i64) -> String {
    let sign = if us < 0 { "-" } else { "" };
    let a = us.unsigned_abs();
    if a.is_multiple_of(1000) {
        format!("{sign}{}", a / 1000)
    } else {
        let frac = format!("{:03}", a % 1000);
        format!("{sign}{}.{}", a / 1000, frac.trim_end_matches('0'))
    }
}

/// A time in microseconds that serializes as a JSON number of milliseconds: an integer when
/// whole (`31`), a decimal otherwise (`31.25`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ms(pub Micros);

impl Serialize for Ms {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(1000) {
            s.serialize_u64(self.0 / 1000)
        } else {
            s.serialize_f64(self.0 as f64 / 1000.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_whole_and_fractional_milliseconds() {
        assert_eq!(format_us(31_000), "31");
        assert_eq!(format_us(31_250), "31.25");
        assert_eq!(format_us(-1_500), "-1.5");
        assert_eq!(serde_json::to_string(&Ms(31_000)).unwrap(), "31");
        assert_eq!(serde_json::to_string(&Ms(31_250)).unwrap(), "31.25");
        assert_eq!(ms_to_us(0.0005), 1);
    }
}
