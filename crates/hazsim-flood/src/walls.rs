//! DEM holes (NaN or nodata cells) as closed walls.
//!
//! A flood run needs a bed elevation in every cell, and [`hazsim_grid::Terrain`] refuses a DEM
//! with holes, naming two fixes: fill them ([`hazsim_grid::fill_nodata`], which interpolates
//! from the hole edges, right for small voids in a survey), or — with this module — treat them as
//! walls, right where the holes are masked-out buildings, the outside of an irregular survey or
//! a lake left out of a DEM on purpose.
//!
//! [`nodata_as_walls`] raises every hole to [`WALL_HEIGHT`] metres above the highest valid cell
//! and returns the mask of holes, which goes into [`crate::FloodConfig::walls`]. No face next to
//! such a cell ever carries water: the face flow depth h_f = max(η_L, η_R) − max(z_L, z_R)
//! (Bates et al. 2010) is ≤ 0 while the water surface stays below the wall top, so the wall acts
//! as a closed edge. The engine gives wall cells no rain (a film building up 10 km up would
//! otherwise fall off the wall), refuses inflows and initial water in them, and also raises
//! their bed itself, so a mask alone works too.

use crate::{Error, Result};
use hazsim_grid::Raster;
use ndarray::Array2;

/// Height (m) of a wall above the highest valid cell of the DEM.
pub const WALL_HEIGHT: f32 = 1.0e4;

/// A copy of `dem` whose NaN/nodata cells are walls [`WALL_HEIGHT`] m above its highest valid
/// cell, and the mask of those cells (for [`crate::FloodConfig::walls`]). The nodata value is
/// cleared, so the result passes [`hazsim_grid::Terrain::new`].
///
/// ```
/// use hazsim_flood::walls::{nodata_as_walls, WALL_HEIGHT};
/// use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
/// use ndarray::array;
/// let z = array![[1.0f32, -9999.0, 1.5], [2.0, f32::NAN, 1.0], [0.5, 0.5, 0.5]];
/// let dem = Raster::new(z, GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32633))
///     .with_nodata(-9999.0);
/// assert!(Terrain::new(dem.clone()).is_err());
/// let (walled, mask) = nodata_as_walls(&dem).unwrap();
/// assert_eq!(mask.iter().filter(|&&w| w).count(), 2);
/// assert_eq!(walled.data[[0, 1]], 2.0 + WALL_HEIGHT);
/// assert!(Terrain::new(walled).is_ok());
/// ```
pub fn nodata_as_walls(dem: &Raster<f32>) -> Result<(Raster<f32>, Array2<bool>)> {
    let holes = dem.nodata_mask();
    let top = dem
        .data
        .iter()
        .zip(holes.iter())
        .filter(|(_, &h)| !h)
        .map(|(&z, _)| z)
        .fold(f32::NEG_INFINITY, f32::max);
    if !top.is_finite() {
        return Err(Error::param(
            "dem",
            "no valid cell",
            "a DEM with at least one elevation that is not NaN or nodata",
        ));
    }
    let wall = top + WALL_HEIGHT;
    let mut out = dem.clone();
    for (z, &h) in out.data.iter_mut().zip(holes.iter()) {
        if h {
            *z = wall;
        }
    }
    out.nodata = None;
    Ok((out, holes))
}
