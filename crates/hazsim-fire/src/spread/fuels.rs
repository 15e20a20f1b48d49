//! [`Fuels`]: the fuel models of the grid, one model or a raster of codes.

use crate::FuelModel;
use hazsim_grid::Raster;

/// The fuels of the grid.
#[derive(Debug, Clone, PartialEq)]
pub enum Fuels {
    /// One model everywhere.
    Uniform(FuelModel),
    /// A raster of fuel model codes on the terrain grid; each code is looked up first in
    /// `custom` (by [`FuelModel::code`]), then among the standard models. Nodata cells do not
    /// burn; an unknown code is an error.
    Codes {
        /// Fuel model codes.
        codes: Raster<u16>,
        /// User-defined models.
        custom: Vec<FuelModel>,
    },
}

impl Fuels {
    /// Fuels from a raster of fuel model codes read as floats (a GeoTIFF band): nodata and NaN
    /// cells become code 0, which does not burn; a value that is not a whole number from 0 to
    /// 65535 is an error naming `name`, the cell and the value. The codes are looked up when a
    /// fire is set up ([`crate::spread::FireSpread::new`]).
    ///
    /// ```
    /// use hazsim_fire::spread::Fuels;
    /// use hazsim_grid::{Crs, GeoTransform, Raster};
    /// let r = Raster::new(ndarray::array![[102.0f32, f32::NAN]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
    /// let Fuels::Codes { codes, .. } = Fuels::from_code_raster(&r, "fuel").unwrap() else { unreachable!() };
    /// assert_eq!(codes.data[[0, 1]], 0);
    /// let bad = r.map(|_| 1.5f32);
    /// assert!(Fuels::from_code_raster(&bad, "fuel").unwrap_err().to_string().contains("fuel"));
    /// ```
    pub fn from_code_raster(r: &Raster<f32>, name: &str) -> Result<Fuels, crate::Error> {
        let nd = r.nodata;
        let mut codes = ndarray::Array2::<u16>::zeros(r.shape());
        for ((ix, &v), out) in r.data.indexed_iter().zip(codes.iter_mut()) {
            if nd.is_some_and(|n| v as f64 == n) || v.is_nan() {
                continue;
            }
            if !(v >= 0.0 && v <= u16::MAX as f32 && v.fract() == 0.0) {
                return Err(crate::Error::invalid(
                    &format!("{name} at row {}, col {}", ix.0, ix.1),
                    v as f64,
                    "not a fuel model code; codes are whole numbers such as 102 (nodata or NaN for no fuel)",
                ));
            }
            *out = v as u16;
        }
        Ok(Fuels::Codes {
            codes: r.like(codes).with_nodata(0.0),
            custom: vec![],
        })
    }
}
