//! Energy-line runout routing from release cells (Flow-R: Horton et al. 2013, NHESS
//! 13:869–885; Flow-Py: D'Amboise et al. 2022, GMD 15:2423–2439).
//!
//! # Scheme
//!
//! Each release cell is routed on its own with flux `F = 1` (the fraction of its mass) and
//! kinetic energy height `z_δ = 0`. The front moves one cell per *generation*. From a front
//! cell `i` to neighbour `j` at horizontal distance `L_ij` (Δx or √2·Δx):
//!
//! 1. Energy line ([`crate::energy_line`]): `z_δ,j = min(z_δ,i + z_i − z_j − L_ij tan α_i,
//!    z_δ,max,j)`, with the cap of the cell entered (one value, or
//!    [`RunoutParams::max_velocity`] per cell). Only neighbours with `z_δ,j > 0` can be entered, uphill ones included.
//! 2. Routing (Holmgren 1994 on the energy-line surface): `tan β_j = (z_i + z_δ,i − z_j) / L_ij`
//!    and `p_j^rout = (tan β_j)^x / Σ (tan β_k)^x` over the enterable neighbours
//!    ([`hazsim_grid::holmgren_fractions`]). A fast mass (large `z_δ`) spreads more evenly; a
//!    slow one follows the steepest descent.
//! 3. Persistence ([`crate::persistence`]): `p_j = p_j^rout p_j^pers / Σ p_k^rout p_k^pers`
//!    (Horton et al. 2013). If persistence forbids every enterable neighbour (a
//!    hairpin), `p^rout` alone is used.
//!
//!    With [`RoutingScheme::FlowPy`], steps 2 and 3 follow Flow-Py instead (D'Amboise et al.
//!    2022): `tan β_j` is the terrain gradient mapped into (0°, 90°),
//!    `tan((atan((z_i − z_j) / L_ij) + 90°) / 2)`, and persistence uses Flow-Py's factors
//!    ([`crate::persistence::FLOW_PY`]) summed over all parents with the parent's `z_δ` as
//!    weight and no flow back to a parent; the release and its first ring route without
//!    persistence, and the flux dropped by the threshold is shared equally by the kept routes.
//! 4. Flux threshold (D'Amboise et al. 2022): routes with `F_i p_j` below the threshold are
//!    dropped and the kept ones renormalised so that they carry all of `F_i`. When none is kept,
//!    the mass deposits in `i`.
//!
//! Routes reaching the same cell in the same generation merge (as in Flow-Py): flux is summed
//! (capped at 1), `z_δ` is the maximum, the path lengths keep their minimum and maximum, and
//! the direction of the largest incoming flux carries on as the persistence direction. A cell
//! may be reached again in a later generation by a longer route; every visit counts towards
//! the outputs as a maximum.
//!
//! Termination: the energy height `z + z_δ` of every route falls by at least `L_ij tan α > 0`
//! per step and merging takes a maximum, so the highest energy of the front falls by at least
//! `Δx · min tan α` per generation and the front dies out.
//!
//! # Surface
//!
//! Routing runs on the terrain's **unfilled** DEM ([`Terrain::dem`]): a runout can stop in a
//! depression (a reservoir, a debris basin) or cross it if it has the energy, which the
//! energy line decides. A filled DEM would let the mass slide across every pit.
//!
//! # Parallelism
//!
//! Release cells are independent; they are routed in parallel with rayon and merged in their
//! sorted order with maxima and counts only, so the result is bitwise the same for any number
//! of threads.

use crate::energy_line::{next_z_delta, velocity_of_z_delta};
use crate::impact::impact_pressure_kpa;
use crate::params::Checked;
use crate::persistence::{persistence_factor_with, FLOW_PY, GAMMA_2000};
use crate::{Error, Release, Result, RoutingScheme, Runout, RunoutParams};
use hazsim_grid::terrain::neighbours::{neighbour, DISTANCE};
use hazsim_grid::{holmgren_fractions, NoProgress, Progress, Terrain};
use ndarray::Array2;
use rayon::prelude::*;
use std::collections::HashMap;

/// One route front cell in a generation.
#[derive(Debug, Clone, Copy)]
struct Front {
    flux: f64,
    z_delta: f64,
    /// Direction of the step that brought the largest flux here (`None` at the release).
    dir: Option<usize>,
    /// Flux that came in along `dir` (to pick the dominant direction when merging).
    dir_flux: f64,
    s_min: f64,
    s_max: f64,
    /// Generation (0 at the release).
    generation: u32,
    /// [`RoutingScheme::FlowPy`] persistence: per direction, the sum over the parents of
    /// `z_δ,parent` for straight on and `0.707 z_δ,parent` for 45° turns (D'Amboise et al. 2022).
    pers: [f64; 8],
    /// [`RoutingScheme::FlowPy`]: bit `k` set when a parent lies in direction `k`; no flow
    /// goes back to a parent.
    parents: u8,
}

/// What one release cell leaves in a cell: maxima over the generations that visited it.
#[derive(Debug, Clone, Copy)]
struct Visit {
    flux: f64,
    z_delta: f64,
    s_min: f64,
    s_max: f64,
}

/// Route one release cell; returns the visited cells sorted by index.
fn route_one(
    z: &[f32],
    rows: usize,
    cols: usize,
    cell: f64,
    p: &Checked,
    start: usize,
) -> Vec<(usize, Visit)> {
    let mut visits: HashMap<usize, Visit> = HashMap::new();
    let mut front: Vec<(usize, Front)> = vec![(
        start,
        Front {
            flux: 1.0,
            z_delta: 0.0,
            dir: None,
            dir_flux: 1.0,
            s_min: 0.0,
            s_max: 0.0,
            generation: 0,
            pers: [0.0; 8],
            parents: 0,
        },
    )];
    let mut next: HashMap<usize, Front> = HashMap::new();
    while !front.is_empty() {
        for &(i, f) in &front {
            let v = visits.entry(i).or_insert(Visit {
                flux: 0.0,
                z_delta: 0.0,
                s_min: f64::INFINITY,
                s_max: 0.0,
            });
            v.flux = v.flux.max(f.flux);
            v.z_delta = v.z_delta.max(f.z_delta);
            v.s_min = v.s_min.min(f.s_min);
            v.s_max = v.s_max.max(f.s_max);
        }
        next.clear();
        for &(i, f) in &front {
            let (r, c) = (i / cols, i % cols);
            let zi = z[i] as f64;
            let tan_a = p.tan_alpha.at(i);
            let mut zd = [0.0f64; 8];
            let mut tan_beta = [0.0f64; 8];
            let mut idx = [0usize; 8];
            for k in 0..8 {
                if let Some((nr, nc)) = neighbour(r, c, k, rows, cols) {
                    let j = nr * cols + nc;
                    let zj = z[j] as f64;
                    let l = DISTANCE[k] * cell;
                    let d = next_z_delta(f.z_delta, zi, zj, l, tan_a, p.z_delta_max.at(j));
                    if d > 0.0 {
                        zd[k] = d;
                        tan_beta[k] = match p.routing {
                            RoutingScheme::FlowR => (zi + f.z_delta - zj) / l,
                            // Flow-Py: β ∈ (−90°, 90°) mapped to (0°, 90°) so that every
                            // enterable neighbour, uphill too, has a positive weight.
                            RoutingScheme::FlowPy => {
                                { (((zi - zj) / l).atan() + std::f64::consts::FRAC_PI_2) / 2.0 }
                                    .tan()
                            }
                        };
                        idx[k] = j;
                    }
                }
            }
            let Some(rout) = holmgren_fractions(&tan_beta, p.exponent) else {
                continue;
            };
            let mut w = [0.0f64; 8];
            let mut sum = 0.0;
            match p.routing {
                RoutingScheme::FlowR => {
                    for k in 0..8 {
                        w[k] =
                            rout[k] * persistence_factor_with(&GAMMA_2000, f.dir, k, p.persistence);
                        sum += w[k];
                    }
                    if sum <= 0.0 {
                        w = rout;
                        sum = 1.0;
                    }
                }
                RoutingScheme::FlowPy => {
                    // The release and its first ring route without persistence (Flow-Py).
                    let pmax = f.pers.iter().fold(0.0f64, |a, &b| a.max(b));
                    for k in 0..8 {
                        let factor = if f.generation <= 1 {
                            1.0
                        } else if f.parents & (1 << k) != 0 {
                            1.0 - p.persistence
                        } else if pmax > 0.0 {
                            (1.0 - p.persistence) + p.persistence * f.pers[k] / pmax
                        } else {
                            1.0 - p.persistence
                        };
                        w[k] = rout[k] * factor;
                        sum += w[k];
                    }
                    // Flow-Py deposits when persistence leaves no way on.
                    if sum <= 0.0 {
                        continue;
                    }
                }
            }
            // Flux per route, then the threshold and renormalisation.
            let mut kept = 0.0;
            let mut n_kept = 0usize;
            for wk in w.iter_mut() {
                *wk = f.flux * *wk / sum;
                if *wk < p.flux_threshold || *wk <= 0.0 {
                    *wk = 0.0;
                } else {
                    kept += *wk;
                    n_kept += 1;
                }
            }
            if kept <= 0.0 {
                continue;
            }
            // Flow-R renormalises the kept routes in proportion; Flow-Py shares the dropped
            // flux equally among them. Both conserve the flux F_i.
            let (scale, share) = match p.routing {
                RoutingScheme::FlowR => (f.flux / kept, 0.0),
                RoutingScheme::FlowPy => (1.0, (f.flux - kept) / n_kept as f64),
            };
            for k in 0..8 {
                if w[k] <= 0.0 {
                    continue;
                }
                let fk = w[k] * scale + share;
                let l = DISTANCE[k] * cell;
                let e = next.entry(idx[k]).or_insert(Front {
                    flux: 0.0,
                    z_delta: 0.0,
                    dir: Some(k),
                    dir_flux: 0.0,
                    s_min: f64::INFINITY,
                    s_max: 0.0,
                    generation: f.generation + 1,
                    pers: [0.0; 8],
                    parents: 0,
                });
                if p.routing == RoutingScheme::FlowPy {
                    // Straight on along k weighs z_δ of the parent, the two 45° turns 0.707 of it.
                    e.pers[k] += FLOW_PY[0] * f.z_delta;
                    e.pers[(k + 1) % 8] += FLOW_PY[1] * f.z_delta;
                    e.pers[(k + 7) % 8] += FLOW_PY[1] * f.z_delta;
                    e.parents |= 1 << ((k + 4) % 8);
                }
                e.flux = (e.flux + fk).min(1.0);
                e.z_delta = e.z_delta.max(zd[k]);
                if fk > e.dir_flux {
                    e.dir = Some(k);
                    e.dir_flux = fk;
                }
                e.s_min = e.s_min.min(f.s_min + l);
                e.s_max = e.s_max.max(f.s_max + l);
            }
        }
        front.clear();
        front.extend(next.iter().map(|(&j, &f)| (j, f)));
        front.sort_unstable_by_key(|&(j, _)| j);
    }
    let mut out: Vec<(usize, Visit)> = visits.into_iter().collect();
    out.sort_unstable_by_key(|&(j, _)| j);
    out
}

/// Route debris from every release cell over `terrain` with energy-line runout (see the
/// module documentation for the scheme) and return the runout maps.
///
/// ```
/// use hazsim_debris::{route_runout, Release, RunoutParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
///
/// // A 10 m grid: a 30° ramp for 20 cells, then flat. Released at the top with α = 20°.
/// let z = Array2::from_shape_fn((5, 60), |(_, c)| {
///     (20.0 - c as f32).max(0.0) * 10.0 * 30f32.to_radians().tan()
/// });
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616))).unwrap();
/// let p = RunoutParams { travel_angle: hazsim_grid::Field::Uniform(20.0), max_velocity: None, ..Default::default() };
/// let run = route_runout(&t, &Release::Cells(vec![(2, 0)]), &p).unwrap();
/// assert_eq!(run.susceptibility.data[[2, 0]], 1.0);
/// assert!(run.energy_line_speed.data[[2, 25]] > 0.0); // past the foot of the ramp
/// // The α-line from the top (115.5 m) meets the flat 317 m out: cell 31 or 32.
/// assert_eq!(run.susceptibility.data[[2, 34]], 0.0);
/// ```
pub fn route_runout(terrain: &Terrain, release: &Release, params: &RunoutParams) -> Result<Runout> {
    route_runout_with_progress(terrain, release, params, &mut NoProgress)
}

/// [`route_runout`] reporting progress (fraction of release cells routed); returning `false`
/// from the callback cancels ([`Error::is_cancelled`]).
///
/// # Errors
///
/// Invalid parameters ([`Error::InvalidParameter`], [`Error::Grid`]), releases outside the
/// grid or empty ([`Error::is_outside_grid`], [`Error::EmptyRelease`]), and
/// [`Error::NoRunout`] when no release cell can move at all. Release cells that cannot move
/// while others can are listed in [`Runout::stalled_releases`].
///
/// ```
/// use hazsim_debris::{route_runout_with_progress, Release, RunoutParams, Error};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// let t = Terrain::new(Raster::new(ndarray::Array2::from_shape_fn((5, 5), |(r, _)| 50.0 - 5.0 * r as f32), GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616))).unwrap();
/// let mut stop = |_: f64, _: &str| false;
/// let e = route_runout_with_progress(&t, &Release::Cells(vec![(0, 2)]), &RunoutParams::default(), &mut stop);
/// assert!(e.unwrap_err().is_cancelled());
/// ```
pub fn route_runout_with_progress(
    terrain: &Terrain,
    release: &Release,
    params: &RunoutParams,
    progress: &mut dyn Progress,
) -> Result<Runout> {
    let checked = params.check(terrain)?;
    let starts = release.cells(terrain)?;
    let dem = terrain.dem();
    let (rows, cols) = dem.shape();
    let cell = terrain.cell_size();
    let z: Vec<f32> = dem.data.iter().copied().collect();
    let n = rows * cols;
    let mut flux = vec![0.0f64; n];
    let mut z_delta = vec![0.0f64; n];
    let mut angle = vec![f64::NEG_INFINITY; n];
    let mut length = vec![0.0f64; n];
    let mut count = vec![0u32; n];
    let chunk = (rayon::current_num_threads() * 8).max(64);
    let total = starts.len();
    let mut done = 0usize;
    let mut stalled = Vec::new();
    for group in starts.chunks(chunk) {
        if !progress.report(done as f64 / total as f64, "debris routing") {
            return Err(hazsim_grid::Error::Cancelled { time: 0.0 }.into());
        }
        let routed: Vec<Vec<(usize, Visit)>> = group
            .par_iter()
            .map(|&s| route_one(&z, rows, cols, cell, &checked, s))
            .collect();
        for (&s, visits) in group.iter().zip(&routed) {
            if visits.len() <= 1 {
                stalled.push((s / cols, s % cols));
            }
            let z_rel = z[s] as f64;
            for &(j, v) in visits {
                flux[j] = flux[j].max(v.flux);
                z_delta[j] = z_delta[j].max(v.z_delta);
                length[j] = length[j].max(v.s_max);
                count[j] += 1;
                if v.s_min > 0.0 && v.s_min.is_finite() {
                    let a = ((z_rel - z[j] as f64) / v.s_min).atan().to_degrees();
                    angle[j] = angle[j].max(a);
                }
            }
        }
        done += group.len();
    }
    if stalled.len() == total {
        return Err(Error::NoRunout {
            count: total,
            row: stalled[0].0,
            col: stalled[0].1,
        });
    }
    progress.report(1.0, "debris routing");
    let to = |v: Vec<f32>| dem.like(Array2::from_shape_vec((rows, cols), v).expect("shape"));
    let velocity: Vec<f64> = z_delta.iter().map(|&d| velocity_of_z_delta(d)).collect();
    Ok(Runout {
        susceptibility: to(flux.iter().map(|&v| v as f32).collect()),
        energy_line_pressure: to(velocity
            .iter()
            .map(|&v| impact_pressure_kpa(v, params.density, params.impact_coefficient) as f32)
            .collect()),
        energy_line_speed: to(velocity.iter().map(|&v| v as f32).collect()),
        travel_angle: to(angle
            .iter()
            .map(|&a| if a.is_finite() { a as f32 } else { f32::NAN })
            .collect()),
        travel_length: to(length.iter().map(|&v| v as f32).collect()),
        release_count: to(count.iter().map(|&v| v as f32).collect()),
        stalled_releases: stalled,
    })
}
