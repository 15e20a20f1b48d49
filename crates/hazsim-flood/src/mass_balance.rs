//! Volume accounting (f64, m³). Conservation is asserted, not assumed:
//! storage_now − storage_initial = inflow + boundary_inflow + rain − outflow − infiltration,
//! to round-off.

/// Volumes (m³) entering, leaving and stored in the domain since the start of the run.
///
/// ```
/// use hazsim_flood::MassBalance;
/// let m = MassBalance { inflow: 10.0, rain: 5.0, storage_initial: 100.0, storage_now: 115.0, ..Default::default() };
/// assert!(m.error().abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MassBalance {
    /// Volume from point inflows.
    pub inflow: f64,
    /// Volume entering through level boundaries.
    pub boundary_inflow: f64,
    /// Volume of rain.
    pub rain: f64,
    /// Volume leaving through the edges.
    pub outflow: f64,
    /// Volume lost to infiltration ([`crate::infiltration`]).
    pub infiltration: f64,
    /// Water in the domain at the start.
    pub storage_initial: f64,
    /// Water in the domain now.
    pub storage_now: f64,
}

impl MassBalance {
    /// Storage change minus net sources (m³); 0 for a conservative run.
    pub fn residual(&self) -> f64 {
        (self.storage_now - self.storage_initial)
            - (self.inflow + self.boundary_inflow + self.rain - self.outflow - self.infiltration)
    }

    /// Relative imbalance: residual over the larger of the water that was ever present
    /// (initial storage plus all sources) and the outflow; 0 when nothing ever entered.
    pub fn error(&self) -> f64 {
        let scale = (self.storage_initial + self.inflow + self.boundary_inflow + self.rain)
            .max(self.outflow);
        if scale > 0.0 {
            self.residual() / scale
        } else {
            0.0
        }
    }
}

/// One record of the run's time series.
///
/// ```
/// use hazsim_flood::SeriesPoint;
/// let p = SeriesPoint { time: 600.0, flooded_area: 2.5e4, volume: 1.2e4 };
/// assert!(p.volume > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesPoint {
    /// Model time (s).
    pub time: f64,
    /// Area (m²) of cells deeper than the wet threshold.
    pub flooded_area: f64,
    /// Water volume (m³) in the domain.
    pub volume: f64,
}
