//! Minimal CSV writer (RFC 4180 quoting) for time series, gauges and asset tables.
//!
//! - A field is quoted when it contains a comma, a double quote, a line break, or leading or
//!   trailing spaces; quotes inside are doubled.
//! - Floats are written with full precision: the shortest text that reads back to the same value
//!   (values from `f32` use the shortest text for the `f32`, so `0.1f32` is written `0.1`).
//!   Very large or small magnitudes use exponent notation (`1e-7`, `2.5e20`).
//! - NaN is written as an empty field (read as missing by pandas, R and spreadsheets);
//!   infinities as `inf` and `-inf`.
//! - Lines end with `\n`. Files are written atomically (temporary file, then rename).

use crate::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

/// One CSV field value.
///
/// ```
/// use hazsim_io::vector::CsvValue;
/// assert_eq!(CsvValue::from(0.1f32).to_field(), "0.1");
/// assert_eq!(CsvValue::from("a,b").to_field(), "\"a,b\"");
/// assert_eq!(CsvValue::from(f64::NAN).to_field(), "");
/// assert_eq!(CsvValue::from(None::<i32>).to_field(), "");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum CsvValue {
    /// An empty field (missing value).
    Empty,
    /// Text, quoted as needed.
    Text(String),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer.
    UInt(u64),
    /// A float, written with full precision.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl CsvValue {
    /// The field as CSV text, quoted when needed.
    pub fn to_field(&self) -> Cow<'_, str> {
        match self {
            CsvValue::Empty => Cow::Borrowed(""),
            CsvValue::Text(s) => quote(s),
            CsvValue::Int(i) => Cow::Owned(i.to_string()),
            CsvValue::UInt(u) => Cow::Owned(u.to_string()),
            CsvValue::Float(x) => Cow::Owned(format_float(*x)),
            CsvValue::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }
}

/// Full-precision float text; see the module docs.
fn format_float(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.to_string()
    } else if x != 0.0 && !(1e-5..1e16).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Quote `s` if it holds a separator, quote, line break or edge spaces.
fn quote(s: &str) -> Cow<'_, str> {
    let needs = s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if needs {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

impl From<f64> for CsvValue {
    fn from(x: f64) -> Self {
        CsvValue::Float(x)
    }
}
impl From<f32> for CsvValue {
    /// Keeps the `f32`'s shortest decimal form: `0.1f32` becomes `0.1`, not `0.10000000149`.
    fn from(x: f32) -> Self {
        if x.is_finite() {
            CsvValue::Float(x.to_string().parse().unwrap_or(x as f64))
        } else {
            CsvValue::Float(x as f64)
        }
    }
}
macro_rules! csv_from_int {
    ($variant:ident, $wide:ty: $($t:ty),*) => {$(
        impl From<$t> for CsvValue {
            fn from(x: $t) -> Self {
                CsvValue::$variant(x as $wide)
            }
        }
    )*};
}
csv_from_int!(Int, i64: i8, i16, i32, i64, isize);
csv_from_int!(UInt, u64: u8, u16, u32, u64, usize);
impl From<bool> for CsvValue {
    fn from(b: bool) -> Self {
        CsvValue::Bool(b)
    }
}
impl From<&str> for CsvValue {
    fn from(s: &str) -> Self {
        CsvValue::Text(s.to_string())
    }
}
impl From<String> for CsvValue {
    fn from(s: String) -> Self {
        CsvValue::Text(s)
    }
}
impl From<&String> for CsvValue {
    fn from(s: &String) -> Self {
        CsvValue::Text(s.clone())
    }
}
impl<T: Into<CsvValue>> From<Option<T>> for CsvValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(CsvValue::Empty, Into::into)
    }
}

/// Write a CSV file with a header line and one line per row; returns the number of rows
/// written. Every row must have one value per header. The file is written atomically: on any
/// error (a short row, a full disk) an existing file at `path` is left as it was.
///
/// ```
/// use hazsim_io::vector::{write_csv, CsvValue};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("gauges.csv");
/// let rows = vec![
///     vec![CsvValue::from("bridge, north"), 3600.0.into(), 1.25.into()],
///     vec!["mill \"old\"".into(), 7200.0.into(), CsvValue::Empty],
/// ];
/// assert_eq!(write_csv(&path, &["gauge", "time_s", "depth_m"], rows).unwrap(), 2);
/// assert_eq!(
///     std::fs::read_to_string(&path).unwrap(),
///     "gauge,time_s,depth_m\n\"bridge, north\",3600,1.25\n\"mill \"\"old\"\"\",7200,\n"
/// );
/// ```
pub fn write_csv<I>(path: impl AsRef<Path>, headers: &[&str], rows: I) -> Result<usize>
where
    I: IntoIterator<Item = Vec<CsvValue>>,
{
    let path = path.as_ref();
    if headers.is_empty() {
        return Err(Error::param("headers", "[]", "at least one column name"));
    }
    let mut bad_row: Option<Error> = None;
    let mut count = 0usize;
    let result = super::write_atomically(path, |w| {
        let header: Vec<Cow<'_, str>> = headers.iter().map(|h| quote(h)).collect();
        w.write_all(header.join(",").as_bytes())?;
        w.write_all(b"\n")?;
        let mut line = String::new();
        for (i, row) in rows.into_iter().enumerate() {
            if row.len() != headers.len() {
                bad_row = Some(Error::param(
                    &format!("{}: row {i}", path.display()),
                    format!("{} value(s)", row.len()),
                    &format!(
                        "{} values, one per column ({})",
                        headers.len(),
                        headers.join(", ")
                    ),
                ));
                return Err(std::io::Error::other("row length mismatch"));
            }
            line.clear();
            for (j, v) in row.iter().enumerate() {
                if j > 0 {
                    line.push(',');
                }
                line.push_str(&v.to_field());
            }
            line.push('\n');
            w.write_all(line.as_bytes())?;
            count += 1;
        }
        Ok(())
    });
    match (result, bad_row) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(e),
        (Ok(()), None) => Ok(count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip() {
        for x in [
            0.1,
            1.0 / 3.0,
            -2.5e-9,
            6.02214076e23,
            1e15,
            123456.789,
            0.0,
            -0.0,
        ] {
            let s = format_float(x);
            assert_eq!(
                s.parse::<f64>().unwrap().to_bits(),
                x.to_bits(),
                "{x} -> {s}"
            );
        }
        assert_eq!(format_float(f64::INFINITY), "inf");
        assert_eq!(format_float(1e-7), "1e-7");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a\nb"), "\"a\nb\"");
        assert_eq!(quote(" pad"), "\" pad\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
