//! [`Seconds`]: a duration or a model time in a scenario file, written as seconds (`3600`) or
//! with units (`"1h"`, `"90min"`, `"1h30min"`, `"2d"`, `"45s"`).

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A time span in seconds, read from a number of seconds or a string with units `s`, `min`,
/// `h` and `d`, which may be combined (`"1h30min"`).
///
/// ```
/// use hazsim_scenario::Seconds;
/// assert_eq!("1h30min".parse::<Seconds>().unwrap().0, 5400.0);
/// assert_eq!("5min".parse::<Seconds>().unwrap().0, 300.0);
/// assert!("5 parsecs".parse::<Seconds>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Seconds(pub f64);

impl Seconds {
    /// Seconds as f64.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl std::str::FromStr for Seconds {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        let bad = || {
            format!(
                "{s:?} is not a duration; write seconds (3600) or a number with units s, min, h or d (\"1h\", \"90min\", \"1h30min\")"
            )
        };
        if text.is_empty() {
            return Err(bad());
        }
        if let Ok(v) = text.parse::<f64>() {
            return check(v).map_err(|_| bad());
        }
        let mut total = 0.0;
        let mut rest = text;
        while !rest.is_empty() {
            let num_end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(bad)?;
            if num_end == 0 {
                return Err(bad());
            }
            let v: f64 = rest[..num_end].parse().map_err(|_| bad())?;
            rest = rest[num_end..].trim_start();
            let unit_end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let factor = match &rest[..unit_end] {
                "s" | "sec" => 1.0,
                "min" | "m" => 60.0,
                "h" | "hr" => 3600.0,
                "d" => 86400.0,
                _ => return Err(bad()),
            };
            total += v * factor;
            rest = rest[unit_end..].trim_start();
        }
        check(total).map_err(|_| bad())
    }
}

fn check(v: f64) -> Result<Seconds, ()> {
    if v.is_finite() && v >= 0.0 {
        Ok(Seconds(v))
    } else {
        Err(())
    }
}

impl fmt::Display for Seconds {
    /// `2h`, `90min`, `45s` or `1h30min`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", format_duration(self.0))
    }
}

/// A duration as `1h30min`, `45s`, `2d`; fractional seconds are kept.
///
/// ```
/// assert_eq!(hazsim_scenario::duration::format_duration(5400.0), "1h30min");
/// assert_eq!(hazsim_scenario::duration::format_duration(0.0), "0s");
/// ```
pub fn format_duration(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0s".to_string();
    }
    let neg = v < 0.0;
    let mut rest = v.abs();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    for (unit, size) in [("d", 86400.0), ("h", 3600.0), ("min", 60.0)] {
        let n = (rest / size).floor();
        if n >= 1.0 {
            out += &format!("{n}{unit}");
            rest -= n * size;
        }
    }
    if rest > 1e-9 {
        let r = (rest * 1000.0).round() / 1000.0;
        out += &format!("{r}s");
    }
    out
}

impl Serialize for Seconds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration(self.0))
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration: seconds (3600) or a string with units (\"1h\", \"5min\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Seconds, E> {
                check(v).map_err(|_| E::custom(format!("{v} is not a duration >= 0 s")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seconds, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        for (s, v) in [
            ("0", 0.0),
            ("45s", 45.0),
            ("5min", 300.0),
            ("1h", 3600.0),
            ("1.5h", 5400.0),
            ("1h30min", 5400.0),
            ("2d", 172800.0),
            ("1h 5min 3s", 3903.0),
        ] {
            assert_eq!(s.parse::<Seconds>().unwrap().0, v, "{s}");
        }
        for bad in ["", "h", "-1h", "1 week", "1h-", "nan"] {
            let e = bad.parse::<Seconds>().unwrap_err();
            assert!(e.contains("not a duration"), "{bad}: {e}");
        }
        assert_eq!(format_duration(3903.0), "1h5min3s");
        assert_eq!(format_duration(86400.0 + 60.0), "1d1min");
    }
}
