//! Release (source) cells of a runout computation.

use crate::{Error, Result};
use hazsim_grid::rasterize::polygon_mask;
use hazsim_grid::{Raster, Terrain};

/// Where debris is released: a mask on the DEM's grid, a list of cells, world points, or
/// polygons.
///
/// ```
/// use hazsim_debris::Release;
/// let r = Release::Cells(vec![(0, 1), (2, 2)]);
/// assert!(matches!(r, Release::Cells(ref c) if c.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Release {
    /// `true` cells release; must be on the DEM's grid.
    Mask(Raster<bool>),
    /// (row, col) cells.
    Cells(Vec<(usize, usize)>),
    /// World points (x, y) in the DEM's CRS; each releases from the cell containing it.
    Points(Vec<(f64, f64)>),
    /// Polygons in the DEM's CRS, each a list of rings (the exterior first, then holes; the
    /// even-odd rule decides inside): every cell whose centre lies inside releases. A polygon
    /// that covers no cell centre (outside the DEM, or smaller than a cell) is an error.
    Polygons(Vec<Vec<Vec<(f64, f64)>>>),
}

impl Release {
    /// A mask from a `u8` raster (non-zero releases), e.g. as read from a GeoTIFF. Nodata cells
    /// do not release.
    ///
    /// ```
    /// use hazsim_debris::Release;
    /// use hazsim_grid::{Raster, GeoTransform, Crs};
    /// let m = Raster::new(ndarray::array![[0u8, 1], [2, 0]], GeoTransform::north_up(0.0, 2.0, 1.0), Crs::epsg(32616));
    /// let Release::Mask(b) = Release::from_u8_mask(&m) else { unreachable!() };
    /// assert_eq!(b.data, ndarray::array![[false, true], [true, false]]);
    /// ```
    pub fn from_u8_mask(mask: &Raster<u8>) -> Self {
        let nd = mask.nodata;
        Release::Mask(mask.map(|&v| v != 0 && nd.is_none_or(|m| v as f64 != m)))
    }

    /// The release cells as sorted, de-duplicated row-major indices into `terrain`'s grid.
    ///
    /// ```
    /// use hazsim_debris::Release;
    /// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
    /// let t = Terrain::new(Raster::new(ndarray::Array2::zeros((3, 4)), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616))).unwrap();
    /// assert_eq!(Release::Cells(vec![(1, 2), (0, 0), (1, 2)]).cells(&t).unwrap(), vec![0, 6]);
    /// assert_eq!(Release::Points(vec![(15.0, 25.0)]).cells(&t).unwrap(), vec![1]);
    /// assert!(Release::Cells(vec![(3, 0)]).cells(&t).unwrap_err().to_string().contains("outside"));
    /// // A polygon over the two western cell centres of the top row (cells of 10 m, top at y = 30).
    /// let sq = vec![(0.0, 30.0), (20.0, 30.0), (20.0, 20.0), (0.0, 20.0)];
    /// assert_eq!(Release::Polygons(vec![vec![sq]]).cells(&t).unwrap(), vec![0, 1]);
    /// ```
    pub fn cells(&self, terrain: &Terrain) -> Result<Vec<usize>> {
        let dem = terrain.dem();
        let (rows, cols) = dem.shape();
        let mut out: Vec<usize> = match self {
            Release::Mask(m) => {
                dem.check_same_grid(m, "DEM", "release mask")
                    .map_err(|e| Error::grid("release mask", e))?;
                m.data
                    .iter()
                    .enumerate()
                    .filter(|(_, &v)| v)
                    .map(|(i, _)| i)
                    .collect()
            }
            Release::Cells(c) => c
                .iter()
                .map(|&(r, c)| {
                    if r < rows && c < cols {
                        Ok(r * cols + c)
                    } else {
                        Err(hazsim_grid::Error::outside_cell("release", r, c, (rows, cols)).into())
                    }
                })
                .collect::<Result<_>>()?,
            Release::Points(p) => p
                .iter()
                .map(|&(x, y)| {
                    dem.cell_index(x, y)
                        .map(|(r, c)| r * cols + c)
                        .ok_or_else(|| {
                            hazsim_grid::Error::outside_point("release", x, y, dem).into()
                        })
                })
                .collect::<Result<_>>()?,
            Release::Polygons(polys) => {
                let mut v = Vec::new();
                for (k, rings) in polys.iter().enumerate() {
                    let before = v.len();
                    v.extend(
                        polygon_mask(dem, rings)
                            .iter()
                            .enumerate()
                            .filter(|(_, &inside)| inside)
                            .map(|(i, _)| i),
                    );
                    if v.len() == before {
                        let b = dem.bounds();
                        return Err(Error::outside("release", format!(
                                "polygon {k} (it covers no cell centre: it lies outside the DEM or is smaller than a cell; give a point for a single cell)"
                            ), format!(
                                "x {}..{}, y {}..{}",
                                b.x_min, b.x_max, b.y_min, b.y_max
                            )));
                    }
                }
                v
            }
        };
        out.sort_unstable();
        out.dedup();
        if out.is_empty() {
            return Err(Error::EmptyRelease {
                what: match self {
                    Release::Mask(_) => "the mask has no true cell".into(),
                    Release::Cells(_) => "no cells".into(),
                    Release::Points(_) => "no points".into(),
                    Release::Polygons(_) => "no polygons".into(),
                },
            });
        }
        Ok(out)
    }
}
