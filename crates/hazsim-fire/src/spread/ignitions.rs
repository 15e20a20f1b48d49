//! Ignitions from shapes: keep the cells that can burn.

use super::{Fuels, Ignition};
use crate::FuelModel;
use hazsim_grid::Raster;

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
