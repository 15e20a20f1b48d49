//! GeoJSON reading, in one place for every front door: features (points, lines, polygons, and
//! their multi- and collection forms) with their properties, the CRS a legacy `crs` member names,
//! and the cells each feature covers on a grid.
//!
//! Parsing is the `geojson` crate's; on top of it every position is checked (two finite
//! numbers; lines of two positions or more, rings of four or more), with errors that name the
//! member (`features[2].geometry.coordinates[0][3]`). [`FeatureSet::check_crs`] refuses data
//! in another CRS than the grid's, and longitude/latitude given for a projected grid, naming the
//! fix.

use super::geojson::{Feature, Geometry, Position};
use crate::{Error, Result};
use hazsim_grid::rasterize::{line_cells, polygon_cells};
use hazsim_grid::Raster;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Features read from a GeoJSON file, and the EPSG code its `crs` member names (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureSet {
    /// The features in file order; a bare geometry is one feature without properties, and
    /// features with a `null` geometry are left out.
    pub features: Vec<Feature>,
    /// The EPSG code of the legacy `crs` member (`urn:ogc:def:crs:EPSG::32616`, `EPSG:32616`),
    /// or `None` when the file has none (RFC 7946: longitude/latitude).
    pub epsg: Option<u32>,
    /// Where the features came from, for messages.
    pub source: PathBuf,
}

/// Reads a GeoJSON file: a FeatureCollection, a Feature or a bare geometry.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("assets.geojson");
/// std::fs::write(&p, r#"{"type": "FeatureCollection",
///   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}},
///   "features": [{"type": "Feature", "properties": {"name": "School", "population_day": 240},
///                 "geometry": {"type": "Point", "coordinates": [752000, 4021000]}}]}"#).unwrap();
/// let set = hazsim_io::vector::read_geojson(&p).unwrap();
/// assert_eq!(set.epsg, Some(32616));
/// assert_eq!(set.features[0].properties["population_day"], 240);
/// ```
pub fn read_geojson(path: impl AsRef<Path>) -> Result<FeatureSet> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    read_geojson_str(&text, path)
}

/// Reads GeoJSON text; `source` names it in errors.
///
/// ```
/// use hazsim_io::vector::{read_geojson_str, Geometry};
/// let set = read_geojson_str(r#"{"type": "LineString", "coordinates": [[0, 0], [10, 5]]}"#, "road").unwrap();
/// assert_eq!(set.features[0].geometry, Geometry::LineString(vec![(0.0, 0.0), (10.0, 5.0)]));
/// let e = read_geojson_str(r#"{"type": "Point", "coordinates": [1]}"#, "gauge").unwrap_err();
/// assert!(e.to_string().contains("coordinates"));
/// ```
pub fn read_geojson_str(text: &str, source: impl AsRef<Path>) -> Result<FeatureSet> {
    let source = source.as_ref().to_path_buf();
    let corrupt = |detail: String| Error::Corrupt {
        path: source.clone(),
        format: "GeoJSON",
        detail,
    };
    let root: Value =
        serde_json::from_str(text).map_err(|e| corrupt(format!("invalid JSON: {e}")))?;
    let epsg = crs_member(&root).map_err(&corrupt)?;
    const TYPES: [&str; 9] = [
        "FeatureCollection",
        "Feature",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    ];
    match root.get("type").and_then(Value::as_str) {
        Some(t) if TYPES.contains(&t) => {}
        other => {
            return Err(Error::Unsupported {
                path: source.clone(),
                what: format!(
                    "GeoJSON type {:?} at the top level",
                    other.unwrap_or("(none)")
                ),
                fix: format!("use one of {}", TYPES.join(", ")),
            })
        }
    }
    let where_bad = first_bad_coordinate(&root, "");
    let gj = geojson::GeoJson::from_json_value(root).map_err(|e| {
        corrupt(match &where_bad {
            Some(w) => format!("{w}: not a position of two numbers [x, y] ({e})"),
            None => format!("not GeoJSON: {e}"),
        })
    })?;
    let mut features = Vec::new();
    let mut convert = |g: &geojson::Geometry,
                       what: String,
                       props: Map<String, Value>,
                       id: Option<Value>|
     -> Result<()> {
        let geometry = geometry(&g.value, &what).map_err(&corrupt)?;
        for geometry in geometry {
            features.push(Feature {
                geometry,
                properties: props.clone(),
                id: id.clone(),
            });
        }
        Ok(())
    };
    match &gj {
        geojson::GeoJson::FeatureCollection(fc) => {
            for (i, f) in fc.features.iter().enumerate() {
                if let Some(g) = &f.geometry {
                    convert(
                        g,
                        format!("features[{i}].geometry"),
                        f.properties.clone().unwrap_or_default(),
                        f.id.as_ref().map(id_value),
                    )?;
                }
            }
        }
        geojson::GeoJson::Feature(f) => {
            if let Some(g) = &f.geometry {
                convert(
                    g,
                    "geometry".to_string(),
                    f.properties.clone().unwrap_or_default(),
                    f.id.as_ref().map(id_value),
                )?;
            }
        }
        geojson::GeoJson::Geometry(g) => convert(g, "top level".to_string(), Map::new(), None)?,
    }
    Ok(FeatureSet {
        features,
        epsg,
        source,
    })
}

/// The path of the first value inside a `coordinates` member that is not a number or an array,
/// for an error message that names the member (the `geojson` crate's does not).
fn first_bad_coordinate(v: &Value, path: &str) -> Option<String> {
    fn leaves(v: &Value, path: String) -> Option<String> {
        match v {
            Value::Number(_) => None,
            // A position: two numbers or more.
            Value::Array(a) if a.len() < 2 && a.iter().all(Value::is_number) => Some(path),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, x)| leaves(x, format!("{path}[{i}]"))),
            _ => Some(path),
        }
    }
    match v {
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k == "coordinates" {
                leaves(x, p)
            } else {
                first_bad_coordinate(x, &p)
            }
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| first_bad_coordinate(x, &format!("{path}[{i}]"))),
        _ => None,
    }
}

fn id_value(id: &geojson::feature::Id) -> Value {
    match id {
        geojson::feature::Id::String(s) => Value::String(s.clone()),
        geojson::feature::Id::Number(n) => Value::Number(n.clone()),
    }
}

/// The EPSG code of a legacy `crs` member, if the root has one.
fn crs_member(root: &Value) -> std::result::Result<Option<u32>, String> {
    let Some(crs) = root.get("crs") else {
        return Ok(None);
    };
    let name = crs
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!("crs: expected {{\"type\": \"name\", \"properties\": {{\"name\": \"urn:ogc:def:crs:EPSG::32616\"}}}}, found {crs}")
        })?;
    if name.ends_with("CRS84") || name.ends_with("CRS:84") {
        return Ok(Some(4326));
    }
    let code = name
        .rsplit(':')
        .next()
        .and_then(|c| c.trim().parse::<u32>().ok());
    match code {
        Some(c) => Ok(Some(c)),
        None => Err(format!(
            "crs name {name:?} names no EPSG code; use e.g. \"urn:ogc:def:crs:EPSG::32616\""
        )),
    }
}

/// One GeoJSON geometry as hazsim geometries (a collection gives several), every position
/// checked.
fn geometry(v: &geojson::Value, what: &str) -> std::result::Result<Vec<Geometry>, String> {
    use geojson::Value as V;
    let w = format!("{what}.coordinates");
    Ok(match v {
        V::Point(p) => vec![Geometry::Point(position(p, &w)?)],
        V::MultiPoint(ps) => vec![Geometry::MultiPoint(positions(ps, &w, 0)?)],
        V::LineString(l) => vec![Geometry::LineString(positions(l, &w, 2)?)],
        V::MultiLineString(ls) => vec![Geometry::MultiLineString(
            ls.iter()
                .enumerate()
                .map(|(i, l)| positions(l, &format!("{w}[{i}]"), 2))
                .collect::<std::result::Result<_, _>>()?,
        )],
        V::Polygon(rings) => vec![Geometry::Polygon(polygon(rings, &w)?)],
        V::MultiPolygon(polys) => vec![Geometry::MultiPolygon(
            polys
                .iter()
                .enumerate()
                .map(|(i, p)| polygon(p, &format!("{w}[{i}]")))
                .collect::<std::result::Result<_, _>>()?,
        )],
        V::GeometryCollection(gs) => {
            let mut out = Vec::new();
            for (i, g) in gs.iter().enumerate() {
                out.extend(geometry(&g.value, &format!("{what}.geometries[{i}]"))?);
            }
            out
        }
    })
}

fn position(p: &[f64], what: &str) -> std::result::Result<Position, String> {
    match p {
        [x, y, ..] if x.is_finite() && y.is_finite() => Ok((*x, *y)),
        _ => Err(format!(
            "{what}: a position is two finite numbers [x, y], found {p:?}"
        )),
    }
}

fn positions(
    ps: &[Vec<f64>],
    what: &str,
    min: usize,
) -> std::result::Result<Vec<Position>, String> {
    if ps.len() < min {
        return Err(format!(
            "{what}: needs at least {min} positions, found {}",
            ps.len()
        ));
    }
    ps.iter()
        .enumerate()
        .map(|(i, p)| position(p, &format!("{what}[{i}]")))
        .collect()
}

fn polygon(rings: &[Vec<Vec<f64>>], what: &str) -> std::result::Result<Vec<Vec<Position>>, String> {
    if rings.is_empty() {
        return Err(format!("{what}: a polygon needs an exterior ring"));
    }
    rings
        .iter()
        .enumerate()
        .map(|(i, r)| positions(r, &format!("{what}[{i}]"), 4))
        .collect()
}

impl FeatureSet {
    /// Checks the features against `grid`'s CRS: a `crs` member naming another EPSG code than
    /// the grid's is an error naming both, and so are coordinates that all look like
    /// longitude/latitude (|x| ≤ 180, |y| ≤ 90) when the grid is projected and lies outside
    /// that range. `input` names the data in the message (`--ignitions`, `asset_layer[0]`).
    ///
    /// ```
    /// use hazsim_grid::{Crs, GeoTransform, Raster};
    /// use hazsim_io::vector::read_geojson_str;
    /// let dem = Raster::new(ndarray::Array2::<f32>::zeros((10, 10)), GeoTransform::north_up(752_000.0, 4_021_000.0, 90.0), Crs::epsg(32616));
    /// let lonlat = read_geojson_str(r#"{"type": "Point", "coordinates": [-84.2, 36.3]}"#, "gauges.geojson").unwrap();
    /// let e = lonlat.check_crs(&dem, "gauges").unwrap_err().to_string();
    /// assert!(e.contains("longitude/latitude") && e.contains("EPSG:32616"));
    /// ```
    pub fn check_crs<T>(&self, grid: &Raster<T>, input: &str) -> Result<()> {
        let grid_epsg = grid.crs.epsg;
        let fix = match grid_epsg {
            Some(e) => format!("reproject it to the DEM's CRS, EPSG:{e} (e.g. `ogr2ogr -t_srs EPSG:{e} out.geojson in.geojson`)"),
            None => "reproject it to the DEM's CRS".to_string(),
        };
        let bad = |what: String| Error::InvalidParameter {
            name: input.to_string(),
            value: self.source.display().to_string(),
            expected: format!("data in the DEM's CRS, but {what}; {fix}"),
        };
        if let (Some(file), Some(dem)) = (self.epsg, grid_epsg) {
            if file != dem {
                return Err(bad(format!("its crs member names EPSG:{file}")));
            }
            return Ok(());
        }
        if self.looks_lonlat(grid) {
            return Err(bad(
                "its coordinates look like longitude/latitude (WGS 84, the GeoJSON default)"
                    .to_string(),
            ));
        }
        Ok(())
    }

    /// True when the set names no CRS, every coordinate lies within ±180, ±90 and the grid
    /// does not: longitude/latitude (RFC 7946) given for a projected grid.
    ///
    /// ```
    /// use hazsim_grid::{Crs, GeoTransform, Raster};
    /// use hazsim_io::vector::read_geojson_str;
    /// let dem = Raster::new(ndarray::Array2::<f32>::zeros((10, 10)), GeoTransform::north_up(752_000.0, 4_021_000.0, 90.0), Crs::epsg(32616));
    /// let set = read_geojson_str(r#"{"type": "Point", "coordinates": [-84.2, 36.3]}"#, "g").unwrap();
    /// assert!(set.looks_lonlat(&dem));
    /// ```
    pub fn looks_lonlat<T>(&self, grid: &Raster<T>) -> bool {
        if self.epsg.is_some() || self.features.is_empty() {
            return false;
        }
        let b = grid.bounds();
        let grid_is_lonlat =
            b.x_min >= -180.0 && b.x_max <= 180.0 && b.y_min >= -90.0 && b.y_max <= 90.0;
        !grid_is_lonlat
            && self
                .features
                .iter()
                .flat_map(|f| f.geometry.positions())
                .all(|(x, y)| x.abs() <= 180.0 && y.abs() <= 90.0)
    }
}

impl FeatureSet {
    /// The polygons (rings, exterior first) and points of the set, for inputs that are areas or
    /// single cells (a debris release): a line is an error naming `input`, and so is a set with
    /// neither.
    ///
    /// ```
    /// use hazsim_io::vector::read_geojson_str;
    /// let set = read_geojson_str(r#"{"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}"#, "x").unwrap();
    /// let (polygons, points) = set.areas_and_points("release").unwrap();
    /// assert!(polygons.is_empty() && points.len() == 2);
    /// let line = read_geojson_str(r#"{"type": "LineString", "coordinates": [[1, 2], [3, 4]]}"#, "x").unwrap();
    /// assert!(line.areas_and_points("release").unwrap_err().to_string().contains("line"));
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn areas_and_points(
        &self,
        input: &str,
    ) -> Result<(Vec<Vec<Vec<Position>>>, Vec<Position>)> {
        let bad = |expected: &str| Error::InvalidParameter {
            name: input.to_string(),
            value: self.source.display().to_string(),
            expected: expected.to_string(),
        };
        let (mut polygons, mut points) = (Vec::new(), Vec::new());
        for f in &self.features {
            match &f.geometry {
                Geometry::Polygon(rings) => polygons.push(rings.clone()),
                Geometry::MultiPolygon(ps) => polygons.extend(ps.iter().cloned()),
                Geometry::Point(p) => points.push(*p),
                Geometry::MultiPoint(ps) => points.extend(ps.iter().copied()),
                Geometry::LineString(_) | Geometry::MultiLineString(_) => {
                    return Err(bad(
                        "Polygon/MultiPolygon features (areas) or Point features (single cells); a line feature is not an area",
                    ))
                }
            }
        }
        if polygons.is_empty() && points.is_empty() {
            return Err(bad(
                "at least one Polygon, MultiPolygon or Point feature in the DEM's CRS; it has no Polygon, MultiPolygon or Point feature",
            ));
        }
        Ok((polygons, points))
    }
}

impl Feature {
    /// The cells of `grid` the feature covers: a point its cell, a line the cells it runs
    /// through, a polygon the cells whose centres it covers (even-odd rule) and the cells its
    /// rings run through. Parts outside the grid cover nothing.
    ///
    /// ```
    /// use hazsim_grid::{Crs, GeoTransform, Raster};
    /// use hazsim_io::vector::{Feature, Geometry};
    /// let g = Raster::new(ndarray::Array2::<f32>::zeros((3, 4)), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616));
    /// assert_eq!(Feature::new(Geometry::Point((15.0, 25.0))).cells(&g), vec![(0, 1)]);
    /// assert!(Feature::new(Geometry::Point((99.0, 25.0))).cells(&g).is_empty());
    /// ```
    pub fn cells<T>(&self, grid: &Raster<T>) -> Vec<(usize, usize)> {
        let shape = grid.shape();
        let t = &grid.transform;
        match &self.geometry {
            Geometry::Point(p) => grid.cell_index(p.0, p.1).into_iter().collect(),
            Geometry::MultiPoint(ps) => ps
                .iter()
                .filter_map(|p| grid.cell_index(p.0, p.1))
                .collect(),
            Geometry::LineString(l) => line_cells(t, shape, l),
            Geometry::MultiLineString(ls) => {
                ls.iter().flat_map(|l| line_cells(t, shape, l)).collect()
            }
            Geometry::Polygon(rings) => polygon_cells(t, shape, rings),
            Geometry::MultiPolygon(ps) => {
                ps.iter().flat_map(|r| polygon_cells(t, shape, r)).collect()
            }
        }
    }
}

impl Geometry {
    /// Applies `f` to every position of the geometry in place (a reprojection).
    ///
    /// ```
    /// use hazsim_io::vector::Geometry;
    /// let mut g = Geometry::LineString(vec![(0.0, 0.0), (1.0, 2.0)]);
    /// g.for_each_position_mut(|p| p.0 += 10.0);
    /// assert_eq!(g.positions(), vec![(10.0, 0.0), (11.0, 2.0)]);
    /// ```
    pub fn for_each_position_mut(&mut self, mut f: impl FnMut(&mut Position)) {
        match self {
            Geometry::Point(p) => f(p),
            Geometry::MultiPoint(ps) | Geometry::LineString(ps) => ps.iter_mut().for_each(f),
            Geometry::MultiLineString(ls) | Geometry::Polygon(ls) => {
                ls.iter_mut().flatten().for_each(f)
            }
            Geometry::MultiPolygon(ps) => ps.iter_mut().flatten().flatten().for_each(f),
        }
    }

    /// Every position of the geometry.
    pub fn positions(&self) -> Vec<Position> {
        match self {
            Geometry::Point(p) => vec![*p],
            Geometry::MultiPoint(ps) | Geometry::LineString(ps) => ps.clone(),
            Geometry::MultiLineString(ls) | Geometry::Polygon(ls) => ls.concat(),
            Geometry::MultiPolygon(ps) => ps.iter().flat_map(|r| r.concat()).collect(),
        }
    }
}
