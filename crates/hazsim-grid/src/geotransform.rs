//! GDAL-style affine geotransforms.

/// The six GDAL geotransform coefficients.
///
/// `x = gt[0] + col·gt[1] + row·gt[2]`, `y = gt[3] + col·gt[4] + row·gt[5]`, where (col, row) is a
/// pixel *corner* position: (0, 0) is the upper-left corner of the upper-left cell. For a north-up
/// grid `gt[2] = gt[4] = 0` and `gt[5] < 0`.
///
/// ```
/// use hazsim_grid::GeoTransform;
/// let gt = GeoTransform::north_up(500_000.0, 4_000_000.0, 90.0);
/// assert_eq!(gt.cell_width(), 90.0);
/// assert_eq!(gt.cell_height(), 90.0);
/// assert_eq!(gt.apply(1.0, 2.0), (500_090.0, 3_999_820.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoTransform(pub [f64; 6]);

impl GeoTransform {
    /// A north-up transform with square cells of `cell` metres whose upper-left corner is
    /// `(x_min, y_max)`.
    pub fn north_up(x_min: f64, y_max: f64, cell: f64) -> Self {
        GeoTransform([x_min, cell, 0.0, y_max, 0.0, -cell])
    }

    /// A north-up transform with separate cell width and height (both positive).
    pub fn north_up_rect(x_min: f64, y_max: f64, width: f64, height: f64) -> Self {
        GeoTransform([x_min, width, 0.0, y_max, 0.0, -height])
    }

    /// The identity-like transform GDAL assumes for rasters without georeferencing:
    /// origin (0, 0), 1-unit cells, y growing downward.
    pub fn unit() -> Self {
        GeoTransform([0.0, 1.0, 0.0, 0.0, 0.0, 1.0])
    }

    /// Coefficients as an array.
    pub fn coefficients(&self) -> [f64; 6] {
        self.0
    }

    /// Map a fractional (col, row) pixel position to world (x, y).
    pub fn apply(&self, col: f64, row: f64) -> (f64, f64) {
        let g = &self.0;
        (
            g[0] + col * g[1] + row * g[2],
            g[3] + col * g[4] + row * g[5],
        )
    }

    /// Map world (x, y) to a fractional (col, row) pixel position; `None` when the transform is
    /// singular.
    pub fn invert(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let g = &self.0;
        let det = g[1] * g[5] - g[2] * g[4];
        if det == 0.0 || !det.is_finite() {
            return None;
        }
        let dx = x - g[0];
        let dy = y - g[3];
        let col = (dx * g[5] - dy * g[2]) / det;
        let row = (dy * g[1] - dx * g[4]) / det;
        Some((col, row))
    }

    /// True when the rotation terms are zero.
    pub fn is_north_up(&self) -> bool {
        self.0[2] == 0.0 && self.0[4] == 0.0
    }

    /// Cell width (x extent of one column), positive.
    pub fn cell_width(&self) -> f64 {
        self.0[1].hypot(self.0[4])
    }

    /// Cell height (y extent of one row), positive.
    pub fn cell_height(&self) -> f64 {
        self.0[2].hypot(self.0[5])
    }

    /// True when both transforms agree to a relative tolerance of `1e-9` of the cell size.
    pub fn approx_eq(&self, other: &GeoTransform) -> bool {
        let tol = 1e-9 * self.cell_width().max(self.cell_height()).max(1e-12);
        // Origins may be large (UTM northings ~ 4e6): compare them to the cell size, scaled.
        self.0
            .iter()
            .zip(other.0.iter())
            .enumerate()
            .all(|(i, (a, b))| {
                let t = if i == 0 || i == 3 {
                    1e-6 * self.cell_width().max(self.cell_height())
                } else {
                    tol
                };
                (a - b).abs() <= t
            })
    }
}

impl Default for GeoTransform {
    fn default() -> Self {
        GeoTransform::unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invert_round_trips() {
        let gt = GeoTransform([100.0, 2.0, 0.3, 50.0, 0.1, -3.0]);
        let (x, y) = gt.apply(3.5, 7.25);
        let (c, r) = gt.invert(x, y).unwrap();
        assert!((c - 3.5).abs() < 1e-12 && (r - 7.25).abs() < 1e-12);
        assert!(!gt.is_north_up());
    }

    #[test]
    fn singular_transform_does_not_invert() {
        assert!(GeoTransform([0.0; 6]).invert(1.0, 1.0).is_none());
    }
}
