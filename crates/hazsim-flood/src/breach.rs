//! Dam breach: a reservoir given as a water level inside a polygon (or a cell mask), and a breach
//! whose bed elevation is lowered linearly in time from the dam crest to a final level.
//!
//! **Reservoir.** Every cell whose centre lies inside the polygon starts with depth
//! max(level − z, 0), added to any `initial_depth`.
//!
//! **Breach.** The cells of the breach region are the dam cells that open. Each keeps its own
//! crest elevation z_c (the DEM) and is lowered to z_f = min(z_c, `final_level`) along
//!
//! z(t) = z_c − (z_c − z_f) · clamp((t − t_0)/t_f, 0, 1),
//!
//! with start t_0 and formation time t_f (t_f = 0: the whole breach opens at t_0, a sudden
//! failure). This is the parametric breach of HEC-RAS (US Army Corps of Engineers, *HEC-RAS
//! Hydraulic Reference Manual*, dam break section) with a linear progression and a rectangular
//! opening; the final bottom level, the width (through the cells chosen) and t_f can be taken from
//! the regression equations of Froehlich (2008, *J. Water Resour. Plann. Manage.* 134(6):
//! 547–556), e.g. t_f = 63.2 √(V_w/(g h_b²)) s for a reservoir volume V_w and breach height h_b.
//!
//! The bed is changed at the start of each step, outside the solver kernels. Water is stored as
//! depth, so lowering the bed under water keeps every cell's volume: the breach conserves mass
//! exactly (asserted in `tests/breach.rs`). The bed is lowered in steps of at most one solver Δt;
//! the run also lands on t_0 and t_0 + t_f.

use crate::{Error, Result};
use hazsim_grid::rasterize::polygon_mask;
use hazsim_grid::Raster;
use ndarray::Array2;

/// An area on the DEM: a polygon (cells whose centres lie inside) or a cell mask.
///
/// ```
/// use hazsim_flood::Region;
/// // A 100 m square in the DEM's CRS (the closing vertex may be repeated or left out).
/// let r = Region::Polygon(vec![vec![(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)]]);
/// assert!(matches!(r, Region::Polygon(_)));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Rings in world coordinates (DEM CRS): the exterior first, then any holes (even-odd rule).
    Polygon(Vec<Vec<(f64, f64)>>),
    /// True for the cells inside, on the DEM's shape (rows × cols).
    #[serde(skip)]
    Mask(Array2<bool>),
}

impl Region {
    /// The row-major indices of the cells in the region on `dem`'s grid; an error naming `name`
    /// when the region covers no cell centre or a mask has another shape.
    pub fn cells(&self, name: &str, dem: &Raster<f32>) -> Result<Vec<usize>> {
        let mask = match self {
            Region::Polygon(rings) => {
                if let Some(p) = rings
                    .iter()
                    .flatten()
                    .find(|p| !(p.0.is_finite() && p.1.is_finite()))
                {
                    return Err(Error::param(
                        name,
                        format!("vertex ({}, {})", p.0, p.1),
                        "finite world coordinates in the DEM's CRS",
                    ));
                }
                polygon_mask(dem, rings)
            }
            Region::Mask(m) => {
                if m.dim() != dem.shape() {
                    return Err(Error::param(
                        name,
                        format!("a mask of shape {:?}", m.dim()),
                        &format!("a mask of the DEM's shape {:?}", dem.shape()),
                    ));
                }
                m.clone()
            }
        };
        let cells: Vec<usize> = mask
            .iter()
            .enumerate()
            .filter_map(|(i, &b)| b.then_some(i))
            .collect();
        if cells.is_empty() {
            let b = dem.bounds();
            return Err(Error::param(
                name,
                match self {
                    Region::Polygon(r) => format!("a polygon with {} vertices", r.iter().map(Vec::len).sum::<usize>()),
                    Region::Mask(_) => "an all-false mask".to_string(),
                },
                &format!(
                    "an area covering at least one cell centre of the DEM (x {}..{}, y {}..{}, cell size {} m); check that the coordinates are in the DEM's CRS, or draw the polygon wider than one cell",
                    b.x_min, b.x_max, b.y_min, b.y_max, dem.transform.cell_width().abs()
                ),
            ));
        }
        Ok(cells)
    }
}

/// A reservoir: water up to `level` (m, water-surface elevation) inside `region` at t = 0.
///
/// ```
/// use hazsim_flood::{Region, Reservoir};
/// let res = Reservoir { region: Region::Polygon(vec![vec![(0.0, 0.0), (50.0, 0.0), (50.0, 50.0), (0.0, 50.0)]]), level: 105.0 };
/// assert_eq!(res.level, 105.0);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reservoir {
    /// Where the reservoir lies.
    pub region: Region,
    /// Initial water-surface elevation (m, DEM datum).
    pub level: f64,
}

/// A breach: the bed of the cells in `region` falls linearly from the DEM (the crest) to
/// `final_level` between `start` and `start + formation_time` (s).
///
/// ```
/// use hazsim_flood::{Breach, Region};
/// let b = Breach {
///     region: Region::Polygon(vec![vec![(50.0, 20.0), (60.0, 20.0), (60.0, 30.0), (50.0, 30.0)]]),
///     final_level: 100.0,
///     start: 0.0,
///     formation_time: 600.0,
/// };
/// assert_eq!(b.formation_time, 600.0);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breach {
    /// The dam cells that open.
    pub region: Region,
    /// Final breach bottom elevation (m); cells already lower keep their bed.
    pub final_level: f64,
    /// Time the breach starts to form (s).
    pub start: f64,
    /// Time to full opening (s); 0 for a sudden failure.
    pub formation_time: f64,
}

/// Initial depths of a reservoir added to `h` (rows × cols, row-major).
pub(crate) fn fill_reservoir(res: &Reservoir, dem: &Raster<f32>, h: &mut [f32]) -> Result<()> {
    if !res.level.is_finite() {
        return Err(Error::param(
            "reservoir.level",
            res.level,
            "a finite water-surface elevation in metres (DEM datum)",
        ));
    }
    let cells = res.region.cells("reservoir.region", dem)?;
    let z: Vec<f32> = dem.data.iter().copied().collect();
    let mut filled = 0usize;
    for &i in &cells {
        let d = res.level - z[i] as f64;
        if d > 0.0 {
            h[i] += d as f32;
            filled += 1;
        }
    }
    if filled == 0 {
        let lo = cells.iter().map(|&i| z[i]).fold(f32::INFINITY, f32::min);
        return Err(Error::param(
            "reservoir.level",
            res.level,
            &format!(
                "a level above the bed somewhere inside the reservoir (its lowest bed is {lo} m, over {} cells); give the water-surface elevation in metres in the DEM's datum, not a depth",
                cells.len()
            ),
        ));
    }
    Ok(())
}

/// A breach resolved to its cells.
#[derive(Debug, Clone)]
pub(crate) struct BreachState {
    cells: Vec<usize>,
    crest: Vec<f32>,
    bottom: Vec<f32>,
    start: f64,
    formation_time: f64,
}

impl BreachState {
    pub(crate) fn new(b: &Breach, dem: &Raster<f32>) -> Result<Self> {
        for (name, v, ok, expected) in [
            (
                "breach.final_level",
                b.final_level,
                true,
                "a finite breach bottom elevation in metres (DEM datum)",
            ),
            (
                "breach.start",
                b.start,
                b.start >= 0.0,
                "a time in seconds >= 0",
            ),
            (
                "breach.formation_time",
                b.formation_time,
                b.formation_time >= 0.0,
                "a duration in seconds >= 0 (0 = sudden failure)",
            ),
        ] {
            if !(ok && v.is_finite()) {
                return Err(Error::param(name, v, expected));
            }
        }
        let cells = b.region.cells("breach.region", dem)?;
        let all: Vec<f32> = dem.data.iter().copied().collect();
        let z: Vec<f32> = cells.iter().map(|&i| all[i]).collect();
        let bottom: Vec<f32> = z.iter().map(|&c| c.min(b.final_level as f32)).collect();
        if z.iter().zip(&bottom).all(|(c, f)| f >= c) {
            let hi = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            return Err(Error::param(
                "breach.final_level",
                b.final_level,
                &format!("a level below the dam crest (the highest breach cell is at {hi} m), or nothing opens"),
            ));
        }
        Ok(BreachState {
            cells,
            crest: z,
            bottom,
            start: b.start,
            formation_time: b.formation_time,
        })
    }

    /// Fraction of the opening reached at time t, in [0, 1].
    fn progress(&self, t: f64) -> f32 {
        if t < self.start {
            0.0
        } else if self.formation_time <= 0.0 {
            1.0
        } else {
            ((t - self.start) / self.formation_time).clamp(0.0, 1.0) as f32
        }
    }

    /// Sets the breach cells' bed in `z` for time t.
    pub(crate) fn set_bed(&self, t: f64, z: &mut [f32]) {
        let p = self.progress(t);
        for ((&i, &c), &f) in self.cells.iter().zip(&self.crest).zip(&self.bottom) {
            z[i] = c - (c - f) * p;
        }
    }

    /// Moves the start of the opening (s).
    pub(crate) fn set_start(&mut self, start: f64) {
        self.start = start;
    }

    /// Lowest bed the breach reaches.
    pub(crate) fn lowest(&self) -> f32 {
        self.bottom.iter().copied().fold(f32::INFINITY, f32::min)
    }

    /// Start and end of the opening, for the step to land on.
    pub(crate) fn events(&self) -> [f64; 2] {
        [self.start, self.start + self.formation_time]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hazsim_grid::{Crs, GeoTransform};

    #[test]
    fn linear_opening() {
        let dem = Raster::new(
            Array2::from_elem((2, 2), 10.0f32),
            GeoTransform::north_up(0.0, 20.0, 10.0),
            Crs::epsg(32633),
        );
        let mut m = Array2::from_elem((2, 2), false);
        m[[0, 1]] = true;
        let b = BreachState::new(
            &Breach {
                region: Region::Mask(m),
                final_level: 4.0,
                start: 100.0,
                formation_time: 60.0,
            },
            &dem,
        )
        .unwrap();
        let mut z = vec![10.0f32; 4];
        b.set_bed(50.0, &mut z);
        assert_eq!(z[1], 10.0);
        b.set_bed(130.0, &mut z);
        assert_eq!(z[1], 7.0);
        b.set_bed(500.0, &mut z);
        assert_eq!(z, vec![10.0, 4.0, 10.0, 10.0]);
        assert_eq!(b.events(), [100.0, 160.0]);
    }
}
