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
    let r = py.detach(|| hazsim_io::read_raster(&path)).map_err(errors::io)?;
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

pub fn write_impl(py: Python<'_>, raster: &PyRaster, path: &Path, compression: &str, tiled: bool) -> PyResult<()> {
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
pub fn write_raster(py: Python<'_>, raster: &PyRaster, path: PathBuf, compression: &str, tiled: bool) -> PyResult<()> {
    write_impl(py, raster, &path, compression, tiled)
}

/// Names of the colormaps ``render_map`` accepts (append ``_r`` to reverse one).
#[pyfunction]
pub fn colormaps() -> Vec<&'static str> {
    hazsim_io::map::Colormap::names().to_vec()
}
