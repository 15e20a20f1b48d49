//! Conditions on the four edges of the grid.
//!
//! An edge face carries a unit discharge like any interior face. Its value comes from the edge's
//! [`Boundary`]:
//!
//! - [`Boundary::Closed`]: a wall, q = 0.
//! - [`Boundary::FreeOutflow`]: normal-depth outflow from Manning's equation,
//!   q = h^{5/3} S^{1/2} / n (outwards only), with h the edge cell's depth and S the given slope,
//!   or, when none is given, the local bed slope towards the edge (z_inner − z_edge)/Δx, floored
//!   at [`MIN_OUTFLOW_SLOPE`] so that a flat or adverse edge still drains.
//! - [`Boundary::CriticalOutflow`]: outflow at critical depth, q = h √(g h) (Froude number 1 at
//!   the edge, outwards only): the free overfall or weir-like control of HEC-RAS's "critical
//!   depth" boundary, for an edge where the flow leaves over a drop and the downstream slope is
//!   unknown.
//! - [`Boundary::FixedLevel`] / [`Boundary::LevelHydrograph`]: a ghost cell outside the edge with
//!   the given water-surface elevation over the edge cell's bed; the face flux follows the same
//!   local inertial update as interior faces, so water flows in or out.

use crate::sources::interp_linear;

/// Smallest slope used for a [`Boundary::FreeOutflow`] edge without a given slope.
pub const MIN_OUTFLOW_SLOPE: f32 = 1e-3;

/// The condition on one edge.
///
/// ```
/// use hazsim_flood::Boundary;
/// let b = Boundary::FreeOutflow { slope: Some(0.001) };
/// assert_ne!(b, Boundary::default()); // default is Closed
/// ```
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Boundary {
    /// A wall: no flow through the edge.
    #[default]
    Closed,
    /// Normal-depth outflow, q = h^{5/3} S^{1/2}/n; `slope` None uses the local bed slope.
    FreeOutflow {
        /// Energy slope S (m/m, > 0), or None for the local bed slope.
        slope: Option<f64>,
    },
    /// Critical-depth outflow, q = h √(g h) outwards: the edge cell's depth is the critical
    /// depth of the discharge leaving it.
    CriticalOutflow,
    /// A fixed water-surface elevation (m, in the DEM's vertical datum) outside the edge.
    FixedLevel(f64),
    /// A water-surface elevation varying in time: (t s, level m) pairs, linearly interpolated,
    /// held constant before the first and after the last time.
    LevelHydrograph(Vec<(f64, f64)>),
}

impl Boundary {
    /// The ghost water level at time `t`, for level boundaries.
    pub(crate) fn level_at(&self, t: f64) -> Option<f64> {
        match self {
            Boundary::FixedLevel(l) => Some(*l),
            Boundary::LevelHydrograph(s) => Some(interp_linear(s, t)),
            _ => None,
        }
    }
}

/// The conditions on the four edges (north = row 0, west = column 0): the shared
/// [`hazsim_grid::Edges`] of flood [`Boundary`] conditions, closed by default.
///
/// ```
/// use hazsim_flood::{Boundaries, Boundary};
/// let b = Boundaries { east: Boundary::FreeOutflow { slope: None }, ..Default::default() };
/// assert_eq!(b.north, Boundary::Closed);
/// let all = Boundaries::all(Boundary::FixedLevel(2.0));
/// assert_eq!(all.west, Boundary::FixedLevel(2.0));
/// ```
pub type Boundaries = hazsim_grid::Edges<Boundary>;

/// What the solver needs to know about one edge during one step (no allocation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum EdgeNow {
    Closed,
    /// Free outflow with a fixed slope, or None for the local bed slope.
    Free(Option<f32>),
    /// Critical-depth outflow.
    Critical,
    /// Ghost water-surface elevation (m).
    Level(f32),
}

impl EdgeNow {
    pub(crate) fn at(b: &Boundary, t: f64) -> Self {
        match b {
            Boundary::Closed => EdgeNow::Closed,
            Boundary::FreeOutflow { slope } => EdgeNow::Free(slope.map(|s| s as f32)),
            Boundary::CriticalOutflow => EdgeNow::Critical,
            _ => EdgeNow::Level(b.level_at(t).unwrap_or(0.0) as f32),
        }
    }
}
