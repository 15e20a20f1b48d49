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

/// max(a, b) as a compare-and-select, `a` unless `b` is larger: a NaN `b` leaves `a`, as
/// `f32::max` does. Unlike `f32::max` (IEEE maxNum, which also skips a NaN `a`) it is one SIMD
/// instruction, so the row loops vectorise; callers keep `a` finite (a running maximum).
#[inline(always)]
pub(crate) fn max_sel(a: f32, b: f32) -> f32 {
    if b > a {
        b
    } else {
        a
    }
}

/// Per-cell running outputs, flat row-major buffers on the terrain grid.
#[derive(Debug, Clone)]
pub(crate) struct Accumulators {
    pub speed: Vec<f32>,
    pub max_depth: Vec<f32>,
    pub max_speed: Vec<f32>,
    pub max_dv: Vec<f32>,
    pub hazard: Vec<f32>,
    pub arrival: Vec<f32>,
    /// Seconds above the wet threshold (s): the f32 sum of the steps' Δt ...
    pub duration: Vec<f32>,
    /// ... and its rounding residual (Knuth's TwoSum), so that `duration + duration_lo` is the
    /// sum of many small steps to f32² precision (the compensated twin of an f64 accumulator, at
    /// 8 instead of 12 bytes per cell with the f32 copy the field needs).
    pub duration_lo: Vec<f32>,
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
            duration: vec![0.0; n],
            duration_lo: vec![0.0; n],
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
    pub duration: &'a mut f32,
    pub duration_lo: &'a mut f32,
}

/// Updates one cell's accumulators with the depth `d` and speed `v` at the end of a step.
///
/// Branch-free (every condition is a select), so that the solver's row loop vectorises.
#[inline(always)]
pub(crate) fn update_cell(o: CellOut<'_>, d: f32, v: f32, p: &OutputParams) {
    *o.max_depth = max_sel(*o.max_depth, d);
    *o.max_speed = max_sel(*o.max_speed, v);
    *o.max_dv = max_sel(*o.max_dv, d * v);
    let arrives = (d >= p.arrival) & o.arrival.is_nan();
    *o.arrival = if arrives { p.t_new } else { *o.arrival };
    let wet = d > p.wet;
    let hz = max_sel(*o.hazard, hazard_rating(d, v));
    *o.hazard = if wet { hz } else { *o.hazard };
    // Compensated duration += Δt (TwoSum; Δt is an f32 value held in f64, so the cast is exact).
    let (dur, lo) = (*o.duration, *o.duration_lo);
    let inc = p.dt as f32 + lo;
    let sum = dur + inc;
    let b = sum - dur;
    let err = (dur - (sum - b)) + (inc - b);
    *o.duration = if wet { sum } else { dur };
    *o.duration_lo = if wet { err } else { lo };
}

/// [`update_cell`] over a row: depth `h` and speed `v` at the end of a step into the row's
/// accumulators. Each slice is its own parameter and the function is not inlined, so the compiler
/// knows the rows do not overlap and vectorises the loop.
///
/// On x86-64 CPUs with AVX2 the same code runs compiled for AVX2 (chosen at run time): the
/// baseline SSE2 cost model leaves this loop scalar. No FMA is enabled, so both paths give the
/// same bits.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
pub(crate) fn update_row(
    h: &[f32],
    v: &[f32],
    max_depth: &mut [f32],
    max_speed: &mut [f32],
    max_dv: &mut [f32],
    hazard: &mut [f32],
    arrival: &mut [f32],
    duration: &mut [f32],
    duration_lo: &mut [f32],
    p: &OutputParams,
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above).
        unsafe {
            update_row_avx2(
                h,
                v,
                max_depth,
                max_speed,
                max_dv,
                hazard,
                arrival,
                duration,
                duration_lo,
                p,
            )
        };
        return;
    }
    update_row_impl(
        h,
        v,
        max_depth,
        max_speed,
        max_dv,
        hazard,
        arrival,
        duration,
        duration_lo,
        p,
    );
}

/// [`update_row_impl`] compiled for AVX2 (without FMA, so the bits match the SSE2 build).
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2")]
unsafe fn update_row_avx2(
    h: &[f32],
    v: &[f32],
    max_depth: &mut [f32],
    max_speed: &mut [f32],
    max_dv: &mut [f32],
    hazard: &mut [f32],
    arrival: &mut [f32],
    duration: &mut [f32],
    duration_lo: &mut [f32],
    p: &OutputParams,
) {
    update_row_impl(
        h,
        v,
        max_depth,
        max_speed,
        max_dv,
        hazard,
        arrival,
        duration,
        duration_lo,
        p,
    );
}

/// The body of [`update_row`].
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn update_row_impl(
    h: &[f32],
    v: &[f32],
    max_depth: &mut [f32],
    max_speed: &mut [f32],
    max_dv: &mut [f32],
    hazard: &mut [f32],
    arrival: &mut [f32],
    duration: &mut [f32],
    duration_lo: &mut [f32],
    p: &OutputParams,
) {
    let n = h.len();
    let (v, max_depth, max_speed, max_dv) = (
        &v[..n],
        &mut max_depth[..n],
        &mut max_speed[..n],
        &mut max_dv[..n],
    );
    let (hazard, arrival, duration, duration_lo) = (
        &mut hazard[..n],
        &mut arrival[..n],
        &mut duration[..n],
        &mut duration_lo[..n],
    );
    // A stretch of cells whose new depth is nowhere above 0 (0 or NaN; speed is then 0) leaves
    // every accumulator as it is: the maxima take 0 against values ≥ 0, the cell is neither wet
    // (threshold ≥ 0) nor arrived (threshold > 0). Such stretches are skipped, so dry land costs no
    // memory traffic for the seven accumulators. With an arrival threshold of 0 every cell is
    // updated.
    let skip_dry = p.arrival > 0.0 && p.wet >= 0.0;
    let mut c0 = 0;
    while c0 < n {
        let c1 = (c0 + SKIP_CELLS).min(n);
        let any_water = h[c0..c1].iter().fold(false, |a, &d| a | (d > 0.0));
        if any_water || !skip_dry {
            for c in c0..c1 {
                update_cell(
                    CellOut {
                        max_depth: &mut max_depth[c],
                        max_speed: &mut max_speed[c],
                        max_dv: &mut max_dv[c],
                        hazard: &mut hazard[c],
                        arrival: &mut arrival[c],
                        duration: &mut duration[c],
                        duration_lo: &mut duration_lo[c],
                    },
                    h[c],
                    v[c],
                    p,
                );
            }
        }
        c0 = c1;
    }
}

/// Cells per stretch of a row in the dry-skip test of [`update_row`] (4 cache lines of f32).
const SKIP_CELLS: usize = 64;

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
                duration,
                duration_lo,
                ..
            } = &mut a;
            update_cell(
                CellOut {
                    max_depth: &mut max_depth[0],
                    max_speed: &mut max_speed[0],
                    max_dv: &mut max_dv[0],
                    hazard: &mut hazard[0],
                    arrival: &mut arrival[0],
                    duration: &mut duration[0],
                    duration_lo: &mut duration_lo[0],
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

    /// The compensated duration: 10⁶ steps of Δt = 0.1 s (the f32 nearest 0.1) against the same
    /// sum in f64; tolerance 1e-7 relative (a plain f32 sum is off by ~1e-3 here).
    #[test]
    fn duration_is_compensated() {
        let mut a = Accumulators::new(&[0.0], 0.01, 0.1);
        let dt32 = 0.1f32;
        let p = OutputParams {
            wet: 0.01,
            arrival: 0.1,
            t_new: 0.0,
            dt: dt32 as f64,
        };
        let mut exact = 0.0f64;
        for _ in 0..1_000_000 {
            let Accumulators {
                max_depth,
                max_speed,
                max_dv,
                hazard,
                arrival,
                duration,
                duration_lo,
                ..
            } = &mut a;
            update_cell(
                CellOut {
                    max_depth: &mut max_depth[0],
                    max_speed: &mut max_speed[0],
                    max_dv: &mut max_dv[0],
                    hazard: &mut hazard[0],
                    arrival: &mut arrival[0],
                    duration: &mut duration[0],
                    duration_lo: &mut duration_lo[0],
                },
                0.5,
                0.0,
                &p,
            );
            exact += dt32 as f64;
        }
        let got = a.duration[0] as f64 + a.duration_lo[0] as f64;
        assert!((got - exact).abs() < 1e-7 * exact, "{got} vs {exact}");
    }

    /// The dry-stretch skip in `update_row` gives the same accumulators as `update_cell` on every
    /// cell, with arrival thresholds 0.1 m (dry stretches skipped) and 0 m (dry cells arrive at
    /// once). Tolerance: identical bits.
    #[test]
    fn dry_stretch_skip_matches_cell_update() {
        let n = 3 * SKIP_CELLS + 7;
        let h: Vec<f32> = (0..n)
            .map(|c| {
                if c == SKIP_CELLS + 3 || c == n - 1 {
                    0.4
                } else {
                    0.0
                }
            })
            .collect();
        let v: Vec<f32> = h.iter().map(|&d| if d > 0.0 { 1.3 } else { 0.0 }).collect();
        for arrival in [0.1f32, 0.0] {
            let p = OutputParams {
                wet: 0.01,
                arrival,
                t_new: 12.0,
                dt: 1.5,
            };
            let init = vec![0.0f32; n];
            // Nothing has arrived yet (NaN everywhere), also in the threshold-0 case.
            let mut row = Accumulators::new(&init, p.wet, 0.1);
            let mut cell = row.clone();
            let Accumulators {
                max_depth,
                max_speed,
                max_dv,
                hazard,
                arrival: arr,
                duration,
                duration_lo,
                ..
            } = &mut row;
            update_row(
                &h,
                &v,
                max_depth,
                max_speed,
                max_dv,
                hazard,
                arr,
                duration,
                duration_lo,
                &p,
            );
            for c in 0..n {
                let Accumulators {
                    max_depth,
                    max_speed,
                    max_dv,
                    hazard,
                    arrival: arr,
                    duration,
                    duration_lo,
                    ..
                } = &mut cell;
                update_cell(
                    CellOut {
                        max_depth: &mut max_depth[c],
                        max_speed: &mut max_speed[c],
                        max_dv: &mut max_dv[c],
                        hazard: &mut hazard[c],
                        arrival: &mut arr[c],
                        duration: &mut duration[c],
                        duration_lo: &mut duration_lo[c],
                    },
                    h[c],
                    v[c],
                    &p,
                );
            }
            let bits = |x: &[f32]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&row.max_depth), bits(&cell.max_depth));
            assert_eq!(bits(&row.max_dv), bits(&cell.max_dv));
            assert_eq!(bits(&row.hazard), bits(&cell.hazard));
            assert_eq!(bits(&row.arrival), bits(&cell.arrival));
            assert_eq!(bits(&row.duration), bits(&cell.duration));
            assert_eq!(row.arrival[0] == 12.0, arrival == 0.0);
            assert_eq!(row.duration[SKIP_CELLS + 3], 1.5);
        }
    }
}
