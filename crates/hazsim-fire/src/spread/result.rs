//! [`SpreadResult`]: the output rasters and burned-area history of a spread run, with the
//! area, grade and 2 ha questions the plans ask.

use super::{AreaSample, FireGrade};
use hazsim_grid::Raster;

/// Output rasters and burned-area history of a spread run.
#[derive(Debug, Clone)]
pub struct SpreadResult {
    /// `fire.arrival_time` (s; NaN unburned).
    pub arrival_time: Raster<f32>,
    /// `fire.ros` at arrival (m/s).
    pub ros: Raster<f32>,
    /// `fire.fireline_intensity` at arrival (kW/m).
    pub fireline_intensity: Raster<f32>,
    /// `fire.flame_length` at arrival (m).
    pub flame_length: Raster<f32>,
    /// Arrival times of burned cells in increasing order (s).
    pub burned_times: Vec<f64>,
    /// Area of one cell (m²).
    pub cell_area: f64,
    /// Time the run stopped (s).
    pub end_time: f64,
}

impl SpreadResult {
    /// Burned area at time `t`.
    pub fn area_at(&self, t: f64) -> AreaSample {
        let n = self.burned_times.partition_point(|&a| a <= t);
        AreaSample::new(t, n as f64 * self.cell_area)
    }

    /// Burned area at the end of the run.
    pub fn final_area(&self) -> AreaSample {
        self.area_at(self.end_time)
    }

    /// Burned area every `interval` seconds from 0 to the end of the run (both included).
    pub fn area_timeline(&self, interval: f64) -> Vec<AreaSample> {
        let mut out = Vec::new();
        if !(interval.is_finite() && interval > 0.0) {
            return out;
        }
        let mut k = 0u64;
        loop {
            let t = k as f64 * interval;
            if t >= self.end_time {
                break;
            }
            out.push(self.area_at(t));
            k += 1;
        }
        out.push(self.final_area());
        out
    }

    /// First time the burned area exceeds `hectares`, if it did.
    pub fn time_exceeding(&self, hectares: f64) -> Option<f64> {
        let cells = (hectares * 10_000.0 / self.cell_area).floor() as usize;
        self.burned_times.get(cells).copied()
    }

    /// First time the fire exceeds 2 ha (30 mu), the size a single fire is to be kept under.
    pub fn time_exceeding_2ha(&self) -> Option<f64> {
        self.time_exceeding(2.0)
    }

    /// Fire grade by final area.
    pub fn grade(&self) -> FireGrade {
        FireGrade::from_hectares(self.final_area().hectares)
    }
}
