//! A physical parameter given either as one value for the whole grid or as a raster on it:
//! soil depth or cohesion for slope stability, canopy base height for crown fire, and so on.

use crate::Raster;

/// One value everywhere, or a raster on the DEM's grid.
///
/// The engines check a field against their grid and a validity rule before reading it; a raster
/// must share the DEM's grid ([`Raster::check_same_grid`]).
///
/// ```
/// use hazsim_grid::{Field, GeoTransform, Crs, Raster};
/// use ndarray::array;
///
/// let f: Field = 1.5.into();
/// assert_eq!(f, Field::Uniform(1.5));
/// assert_eq!(f.value_at(3, 4), 1.5);
///
/// let r = Raster::new(array![[1.0f32, -9999.0]], GeoTransform::north_up(0.0, 10.0, 10.0), Crs::epsg(32616))
///     .with_nodata(-9999.0);
/// let g = Field::from(r);
/// assert_eq!(g.value_at(0, 0), 1.0);
/// assert!(g.value_at(0, 1).is_nan()); // nodata reads as NaN
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// The same value in every cell.
    Uniform(f64),
    /// One value per cell; must share the DEM's grid.
    Raster(Raster<f32>),
}

impl Field {
    /// The value at row `r`, column `c`: NaN where a raster holds NaN or its nodata value. A
    /// raster cell outside its grid panics, as indexing does; check the grid first.
    pub fn value_at(&self, r: usize, c: usize) -> f64 {
        match self {
            Field::Uniform(v) => *v,
            Field::Raster(x) => {
                let v = x.data[[r, c]];
                if x.nodata.is_some_and(|nd| v as f64 == nd) {
                    f64::NAN
                } else {
                    v as f64
                }
            }
        }
    }
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
