//! Vector overlays drawn on top of a map: points (gauges, ignitions, assets), lines (roads,
//! rivers, fire fronts) and polygon outlines (release areas, districts).
//!
//! Coordinates are world coordinates in the CRS of the raster being drawn; they are mapped to
//! pixels through the raster's geotransform. Nothing is reprojected: GeoJSON exported as WGS 84
//! longitude/latitude (the RFC 7946 default) must be reprojected to the raster's CRS first, e.g.
//! `ogr2ogr -t_srs EPSG:32616 out.geojson in.geojson`.

use super::canvas::{Rect, RgbaImage};
use super::font;
use crate::{Error, Result};
use serde_json::Value;
use std::path::Path;

/// A vector layer drawn over a map, in world coordinates of the raster's CRS.
///
/// ```
/// use hazsim_io::map::Overlay;
/// let road = Overlay::lines(vec![vec![(0.0, 0.0), (100.0, 50.0)]]).with_color([200, 0, 0]).with_width(3);
/// let gauge = Overlay::point(40.0, 20.0).with_label("G1");
/// assert!(matches!(road, Overlay::Lines { width_px: 3, .. }));
/// assert!(matches!(gauge, Overlay::Points { ref label, .. } if label.as_deref() == Some("G1")));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Filled circles with a contrasting outline; `label` is written beside the first point.
    Points {
        /// Point positions (x, y).
        coords: Vec<(f64, f64)>,
        /// Fill colour.
        color: [u8; 3],
        /// Circle radius in pixels.
        radius_px: u32,
        /// Text drawn to the right of the first point.
        label: Option<String>,
    },
    /// Polylines, drawn with a one-pixel white casing so they show on dark and light maps.
    Lines {
        /// Each line is a list of vertices (x, y).
        lines: Vec<Vec<(f64, f64)>>,
        /// Line colour.
        color: [u8; 3],
        /// Line width in pixels.
        width_px: u32,
    },
    /// Polygon outlines (every ring, exterior and holes), cased like lines.
    Polygons {
        /// Rings as lists of vertices; each is closed when drawn.
        rings: Vec<Vec<(f64, f64)>>,
        /// Outline colour.
        color: [u8; 3],
        /// Outline width in pixels.
        width_px: u32,
    },
}

/// Default point fill (white, with a dark outline).
pub const DEFAULT_POINT_COLOR: [u8; 3] = [255, 255, 255];
/// Default line and outline colour (near black, with a white casing).
pub const DEFAULT_LINE_COLOR: [u8; 3] = [20, 20, 20];

impl Overlay {
    /// One point with the default style.
    pub fn point(x: f64, y: f64) -> Self {
        Overlay::points(vec![(x, y)])
    }

    /// Points with the default style: white, 4 px radius, no label.
    pub fn points(coords: Vec<(f64, f64)>) -> Self {
        Overlay::Points {
            coords,
            color: DEFAULT_POINT_COLOR,
            radius_px: 4,
            label: None,
        }
    }

    /// Polylines with the default style: near black, 2 px.
    pub fn lines(lines: Vec<Vec<(f64, f64)>>) -> Self {
        Overlay::Lines {
            lines,
            color: DEFAULT_LINE_COLOR,
            width_px: 2,
        }
    }

    /// Polygon outlines with the default style: near black, 2 px.
    pub fn polygons(rings: Vec<Vec<(f64, f64)>>) -> Self {
        Overlay::Polygons {
            rings,
            color: DEFAULT_LINE_COLOR,
            width_px: 2,
        }
    }

    /// The same overlay in another colour.
    pub fn with_color(mut self, rgb: [u8; 3]) -> Self {
        match &mut self {
            Overlay::Points { color, .. }
            | Overlay::Lines { color, .. }
            | Overlay::Polygons { color, .. } => *color = rgb,
        }
        self
    }

    /// The same overlay with another line width (lines, polygons) or radius (points), in
    /// pixels.
    pub fn with_width(mut self, px: u32) -> Self {
        match &mut self {
            Overlay::Points { radius_px, .. } => *radius_px = px,
            Overlay::Lines { width_px, .. } | Overlay::Polygons { width_px, .. } => *width_px = px,
        }
        self
    }

    /// The same overlay with a label (points only; ignored for lines and polygons).
    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        if let Overlay::Points { label, .. } = &mut self {
            *label = Some(text.into());
        }
        self
    }

    fn vertices(&self) -> Box<dyn Iterator<Item = &(f64, f64)> + '_> {
        match self {
            Overlay::Points { coords, .. } => Box::new(coords.iter()),
            Overlay::Lines { lines, .. } => Box::new(lines.iter().flatten()),
            Overlay::Polygons { rings, .. } => Box::new(rings.iter().flatten()),
        }
    }

    /// Bounding box (x_min, y_min, x_max, y_max) of the finite vertices, `None` when empty.
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        let mut b: Option<(f64, f64, f64, f64)> = None;
        for &(x, y) in self.vertices() {
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            b = Some(match b {
                None => (x, y, x, y),
                Some((a, c, d, e)) => (a.min(x), c.min(y), d.max(x), e.max(y)),
            });
        }
        b
    }

    /// Draw onto `img`; `to_px` maps world (x, y) to pixel coordinates; drawing is clipped to
    /// `clip` (the map area).
    pub(crate) fn draw(
        &self,
        img: &mut RgbaImage,
        to_px: &dyn Fn(f64, f64) -> Option<(f64, f64)>,
        clip: Rect,
    ) {
        const WHITE: [u8; 4] = [255, 255, 255, 255];
        match self {
            Overlay::Points {
                coords,
                color,
                radius_px,
                label,
            } => {
                let r = (*radius_px).max(1) as f64;
                let outline = contrast_outline(*color);
                let mut first = None;
                for &(x, y) in coords {
                    let Some((px, py)) = to_px(x, y) else {
                        continue;
                    };
                    first.get_or_insert((px, py));
                    img.fill_disc(px, py, r + 1.5, outline, clip);
                    img.fill_disc(px, py, r, rgba(*color), clip);
                }
                if let (Some(text), Some((px, py))) = (label, first) {
                    let h = font::CAP_HEIGHT as f64 * 2.0;
                    font::draw_text_with_halo(
                        img,
                        (px + r + 4.0).round() as i64,
                        (py - h / 2.0).round() as i64,
                        text,
                        2,
                        [0, 0, 0, 255],
                        WHITE,
                        Some(clip),
                    );
                }
            }
            Overlay::Lines {
                lines,
                color,
                width_px,
            } => draw_paths(img, lines, false, *color, *width_px, to_px, clip),
            Overlay::Polygons {
                rings,
                color,
                width_px,
            } => draw_paths(img, rings, true, *color, *width_px, to_px, clip),
        }
    }
}

fn rgba(c: [u8; 3]) -> [u8; 4] {
    [c[0], c[1], c[2], 255]
}

/// Black outline for light fills, white for dark ones.
fn contrast_outline(c: [u8; 3]) -> [u8; 4] {
    let luma = 0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32;
    if luma > 110.0 {
        [0, 0, 0, 255]
    } else {
        [255, 255, 255, 255]
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_paths(
    img: &mut RgbaImage,
    paths: &[Vec<(f64, f64)>],
    closed: bool,
    color: [u8; 3],
    width: u32,
    to_px: &dyn Fn(f64, f64) -> Option<(f64, f64)>,
    clip: Rect,
) {
    let w = width.max(1) as f64;
    let casing = contrast_outline(color);
    // Casing first for every path, then the strokes, so crossings stay clean.
    for (stroke_w, c) in [(w + 2.0, casing), (w, rgba(color))] {
        for path in paths {
            let px: Vec<(f64, f64)> = path.iter().filter_map(|&(x, y)| to_px(x, y)).collect();
            let n = px.len();
            if n == 1 {
                img.fill_disc(px[0].0, px[0].1, stroke_w / 2.0, c, clip);
            }
            for i in 1..n {
                img.draw_line(px[i - 1], px[i], stroke_w, c, clip);
            }
            if closed && n > 2 && px[0] != px[n - 1] {
                img.draw_line(px[n - 1], px[0], stroke_w, c, clip);
            }
        }
    }
}

/// Read a GeoJSON file into overlays with the default styles (see [`overlays_from_geojson_str`]).
///
/// ```
/// use hazsim_io::map::overlays_from_geojson;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("roads.geojson");
/// std::fs::write(&path, r#"{"type": "LineString", "coordinates": [[0, 0], [10, 5]]}"#).unwrap();
/// assert_eq!(overlays_from_geojson(&path).unwrap().len(), 1);
/// let err = overlays_from_geojson(dir.path().join("missing.geojson")).unwrap_err();
/// assert!(err.to_string().contains("missing.geojson"));
/// ```
pub fn overlays_from_geojson(path: impl AsRef<Path>) -> Result<Vec<Overlay>> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

/// Parse GeoJSON text into overlays: a FeatureCollection, a Feature or a bare geometry of type
/// Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection.
///
/// Each feature becomes one overlay in the default style (white points, near-black lines and
/// polygon outlines); a point feature's `label`, `name` or `title` property becomes its label.
/// Features with a `null` geometry are skipped. Errors name the offending member, e.g.
/// `features[2].geometry.coordinates[0]`.
///
/// ```
/// use hazsim_io::map::{overlays_from_geojson_str, Overlay};
/// let gj = r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "properties": {"name": "School"}, "geometry": {"type": "Point", "coordinates": [5, 5]}},
///   {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,0]]]}}
/// ]}"#;
/// let ov = overlays_from_geojson_str(gj).unwrap();
/// assert!(matches!(&ov[0], Overlay::Points { label: Some(l), .. } if l == "School"));
/// assert!(matches!(&ov[1], Overlay::Polygons { rings, .. } if rings[0].len() == 4));
/// assert!(overlays_from_geojson_str(r#"{"type": "Circle"}"#).unwrap_err().to_string().contains("Circle"));
/// ```
pub fn overlays_from_geojson_str(text: &str) -> Result<Vec<Overlay>> {
    parse(text, Path::new("<GeoJSON text>"))
}

fn parse(text: &str, path: &Path) -> Result<Vec<Overlay>> {
    let set = crate::vector::read_geojson_str(text, path)?;
    Ok(set.features.iter().map(overlay_of).collect())
}

/// A feature as an overlay in the default style; a point's `label`, `name` or `title` property
/// becomes its label.
fn overlay_of(f: &crate::vector::Feature) -> Overlay {
    use crate::vector::Geometry as G;
    let label = ["label", "name", "title"]
        .iter()
        .find_map(|k| match f.properties.get(*k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
    let points = |coords: Vec<(f64, f64)>| Overlay::Points {
        coords,
        color: DEFAULT_POINT_COLOR,
        radius_px: 4,
        label: label.clone(),
    };
    match &f.geometry {
        G::Point(p) => points(vec![*p]),
        G::MultiPoint(ps) => points(ps.clone()),
        G::LineString(l) => Overlay::lines(vec![l.clone()]),
        G::MultiLineString(ls) => Overlay::lines(ls.clone()),
        G::Polygon(rings) => Overlay::polygons(rings.clone()),
        G::MultiPolygon(ps) => Overlay::polygons(ps.concat()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_geometry_types_parse() {
        let gj = r#"{"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [1, 2, 300]},
            {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]},
            {"type": "LineString", "coordinates": [[1, 2], [3, 4]]},
            {"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]},
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
            {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]]}
        ]}"#;
        let ov = overlays_from_geojson_str(gj).unwrap();
        assert_eq!(ov.len(), 6);
        assert_eq!(ov[0].bounds(), Some((1.0, 2.0, 1.0, 2.0)));
        assert!(matches!(&ov[3], Overlay::Lines { lines, .. } if lines.len() == 2));
        assert!(matches!(&ov[5], Overlay::Polygons { rings, .. } if rings.len() == 2));
    }

    #[test]
    fn errors_name_the_member() {
        let e = overlays_from_geojson_str(
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], ["a", 1]]}}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("features[0].geometry.coordinates[1]"), "{e}");
        let e = overlays_from_geojson_str("{not json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid JSON"), "{e}");
        let e = overlays_from_geojson_str(r#"{"type": "Feature"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("geometry"), "{e}");
    }
}
