//! [`Raster<T>`]: a georeferenced 2-D array.

use crate::{Crs, Error, GeoTransform, Result};
use ndarray::{Array2, ArrayView2};

/// A georeferenced grid: an `ndarray::Array2<T>` (row 0 is north), a [`GeoTransform`], a [`Crs`]
/// and an optional nodata value.
///
/// ```
/// use hazsim_grid::{Raster, GeoTransform, Crs};
/// use ndarray::array;
///
/// let r = Raster::new(array![[1.0f32, 2.0], [3.0, -9999.0]], GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616))
///     .with_nodata(-9999.0);
/// assert_eq!(r.shape(), (2, 2));
/// assert_eq!(r.cell_size().unwrap(), 10.0);
/// assert_eq!(r.nodata_mask()[[1, 1]], true);
/// assert_eq!(r.bounds().x_max, 20.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Raster<T> {
    /// Cell values, indexed `[row, col]`, row 0 north.
    pub data: Array2<T>,
    /// Pixel-corner geotransform.
    pub transform: GeoTransform,
    /// Coordinate reference system.
    pub crs: Crs,
    /// Value marking missing cells, if any. For floats, NaN is always treated as missing too.
    pub nodata: Option<f64>,
}

/// An axis-aligned bounding box in world coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    /// West edge.
    pub x_min: f64,
    /// South edge.
    pub y_min: f64,
    /// East edge.
    pub x_max: f64,
    /// North edge.
    pub y_max: f64,
}

impl BoundingBox {
    /// Width (x extent).
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }
    /// Height (y extent).
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }
    /// True when (x, y) lies inside or on the edge.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x_min && x <= self.x_max && y >= self.y_min && y <= self.y_max
    }
}

/// A cell value type: anything hazsim rasters hold.
pub trait CellValue: Copy + Send + Sync + 'static {
    /// The value as f64 (for statistics and nodata comparison).
    fn to_f64(self) -> f64;
}
macro_rules! cell_value {
    ($($t:ty),*) => {$(impl CellValue for $t { #[inline] fn to_f64(self) -> f64 { self as f64 } })*};
}
cell_value!(f32, f64, i8, i16, i32, i64, u8, u16, u32, u64, usize);
impl CellValue for bool {
    fn to_f64(self) -> f64 {
        if self {
            1.0
        } else {
            0.0
        }
    }
}

impl<T> Raster<T> {
    /// A raster from data, transform and CRS, without nodata.
    pub fn new(data: Array2<T>, transform: GeoTransform, crs: Crs) -> Self {
        Raster {
            data,
            transform,
            crs,
            nodata: None,
        }
    }

    /// Set the nodata value.
    pub fn with_nodata(mut self, nodata: f64) -> Self {
        self.nodata = Some(nodata);
        self
    }

    /// (rows, cols).
    pub fn shape(&self) -> (usize, usize) {
        self.data.dim()
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.data.nrows()
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.data.ncols()
    }

    /// A view of the data.
    pub fn view(&self) -> ArrayView2<'_, T> {
        self.data.view()
    }

    /// A raster on the same grid (transform, CRS) holding other data, without nodata.
    ///
    /// Panics if `data` has another shape; use [`Raster::check_same_grid`] on user input.
    pub fn like<U>(&self, data: Array2<U>) -> Raster<U> {
        assert_eq!(
            data.dim(),
            self.data.dim(),
            "Raster::like needs the same shape"
        );
        Raster {
            data,
            transform: self.transform,
            crs: self.crs.clone(),
            nodata: None,
        }
    }

    /// Apply `f` to every cell, keeping the grid.
    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> Raster<U> {
        Raster {
            data: self.data.map(f),
            transform: self.transform,
            crs: self.crs.clone(),
            nodata: None,
        }
    }

    /// Cell size in CRS units when cells are square (to 1e-6 relative), else an error.
    ///
    /// Engines use [`Raster::cell_size_metres`], which also rejects geographic CRSs.
    pub fn cell_size(&self) -> Result<f64> {
        let (w, h) = (self.transform.cell_width(), self.transform.cell_height());
        if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
            return Err(Error::InvalidRaster {
                input: "raster".into(),
                reason: format!(
                    "cell size {w} × {h} is not positive and finite; fix the geotransform"
                ),
            });
        }
        if ((w - h) / w).abs() > 1e-6 {
            return Err(Error::InvalidRaster {
                input: "raster".into(),
                reason: format!(
                    "cells are not square ({w} × {h}); resample to square cells (gdalwarp -tr {w} {w})"
                ),
            });
        }
        Ok(w)
    }

    /// Cell width and height in CRS units (both positive).
    pub fn cell_dims(&self) -> (f64, f64) {
        (self.transform.cell_width(), self.transform.cell_height())
    }

    /// Checks that the grid is north-up and projected, and returns the (square) cell size in
    /// metres. `input` names the raster in error messages.
    ///
    /// ```
    /// use hazsim_grid::{Raster, GeoTransform, Crs, Error};
    /// use ndarray::Array2;
    /// let geo = Raster::new(Array2::<f32>::zeros((2, 2)), GeoTransform::north_up(-84.0, 36.0, 0.001), Crs::epsg(4326));
    /// assert!(matches!(geo.cell_size_metres("dem"), Err(Error::GeographicCrs { .. })));
    /// ```
    pub fn cell_size_metres(&self, input: &str) -> Result<f64> {
        self.check_north_up(input)?;
        if self.crs.is_geographic() {
            return Err(Error::GeographicCrs {
                input: input.to_string(),
                crs: self.crs.to_string(),
            });
        }
        if self.data.is_empty() {
            return Err(Error::InvalidRaster {
                input: input.to_string(),
                reason: "the raster has no cells".into(),
            });
        }
        self.cell_size().map_err(|e| match e {
            Error::InvalidRaster { reason, .. } => Error::InvalidRaster {
                input: input.to_string(),
                reason,
            },
            e => e,
        })
    }

    /// Error unless the transform is north-up (no rotation terms).
    pub fn check_north_up(&self, input: &str) -> Result<()> {
        if self.transform.is_north_up() {
            Ok(())
        } else {
            Err(Error::RotatedTransform {
                input: input.to_string(),
                rot1: self.transform.0[2],
                rot2: self.transform.0[4],
            })
        }
    }

    /// World coordinates (x, y) of the centre of cell (row, col).
    pub fn cell_center(&self, row: usize, col: usize) -> (f64, f64) {
        self.transform.apply(col as f64 + 0.5, row as f64 + 0.5)
    }

    /// The cell (row, col) containing world point (x, y), or `None` outside the grid.
    pub fn cell_index(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (c, r) = self.transform.invert(x, y)?;
        if !(c.is_finite() && r.is_finite()) || c < 0.0 || r < 0.0 {
            return None;
        }
        let (c, r) = (c.floor() as usize, r.floor() as usize);
        (r < self.rows() && c < self.cols()).then_some((r, c))
    }

    /// The bounding box of the grid's outer cell edges.
    pub fn bounds(&self) -> BoundingBox {
        let (rows, cols) = (self.rows() as f64, self.cols() as f64);
        let corners = [
            self.transform.apply(0.0, 0.0),
            self.transform.apply(cols, 0.0),
            self.transform.apply(0.0, rows),
            self.transform.apply(cols, rows),
        ];
        let mut b = BoundingBox {
            x_min: f64::INFINITY,
            y_min: f64::INFINITY,
            x_max: f64::NEG_INFINITY,
            y_max: f64::NEG_INFINITY,
        };
        for (x, y) in corners {
            b.x_min = b.x_min.min(x);
            b.x_max = b.x_max.max(x);
            b.y_min = b.y_min.min(y);
            b.y_max = b.y_max.max(y);
        }
        b
    }

    /// True when `other` has the same shape, transform (to 1e-6 of a cell) and CRS.
    pub fn same_grid<U>(&self, other: &Raster<U>) -> bool {
        self.grid_difference(other).is_none()
    }

    /// `Ok` when both rasters share a grid, else [`Error::GridMismatch`] naming both inputs and
    /// what differs.
    ///
    /// ```
    /// use hazsim_grid::{Raster, GeoTransform, Crs};
    /// use ndarray::Array2;
    /// let a = Raster::new(Array2::<f32>::zeros((2, 2)), GeoTransform::north_up(0.0, 0.0, 10.0), Crs::epsg(32616));
    /// let b = Raster::new(Array2::<f32>::zeros((2, 3)), GeoTransform::north_up(0.0, 0.0, 10.0), Crs::epsg(32616));
    /// let err = a.check_same_grid(&b, "dem", "manning").unwrap_err();
    /// assert!(err.to_string().contains("shape"));
    /// ```
    pub fn check_same_grid<U>(
        &self,
        other: &Raster<U>,
        name: &str,
        other_name: &str,
    ) -> Result<()> {
        match self.grid_difference(other) {
            None => Ok(()),
            Some(d) => Err(Error::GridMismatch {
                what: format!("{name} and {other_name} differ in {d}"),
            }),
        }
    }

    fn grid_difference<U>(&self, other: &Raster<U>) -> Option<String> {
        if self.shape() != other.shape() {
            return Some(format!("shape: {:?} vs {:?}", self.shape(), other.shape()));
        }
        if !self.transform.approx_eq(&other.transform) {
            return Some(format!(
                "transform: {:?} vs {:?}",
                self.transform.0, other.transform.0
            ));
        }
        let crs_differs = match (self.crs.epsg, other.crs.epsg) {
            (Some(a), Some(b)) => a != b,
            _ => !self.crs.is_unknown() && !other.crs.is_unknown() && self.crs.wkt != other.crs.wkt,
        };
        if crs_differs {
            return Some(format!("CRS: {} vs {}", self.crs, other.crs));
        }
        None
    }
}

impl<T: CellValue> Raster<T> {
    /// True where the cell is nodata (equal to the nodata value) or NaN.
    pub fn nodata_mask(&self) -> Array2<bool> {
        let nd = self.nodata;
        self.data.map(|v| {
            let x = v.to_f64();
            x.is_nan() || nd.is_some_and(|n| x == n)
        })
    }

    /// True when cell value `v` counts as missing.
    #[inline]
    pub fn is_nodata_value(&self, v: T) -> bool {
        let x = v.to_f64();
        x.is_nan() || self.nodata.is_some_and(|n| x == n)
    }

    /// Min, max, mean and count of valid cells (NaN and nodata excluded); `None` if no cell is
    /// valid. Sums run in f64 in row-major order.
    pub fn statistics(&self) -> Option<Statistics> {
        let mut s = Statistics {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            mean: 0.0,
            std: 0.0,
            valid: 0,
            missing: 0,
        };
        let (mut sum, mut sum2) = (0.0f64, 0.0f64);
        for &v in self.data.iter() {
            if self.is_nodata_value(v) {
                s.missing += 1;
                continue;
            }
            let x = v.to_f64();
            s.min = s.min.min(x);
            s.max = s.max.max(x);
            sum += x;
            sum2 += x * x;
            s.valid += 1;
        }
        if s.valid == 0 {
            return None;
        }
        let n = s.valid as f64;
        s.mean = sum / n;
        s.std = (sum2 / n - s.mean * s.mean).max(0.0).sqrt();
        Some(s)
    }
}

/// Summary statistics of a raster's valid cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Statistics {
    /// Smallest valid value.
    pub min: f64,
    /// Largest valid value.
    pub max: f64,
    /// Mean of valid values.
    pub mean: f64,
    /// Population standard deviation of valid values.
    pub std: f64,
    /// Number of valid cells.
    pub valid: usize,
    /// Number of NaN or nodata cells.
    pub missing: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn r() -> Raster<f32> {
        Raster::new(
            array![[1.0, 2.0, 3.0], [4.0, f32::NAN, 6.0]],
            GeoTransform::north_up(100.0, 200.0, 10.0),
            Crs::epsg(32616),
        )
    }

    #[test]
    fn centre_and_index_round_trip() {
        let r = r();
        for row in 0..2 {
            for col in 0..3 {
                let (x, y) = r.cell_center(row, col);
                assert_eq!(r.cell_index(x, y), Some((row, col)));
            }
        }
        assert_eq!(r.cell_center(1, 2), (125.0, 185.0));
        assert_eq!(r.cell_index(99.9, 195.0), None);
        assert_eq!(r.cell_index(130.0, 195.0), None, "east edge is outside");
        assert_eq!(r.cell_index(105.0, 180.0), None, "south edge is outside");
    }

    #[test]
    fn bounds_cover_all_cells() {
        let b = r().bounds();
        assert_eq!(
            (b.x_min, b.y_min, b.x_max, b.y_max),
            (100.0, 180.0, 130.0, 200.0)
        );
    }

    #[test]
    fn nodata_mask_and_statistics() {
        let r = r().with_nodata(6.0);
        let m = r.nodata_mask();
        assert_eq!(m.iter().filter(|&&b| b).count(), 2);
        let s = r.statistics().unwrap();
        assert_eq!((s.min, s.max, s.valid, s.missing), (1.0, 4.0, 4, 2));
        assert!((s.mean - 2.5).abs() < 1e-12);
    }

    #[test]
    fn grid_mismatch_names_the_difference() {
        let a = r();
        let mut b = r();
        b.transform.0[0] += 5.0;
        let e = a
            .check_same_grid(&b, "dem", "rain")
            .unwrap_err()
            .to_string();
        assert!(e.contains("dem and rain differ in transform"), "{e}");
        let mut c = r();
        c.crs = Crs::epsg(32617);
        assert!(a
            .check_same_grid(&c, "dem", "rain")
            .unwrap_err()
            .to_string()
            .contains("CRS"));
        assert!(a.same_grid(&r()));
    }

    #[test]
    fn rotated_and_rectangular_grids_are_rejected() {
        let mut a = r();
        a.transform.0[2] = 0.5;
        assert!(matches!(
            a.cell_size_metres("dem"),
            Err(Error::RotatedTransform { .. })
        ));
        let mut b = r();
        b.transform.0[5] = -20.0;
        assert!(b
            .cell_size_metres("dem")
            .unwrap_err()
            .to_string()
            .contains("not square"));
    }
}
