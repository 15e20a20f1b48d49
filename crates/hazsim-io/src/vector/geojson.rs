//! GeoJSON writer: FeatureCollections of points, lines and polygons with properties.
//!
//! Output follows RFC 7946 (polygon rings closed, exterior rings counter-clockwise and holes
//! clockwise), with two deliberate exceptions that GIS tools expect from hazard models:
//!
//! - coordinates are written in the raster's own CRS (usually a projected one in metres), not
//!   reprojected to WGS 84 longitude/latitude;
//! - the CRS is then named by the legacy `"crs"` member of the 2008 GeoJSON specification,
//!   `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}}`. RFC 7946 dropped
//!   this member, but GDAL/OGR and QGIS still honour it, so the file opens in the right place.
//!   Pass `epsg: None` to omit it (for lon/lat data or when the CRS is unknown).
//!
//! Numbers are written with full precision (shortest text that reads back to the same `f64`).
//! One feature per line keeps large files diff-friendly and streamable.

use crate::{Error, Result};
use serde_json::{json, Map, Value};
use std::path::Path;

/// A position: (x, y) in the CRS of the file (easting, northing or longitude, latitude).
pub type Position = (f64, f64);

/// A GeoJSON geometry.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// One position.
    Point(Position),
    /// Several positions.
    MultiPoint(Vec<Position>),
    /// A polyline of at least two positions.
    LineString(Vec<Position>),
    /// Several polylines.
    MultiLineString(Vec<Vec<Position>>),
    /// An exterior ring followed by hole rings; rings are closed automatically.
    Polygon(Vec<Vec<Position>>),
    /// Several polygons.
    MultiPolygon(Vec<Vec<Vec<Position>>>),
}

/// A feature: a geometry with properties and an optional id.
///
/// ```
/// use hazsim_io::vector::{Feature, Geometry};
/// let f = Feature::new(Geometry::Point((500_000.0, 4_000_000.0)))
///     .with_property("name", "gauge 3")
///     .with_property("max_depth_m", 1.25);
/// assert_eq!(f.properties["max_depth_m"], 1.25);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The geometry.
    pub geometry: Geometry,
    /// Properties (attribute table row).
    pub properties: Map<String, Value>,
    /// Optional feature id (a string or a number).
    pub id: Option<Value>,
}

impl Feature {
    /// A feature without properties.
    pub fn new(geometry: Geometry) -> Self {
        Feature {
            geometry,
            properties: Map::new(),
            id: None,
        }
    }

    /// Add or replace a property.
    pub fn with_property(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.properties.insert(key.into(), value.into());
        self
    }

    /// Set the feature id.
    pub fn with_id(mut self, id: impl Into<Value>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The feature as a GeoJSON object; `what` names it in errors.
    fn to_json(&self, what: &str) -> Result<Value> {
        let mut obj = Map::new();
        obj.insert("type".into(), "Feature".into());
        if let Some(id) = &self.id {
            if !(id.is_string() || id.is_number()) {
                return Err(Error::param(
                    &format!("{what}.id"),
                    id,
                    "a string or a number (RFC 7946 §3.2)",
                ));
            }
            obj.insert("id".into(), id.clone());
        }
        obj.insert(
            "geometry".into(),
            self.geometry.to_json(&format!("{what}.geometry"))?,
        );
        obj.insert("properties".into(), Value::Object(self.properties.clone()));
        Ok(Value::Object(obj))
    }
}

fn position(p: Position, what: &str) -> Result<Value> {
    if !(p.0.is_finite() && p.1.is_finite()) {
        return Err(Error::param(
            what,
            format!("({}, {})", p.0, p.1),
            "finite coordinates (JSON has no NaN or infinity)",
        ));
    }
    Ok(json!([p.0, p.1]))
}

fn positions(ps: &[Position], what: &str) -> Result<Value> {
    ps.iter()
        .enumerate()
        .map(|(i, &p)| position(p, &format!("{what}[{i}]")))
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

fn line(ps: &[Position], what: &str) -> Result<Value> {
    if ps.len() < 2 {
        return Err(Error::param(
            what,
            format!("{} position(s)", ps.len()),
            "a LineString of at least 2 positions",
        ));
    }
    positions(ps, what)
}

/// Twice the signed area of a ring (positive when counter-clockwise with y up).
fn signed_area2(ring: &[Position]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum()
}

fn polygon(rings: &[Vec<Position>], what: &str) -> Result<Value> {
    if rings.is_empty() {
        return Err(Error::param(
            what,
            "no rings",
            "an exterior ring, optionally followed by holes",
        ));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (k, ring) in rings.iter().enumerate() {
        let w = format!("{what}[{k}]");
        let mut r: Vec<Position> = ring.clone();
        if r.len() > 1 && r.first() == r.last() {
            r.pop();
        }
        if r.len() < 3 {
            return Err(Error::param(
                &w,
                format!("{} distinct position(s)", r.len()),
                "a ring of at least 3 distinct positions",
            ));
        }
        // Right-hand rule: exterior counter-clockwise, holes clockwise.
        let ccw = signed_area2(&r) > 0.0;
        if ccw != (k == 0) {
            // Reverse the winding but keep the ring's first position.
            r[1..].reverse();
        }
        r.push(r[0]);
        out.push(positions(&r, &w)?);
    }
    Ok(Value::Array(out))
}

impl Geometry {
    /// The geometry as a GeoJSON object (rings closed and oriented); `what` names it in errors.
    fn to_json(&self, what: &str) -> Result<Value> {
        let c = format!("{what}.coordinates");
        let (kind, coords) = match self {
            Geometry::Point(p) => ("Point", position(*p, &c)?),
            Geometry::MultiPoint(ps) => ("MultiPoint", positions(ps, &c)?),
            Geometry::LineString(ps) => ("LineString", line(ps, &c)?),
            Geometry::MultiLineString(ls) => (
                "MultiLineString",
                Value::Array(
                    ls.iter()
                        .enumerate()
                        .map(|(i, l)| line(l, &format!("{c}[{i}]")))
                        .collect::<Result<_>>()?,
                ),
            ),
            Geometry::Polygon(rings) => ("Polygon", polygon(rings, &c)?),
            Geometry::MultiPolygon(ps) => (
                "MultiPolygon",
                Value::Array(
                    ps.iter()
                        .enumerate()
                        .map(|(i, p)| polygon(p, &format!("{c}[{i}]")))
                        .collect::<Result<_>>()?,
                ),
            ),
        };
        Ok(json!({ "type": kind, "coordinates": coords }))
    }
}

/// The legacy named-CRS member for an EPSG code (see the module docs).
fn crs_member(epsg: u32) -> Value {
    json!({ "type": "name", "properties": { "name": format!("urn:ogc:def:crs:EPSG::{epsg}") } })
}

/// A GeoJSON FeatureCollection as a `serde_json::Value`, with a `"crs"` member naming `epsg`
/// when given. Errors name the first invalid feature (non-finite coordinates, a line of one
/// position, a ring of fewer than three positions).
///
/// ```
/// use hazsim_io::vector::{feature_collection, Feature, Geometry};
/// let fc = feature_collection(&[Feature::new(Geometry::Point((1.0, 2.0)))], Some(32616)).unwrap();
/// assert_eq!(fc["features"][0]["geometry"]["coordinates"], serde_json::json!([1.0, 2.0]));
/// assert_eq!(fc["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::32616");
/// ```
pub fn feature_collection(features: &[Feature], epsg: Option<u32>) -> Result<Value> {
    let mut obj = Map::new();
    obj.insert("type".into(), "FeatureCollection".into());
    if let Some(code) = epsg {
        obj.insert("crs".into(), crs_member(code));
    }
    let feats = features
        .iter()
        .enumerate()
        .map(|(i, f)| f.to_json(&format!("features[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    obj.insert("features".into(), Value::Array(feats));
    Ok(Value::Object(obj))
}

/// Write `features` as a GeoJSON FeatureCollection file, atomically (temporary file, then
/// rename). `epsg` adds the legacy `"crs"` member that GDAL and QGIS read; coordinates are
/// written as given (see the module docs). Every feature is validated before anything is
/// written, so an error leaves any existing file untouched.
///
/// ```
/// use hazsim_io::vector::{write_geojson, Feature, Geometry};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("front.geojson");
/// let front = Feature::new(Geometry::LineString(vec![(0.0, 0.0), (30.0, 40.0)]))
///     .with_property("time_s", 3600.0);
/// write_geojson(&path, &[front], Some(32616)).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
/// assert_eq!(v["features"][0]["properties"]["time_s"], 3600.0);
/// ```
pub fn write_geojson(
    path: impl AsRef<Path>,
    features: &[Feature],
    epsg: Option<u32>,
) -> Result<()> {
    let path = path.as_ref();
    let feats = features
        .iter()
        .enumerate()
        .map(|(i, f)| f.to_json(&format!("features[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    super::write_atomically(path, |w| {
        w.write_all(b"{\"type\":\"FeatureCollection\",\n")?;
        if let Some(code) = epsg {
            w.write_all(b"\"crs\":")?;
            serde_json::to_writer(&mut *w, &crs_member(code))?;
            w.write_all(b",\n")?;
        }
        w.write_all(b"\"features\":[\n")?;
        for (i, f) in feats.iter().enumerate() {
            serde_json::to_writer(&mut *w, f)?;
            w.write_all(if i + 1 < feats.len() { b",\n" } else { b"\n" })?;
        }
        w.write_all(b"]}\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_closed_and_oriented() {
        // Clockwise square with a counter-clockwise hole: both get flipped.
        let outer = vec![(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0)];
        let hole = vec![(2.0, 2.0), (4.0, 2.0), (4.0, 4.0), (2.0, 4.0), (2.0, 2.0)];
        let v = Geometry::Polygon(vec![outer, hole]).to_json("g").unwrap();
        let ring = |k: usize| -> Vec<Position> {
            v["coordinates"][k]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                .collect()
        };
        let (o, h) = (ring(0), ring(1));
        assert_eq!(o.len(), 5);
        assert_eq!(o.first(), o.last());
        assert!(signed_area2(&o[..4]) > 0.0);
        assert!(signed_area2(&h[..4]) < 0.0);
    }

    #[test]
    fn invalid_geometry_is_named() {
        let e = feature_collection(
            &[
                Feature::new(Geometry::Point((0.0, 0.0))),
                Feature::new(Geometry::LineString(vec![(0.0, 0.0), (f64::NAN, 1.0)])),
            ],
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("features[1].geometry.coordinates[1]"), "{e}");
        let e = Geometry::Polygon(vec![vec![(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)]])
            .to_json("g")
            .unwrap_err()
            .to_string();
        assert!(e.contains("at least 3"), "{e}");
    }
}
