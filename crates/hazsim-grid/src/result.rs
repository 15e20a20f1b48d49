//! [`SimResult`]: the one result shape of every engine, a named set of rasters with units.

use crate::{FieldInfo, Raster};

/// Fields of a run at one time: rasters on the DEM's grid, each with its registry entry
/// (name, unit, meaning). Every engine's [`crate::Simulation::result`] gives one.
///
/// ```
/// use hazsim_grid::{Crs, FieldInfo, GeoTransform, Raster, SimResult};
/// let grid = Raster::new(ndarray::Array2::<f32>::zeros((2, 2)), GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616));
/// let depth = FieldInfo { name: "flood.depth", unit: "m", meaning: "water depth now" };
/// let r = SimResult { hazard: "flood", time: 60.0, rasters: vec![(depth, grid)] };
/// assert!(r.field("flood.depth").is_some());
/// assert!(r.field("depth").is_some()); // short names work too
/// assert_eq!(r.info("depth").unwrap().unit, "m");
/// assert_eq!(r.names(), vec!["flood.depth"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SimResult {
    /// The hazard (`flood`, `fire`, `debris`).
    pub hazard: &'static str,
    /// Model time of the fields (s).
    pub time: f64,
    /// The fields, in the engine's order.
    pub rasters: Vec<(FieldInfo, Raster<f32>)>,
}

impl SimResult {
    fn index(&self, name: &str) -> Option<usize> {
        self.rasters
            .iter()
            .position(|(f, _)| f.name == name || f.quantity() == name)
    }

    /// A field by full (`flood.depth`) or short (`depth`) name.
    pub fn field(&self, name: &str) -> Option<&Raster<f32>> {
        self.index(name).map(|i| &self.rasters[i].1)
    }

    /// A field's name, unit and meaning.
    pub fn info(&self, name: &str) -> Option<&FieldInfo> {
        self.index(name).map(|i| &self.rasters[i].0)
    }

    /// Takes a field out of the result.
    pub fn take(&mut self, name: &str) -> Option<Raster<f32>> {
        self.index(name).map(|i| self.rasters.remove(i).1)
    }

    /// The full names of the fields, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.rasters.iter().map(|(f, _)| f.name).collect()
    }
}
