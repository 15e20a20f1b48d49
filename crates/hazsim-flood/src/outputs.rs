//! Output accumulators: maximum depth, speed and depth × speed, arrival time, duration of
//! flooding and the flood hazard rating, updated cell by cell inside the solver's continuity loop
//! (no extra pass over the grid).
//!
//! **Hazard rating.** HR = d (v + 0.5) + DF (Defra/Environment Agency 2006, *Flood Risks to
//! People*, R&D report FD2320/TR2), with DF = 0.5 where d > 0.25 m and 0 otherwise, evaluated
//! only where d exceeds the wet threshold. `flood.hazard_rating` is the maximum over the run of the
//! *instantaneous* HR (d and v from the same step), not HR of the separate maxima of d and v, which
//! need not occur together and would overstate the hazard.
//!
//! The guidance also allows a debris factor of 1 where debris is likely (e.g. fast, deep flow
//! through urban or wooded areas); here DF follows the common depth-only rule above. The formula,
//! the land-use table and the four classes live in [`crate::hazard`].

pub use crate::hazard::{debris_factor, hazard_rating};

/// Per-cell running outputs, flat row-major buffers on the terrain grid.
#[derive(Debug, Clone)]
pub(crate) struct Accumulators {
    pub speed: Vec<f32>,
    pub max_depth: Vec<f32>,
    pub max_speed: Vec<f32>,
    pub max_dv: Vec<f32>,
    pub hazard: Vec<f32>,
    pub arrival: Vec<f32>,
    /// Seconds above the wet threshold, accumulated in f64 (many small steps).
    pub duration64: Vec<f64>,
    /// f32 copy of `duration64`, for [`hazsim_grid::Simulation::field`].
    pub duration: Vec<f32>,
}

impl Accumulators {
    pub(crate) fn new(h0: &[f32], wet: f32, arrival_thr: f32) -> Self {
        let n = h0.len();
        let mut a = Accumulators {
            speed: vec![0.0; n],
            max_depth: h0.to_vec(),
            max_speed: vec![0.0; n],
            max_dv: vec![0.0; n],
            hazard: vec![0.0; n],
            arrival: vec![f32::NAN; n],
            duration64: vec![0.0; n],
            duration: vec![0.0; n],
        };
        for (i, &h) in h0.iter().enumerate() {
            if h >= arrival_thr {
                a.arrival[i] = 0.0;
            }
            if h > wet {
                a.hazard[i] = hazard_rating(h, 0.0);
            }
        }
        a
    }
}

/// Thresholds and times used by [`update_cell`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutputParams {
    pub wet: f32,
    pub arrival: f32,
    /// Model time at the end of the step (s).
    pub t_new: f32,
    pub dt: f64,
}

/// Mutable references to one cell's accumulators.
pub(crate) struct CellOut<'a> {
    pub max_depth: &'a mut f32,
    pub max_speed: &'a mut f32,
    pub max_dv: &'a mut f32,
    pub hazard: &'a mut f32,
    pub arrival: &'a mut f32,
    pub duration64: &'a mut f64,
    pub duration: &'a mut f32,
}

/// Updates one cell's accumulators with the depth `d` and speed `v` at the end of a step.
#[inline]
pub(crate) fn update_cell(o: CellOut<'_>, d: f32, v: f32, p: &OutputParams) {
    *o.max_depth = o.max_depth.max(d);
    *o.max_speed = o.max_speed.max(v);
    *o.max_dv = o.max_dv.max(d * v);
    if d >= p.arrival && o.arrival.is_nan() {
        *o.arrival = p.t_new;
    }
    if d > p.wet {
        *o.hazard = o.hazard.max(hazard_rating(d, v));
        *o.duration64 += p.dt;
        *o.duration = *o.duration64 as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accumulators_update() {
        let mut a = Accumulators::new(&[0.0, 0.5], 0.01, 0.1);
        assert!(a.arrival[0].is_nan());
        assert_eq!(a.arrival[1], 0.0);
        let p = OutputParams {
            wet: 0.01,
            arrival: 0.1,
            t_new: 30.0,
            dt: 2.0,
        };
        {
            let Accumulators {
                max_depth,
                max_speed,
                max_dv,
                hazard,
                arrival,
                duration64,
                duration,
                ..
            } = &mut a;
            update_cell(
                CellOut {
                    max_depth: &mut max_depth[0],
                    max_speed: &mut max_speed[0],
                    max_dv: &mut max_dv[0],
                    hazard: &mut hazard[0],
                    arrival: &mut arrival[0],
                    duration64: &mut duration64[0],
                    duration: &mut duration[0],
                },
                0.3,
                1.0,
                &p,
            );
        }
        assert_eq!(a.max_depth[0], 0.3);
        assert_eq!(a.arrival[0], 30.0);
        assert_eq!(a.duration[0], 2.0);
        assert!((a.max_dv[0] - 0.3).abs() < 1e-7);
        assert!((a.hazard[0] - (0.3 * 1.5 + 0.5)).abs() < 1e-6);
    }
}
