//! The one error type of hazsim-grid. Every message names the input, the value and the fix.

use thiserror::Error;

/// Errors raised by raster and terrain operations.
///
/// ```
/// use hazsim_grid::Error;
/// let e = Error::InvalidParameter { name: "exponent".into(), value: "-1".into(), expected: "a finite number > 0".into() };
/// assert!(e.to_string().contains("exponent"));
/// ```
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// Two rasters that must share a grid do not.
    #[error("grid mismatch: {what}; resample one onto the other first (e.g. `hazsim warp --like`, or rasterio.warp.reproject)")]
    GridMismatch {
        /// What differs (shape, transform or CRS), with both values.
        what: String,
    },
    /// A CRS in degrees was given where metres are needed.
    #[error("{input} has a geographic CRS ({crs}) with cell sizes in degrees, but metres are needed; reproject it to a projected CRS first, e.g. `hazsim warp --t-srs EPSG:32616 IN OUT` (gdal feature) or rasterio.warp.reproject to a UTM zone")]
    GeographicCrs {
        /// Which input.
        input: String,
        /// The CRS as text.
        crs: String,
    },
    /// The geotransform has rotation terms, which hazsim does not support.
    #[error("{input} has a rotated geotransform (row/column rotation {rot1}, {rot2}); hazsim needs north-up grids: warp it to a north-up grid first (gdalwarp or `hazsim warp`)")]
    RotatedTransform {
        /// Which input.
        input: String,
        /// Row rotation coefficient (GDAL `gt[2]`).
        rot1: f64,
        /// Column rotation coefficient (GDAL `gt[4]`).
        rot2: f64,
    },
    /// NaN or nodata cells where a complete surface is needed.
    #[error("{input} has {count} NaN/nodata cell(s) (first at row {first_row}, col {first_col}; bounding rows {min_row}..={max_row}, cols {min_col}..={max_col}); fill them first with `fill_nodata` (Python: Raster.fill_nodata(), CLI: `hazsim terrain --fill-nodata`) or crop them away")]
    NodataHoles {
        /// Which input.
        input: String,
        /// Number of NaN or nodata cells.
        count: usize,
        /// Row of the first hole in row-major order.
        first_row: usize,
        /// Column of the first hole in row-major order.
        first_col: usize,
        /// Bounding box of the holes.
        min_row: usize,
        /// Bounding box of the holes.
        max_row: usize,
        /// Bounding box of the holes.
        min_col: usize,
        /// Bounding box of the holes.
        max_col: usize,
    },
    /// A parameter is negative, NaN or otherwise absurd.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidParameter {
        /// Parameter name.
        name: String,
        /// The value given.
        value: String,
        /// What would be valid.
        expected: String,
    },
    /// A raster is empty or otherwise unusable.
    #[error("{input}: {reason}")]
    InvalidRaster {
        /// Which input.
        input: String,
        /// What is wrong, and the fix.
        reason: String,
    },
    /// A long run was cancelled through its progress callback.
    #[error("cancelled by the progress callback")]
    Cancelled,
}

/// Result alias for hazsim-grid.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn param(name: &str, value: impl std::fmt::Display, expected: &str) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }
}
