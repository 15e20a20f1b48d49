//! Raster files and maps.

use crate::errors;
use crate::raster::PyRaster;
use hazsim_io::geotiff::{Compression, GeoTiffOptions, Layout};
use hazsim_io::AnyRaster;
use pyo3::prelude::*;
use std::path::{Path, PathBuf};

/// Read a raster file: GeoTIFF (.tif), ESRI ASCII grid (.asc), or, when hazsim was built with
/// GDAL, anything GDAL reads. The dtype of the file is kept.
///
/// Raises FileNotFoundError for a missing file and HazsimError (a ValueError) for a corrupt or
/// unsupported one.
#[pyfunction]
pub fn read_raster(py: Python<'_>, path: PathBuf) -> PyResult<PyRaster> {
    let r = py
        .detach(|| hazsim_io::read_raster(&path))
        .map_err(errors::io)?;
    Ok(PyRaster::from_any(py, r))
}

fn parse_compression(s: &str) -> PyResult<Compression> {
    match s.to_ascii_lowercase().as_str() {
        "deflate" | "zip" => Ok(Compression::Deflate),
        "lzw" => Ok(Compression::Lzw),
        "none" | "" => Ok(Compression::None),
        _ => Err(errors::value(format!(
            "compression {s:?}: expected 'deflate' (default), 'lzw' or 'none'"
        ))),
    }
}

pub fn write_impl(
    py: Python<'_>,
    raster: &PyRaster,
    path: &Path,
    compression: &str,
    tiled: bool,
) -> PyResult<()> {
    let compression = parse_compression(compression)?;
    let any = raster.to_any(py)?;
    let is_tiff = matches!(
        hazsim_io::RasterFormat::from_path(path),
        Some(hazsim_io::RasterFormat::GeoTiff)
    );
    py.detach(|| {
        if is_tiff {
            let opts = GeoTiffOptions {
                compression,
                layout: if tiled {
                    Layout::Tiled { tile_size: 256 }
                } else {
                    Layout::Striped { rows_per_strip: 16 }
                },
                predictor: false,
            };
            match &any {
                AnyRaster::F32(r) => hazsim_io::geotiff::write_geotiff(r, path, &opts),
                AnyRaster::F64(r) => hazsim_io::geotiff::write_geotiff(r, path, &opts),
                AnyRaster::I16(r) => hazsim_io::geotiff::write_geotiff(r, path, &opts),
                AnyRaster::I32(r) => hazsim_io::geotiff::write_geotiff(r, path, &opts),
                AnyRaster::U8(r) => hazsim_io::geotiff::write_geotiff(r, path, &opts),
                AnyRaster::U16(r) => hazsim_io::geotiff::write_geotiff(r, path, &opts),
            }
        } else {
            any.write(path)
        }
    })
    .map_err(errors::io)
}

/// Write a Raster to GeoTIFF (.tif/.tiff) or ESRI ASCII grid (.asc), keeping its dtype,
/// transform, CRS and nodata. GeoTIFF options: `compression` 'deflate' (default), 'lzw' or
/// 'none'; `tiled` for 256×256 tiles instead of strips. The file is written to a temporary
/// name and renamed, so a failed write never leaves a half file.
#[pyfunction]
#[pyo3(signature = (raster, path, compression = "deflate", tiled = false))]
pub fn write_raster(
    py: Python<'_>,
    raster: &PyRaster,
    path: PathBuf,
    compression: &str,
    tiled: bool,
) -> PyResult<()> {
    write_impl(py, raster, &path, compression, tiled)
}

/// Names of the colormaps ``render_map`` accepts (append ``_r`` to reverse one).
#[pyfunction]
pub fn colormaps() -> Vec<&'static str> {
    hazsim_io::map::Colormap::names().to_vec()
}

/// Render `values` as a PNG map at `path`: colours from `colormap` over a grey hillshade, a
/// colour bar with `units` (or a legend when `classes` is given), a title, a scale bar and a
/// north arrow. NaN/nodata cells are transparent.
///
/// Parameters
/// ----------
/// values : Raster
///     The raster to colour.
/// path : str or Path
///     Output PNG.
/// hillshade : Raster, optional
///     A hillshade in 0..1 on the same grid (e.g. ``Terrain.hillshade()``).
/// dem : Raster, optional
///     A DEM on the same grid whose hillshade is computed for you (instead of `hillshade`).
/// colormap : str
///     One of ``hazsim.colormaps()``: viridis, magma, blues, terrain, greys, rdbu (diverging),
///     categorical; ``_r`` reverses.
/// vmin, vmax : float, optional
///     Colour range; default the 2nd and 98th percentiles.
/// log_scale : bool
///     Logarithmic colours (values <= 0 uncoloured).
/// alpha : float
///     Opacity of colours over the hillshade, 0..1.
/// title, units : str
///     Title above the map; units on the colour bar (e.g. "m", "m/s", "°").
/// hide_below : float, optional
///     Leave values below this uncoloured (e.g. depth < 0.01 m).
/// classes : dict or list of (value, label), optional
///     Draw a categorical legend instead of a colour bar.
/// overlays : list of str, optional
///     GeoJSON files (same CRS) whose points, lines and polygons are drawn on top.
#[pyfunction]
#[pyo3(signature = (values, path, hillshade = None, dem = None, colormap = "viridis", vmin = None, vmax = None,
    log_scale = false, alpha = 0.65, title = None, units = "", hide_below = None, classes = None, overlays = None,
    scale = None, scale_bar = true, north_arrow = true))]
#[allow(clippy::too_many_arguments)]
pub fn render_map(
    py: Python<'_>,
    values: &PyRaster,
    path: PathBuf,
    hillshade: Option<&PyRaster>,
    dem: Option<&PyRaster>,
    colormap: &str,
    vmin: Option<f64>,
    vmax: Option<f64>,
    log_scale: bool,
    alpha: f32,
    title: Option<String>,
    units: &str,
    hide_below: Option<f64>,
    classes: Option<&Bound<'_, PyAny>>,
    overlays: Option<Vec<PathBuf>>,
    scale: Option<u32>,
    scale_bar: bool,
    north_arrow: bool,
) -> PyResult<()> {
    use hazsim_io::map::{overlays_from_geojson, render_map_png, Colormap, MapStyle};
    let cmap: Colormap = colormap.parse().map_err(errors::io)?;
    if !(0.0..=1.0).contains(&alpha) {
        return Err(errors::value(format!(
            "alpha {alpha} must be between 0 and 1"
        )));
    }
    let classes: Option<Vec<(f64, String)>> = match classes {
        None => None,
        Some(c) => {
            if let Ok(d) = c.cast::<pyo3::types::PyDict>() {
                let mut v = Vec::new();
                for (k, val) in d.iter() {
                    v.push((k.extract::<f64>()?, val.str()?.to_string()));
                }
                Some(v)
            } else {
                Some(c.extract::<Vec<(f64, String)>>().map_err(|_| {
                    errors::value(
                        "classes must be a dict {value: label} or a list of (value, label) pairs",
                    )
                })?)
            }
        }
    };
    let v = values.to_f32(py)?;
    let hs = match (hillshade, dem) {
        (Some(h), _) => Some(h.to_f32(py)?),
        (None, Some(d)) => {
            let d = d.to_f32(py)?;
            Some(
                py.detach(|| hazsim_grid::hillshade(&d, 315.0, 45.0, 1.0))
                    .map_err(errors::grid)?,
            )
        }
        (None, None) => None,
    };
    let style = MapStyle {
        colormap: cmap,
        vmin,
        vmax,
        log_scale,
        alpha,
        title,
        units: units.to_string(),
        classes,
        hide_below,
        scale,
        show_scale_bar: scale_bar,
        north_arrow,
    };
    py.detach(|| {
        let mut ov = Vec::new();
        for p in overlays.iter().flatten() {
            ov.extend(overlays_from_geojson(p)?);
        }
        render_map_png(&v, hs.as_ref(), &style, &ov, &path)
    })
    .map_err(errors::io)
}
