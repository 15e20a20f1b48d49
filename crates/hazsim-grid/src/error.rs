//! The one error type of hazsim-grid. Every message names the input, the value and the fix.

use thiserror::Error;

/// Errors raised by raster and terrain operations.
///
/// ```
/// use hazsim_grid::Error;
/// let e = Error::InvalidParameter { name: "exponent".into(), value: "-1".into(), expected: "a finite number > 0".into() };
/// assert!(e.to_string().contains("exponent"));
/// ```
#[derive(Debug, Error, Clone)]
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
    /// A point or cell given as input lies outside the grid.
    #[error("{input} at {at} lies outside the DEM ({extent}); give points in the DEM's CRS inside its extent, or cells inside its shape")]
    OutsideGrid {
        /// Which input, e.g. `inflows[2]` or `ignition`.
        input: String,
        /// Where it was given: `(x = 1, y = 2)` or `cell (row 9, col 3)`.
        at: String,
        /// The grid's extent or shape.
        extent: String,
    },
    /// A long run was cancelled through its progress callback. An engine's state stays
    /// consistent at `time`: the run can be read, or advanced again.
    #[error("cancelled by the progress callback at t = {time} s; the state is kept at that time")]
    Cancelled {
        /// Model time (s) the run had reached (0 for computations without a clock).
        time: f64,
    },
    /// An engine's own error (e.g. a flood solver that became unstable), carried through the
    /// shared [`crate::Simulation`] contract. [`Error::engine_error`] gets the typed error back.
    #[error("{source}")]
    Engine {
        /// The hazard of the engine (`flood`, `fire`, `debris`).
        hazard: &'static str,
        /// The engine's error.
        #[source]
        source: std::sync::Arc<dyn std::error::Error + Send + Sync>,
    },
}

impl PartialEq for Error {
    /// Same variant and same message (an engine's error compares by its message).
    fn eq(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
            && self.to_string() == other.to_string()
    }
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

    /// [`Error::OutsideGrid`] for a map point (x, y) outside `grid`, giving the grid's extent.
    ///
    /// ```
    /// use hazsim_grid::{Crs, Error, GeoTransform, Raster};
    /// let r = Raster::new(ndarray::Array2::<f32>::zeros((2, 2)), GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616));
    /// let e = Error::outside_point("inflows[0]", 50.0, 5.0, &r);
    /// assert!(e.to_string().contains("x 0..20"));
    /// ```
    pub fn outside_point<T>(input: &str, x: f64, y: f64, grid: &crate::Raster<T>) -> Self {
        let b = grid.bounds();
        Error::OutsideGrid {
            input: input.to_string(),
            at: format!("(x = {x}, y = {y})"),
            extent: format!("x {}..{}, y {}..{}", b.x_min, b.x_max, b.y_min, b.y_max),
        }
    }

    /// [`Error::OutsideGrid`] for a cell outside a grid of `shape` (rows, cols).
    ///
    /// ```
    /// use hazsim_grid::Error;
    /// let e = Error::outside_cell("release", 9, 3, (5, 5));
    /// assert!(e.to_string().contains("row 9"));
    /// ```
    pub fn outside_cell(input: &str, row: usize, col: usize, shape: (usize, usize)) -> Self {
        Error::OutsideGrid {
            input: input.to_string(),
            at: format!("cell (row {row}, col {col})"),
            extent: format!("{} rows x {} cols", shape.0, shape.1),
        }
    }

    /// Wraps an engine's own error (see [`Error::Engine`]).
    pub fn engine<E: std::error::Error + Send + Sync + 'static>(
        hazard: &'static str,
        e: E,
    ) -> Self {
        Error::Engine {
            hazard,
            source: std::sync::Arc::new(e),
        }
    }

    /// The engine's typed error inside an [`Error::Engine`], if it is one of type `E`.
    ///
    /// ```
    /// use hazsim_grid::Error;
    /// #[derive(Debug, thiserror::Error)]
    /// #[error("solver blew up")]
    /// struct Blew;
    /// let e = Error::engine("flood", Blew);
    /// assert!(e.engine_error::<Blew>().is_some());
    /// assert_eq!(e.to_string(), "solver blew up");
    /// ```
    pub fn engine_error<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            Error::Engine { source, .. } => source.downcast_ref::<E>(),
            _ => None,
        }
    }

    /// Whether this is [`Error::Cancelled`].
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Cancelled { .. })
    }
}
