//! [`FloodConfig`]: everything a flood run needs besides the terrain. Every field has a default;
//! [`crate::FloodSimulation::new`] checks them all against the terrain.

use crate::{Boundaries, Breach, GreenAmpt, LineInflow, PointInflow, Rain, Reservoir};
use hazsim_grid::{Field, Raster};

/// Configuration of a flood run. Times in seconds, lengths in metres.
///
/// ```
/// use hazsim_flood::{FloodConfig, Rain};
/// let cfg = FloodConfig {
///     duration: 3600.0,
///     rain: Rain::Uniform(vec![(0.0, 30.0), (1800.0, 0.0)]),
///     output_interval: Some(600.0),
///     ..Default::default()
/// };
/// assert_eq!(cfg.alpha, 0.6);
/// assert_eq!(cfg.theta, 0.8);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FloodConfig {
    /// Length of the run (s) for [`crate::simulate`]; progress is reported as now/duration.
    pub duration: f64,
    /// Courant number α in Δt = α Δx / √(g h_max) (Bates et al. 2010).
    ///
    /// Must lie in (0, √(θ/2)]: a von Neumann analysis of the θ-weighted scheme on a 2D grid
    /// gives amplification ≤ 1 for every mode only while α² · 8 ≤ 2 (1 + (2θ − 1)), i.e.
    /// α ≤ √(θ/2) (0.632 for θ = 0.8, 0.707 for θ = 1); the worst mode is the checkerboard, which
    /// a lake at rest excites from round-off. The default 0.6 keeps a 5 % margin at θ = 0.8.
    pub alpha: f64,
    /// Momentum weighting θ of de Almeida et al. (2012); in [0, 1]. θ = 1 is Bates et al. (2010).
    pub theta: f64,
    /// Manning's n.
    pub manning: Field,
    /// Depth (m) above which a cell counts as wet (flooded area, duration, speed, hazard).
    pub wet_threshold: f64,
    /// Depth (m) whose first crossing sets `flood.arrival_time`.
    pub arrival_threshold: f64,
    /// Face flow depth (m) at or below which a face carries no flow.
    pub h_flow_min: f64,
    /// Upper limit of the time step (s).
    pub max_dt: f64,
    /// Interval (s) of the (t, flooded area, volume) series; None records start and end only.
    pub output_interval: Option<f64>,
    /// Fields to keep at every output time (every `output_interval` seconds), e.g.
    /// `["flood.depth"]`: the run's snapshots ([`crate::FloodResult::snapshots`],
    /// [`crate::FloodSimulation::snapshots`]). Needs `output_interval`; each snapshot of a field
    /// holds 4 bytes per cell.
    pub snapshots: Vec<String>,
    /// Edge conditions.
    pub boundaries: Boundaries,
    /// Initial depth (m) on the DEM's grid; None starts dry.
    #[serde(skip)]
    pub initial_depth: Option<Raster<f32>>,
    /// Rain.
    pub rain: Rain,
    /// Point inflows.
    pub inflows: Vec<PointInflow>,
    /// Line inflows: a hydrograph spread evenly along a polyline's cells.
    pub line_inflows: Vec<LineInflow>,
    /// Speed (m/s) above which the run is declared unstable.
    pub max_speed: f64,
    /// Green–Ampt infiltration ([`crate::infiltration`]); None: an impervious bed.
    pub infiltration: Option<GreenAmpt>,
    /// A reservoir filled to a level at t = 0 ([`crate::breach`]), added to `initial_depth`.
    pub reservoir: Option<Reservoir>,
    /// A dam breach opening in time ([`crate::breach`]).
    pub breach: Option<Breach>,
    /// Cells that are walls (true), e.g. DEM holes from [`crate::walls::nodata_as_walls`]:
    /// no water enters them and no rain falls on them. On the DEM's shape.
    #[serde(skip)]
    pub walls: Option<ndarray::Array2<bool>>,
    /// Optional cap of the face Froude number ([`crate::froude`]); None (default): no cap.
    pub max_froude: Option<f64>,
}

impl hazsim_grid::FieldInputs for FloodConfig {
    /// `manning` and the Green–Ampt soil parameters (`infiltration.k_s`, `.psi_f`,
    /// `.delta_theta`).
    fn field_inputs_mut(&mut self) -> Vec<(String, &mut Field)> {
        let mut v = vec![("manning".to_string(), &mut self.manning)];
        if let Some(g) = &mut self.infiltration {
            v.push(("infiltration.k_s".to_string(), &mut g.k_s));
            v.push(("infiltration.psi_f".to_string(), &mut g.psi_f));
            v.push(("infiltration.delta_theta".to_string(), &mut g.delta_theta));
        }
        v
    }
}

impl Default for FloodConfig {
    fn default() -> Self {
        FloodConfig {
            duration: 3600.0,
            alpha: 0.6,
            theta: 0.8,
            manning: Field::Uniform(0.035),
            wet_threshold: 0.01,
            arrival_threshold: 0.1,
            h_flow_min: 1e-3,
            max_dt: 10.0,
            output_interval: None,
            snapshots: Vec::new(),
            boundaries: Boundaries::default(),
            initial_depth: None,
            rain: Rain::None,
            inflows: Vec::new(),
            line_inflows: Vec::new(),
            max_speed: 50.0,
            infiltration: None,
            reservoir: None,
            breach: None,
            walls: None,
            max_froude: None,
        }
    }
}
