//! Checking a [`Field`] (one value or a raster, defined in `hazsim-grid`) against the DEM's grid
//! and a validity rule before the debris methods read it per cell.

use crate::{Error, Result};
pub use hazsim_grid::Field;
use hazsim_grid::Raster;

/// A [`Field`] checked against a grid and a validity rule, ready for per-cell reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Checked<'a> {
    Uniform(f64),
    Grid(&'a ndarray::Array2<f32>),
}

impl Checked<'_> {
    /// The value at (r, c).
    #[inline]
    pub(crate) fn at(&self, r: usize, c: usize) -> f64 {
        match self {
            Checked::Uniform(v) => *v,
            Checked::Grid(a) => a[[r, c]] as f64,
        }
    }
}

/// Checks every value of `field` with `valid`, and a raster against `grid`; errors name `name`,
/// the offending value and cell, and `expected`.
pub(crate) fn check<'a, U>(
    field: &'a Field,
    name: &str,
    grid: &Raster<U>,
    valid: impl Fn(f64) -> bool,
    expected: &str,
) -> Result<Checked<'a>> {
    match field {
        Field::Path(p) => Err(Field::unread(name, p).into()),
        Field::Uniform(v) => {
            if valid(*v) {
                Ok(Checked::Uniform(*v))
            } else {
                Err(Error::param(name, v, expected))
            }
        }
        Field::Raster(r) => {
            grid.check_same_grid(r, "DEM", name)
                .map_err(|e| Error::grid(name, e))?;
            let cols = r.cols().max(1);
            if let Some((i, v)) = r.data.iter().enumerate().find(|(_, &v)| !valid(v as f64)) {
                return Err(Error::param(
                    name,
                    format!("{v} at row {}, col {}", i / cols, i % cols),
                    expected,
                ));
            }
            Ok(Checked::Grid(&r.data))
        }
    }
}
