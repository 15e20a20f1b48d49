//! [`Ignition`]s: cells set burning at a time, placed by map coordinates, and the ignitions
//! of shapes kept to the cells that can burn.

use super::Fuels;
use crate::FuelModel;
use hazsim_grid::{Raster, Terrain};

/// An ignition: a cell set burning at `time` (s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ignition {
    /// Row (0 is north).
    pub row: usize,
    /// Column (0 is west).
    pub col: usize,
    /// Ignition time (s since the start).
    pub time: f64,
}

impl Ignition {
    /// The ignition at map point (x, y) of `terrain`'s CRS; a point outside the grid is an
    /// error that gives the grid's extent.
    ///
    /// ```
    /// use hazsim_fire::spread::Ignition;
    /// use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
    /// let dem = Raster::new(ndarray::Array2::zeros((10, 10)), GeoTransform::north_up(0.0, 100.0, 10.0), Crs::epsg(32650));
    /// let t = Terrain::new(dem).unwrap();
    /// assert_eq!(Ignition::locate(&t, 15.0, 95.0, 0.0).unwrap(), Ignition { row: 0, col: 1, time: 0.0 });
    /// let e = Ignition::locate(&t, 150.0, 50.0, 0.0).unwrap_err().to_string();
    /// assert!(e.contains("outside the grid"), "{e}");
    /// ```
    pub fn locate(terrain: &Terrain, x: f64, y: f64, time: f64) -> Result<Self, crate::Error> {
        Self::at_point(terrain, x, y, time).ok_or_else(|| {
            let b = terrain.dem().bounds();
            crate::Error::InvalidInput {
                parameter: format!("ignition point (x {x}, y {y})"),
                value: x,
                expected: format!(
                    "a point inside the grid, but it lies outside the grid (x {}..{}, y {}..{}); \
                     give coordinates in the terrain's CRS ({})",
                    b.x_min,
                    b.x_max,
                    b.y_min,
                    b.y_max,
                    terrain.dem().crs
                ),
            }
        })
    }

    /// The ignition at map point (x, y) of `terrain`'s CRS, or `None` outside the grid.
    pub fn at_point(terrain: &Terrain, x: f64, y: f64, time: f64) -> Option<Self> {
        terrain
            .dem()
            .cell_index(x, y)
            .map(|(row, col)| Ignition { row, col, time })
    }
}

/// The ignitions that fall on burnable cells: not a barrier, and (for a fuel-code raster) not
/// nodata, a non-burnable code (91-99) or an unknown code. Use it for ignition lines and
/// polygons, which may cross a road or a stream; a single ignition point on a cell that cannot
/// burn should rather be reported (the spread engine does).
///
/// ```
/// use hazsim_fire::spread::{keep_burnable, Fuels, Ignition};
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use ndarray::array;
/// let codes = Raster::new(array![[1u16, 91]], GeoTransform::north_up(0.0, 10.0, 10.0), Crs::epsg(32650));
/// let line = [Ignition { row: 0, col: 0, time: 0.0 }, Ignition { row: 0, col: 1, time: 0.0 }];
/// let kept = keep_burnable(&line, &Fuels::Codes { codes, custom: vec![] }, None);
/// assert_eq!(kept, vec![line[0]]);
/// ```
pub fn keep_burnable(
    ignitions: &[Ignition],
    fuels: &Fuels,
    barriers: Option<&Raster<bool>>,
) -> Vec<Ignition> {
    ignitions
        .iter()
        .copied()
        .filter(|ig| {
            let open = barriers.is_none_or(|b| {
                b.data
                    .get([ig.row, ig.col])
                    .is_some_and(|&blocked| !blocked)
            });
            let burns = match fuels {
                Fuels::Uniform(m) => m.is_burnable(),
                Fuels::Codes { codes, custom } => match codes.data.get([ig.row, ig.col]) {
                    Some(&c) if !codes.is_nodata_value(c) => custom
                        .iter()
                        .find(|m| m.code == c)
                        .cloned()
                        .or_else(|| FuelModel::standard(c).ok())
                        .is_some_and(|m| m.is_burnable()),
                    _ => false,
                },
            };
            open && burns
        })
        .collect()
}
