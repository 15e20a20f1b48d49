//! Rendering a value raster as a map: colour over hillshade, with title, colour bar or class
//! legend, scale bar, north arrow and vector overlays.
//!
//! Page layout (nothing overlaps; the canvas grows to fit):
//!
//! ```text
//!  ┌──────────────────────────────────────────────┐
//!  │ Title                                        │
//!  │ ┌───────────────────────┐   units            │
//!  │ │                       │   ██ - 2.5         │
//!  │ │          map          │   ██ - 2           │
//!  │ │                       │   ██ - 1.5  (colour│
//!  │ │                       │   ██ - 1     bar or│
//!  │ └───────────────────────┘          legend)   │
//!  │ ▆▆▆▁▁▁▆▆▆▁▁▁               N                 │
//!  │ 0         1 km             ▲                 │
//!  └──────────────────────────────────────────────┘
//! ```

use super::canvas::{Rect, RgbaImage};
use super::colormap::Colormap;
use super::font::{self, draw_text, text_width};
use super::legend::{ClassLegend, ColorBar, Norm, NorthArrow, ScaleBar, INK};
use super::overlay::Overlay;
use crate::{Error, Result};
use hazsim_grid::Raster;
use rayon::prelude::*;
use std::path::Path;

/// Maps narrower than this (in pixels) are enlarged by an integer factor when `scale` is auto.
pub const MIN_AUTO_WIDTH: usize = 600;
/// Rasters with more columns or rows than this are block-averaged down when `scale` is auto.
pub const MAX_MAP_SIDE: usize = 1600;
/// Largest map side accepted with an explicit `scale`.
pub const MAX_EXPLICIT_SIDE: usize = 12_000;

const MARGIN: i64 = 20;
const PANEL_GAP: i64 = 30;
const TITLE_SCALE: u32 = 3;
const MAX_TITLE_WIDTH: i64 = 1600;
const FRAME: [u8; 4] = [90, 90, 90, 255];

/// How a raster is drawn: colours, value range, legend, furniture.
///
/// Build one with struct-update syntax over [`MapStyle::default`] or start from
/// [`MapStyle::for_field`], which knows hazsim's standard output fields.
///
/// ```
/// use hazsim_io::map::{Colormap, MapStyle};
/// let style = MapStyle {
///     colormap: Colormap::Blues,
///     units: "m".into(),
///     title: Some("Maximum flood depth".into()),
///     hide_below: Some(0.01),
///     ..MapStyle::default()
/// };
/// assert_eq!(style.alpha, 0.65);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MapStyle {
    /// Colormap for values (or class colours; see `classes`).
    pub colormap: Colormap,
    /// Value at the bottom of the colour bar. Default: the 2nd percentile of the shown values.
    pub vmin: Option<f64>,
    /// Value at the top of the colour bar. Default: the 98th percentile of the shown values
    /// (the minimum and maximum when the percentiles coincide).
    pub vmax: Option<f64>,
    /// Logarithmic colour scale; values ≤ 0 are then not coloured (shown as nodata).
    pub log_scale: bool,
    /// Opacity of the value colours over the hillshade, 0..=1. Default 0.65.
    pub alpha: f32,
    /// Title line above the map.
    pub title: Option<String>,
    /// Units written above the colour bar, e.g. `"m"`, `"m/s"`, `"°"`, `"cells"`.
    pub units: String,
    /// Categorical legend instead of a colour bar: `(cell value, label)` pairs. Cells equal to
    /// a class value (to 1e-6 relative) get that class's colour; other cells are transparent.
    pub classes: Option<Vec<(f64, String)>>,
    /// Values below this are not coloured, e.g. `Some(0.01)` shows depths under 1 cm as plain
    /// hillshade.
    pub hide_below: Option<f64>,
    /// Integer enlargement of each cell (`None`: automatic, so the map is at least about 600 px
    /// wide; rasters over 1600 cells a side are block-averaged down instead).
    pub scale: Option<u32>,
    /// Draw a scale bar under the map (metres/kilometres, or degrees for a geographic CRS).
    pub show_scale_bar: bool,
    /// Draw a north arrow beside the map (north-up grids only).
    pub north_arrow: bool,
}

impl Default for MapStyle {
    fn default() -> Self {
        MapStyle {
            colormap: Colormap::Viridis,
            vmin: None,
            vmax: None,
            log_scale: false,
            alpha: 0.65,
            title: None,
            units: String::new(),
            classes: None,
            hide_below: None,
            scale: None,
            show_scale_bar: true,
            north_arrow: true,
        }
    }
}

impl MapStyle {
    /// A style suited to one of hazsim's output fields (`flood.max_depth`, `fire.arrival_time`,
    /// ...; see the field table in the design notes), with that field's units and a title
    /// naming it. Unknown names get the default style titled with the name.
    ///
    /// ```
    /// use hazsim_io::map::{Colormap, MapStyle};
    /// let s = MapStyle::for_field("flood.max_depth");
    /// assert_eq!((s.colormap, s.units.as_str(), s.hide_below), (Colormap::Blues, "m", Some(0.01)));
    /// ```
    pub fn for_field(name: &str) -> Self {
        use Colormap::*;
        let (colormap, hide_below, title) = match name {
            "flood.depth" => (Blues, Some(0.01), "Flood depth"),
            "flood.max_depth" => (Blues, Some(0.01), "Maximum flood depth"),
            "flood.speed" => (Magma, None, "Flow speed"),
            "flood.max_speed" => (Magma, None, "Maximum flow speed"),
            "flood.arrival_time" => (ViridisR, None, "Flood arrival time"),
            "flood.duration" => (Viridis, None, "Flood duration"),
            "flood.hazard_rating" => (Magma, Some(1e-6), "Flood hazard rating"),
            "fire.arrival_time" => (MagmaR, None, "Fire arrival time"),
            "fire.ros" => (Magma, None, "Rate of spread"),
            "fire.fireline_intensity" => (Magma, None, "Fireline intensity"),
            "fire.flame_length" => (Magma, None, "Flame length"),
            "debris.max_depth" => (Viridis, Some(0.01), "Debris-flow maximum depth"),
            "debris.max_speed" => (Magma, Some(1e-6), "Debris-flow maximum speed"),
            "debris.max_impact_pressure" => (Magma, Some(1e-6), "Debris-flow impact pressure"),
            "debris.energy_line_speed" => (Magma, Some(1e-6), "Debris-flow energy-line speed"),
            "debris.energy_line_pressure" => (
                Magma,
                Some(1e-6),
                "Debris-flow impact pressure (energy line)",
            ),
            "debris.susceptibility" => (Viridis, Some(1e-6), "Debris-flow susceptibility"),
            "debris.travel_length" => (Viridis, Some(1e-6), "Debris-flow travel length"),
            "debris.arrival_time" => (MagmaR, None, "Debris-flow arrival time"),
            "debris.travel_angle" => (Viridis, None, "Travel angle"),
            "elevation" | "dem" => (Terrain, None, "Elevation"),
            "slope" => (Viridis, None, "Slope"),
            _ => (Viridis, None, name),
        };
        // Units come from the field registry.
        let units = match name {
            "elevation" | "dem" => "m",
            "slope" => "°",
            _ => match hazsim_grid::fields::lookup(name).map(|f| f.unit) {
                Some("deg") => "°",
                Some(u) => u,
                None => "",
            },
        };
        if name == "flood.hazard_class" {
            // The FD2320 classes of the registry's meaning, as a legend (0, never wet, is not
            // drawn).
            return MapStyle {
                colormap: MagmaR,
                alpha: 0.85,
                classes: Some(
                    ["low", "moderate", "significant", "extreme"]
                        .iter()
                        .enumerate()
                        .map(|(i, l)| ((i + 1) as f64, l.to_string()))
                        .collect(),
                ),
                title: Some("Flood hazard class (Defra/EA FD2320)".into()),
                ..MapStyle::default()
            };
        }
        MapStyle {
            colormap,
            units: units.into(),
            hide_below,
            title: Some(title.into()),
            ..MapStyle::default()
        }
    }

    fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("vmin", self.vmin),
            ("vmax", self.vmax),
            ("hide_below", self.hide_below),
        ] {
            if let Some(v) = v {
                if !v.is_finite() {
                    return Err(Error::param(
                        name,
                        v,
                        "a finite number (or None for the default)",
                    ));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (self.vmin, self.vmax) {
            if lo >= hi {
                return Err(Error::param(
                    "vmin",
                    format!("{lo} with vmax = {hi}"),
                    "vmin < vmax (swap them, or use a reversed colormap such as viridis_r to flip the colours)",
                ));
            }
        }
        if self.log_scale {
            if let Some(lo) = self.vmin.filter(|&v| v <= 0.0) {
                return Err(Error::param(
                    "vmin",
                    lo,
                    "a value > 0 with log_scale (a log scale cannot show 0 or negatives)",
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(Error::param(
                "alpha",
                self.alpha,
                "an opacity in 0..=1 (0.65 is usual)",
            ));
        }
        if self.scale == Some(0) {
            return Err(Error::param(
                "scale",
                0,
                "an integer ≥ 1, or None for automatic",
            ));
        }
        if let Some(classes) = &self.classes {
            if classes.is_empty() {
                return Err(Error::param(
                    "classes",
                    "[]",
                    "at least one (value, label) pair, or None for a colour bar",
                ));
            }
            for (i, (v, _)) in classes.iter().enumerate() {
                if !v.is_finite() {
                    return Err(Error::param(
                        &format!("classes[{i}]"),
                        v,
                        "a finite class value",
                    ));
                }
                if classes[..i].iter().any(|(w, _)| w == v) {
                    return Err(Error::param(
                        &format!("classes[{i}]"),
                        v,
                        "class values that differ from each other",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The value range (vmin, vmax) this style gives `values`: the explicit bounds where set,
    /// else the 2nd and 98th percentiles of the values that are shown (valid, not hidden by
    /// `hide_below`, positive on a log scale), widened when they coincide.
    ///
    /// ```
    /// use hazsim_grid::{Raster, GeoTransform, Crs};
    /// use hazsim_io::map::MapStyle;
    /// use ndarray::Array2;
    /// let r = Raster::new(Array2::from_shape_fn((10, 10), |(i, j)| (i * 10 + j) as f32),
    ///                     GeoTransform::north_up(0.0, 100.0, 10.0), Crs::epsg(32616));
    /// let (lo, hi) = MapStyle::default().resolved_range(&r).unwrap();
    /// assert_eq!((lo, hi), (2.0, 97.0));
    /// let fixed = MapStyle { vmin: Some(0.0), ..MapStyle::default() };
    /// assert_eq!(fixed.resolved_range(&r).unwrap(), (0.0, 97.0));
    /// ```
    pub fn resolved_range(&self, values: &Raster<f32>) -> Result<(f64, f64)> {
        self.validate()?;
        if let (Some(lo), Some(hi)) = (self.vmin, self.vmax) {
            return Ok((lo, hi));
        }
        let mut shown: Vec<f32> = values
            .data
            .iter()
            .copied()
            .filter(|&v| self.is_shown(values, v))
            .collect();
        let (dlo, dhi) = if shown.is_empty() {
            if self.log_scale {
                (1.0, 10.0)
            } else {
                (0.0, 1.0)
            }
        } else {
            let (p2, p98) = (percentile(&mut shown, 2.0), percentile(&mut shown, 98.0));
            if p2 < p98 {
                (p2, p98)
            } else {
                let (mn, mx) = shown
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                        (a.min(v as f64), b.max(v as f64))
                    });
                if mn < mx {
                    (mn, mx)
                } else if self.log_scale {
                    (mn / 2.0, mn * 2.0)
                } else {
                    let d = if mn == 0.0 { 1.0 } else { mn.abs() * 0.1 };
                    (mn - d, mn + d)
                }
            }
        };
        let (lo, hi) = (self.vmin.unwrap_or(dlo), self.vmax.unwrap_or(dhi));
        if lo >= hi {
            let (given, value) = if self.vmin.is_some() {
                ("vmin", lo)
            } else {
                ("vmax", hi)
            };
            return Err(Error::param(
                given,
                value,
                &format!(
                    "a value that leaves room for the data's range ({dlo}..{dhi}, from the 2nd–98th percentiles); set both vmin and vmax"
                ),
            ));
        }
        Ok((lo, hi))
    }

    /// True when value `v` of `values` gets a colour (continuous maps).
    fn is_shown(&self, values: &Raster<f32>, v: f32) -> bool {
        v.is_finite()
            && !values.is_nodata_value(v)
            && !matches!(self.hide_below, Some(h) if (v as f64) < h)
            && (!self.log_scale || v > 0.0)
    }
}

/// The `p`th percentile (nearest rank) of `v`, reordering it.
fn percentile(v: &mut [f32], p: f64) -> f64 {
    let k = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    let (_, x, _) = v.select_nth_unstable_by(k, |a, b| a.total_cmp(b));
    *x as f64
}

/// How value cells map to display pixels: `block` cells a side are averaged into one display
/// cell, and each display cell becomes `zoom`×`zoom` pixels.
#[derive(Debug, Clone, Copy)]
struct Sampling {
    block: usize,
    zoom: usize,
}

impl Sampling {
    fn choose(rows: usize, cols: usize, scale: Option<u32>) -> Result<Self> {
        if let Some(s) = scale {
            let s = s as usize;
            let side = rows.max(cols).saturating_mul(s);
            if side > MAX_EXPLICIT_SIDE {
                return Err(Error::param(
                    "scale",
                    s,
                    &format!(
                        "a factor that keeps the map under {MAX_EXPLICIT_SIDE} px a side (this raster is {cols}×{rows} cells; None picks one automatically)"
                    ),
                ));
            }
            return Ok(Sampling { block: 1, zoom: s });
        }
        if rows.max(cols) > MAX_MAP_SIDE {
            return Ok(Sampling {
                block: rows.max(cols).div_ceil(MAX_MAP_SIDE),
                zoom: 1,
            });
        }
        let want = MIN_AUTO_WIDTH.div_ceil(cols);
        let fit = (MAX_MAP_SIDE / rows).max(1);
        Ok(Sampling {
            block: 1,
            zoom: want.min(fit).max(1),
        })
    }

    /// Display pixels per raster cell.
    fn pixels_per_cell(&self) -> f64 {
        self.zoom as f64 / self.block as f64
    }
}

/// Mean of the valid cells of a block (NaN when none is valid).
fn block_mean(
    r: &Raster<f32>,
    r0: usize,
    c0: usize,
    block: usize,
    valid: impl Fn(f32) -> bool,
) -> f32 {
    let (rows, cols) = r.shape();
    let (mut sum, mut n) = (0.0f64, 0usize);
    for i in r0..(r0 + block).min(rows) {
        for j in c0..(c0 + block).min(cols) {
            let v = r.data[[i, j]];
            if valid(v) {
                sum += v as f64;
                n += 1;
            }
        }
    }
    if n == 0 {
        f32::NAN
    } else {
        (sum / n as f64) as f32
    }
}

/// What colours a display cell.
enum Coloring<'a> {
    Continuous {
        norm: Norm,
        lut: Vec<[u8; 3]>,
    },
    Classes {
        classes: &'a [(f64, String)],
        colors: Vec<[u8; 3]>,
    },
}

impl Coloring<'_> {
    fn color(&self, v: f32) -> Option<[u8; 3]> {
        match self {
            Coloring::Continuous { norm, lut } => {
                let t = norm.t(v as f64)?;
                Some(lut[(t * (lut.len() - 1) as f32).round() as usize])
            }
            Coloring::Classes { classes, colors } => {
                let v = v as f64;
                classes
                    .iter()
                    .position(|(c, _)| (v - c).abs() <= 1e-6 * c.abs().max(1.0))
                    .map(|i| colors[i])
            }
        }
    }
}

/// Grey level of a hillshade value in 0..=1: `round(255 · h)`.
pub fn hillshade_grey(h: f32) -> u8 {
    (h.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// `alpha · colour + (1 − alpha) · grey`, per channel, rounded: how value colours are laid
/// over the hillshade.
pub fn blend_over_grey(color: [u8; 3], grey: u8, alpha: f32) -> [u8; 3] {
    color.map(|c| {
        (alpha * c as f32 + (1.0 - alpha) * grey as f32)
            .round()
            .clamp(0.0, 255.0) as u8
    })
}

/// Render `values` as a map image.
///
/// - With a `hillshade` (values in 0..=1, on the same grid; see `hazsim_grid::hillshade`), it is
///   drawn as grey `round(255·h)` and value colours are blended over it with opacity
///   `style.alpha`. Cells with no value show the plain hillshade; where the hillshade itself is
///   missing, value colours are drawn semi-transparent and empty cells fully transparent.
/// - Without a hillshade, value colours are opaque and cells with no value are transparent
///   (PNG alpha 0).
/// - NaN, ±infinity, nodata cells, cells below `style.hide_below` and, on a log scale, cells
///   ≤ 0 have no value colour.
/// - Beside the map: a colour bar (ticks at round numbers, `style.units` above it) or, with
///   `style.classes`, a legend of swatches; a north arrow under it. Under the map: a scale bar.
/// - `overlays` are drawn last, in order, clipped to the map.
///
/// Errors: the hillshade's grid differs from the values' ([`hazsim_grid::Error::GridMismatch`]);
/// an invalid style (vmin ≥ vmax, alpha outside 0..=1, scale 0 or too large, empty or duplicate
/// classes); an empty raster; overlays that all lie outside the raster (usually coordinates in
/// another CRS).
///
/// ```
/// use hazsim_grid::{Raster, GeoTransform, Crs};
/// use hazsim_io::map::{render_map, Colormap, MapStyle};
/// use ndarray::Array2;
///
/// let depth = Raster::new(Array2::from_shape_fn((40, 60), |(r, c)| (r + c) as f32 / 50.0),
///                         GeoTransform::north_up(500_000.0, 4_000_000.0, 5.0), Crs::epsg(32616));
/// let shade = depth.map(|_| 0.7f32);
/// let style = MapStyle { colormap: Colormap::Blues, units: "m".into(), ..MapStyle::default() };
/// let img = render_map(&depth, Some(&shade), &style, &[]).unwrap();
/// assert!(img.width >= 600);
/// ```
pub fn render_map(
    values: &Raster<f32>,
    hillshade: Option<&Raster<f32>>,
    style: &MapStyle,
    overlays: &[Overlay],
) -> Result<RgbaImage> {
    render_map_with_layout(values, hillshade, style, overlays).map(|(img, _)| img)
}

/// Where things were drawn on a rendered map, in image pixels; see [`render_map_with_layout`].
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    /// The map area (inside its one-pixel frame).
    pub map: Rect,
    /// Image pixels per raster cell along each axis (below 1 when the raster was block-averaged).
    pub pixels_per_cell: f64,
    /// The title text, when there is one.
    pub title: Option<Rect>,
    /// The whole legend panel: colour bar with its labels, or the class legend.
    pub legend: Rect,
    /// The colour gradient itself (colour-bar maps only), top = `vmax`.
    pub color_bar: Option<Rect>,
    /// One swatch per class (class-legend maps only).
    pub swatches: Vec<Rect>,
    /// The value range of the colour bar (colour-bar maps only).
    pub range: Option<(f64, f64)>,
    /// The scale bar with its labels, when drawn.
    pub scale_bar: Option<Rect>,
    /// The north arrow, when drawn.
    pub north_arrow: Option<Rect>,
}

impl MapLayout {
    /// The image pixel at the centre of raster cell (`row`, `col`).
    pub fn cell_pixel(&self, row: usize, col: usize) -> (u32, u32) {
        let x = self.map.x0 as f64 + (col as f64 + 0.5) * self.pixels_per_cell;
        let y = self.map.y0 as f64 + (row as f64 + 0.5) * self.pixels_per_cell;
        (
            (x.floor() as i64).clamp(self.map.x0, self.map.x1 - 1) as u32,
            (y.floor() as i64).clamp(self.map.y0, self.map.y1 - 1) as u32,
        )
    }
}

/// [`render_map`], also returning where each part of the page was drawn (for tests, or to
/// annotate the image further).
///
/// ```
/// use hazsim_grid::{Raster, GeoTransform, Crs};
/// use hazsim_io::map::{render_map_with_layout, MapStyle};
/// use ndarray::Array2;
/// let r = Raster::new(Array2::from_elem((20, 30), 1.0f32), GeoTransform::north_up(0.0, 200.0, 10.0), Crs::epsg(32616));
/// let (img, layout) = render_map_with_layout(&r, None, &MapStyle::default(), &[]).unwrap();
/// assert_eq!(layout.map.width(), 30 * 20);
/// let (x, y) = layout.cell_pixel(0, 0);
/// assert_eq!(img.pixel(x, y).unwrap()[3], 255);
/// ```
pub fn render_map_with_layout(
    values: &Raster<f32>,
    hillshade: Option<&Raster<f32>>,
    style: &MapStyle,
    overlays: &[Overlay],
) -> Result<(RgbaImage, MapLayout)> {
    style.validate()?;
    let (rows, cols) = values.shape();
    if rows == 0 || cols == 0 {
        return Err(hazsim_grid::Error::InvalidRaster {
            input: "values".into(),
            reason: format!("the raster has no cells ({rows}×{cols}); nothing to draw"),
        }
        .into());
    }
    if let Some(hs) = hillshade {
        values.check_same_grid(hs, "values", "hillshade")?;
    }
    check_overlays_reach(values, overlays)?;

    // Colouring and legend.
    let (coloring, legend) = match &style.classes {
        Some(classes) => {
            let colors: Vec<[u8; 3]> = (0..classes.len())
                .map(|i| style.colormap.class_color(i, classes.len()))
                .collect();
            let legend = Legend::Classes(ClassLegend {
                heading: style.units.trim().to_string(),
                entries: colors
                    .iter()
                    .copied()
                    .zip(classes.iter().map(|(_, l)| l.clone()))
                    .collect(),
            });
            (Coloring::Classes { classes, colors }, legend)
        }
        None => {
            let (vmin, vmax) = style.resolved_range(values)?;
            let norm = Norm {
                vmin,
                vmax,
                log: style.log_scale,
            };
            (
                Coloring::Continuous {
                    norm,
                    lut: style.colormap.lut(1024),
                },
                Legend::Bar(norm),
            )
        }
    };

    // Display grid.
    let sampling = Sampling::choose(rows, cols, style.scale)?;
    let (block, zoom) = (sampling.block, sampling.zoom);
    let (drows, dcols) = (rows.div_ceil(block), cols.div_ceil(block));
    let cells = display_cells(values, hillshade, style, &coloring, block, drows, dcols);
    let (mw, mh) = ((dcols * zoom) as i64, (drows * zoom) as i64);

    // Layout.
    let title = style
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let title_h = if title.is_some() {
        font::text_height(TITLE_SCALE) as i64 + 14
    } else {
        0
    };
    let (map_x, map_y) = (MARGIN, MARGIN + title_h);
    let panel_x = map_x + mw + PANEL_GAP;
    let bar_height = mh.clamp(160, 420) - 40;
    let legend_box = match legend {
        Legend::Bar(norm) => LegendBox::Bar(ColorBar::new(
            style.colormap,
            norm,
            &style.units,
            bar_height,
        )),
        Legend::Classes(c) => LegendBox::Classes(c),
    };
    let (lw, lh) = match &legend_box {
        LegendBox::Bar(b) => b.size(),
        LegendBox::Classes(c) => c.size(),
    };
    let arrow =
        (style.north_arrow && values.transform.is_north_up() && values.transform.0[5] < 0.0)
            .then_some(NorthArrow);
    let arrow_y = map_y + lh + 30;
    let panel_w = lw.max(arrow.as_ref().map_or(0, |a| a.size().0));
    let panel_bottom = match &arrow {
        Some(a) => arrow_y + a.size().1,
        None => map_y + lh,
    };
    let scale_bar = if style.show_scale_bar {
        let units_per_px = values.transform.cell_width() / sampling.pixels_per_cell();
        ScaleBar::new(
            units_per_px,
            (mw as f64 * 0.3).max(80.0),
            (mw as f64).max(120.0),
            values.crs.is_geographic(),
        )
    } else {
        None
    };
    let scale_bar_y = map_y + mh + 14;
    let map_bottom = match &scale_bar {
        Some(sb) => scale_bar_y + sb.size().1,
        None => map_y + mh,
    };
    let mut width = (panel_x + panel_w + MARGIN)
        .max(map_x + scale_bar.as_ref().map_or(0, |s| s.size().0) + MARGIN);
    let title_text =
        title.map(|t| fit_text(t, MAX_TITLE_WIDTH.max(width - 2 * MARGIN), TITLE_SCALE));
    if let Some(t) = &title_text {
        width = width.max(2 * MARGIN + text_width(t, TITLE_SCALE) as i64);
    }
    let height = map_bottom.max(panel_bottom) + MARGIN;

    // Drawing.
    let mut img = RgbaImage::filled(width as u32, height as u32, [255, 255, 255, 255]);
    let map_rect = Rect::new(map_x, map_y, mw, mh);
    paint_map(&mut img, &cells, dcols, zoom, map_x, map_y, mw, mh);
    img.stroke_rect(map_x - 1, map_y - 1, mw + 2, mh + 2, FRAME);
    if !overlays.is_empty() {
        let ppc = sampling.pixels_per_cell();
        let gt = values.transform;
        let to_px = move |x: f64, y: f64| -> Option<(f64, f64)> {
            let (c, r) = gt.invert(x, y)?;
            Some((map_x as f64 + c * ppc, map_y as f64 + r * ppc))
        };
        for ov in overlays {
            ov.draw(&mut img, &to_px, map_rect);
        }
    }
    let mut layout = MapLayout {
        map: map_rect,
        pixels_per_cell: sampling.pixels_per_cell(),
        title: None,
        legend: Rect::new(panel_x, map_y, lw, lh),
        color_bar: None,
        swatches: Vec::new(),
        range: None,
        scale_bar: None,
        north_arrow: None,
    };
    if let Some(t) = &title_text {
        draw_text(&mut img, MARGIN, MARGIN, t, TITLE_SCALE, INK, None);
        layout.title = Some(Rect::new(
            MARGIN,
            MARGIN,
            text_width(t, TITLE_SCALE) as i64,
            font::text_height(TITLE_SCALE) as i64,
        ));
    }
    match &legend_box {
        LegendBox::Bar(bar) => {
            bar.draw(&mut img, panel_x, map_y);
            let (x, y, w, h) = bar.bar_rect(panel_x, map_y);
            layout.color_bar = Some(Rect::new(x, y, w, h));
            layout.range = Some((bar.norm.vmin, bar.norm.vmax));
        }
        LegendBox::Classes(c) => {
            c.draw(&mut img, panel_x, map_y);
            layout.swatches = (0..c.entries.len())
                .map(|i| {
                    let (x, y) = c.swatch_origin(panel_x, map_y, i);
                    let (w, h) = ClassLegend::swatch_size();
                    Rect::new(x, y, w, h)
                })
                .collect();
        }
    }
    if let Some(a) = &arrow {
        let x = panel_x + (lw.min(60) - a.size().0).max(0) / 2;
        a.draw(&mut img, x, arrow_y);
        let (w, h) = a.size();
        layout.north_arrow = Some(Rect::new(x, arrow_y, w, h));
    }
    if let Some(sb) = &scale_bar {
        sb.draw(&mut img, map_x, scale_bar_y);
        let (w, h) = sb.size();
        layout.scale_bar = Some(Rect::new(map_x, scale_bar_y, w, h));
    }
    Ok((img, layout))
}

/// Render like [`render_map`] and write the image as a PNG file (atomically).
///
/// ```no_run
/// use hazsim_io::map::{render_map_png, MapStyle};
/// # let depth: hazsim_grid::Raster<f32> = unimplemented!();
/// # let shade: hazsim_grid::Raster<f32> = unimplemented!();
/// render_map_png(&depth, Some(&shade), &MapStyle::for_field("flood.max_depth"), &[], "depth.png")?;
/// # Ok::<(), hazsim_io::Error>(())
/// ```
pub fn render_map_png(
    values: &Raster<f32>,
    hillshade: Option<&Raster<f32>>,
    style: &MapStyle,
    overlays: &[Overlay],
    path: impl AsRef<Path>,
) -> Result<()> {
    let img = render_map(values, hillshade, style, overlays)?;
    super::canvas::write_png(&img, path)
}

enum Legend {
    Bar(Norm),
    Classes(ClassLegend),
}

enum LegendBox {
    Bar(ColorBar),
    Classes(ClassLegend),
}

/// RGBA of every display cell, row-major.
fn display_cells(
    values: &Raster<f32>,
    hillshade: Option<&Raster<f32>>,
    style: &MapStyle,
    coloring: &Coloring<'_>,
    block: usize,
    drows: usize,
    dcols: usize,
) -> Vec<[u8; 4]> {
    let classes = matches!(coloring, Coloring::Classes { .. });
    let value_ok = |v: f32| v.is_finite() && !values.is_nodata_value(v);
    let alpha = style.alpha;
    let mut cells = vec![[0u8; 4]; drows * dcols];
    cells
        .par_chunks_mut(dcols)
        .enumerate()
        .for_each(|(di, row)| {
            for (dj, px) in row.iter_mut().enumerate() {
                let (r0, c0) = (di * block, dj * block);
                let v = if block == 1 {
                    let v = values.data[[r0, c0]];
                    if value_ok(v) {
                        v
                    } else {
                        f32::NAN
                    }
                } else if classes {
                    // Classes are not averaged: take the block's centre cell.
                    let (rc, cc) = (
                        (r0 + block / 2).min(values.rows() - 1),
                        (c0 + block / 2).min(values.cols() - 1),
                    );
                    let v = values.data[[rc, cc]];
                    if value_ok(v) {
                        v
                    } else {
                        f32::NAN
                    }
                } else {
                    block_mean(values, r0, c0, block, value_ok)
                };
                let color = if v.is_nan() || style.hide_below.is_some_and(|h| (v as f64) < h) {
                    None
                } else {
                    coloring.color(v)
                };
                let shade = hillshade.and_then(|hs| {
                    let ok = |h: f32| h.is_finite() && !hs.is_nodata_value(h);
                    let h = if block == 1 {
                        hs.data[[r0, c0]]
                    } else {
                        block_mean(hs, r0, c0, block, ok)
                    };
                    ok(h).then(|| hillshade_grey(h))
                });
                *px = match (color, shade) {
                    (Some(c), Some(g)) => {
                        let [r, g, b] = blend_over_grey(c, g, alpha);
                        [r, g, b, 255]
                    }
                    (Some(c), None) if hillshade.is_some() => {
                        [c[0], c[1], c[2], (alpha * 255.0).round() as u8]
                    }
                    (Some(c), None) => [c[0], c[1], c[2], 255],
                    (None, Some(g)) => [g, g, g, 255],
                    (None, None) => [0, 0, 0, 0],
                };
            }
        });
    cells
}

/// Copy display cells into the map area, each as a `zoom`×`zoom` block.
#[allow(clippy::too_many_arguments)]
fn paint_map(
    img: &mut RgbaImage,
    cells: &[[u8; 4]],
    dcols: usize,
    zoom: usize,
    x0: i64,
    y0: i64,
    mw: i64,
    mh: i64,
) {
    let stride = img.width as usize * 4;
    let (x0, y0, mw, mh) = (x0 as usize, y0 as usize, mw as usize, mh as usize);
    img.pixels
        .par_chunks_mut(stride)
        .enumerate()
        .skip(y0)
        .take(mh)
        .for_each(|(y, line)| {
            let di = (y - y0) / zoom;
            let src = &cells[di * dcols..(di + 1) * dcols];
            for x in 0..mw {
                let o = (x0 + x) * 4;
                line[o..o + 4].copy_from_slice(&src[x / zoom]);
            }
        });
}

/// `text` shortened with "..." so that it is at most `max_w` pixels wide at `scale`.
fn fit_text(text: &str, max_w: i64, scale: u32) -> String {
    if text_width(text, scale) as i64 <= max_w {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "...";
        if text_width(&s, scale) as i64 <= max_w {
            return s;
        }
    }
    "...".into()
}

/// Error when overlays were given but none comes near the raster: almost always coordinates in
/// another CRS (e.g. longitude/latitude over a UTM raster).
fn check_overlays_reach(values: &Raster<f32>, overlays: &[Overlay]) -> Result<()> {
    let boxes: Vec<_> = overlays.iter().filter_map(Overlay::bounds).collect();
    if boxes.is_empty() {
        return Ok(());
    }
    let b = values.bounds();
    let hit = boxes
        .iter()
        .any(|&(x0, y0, x1, y1)| x1 >= b.x_min && x0 <= b.x_max && y1 >= b.y_min && y0 <= b.y_max);
    if hit {
        return Ok(());
    }
    let all = boxes.iter().fold(boxes[0], |a, &c| {
        (a.0.min(c.0), a.1.min(c.1), a.2.max(c.2), a.3.max(c.3))
    });
    Err(Error::param(
        "overlays",
        format!("coordinates spanning x {}..{}, y {}..{}", all.0, all.2, all.1, all.3),
        &format!(
            "coordinates in the raster's CRS ({}) overlapping its extent x {}..{}, y {}..{}; reproject the vector data first (e.g. ogr2ogr -t_srs {})",
            values.crs, b.x_min, b.x_max, b.y_min, b.y_max, values.crs
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_sampling() {
        let s = Sampling::choose(50, 80, None).unwrap();
        assert_eq!((s.block, s.zoom), (1, 8));
        let s = Sampling::choose(1000, 3, None).unwrap();
        assert_eq!((s.block, s.zoom), (1, 1));
        let s = Sampling::choose(4000, 3300, None).unwrap();
        assert_eq!((s.block, s.zoom), (3, 1));
        let s = Sampling::choose(800, 800, None).unwrap();
        assert_eq!((s.block, s.zoom), (1, 1));
        assert!(Sampling::choose(100, 100, Some(500)).is_err());
    }

    #[test]
    fn percentiles() {
        let mut v: Vec<f32> = (0..=100).map(|i| i as f32).collect();
        assert_eq!(percentile(&mut v, 2.0), 2.0);
        assert_eq!(percentile(&mut v, 98.0), 98.0);
    }

    #[test]
    fn titles_are_shortened() {
        let t = fit_text(
            "a very long title indeed",
            text_width("a very long", 2) as i64,
            2,
        );
        assert!(t.ends_with("...") && text_width(&t, 2) <= text_width("a very long", 2));
    }
}
