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
