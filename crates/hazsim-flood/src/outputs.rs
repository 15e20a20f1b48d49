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
use crate::solver::simd_kernel;
use rayon::prelude::*;

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
///
/// Arrival and duration change only when a cell crosses a threshold, so they are not read or
/// written on the other steps: a step reads `wet_since` (the wet state) and the four maxima, and
/// touches `arrival` and `duration` only in the rare stretches of 64 cells where a cell arrives or
/// changes its wet state.
#[derive(Debug, Clone)]
pub(crate) struct Accumulators {
    /// `flood.speed` at the end of the last [`crate::FloodSimulation`] advance: the step writes
    /// it only on the last step of an advance (the other steps keep speed in a row of scratch).
    pub speed: Vec<f32>,
    pub max_depth: Vec<f32>,
    pub max_speed: Vec<f32>,
    pub max_dv: Vec<f32>,
    pub hazard: Vec<f32>,
    pub arrival: Vec<f32>,
    /// Seconds above the wet threshold in the wet spells that have ended (s) ...
    pub duration: Vec<f32>,
    /// ... and the model time at which the current wet spell began (s), NaN while dry. The field
    /// `flood.duration` is `duration + (t − wet_since)` where a spell is running.
    pub wet_since: Vec<f32>,
}

impl Accumulators {
    /// Accumulators at model time `t0` for the initial depths `h0`.
    pub(crate) fn new(h0: &[f32], wet: f32, arrival_thr: f32, t0: f32) -> Self {
        let n = h0.len();
        let mut a = Accumulators {
            speed: vec![0.0; n],
            max_depth: h0.to_vec(),
            max_speed: vec![0.0; n],
            max_dv: vec![0.0; n],
            hazard: vec![0.0; n],
            arrival: vec![f32::NAN; n],
            duration: vec![0.0; n],
            wet_since: vec![f32::NAN; n],
        };
        for (i, &h) in h0.iter().enumerate() {
            if h >= arrival_thr {
                a.arrival[i] = 0.0;
            }
            if h > wet {
                a.hazard[i] = hazard_rating(h, 0.0);
                a.wet_since[i] = t0;
            }
        }
        a
    }

    /// `flood.duration` at model time `t` into `out`: ended spells plus the running one.
    pub(crate) fn duration_at(&self, t: f64, out: &mut [f32]) {
        out.par_iter_mut()
            .zip(self.duration.par_iter().zip(self.wet_since.par_iter()))
            .for_each(|(o, (&d, &s))| {
                *o = if s.is_nan() {
                    d
                } else {
                    (d as f64 + (t - s as f64)) as f32
                };
            });
    }
}

/// Thresholds and times used by [`update_cell`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutputParams {
    pub wet: f32,
    pub arrival: f32,
    /// Model time at the start of the step (s): a wet spell begins or ends there.
    pub t_old: f32,
    /// Model time at the end of the step (s): the arrival time of a cell that arrives.
    pub t_new: f32,
}

/// Mutable references to one cell's accumulators.
#[cfg(test)]
pub(crate) struct CellOut<'a> {
    pub max_depth: &'a mut f32,
    pub max_speed: &'a mut f32,
    pub max_dv: &'a mut f32,
    pub hazard: &'a mut f32,
    pub arrival: &'a mut f32,
    pub duration: &'a mut f32,
    pub wet_since: &'a mut f32,
}

/// Updates one cell's accumulators with the depth `d` and speed `v` at the end of a step: the
/// definition that [`update_row`] follows (and the tests compare it with).
///
/// A step counts as wet when the depth at its end is above the wet threshold: a wet spell that
/// begins in this step begins at its start time, one that ends here ended at its start time, so
/// the duration is the sum of the Δt of the wet steps.
#[cfg(test)]
pub(crate) fn update_cell(o: CellOut<'_>, d: f32, v: f32, p: &OutputParams) {
    update_maxima(o.max_depth, o.max_speed, o.max_dv, o.hazard, d, v, p.wet);
    update_events(o.arrival, o.duration, o.wet_since, d, p);
}

/// The maxima and the hazard rating of one cell. Branch-free (every condition is a select), so
/// that the row loop vectorises.
#[cfg(test)]
#[inline(always)]
fn update_maxima(
    max_depth: &mut f32,
    max_speed: &mut f32,
    max_dv: &mut f32,
    hazard: &mut f32,
    d: f32,
    v: f32,
    wet_thr: f32,
) {
    *max_depth = max_sel(*max_depth, d);
    *max_speed = max_sel(*max_speed, v);
    *max_dv = max_sel(*max_dv, d * v);
    let hz = max_sel(*hazard, hazard_rating(d, v));
    *hazard = if d > wet_thr { hz } else { *hazard };
}

/// Which of the four maxima rise somewhere in a stretch of cells: [`update_maxima`] split into a
/// compare pass (`note`, read-only) and a store pass (`store`) that rewrites only the fields that
/// rise, with the same bits as `update_maxima` on every cell.
///
/// The flags are u32 rather than bool: an OR of 0/1 words stays in the vector registers, where an
/// OR of bools is packed to bytes lane by lane.
#[derive(Default)]
struct Rises {
    depth: u32,
    speed: u32,
    dv: u32,
    hazard: u32,
}

impl Rises {
    /// Notes whether depth `d` and speed `v` raise any of the cell's maxima.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn note(&mut self, md: f32, ms: f32, mdv: f32, hz: f32, d: f32, v: f32, wet_thr: f32) {
        self.depth |= (d > md) as u32;
        self.speed |= (v > ms) as u32;
        self.dv |= (d * v > mdv) as u32;
        self.hazard |= ((d > wet_thr) & (hazard_rating(d, v) > hz)) as u32;
    }

    /// Stores the fields that rise, each in a loop of its own over the stretch.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn store(
        &self,
        md: &mut [f32],
        ms: &mut [f32],
        mdv: &mut [f32],
        hz: &mut [f32],
        h: &[f32],
        v: &[f32],
        wet_thr: f32,
    ) {
        let m = md.len();
        let (ms, mdv, hz, h, v) = (&mut ms[..m], &mut mdv[..m], &mut hz[..m], &h[..m], &v[..m]);
        // `f32::max` (IEEE maxNum) rather than `max_sel`: a select that may keep the old value
        // compiles to masked stores, which are slow on some CPUs. The maxima are ≥ 0 and finite,
        // and a NaN argument leaves them as they are, so both give the same values.
        if self.depth != 0 {
            for i in 0..m {
                md[i] = md[i].max(h[i]);
            }
        }
        if self.speed != 0 {
            for i in 0..m {
                ms[i] = ms[i].max(v[i]);
            }
        }
        if self.dv != 0 {
            for i in 0..m {
                mdv[i] = mdv[i].max(h[i] * v[i]);
            }
        }
        if self.hazard != 0 {
            // The rating counts only where the cell is wet; elsewhere 0 leaves the maximum.
            for i in 0..m {
                let r = hazard_rating(h[i], v[i]);
                hz[i] = hz[i].max(if h[i] > wet_thr { r } else { 0.0 });
            }
        }
    }
}

/// `dst.copy_from_slice(&row[..dst.len()])`, inlined as plain vector moves for a whole stretch
/// (a copy of variable length is a call to `memmove`).
#[inline(always)]
fn copy_back(dst: &mut [f32], row: &[f32; SKIP_CELLS]) {
    if let Ok(whole) = <&mut [f32; SKIP_CELLS]>::try_from(&mut *dst) {
        *whole = *row;
    } else {
        let m = dst.len();
        dst.copy_from_slice(&row[..m]);
    }
}

/// Arrival and the start or end of a wet spell for one cell: the definition that [`events_of`]
/// follows in the row loop.
#[cfg(test)]
fn update_events(
    arrival: &mut f32,
    duration: &mut f32,
    wet_since: &mut f32,
    d: f32,
    p: &OutputParams,
) {
    if d >= p.arrival && arrival.is_nan() {
        *arrival = p.t_new;
    }
    let wet = d > p.wet;
    let was_wet = !wet_since.is_nan();
    if wet && !was_wet {
        *wet_since = p.t_old;
    } else if !wet && was_wet {
        *duration = (*duration as f64 + (p.t_old as f64 - *wet_since as f64)) as f32;
        *wet_since = f32::NAN;
    }
}

/// [`update_events`] as a function of the old values, branch-free so that a stretch of cells
/// vectorises: the new arrival, ended-spell duration and spell start of a cell.
#[inline(always)]
fn events_of(
    arrival: f32,
    duration: f32,
    wet_since: f32,
    d: f32,
    p: &OutputParams,
) -> (f32, f32, f32) {
    let arrival = if (d >= p.arrival) & arrival.is_nan() {
        p.t_new
    } else {
        arrival
    };
    let wet = d > p.wet;
    let was_wet = !wet_since.is_nan();
    let ended = (duration as f64 + (p.t_old as f64 - wet_since as f64)) as f32;
    let duration = if !wet & was_wet { ended } else { duration };
    let wet_since = if wet & !was_wet {
        p.t_old
    } else if !wet & was_wet {
        f32::NAN
    } else {
        wet_since
    };
    (arrival, duration, wet_since)
}

simd_kernel! {
    /// [`update_cell`] over a row: depth `h` and speed `v` at the end of a step into the row's
    /// accumulators. Each slice is its own parameter and the function is not inlined, so the
    /// compiler knows the rows do not overlap and vectorises the loops (compiled for AVX-512 or
    /// AVX2 where the CPU has them: the baseline SSE2 cost model leaves them scalar).
    pub(crate) fn update_row(
        h: &[f32],
        v: &[f32],
        max_depth: &mut [f32],
        max_speed: &mut [f32],
        max_dv: &mut [f32],
        hazard: &mut [f32],
        arrival: &mut [f32],
        duration: &mut [f32],
        wet_since: &mut [f32],
        p: &OutputParams,
    ) {
        let n = h.len();
        let (v, max_depth, max_speed, max_dv) = (
            &v[..n],
            &mut max_depth[..n],
            &mut max_speed[..n],
            &mut max_dv[..n],
        );
        let (hazard, arrival, duration, wet_since) = (
            &mut hazard[..n],
            &mut arrival[..n],
            &mut duration[..n],
            &mut wet_since[..n],
        );
        // A stretch of cells whose new depth is nowhere above 0 (0 or NaN; speed is then 0) and
        // where no wet spell is running leaves every accumulator as it is: the maxima take 0
        // against values ≥ 0, no cell is wet (threshold ≥ 0) or arrives (threshold > 0) or ends
        // a spell. Such stretches are skipped, so dry land costs one read of `wet_since`. With an
        // arrival threshold of 0 every cell is updated.
        let skip_dry = p.arrival > 0.0 && p.wet >= 0.0;
        let mut c0 = 0;
        while c0 < n {
            let c1 = (c0 + SKIP_CELLS).min(n);
            let (hs, ws) = (&h[c0..c1], &wet_since[c0..c1]);
            let active = hs
                .iter()
                .zip(ws)
                .fold(0u32, |a, (&d, &s)| a | ((d > 0.0) | !s.is_nan()) as u32);
            if active != 0 || !skip_dry {
                // `events` notes a cell that arrives (arrival is unset exactly while max depth <
                // threshold: both start from the initial depth and move together) or whose wet
                // state changes. The maxima are first only compared: a field is stored only in the
                // stretches where one of its cells rises, so water at rest or past its peak reads
                // the maxima and leaves their cache lines clean (no write-back to memory).
                let mut events = 0u32;
                // The stretch as slices of one length, so the loops have no bounds checks.
                let m = c1 - c0;
                let (hs, vs, ws) = (&h[c0..c1], &v[c0..c0 + m], &wet_since[c0..c0 + m]);
                let (md, ms) = (&mut max_depth[c0..c0 + m], &mut max_speed[c0..c0 + m]);
                let (mdv, hz) = (&mut max_dv[c0..c0 + m], &mut hazard[c0..c0 + m]);
                let mut rises = Rises::default();
                for i in 0..m {
                    let d = hs[i];
                    let arrives = (d >= p.arrival) & (md[i] < p.arrival);
                    let flips = (d > p.wet) == ws[i].is_nan();
                    events |= (arrives | flips) as u32;
                    rises.note(md[i], ms[i], mdv[i], hz[i], d, vs[i], p.wet);
                }
                rises.store(md, ms, mdv, hz, hs, vs, p.wet);
                if events != 0 {
                    let (ar, du) = (&mut arrival[c0..c0 + m], &mut duration[c0..c0 + m]);
                    let ws = &mut wet_since[c0..c0 + m];
                    let (mut na, mut nd, mut nw) =
                        ([0.0f32; SKIP_CELLS], [0.0; SKIP_CELLS], [0.0; SKIP_CELLS]);
                    for i in 0..m {
                        (na[i], nd[i], nw[i]) = events_of(ar[i], du[i], ws[i], hs[i], p);
                    }
                    copy_back(ar, &na);
                    copy_back(du, &nd);
                    copy_back(ws, &nw);
                }
            }
            c0 = c1;
        }
    }
}

/// Cells per stretch of a row in the dry-skip test of [`update_row`] (4 cache lines of f32).
const SKIP_CELLS: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    fn params(t_old: f32, t_new: f32, arrival: f32) -> OutputParams {
        OutputParams {
            wet: 0.01,
            arrival,
            t_old,
            t_new,
        }
    }

    /// One cell's update through `update_cell`.
    fn cell(a: &mut Accumulators, c: usize, d: f32, v: f32, p: &OutputParams) {
        let o = CellOut {
            max_depth: &mut a.max_depth[c],
            max_speed: &mut a.max_speed[c],
            max_dv: &mut a.max_dv[c],
            hazard: &mut a.hazard[c],
            arrival: &mut a.arrival[c],
            duration: &mut a.duration[c],
            wet_since: &mut a.wet_since[c],
        };
        update_cell(o, d, v, p);
    }

    /// A whole row through `update_row`.
    fn row(a: &mut Accumulators, h: &[f32], v: &[f32], p: &OutputParams) {
        let Accumulators {
            max_depth,
            max_speed,
            max_dv,
            hazard,
            arrival,
            duration,
            wet_since,
            ..
        } = a;
        update_row(
            h, v, max_depth, max_speed, max_dv, hazard, arrival, duration, wet_since, p,
        );
    }

    #[test]
    fn accumulators_update() {
        let mut a = Accumulators::new(&[0.0, 0.5], 0.01, 0.1, 0.0);
        assert!(a.arrival[0].is_nan());
        assert_eq!(a.arrival[1], 0.0);
        assert_eq!(a.wet_since[1], 0.0);
        cell(&mut a, 0, 0.3, 1.0, &params(28.0, 30.0, 0.1));
        assert_eq!(a.max_depth[0], 0.3);
        assert_eq!(a.arrival[0], 30.0);
        assert_eq!(a.wet_since[0], 28.0);
        let mut d = [0.0f32; 2];
        a.duration_at(30.0, &mut d);
        assert_eq!(d, [2.0, 30.0]);
        assert!((a.max_dv[0] - 0.3).abs() < 1e-7);
        assert!((a.hazard[0] - (0.3 * 1.5 + 0.5)).abs() < 1e-6);
        // The spell ends in the step 30 → 31: 2 s of duration, kept after it.
        cell(&mut a, 0, 0.0, 0.0, &params(30.0, 31.0, 0.1));
        assert!(a.wet_since[0].is_nan());
        a.duration_at(100.0, &mut d);
        assert_eq!(d[0], 2.0);
        // The arrival time stays the first one.
        cell(&mut a, 0, 0.4, 0.0, &params(40.0, 41.0, 0.1));
        assert_eq!(a.arrival[0], 30.0);
        a.duration_at(45.0, &mut d);
        assert_eq!(d[0], 7.0);
    }

    /// The duration of a cell that is wet for 10⁶ steps of Δt = 0.1 s against the same sum in
    /// f64: the spell runs from its start time to the model time, so the only error is the f32
    /// rounding of the two times. Tolerance 1e-7 relative (a plain f32 sum of the steps is off by
    /// ~1e-3 here).
    #[test]
    fn duration_of_a_long_spell() {
        let mut a = Accumulators::new(&[0.0], 0.01, 0.1, 0.0);
        let mut t = 0.0f64;
        let dt = 0.1f32 as f64;
        for _ in 0..1_000_000 {
            let p = params(t as f32, (t + dt) as f32, 0.1);
            cell(&mut a, 0, 0.5, 0.0, &p);
            t += dt;
        }
        let mut got = [0.0f32];
        a.duration_at(t, &mut got);
        assert!((got[0] as f64 - t).abs() < 1e-7 * t, "{} vs {t}", got[0]);
    }

    /// `update_row` (vector maxima, event fix-up, dry-stretch skip) gives the same accumulators as
    /// `update_cell` on every cell, over a sequence of steps in which cells arrive, dry out and
    /// wet again, with arrival thresholds 0.1 m (dry stretches skipped) and 0 m. Tolerance:
    /// identical bits.
    #[test]
    fn row_update_matches_cell_update() {
        let n = 3 * SKIP_CELLS + 7;
        for arrival in [0.1f32, 0.0] {
            let init = vec![0.0f32; n];
            let mut by_row = Accumulators::new(&init, 0.01, arrival, 0.0);
            let mut by_cell = by_row.clone();
            for step in 0..6usize {
                // A moving pattern: a few wet cells, some of them in otherwise dry stretches.
                let h: Vec<f32> = (0..n)
                    .map(|c| {
                        if (c + 3 * step) % 17 == 0 || c == SKIP_CELLS + step || c == n - 1 {
                            0.4 - 0.05 * step as f32
                        } else if c % 29 == step {
                            0.005
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let v: Vec<f32> = h
                    .iter()
                    .map(|&d| if d > 0.01 { 1.3 } else { 0.0 })
                    .collect();
                let p = params(step as f32 * 1.5, (step + 1) as f32 * 1.5, arrival);
                row(&mut by_row, &h, &v, &p);
                for c in 0..n {
                    cell(&mut by_cell, c, h[c], v[c], &p);
                }
                let bits = |x: &[f32]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&by_row.max_depth), bits(&by_cell.max_depth));
                assert_eq!(bits(&by_row.max_speed), bits(&by_cell.max_speed));
                assert_eq!(bits(&by_row.max_dv), bits(&by_cell.max_dv));
                assert_eq!(bits(&by_row.hazard), bits(&by_cell.hazard));
                assert_eq!(bits(&by_row.arrival), bits(&by_cell.arrival));
                assert_eq!(bits(&by_row.duration), bits(&by_cell.duration));
                assert_eq!(bits(&by_row.wet_since), bits(&by_cell.wet_since));
            }
            // Cell 0 is wet in step 0 only (0 % 17 == 0), then dry: 1.5 s.
            assert_eq!(by_row.duration[0], 1.5);
            assert_eq!(by_row.arrival[0] == 1.5, arrival > 0.0);
        }
    }
}
