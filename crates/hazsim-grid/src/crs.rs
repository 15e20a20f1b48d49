//! Coordinate reference systems: an EPSG code and/or WKT text.
//!
//! hazsim does not reproject by itself (that is the `gdal` feature's job); it needs to know only
//! whether a CRS is geographic (degrees) or projected (metres), and to carry the CRS from input to
//! output unchanged.

use std::fmt;

/// A coordinate reference system, as an EPSG code, WKT text, both, or unknown.
///
/// ```
/// use hazsim_grid::Crs;
/// assert!(Crs::epsg(4326).is_geographic());
/// assert!(!Crs::epsg(32616).is_geographic());
/// assert_eq!(Crs::epsg(32616).to_string(), "EPSG:32616");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Crs {
    /// EPSG code, when known.
    pub epsg: Option<u32>,
    /// WKT (1 or 2) text, when known.
    pub wkt: Option<String>,
}

impl Crs {
    /// A CRS known only by its EPSG code.
    pub fn epsg(code: u32) -> Self {
        Crs {
            epsg: Some(code),
            wkt: None,
        }
    }

    /// A CRS known by its WKT text. An `AUTHORITY["EPSG","nnnn"]` or `ID["EPSG",nnnn]` at the
    /// end of the text (the CRS's own identifier) fills in the EPSG code.
    pub fn from_wkt(wkt: impl Into<String>) -> Self {
        let wkt = wkt.into();
        let epsg = last_epsg_id(&wkt);
        Crs {
            epsg,
            wkt: Some(wkt),
        }
    }

    /// No CRS information.
    pub fn unknown() -> Self {
        Crs::default()
    }

    /// True when neither an EPSG code nor WKT is known.
    pub fn is_unknown(&self) -> bool {
        self.epsg.is_none() && self.wkt.is_none()
    }

    /// UTM zone `zone` north (`EPSG:326zz`) or south (`EPSG:327zz`) on WGS 84.
    ///
    /// ```
    /// assert_eq!(hazsim_grid::Crs::utm(16, true).epsg, Some(32616));
    /// ```
    pub fn utm(zone: u32, north: bool) -> Self {
        Crs::epsg(if north { 32600 } else { 32700 } + zone)
    }

    /// True when the CRS is geographic: coordinates in degrees of longitude and latitude.
    ///
    /// EPSG codes 4000–4999 (except the geocentric 4978 and similar) are geographic 2D CRSs;
    /// WKT is geographic when its root is `GEOGCS`, `GEOGCRS` or `GEODCRS` with an ellipsoidal
    /// coordinate system.
    pub fn is_geographic(&self) -> bool {
        if let Some(w) = &self.wkt {
            let t = w.trim_start().to_ascii_uppercase();
            if t.starts_with("PROJCS") || t.starts_with("PROJCRS") || t.starts_with("PROJECTEDCRS")
            {
                return false;
            }
            if t.starts_with("GEOGCS") || t.starts_with("GEOGCRS") || t.starts_with("GEOGRAPHICCRS")
            {
                return true;
            }
            if t.starts_with("GEODCRS") {
                return t.contains("ELLIPSOIDAL");
            }
        }
        match self.epsg {
            Some(4978) | Some(4936) | Some(4328) => false,
            Some(c) => (4000..5000).contains(&c),
            None => false,
        }
    }
}

fn last_epsg_id(wkt: &str) -> Option<u32> {
    let up = wkt.to_ascii_uppercase();
    // The CRS's own identifier is the last AUTHORITY/ID at nesting depth 1.
    let bytes = up.as_bytes();
    let mut depth = 0i32;
    let mut found = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'(' => depth += 1,
            b']' | b')' => depth -= 1,
            _ => {
                if depth == 1 {
                    for key in ["AUTHORITY[\"EPSG\",\"", "ID[\"EPSG\","] {
                        if up[i..].starts_with(key) {
                            let rest = &up[i + key.len()..];
                            let digits: String =
                                rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                            if let Ok(v) = digits.parse() {
                                found = Some(v);
                            }
                        }
                    }
                }
            }
        }
        i += 1;
    }
    found
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.epsg, &self.wkt) {
            (Some(c), _) => write!(f, "EPSG:{c}"),
            (None, Some(w)) => {
                let short: String = w.chars().take(60).collect();
                if w.len() > 60 {
                    write!(f, "{short}…")
                } else {
                    write!(f, "{short}")
                }
            }
            (None, None) => write!(f, "unknown CRS"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkt_epsg_is_the_outer_id() {
        let wkt = r#"PROJCS["WGS 84 / UTM zone 16N",GEOGCS["WGS 84",AUTHORITY["EPSG","4326"]],UNIT["metre",1],AUTHORITY["EPSG","32616"]]"#;
        let c = Crs::from_wkt(wkt);
        assert_eq!(c.epsg, Some(32616));
        assert!(!c.is_geographic());
        let g = Crs::from_wkt(r#"GEOGCS["WGS 84",AUTHORITY["EPSG","4326"]]"#);
        assert_eq!(g.epsg, Some(4326));
        assert!(g.is_geographic());
    }

    #[test]
    fn unknown_is_not_geographic() {
        assert!(!Crs::unknown().is_geographic());
        assert!(Crs::unknown().is_unknown());
        assert_eq!(Crs::unknown().to_string(), "unknown CRS");
    }
}
