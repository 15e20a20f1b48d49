//! A physical parameter given either as one value for the whole grid or as a raster.

use crate::{Error, Result};
use hazsim_grid::Raster;

/// One value everywhere, or a raster on the DEM's grid.
///
/// ```
/// use hazsim_debris::Field;
/// let f: Field = 1.5.into();
/// assert_eq!(f, Field::Uniform(1.5));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// The same value in every cell.
    Uniform(f64),
    /// One value per cell; must share the DEM's grid.
    Raster(Raster<f32>),
}

impl From<f64> for Field {
    fn from(v: f64) -> Self {
        Field::Uniform(v)
    }
}

impl From<Raster<f32>> for Field {
    fn from(r: Raster<f32>) -> Self {
        Field::Raster(r)
    }
}

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

impl Field {
    /// Check every value with `valid` and a raster against `grid`; errors name `name`, the
    /// offending value and cell, and `expected`.
    pub(crate) fn check<'a, U>(
        &'a self,
        name: &str,
        grid: &Raster<U>,
        valid: impl Fn(f64) -> bool,
        expected: &str,
    ) -> Result<Checked<'a>> {
        match self {
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
}
