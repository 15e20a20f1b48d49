//! The local inertial update (Bates, Horritt & Fewtrell 2010, *J. Hydrol.* 387:33–45) with the
//! θ-weighted momentum of de Almeida, Bates, Freer & Souvignet (2012, *Water Resour. Res.* 48,
//! W05528), and the mass-conserving, positivity-preserving continuity update.
//!
//! Staggered grid: depth h at cell centres (rows × cols), unit discharge q_x (m²/s, positive
//! eastwards) on vertical faces (rows × (cols+1)) and q_y (positive southwards, i.e. towards
//! increasing row) on horizontal faces ((rows+1) × cols). Water is stored as depth; the surface
//! η = z + h is formed locally in f32.
//!
//! **Momentum** (de Almeida et al. 2012), for the face between cells L and R:
//!
//! q^{n+1} = [θ q^n + (1−θ)/2 (q^n_{−} + q^n_{+}) − g h_f Δt (η_R − η_L)/Δx]
//!           / [1 + g Δt n² |q^n| / h_f^{7/3}]
//!
//! with q_{−}, q_{+} the neighbouring faces along the same direction and the face flow depth
//! h_f = max(η_L, η_R) − max(z_L, z_R) (Bates et al. 2010). A face with h_f ≤ `h_flow_min`
//! carries nothing. h_f^{7/3} = h_f² ∛h_f; Manning's n² on a face is
//! the mean of its two cells' n². Both directions use the same function on the same old
//! state, so the update is symmetric under grid transposition and reflection to the last bit.
//!
//! **Faces next to a closed edge.** There the neighbour beyond the wall does not exist; the
//! wall face itself carries q = 0, and taking that 0 as q_{−} (or q_{+}) makes the θ term a
//! pull of (1−θ)/2 q per step towards 0 on the first interior face, which only a surface slope
//! ∝ 1/Δt can balance. With a source against the wall (an inflow cell, as in the MacDonald test
//! of `tests/swashes.rs`) that left the inflow cell 0.12 m too high. The θ term is a smoothing of
//! q along the flow (de Almeida et al. 2012 average the upwind and downwind faces), not a
//! boundary condition, so the missing neighbour is replaced by q itself, as `edge_flux` already
//! does for level edges: a one-sided average with zero gradient at the wall. The wall face
//! itself stays exactly 0. Measured: MacDonald inflow cell 0.116 m → < 5e-6 m off the scheme's
//! steady state; the dam-break, breach, EA and lake-at-rest numbers are unchanged.
//!
//! **Positivity and exact conservation.** After the momentum update each cell's outgoing volume
//! over the step, Δt/Δx Σ q_out, is compared with the water it can give: its depth plus this step's
//! rain and point inflow (inflow across faces is not counted, since the neighbour's own limiter may
//! still cut it). Where the outgoing volume is larger, all of the cell's *outgoing* face fluxes are
//! scaled by avail/out (a second pass over the faces, each face scaled by the factor of its upwind
//! cell). The limited fluxes are then used both for the continuity update of the two cells they
//! join and as q^n of the next step, so what leaves one cell enters its neighbour exactly, and no
//! depth goes negative (beyond f32 round-off, which is clamped to 0).
//!
//! **Continuity** (Bates et al. 2010): h^{n+1} = h^n + Δt/Δx (Σ q_in − Σ q_out) + r Δt + Q Δt/Δx².
//! The addition to h is compensated (Knuth's TwoSum): each cell keeps the f32 rounding error of
//! its last update and adds it to the next increment, so slow changes are not lost against a
//! large depth and the volume balance closes to ~1e-9 relative instead of drifting by ½ ulp of h
//! per cell and step in steady flow.

use crate::boundary::{EdgeNow, MIN_OUTFLOW_SLOPE};
use crate::outputs::{update_cell, Accumulators, CellOut, OutputParams};
use rayon::prelude::*;

/// Gravitational acceleration g (m/s²).
pub const G: f32 = 9.81;

/// Constants of one step's momentum update.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepParams {
    pub theta: f32,
    /// (1 − θ)/2.
    pub half_rest: f32,
    pub h_flow_min: f32,
    pub dt: f32,
    pub dx: f32,
    /// g Δt.
    pub g_dt: f32,
    /// g Δt / Δx.
    pub g_dt_dx: f32,
}

/// The θ-weighted local inertial face update (de Almeida et al. 2012).
///
/// `q0` is q^n on this face, `qm`/`qp` on its two neighbours along the flow direction; L/R are the
/// cells on the low/high-index side; `n2` is Manning's n² on the face.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn face_flux(
    q0: f32,
    qm: f32,
    qp: f32,
    eta_l: f32,
    eta_r: f32,
    z_l: f32,
    z_r: f32,
    n2: f32,
    p: &StepParams,
) -> f32 {
    // h_f (Bates et al. 2010)
    let h_f = eta_l.max(eta_r) - z_l.max(z_r);
    if h_f.is_nan() || h_f <= p.h_flow_min {
        return 0.0;
    }
    // Numerator of the θ-weighted update; g Δt / Δx is precomputed.
    let numerator = p.theta * q0 + p.half_rest * (qm + qp) - p.g_dt_dx * h_f * (eta_r - eta_l);
    if q0 == 0.0 {
        // Friction term vanishes exactly; skip the cube root.
        return numerator;
    }
    // numerator / (1 + g Δt n² |q| / h_f^{7/3}) = numerator · h_f^{7/3} / (h_f^{7/3} + g Δt n² |q|),
    // one division per face.
    let h_73 = h_f * h_f * h_f.cbrt();
    numerator * h_73 / (h_73 + p.g_dt * n2 * q0.abs())
}

/// Flux through an edge face. `low` is true on the west/north edge (outwards = negative q).
#[allow(clippy::too_many_arguments)]
#[inline]
fn edge_flux(
    edge: EdgeNow,
    low: bool,
    q0: f32,
    h_c: f32,
    z_c: f32,
    z_inner: f32,
    n2: f32,
    p: &StepParams,
) -> f32 {
    match edge {
        EdgeNow::Closed => 0.0,
        EdgeNow::Free(slope) => {
            if h_c <= p.h_flow_min {
                return 0.0;
            }
            let s = slope.unwrap_or(((z_inner - z_c) / p.dx).max(MIN_OUTFLOW_SLOPE));
            // Manning normal depth: q = h^{5/3} S^{1/2} / n
            let q = h_c * (h_c * h_c).cbrt() * s.sqrt() / n2.sqrt();
            if low {
                -q
            } else {
                q
            }
        }
        EdgeNow::Level(level) => {
            let eta_c = z_c + h_c;
            let eta_g = level.max(z_c);
            if low {
                face_flux(q0, q0, q0, eta_g, eta_c, z_c, z_c, n2, p)
            } else {
                face_flux(q0, q0, q0, eta_c, eta_g, z_c, z_c, n2, p)
            }
        }
    }
}

/// Rows per task of the fused momentum + limiter pass; one row of y faces in BLOCK_ROWS is
/// computed twice (at block seams).
pub(crate) const BLOCK_ROWS: usize = 16;

/// Per-row sums of the continuity pass, added up in row order afterwards.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowStats {
    /// Σ h (m) over the row.
    pub depth_sum: f64,
    /// Cells deeper than the wet threshold.
    pub wet: u64,
    /// Σ q Δt over edge faces bringing water in (m³ per m of face... times Δx later).
    pub edge_in: f64,
    /// Σ q Δt over edge faces taking water out.
    pub edge_out: f64,
    /// First column with a NaN/inf depth or a speed over the cap, and the value.
    pub bad: Option<(usize, f32)>,
    /// Largest new depth in the row (f32::max from 0, NaN ignored).
    pub h_max: f32,
}

/// State and work buffers, allocated once.
#[derive(Debug, Clone)]
pub(crate) struct Solver {
    pub rows: usize,
    pub cols: usize,
    pub dx: f32,
    pub z: Vec<f32>,
    pub n2: Vec<f32>,
    pub h: Vec<f32>,
    /// Rounding residual of the compensated depth update (m); storage is Σ (h + h_lo).
    pub h_lo: Vec<f32>,
    pub qx: Vec<f32>,
    pub qy: Vec<f32>,
    pub qx_new: Vec<f32>,
    pub qy_new: Vec<f32>,
    /// Outgoing-flux scale factor per cell (the positivity limiter).
    pub factor: Vec<f32>,
    /// Rain rate per cell (m/s), updated when the rain changes.
    pub rain_rate: Vec<f32>,
    /// Depth added by point inflows this step (m), nonzero only at inflow cells.
    pub point_depth: Vec<f32>,
    pub row_stats: Vec<RowStats>,
    /// Largest depth after the last step; None before the first.
    pub h_max_last: Option<f32>,
    /// True when every `rain_rate` is zero (set where the rain buffer is refreshed).
    pub rain_zero: bool,
    /// One row of y faces per block of [`BLOCK_ROWS`] rows: the faces on the north side of the
    /// block's first row, recomputed by the block itself (⌈rows / BLOCK_ROWS⌉ × cols).
    pub qy_seam: Vec<f32>,
}

/// Per-step inputs of [`Solver::step`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepInputs {
    pub params: StepParams,
    /// Edge conditions: north, east, south, west.
    pub edges: [EdgeNow; 4],
    pub out: OutputParams,
    pub speed_cap: f32,
    /// False when `rain_rate` and `point_depth` are all zero this step: the source term
    /// r Δt + Q Δt/Δx² is then exactly +0 and the two buffers are not read.
    pub sources: bool,
    /// Froude cap of the face discharges ([`crate::froude`]); None: off.
    pub max_froude: Option<f32>,
}

impl Solver {
    /// Largest depth (exact, order-independent maximum).
    /// Taken from the last step's row maxima when there is one (the same exact maximum, without
    /// another pass over h).
    pub(crate) fn h_max(&self) -> f32 {
        self.h_max_last
            .unwrap_or_else(|| self.h.par_iter().copied().reduce(|| 0.0, f32::max))
    }

    /// One step: momentum, limiter, continuity + outputs. Row sums land in `row_stats`.
    pub(crate) fn step(&mut self, inp: &StepInputs, acc: &mut Accumulators) {
        let (rows, cols) = (self.rows, self.cols);
        let p = inp.params;
        let [north, east, south, west] = inp.edges;
        let k = p.dt / p.dx;
        let dt = p.dt;
        // --- momentum (x and y faces) + limiter factors, one pass over blocks of rows ---
        // Each block of BLOCK_ROWS rows computes, row by row, the x faces of the row, the y faces
        // on its south side and then the row's limiter factor, while the row's h, z, n² and new
        // fluxes are still in cache. The y faces on the north side of a block's first row belong
        // to the block above; the block recomputes them into its own `qy_seam` row (same function
        // on the same old state, so the same bits). Block 0's seam row is the north edge.
        {
            let (h, z, n2, qx, qy) = (
                &self.h[..],
                &self.z[..],
                &self.n2[..],
                &self.qx[..],
                &self.qy[..],
            );
            let (rain, point) = (&self.rain_rate[..], &self.point_depth[..]);
            let sources = inp.sources;
            // x faces of row r (cols + 1 values).
            let x_row = |r: usize, out: &mut [f32]| {
                let b = r * cols;
                let qb = r * (cols + 1);
                let (hr, zr, nr) = (&h[b..b + cols], &z[b..b + cols], &n2[b..b + cols]);
                let qr = &qx[qb..qb + cols + 1];
                let out = &mut out[..cols + 1];
                // Next to a closed edge the missing neighbour is q itself (see `face_flux`).
                let (wall_w, wall_e) = (
                    matches!(west, EdgeNow::Closed),
                    matches!(east, EdgeNow::Closed),
                );
                for j in 1..cols {
                    let qm = if j == 1 && wall_w { qr[j] } else { qr[j - 1] };
                    let qp = if j == cols - 1 && wall_e {
                        qr[j]
                    } else {
                        qr[j + 1]
                    };
                    out[j] = face_flux(
                        qr[j],
                        qm,
                        qp,
                        zr[j - 1] + hr[j - 1],
                        zr[j] + hr[j],
                        zr[j - 1],
                        zr[j],
                        0.5 * (nr[j - 1] + nr[j]),
                        &p,
                    );
                }
                out[0] = edge_flux(west, true, qr[0], hr[0], zr[0], zr[1], nr[0], &p);
                let e = cols - 1;
                out[cols] = edge_flux(east, false, qr[cols], hr[e], zr[e], zr[e - 1], nr[e], &p);
            };
            // y faces of face row i (0..=rows; cols values).
            let y_row = |i: usize, out: &mut [f32]| {
                let out = &mut out[..cols];
                if i == 0 || i == rows {
                    let (edge, low, cell_row, inner_row) = if i == 0 {
                        (north, true, 0, 1)
                    } else {
                        (south, false, rows - 1, rows - 2)
                    };
                    for (c, o) in out.iter_mut().enumerate() {
                        let k = cell_row * cols + c;
                        *o = edge_flux(
                            edge,
                            low,
                            qy[i * cols + c],
                            h[k],
                            z[k],
                            z[inner_row * cols + c],
                            n2[k],
                            &p,
                        );
                    }
                    return;
                }
                let (bl, br) = ((i - 1) * cols, i * cols);
                let (hl, zl, nl) = (&h[bl..bl + cols], &z[bl..bl + cols], &n2[bl..bl + cols]);
                let (hr, zr, nr) = (&h[br..br + cols], &z[br..br + cols], &n2[br..br + cols]);
                let q0 = &qy[br..br + cols];
                // Next to a closed edge the missing neighbour is q itself (see `face_flux`).
                let qm = if i == 1 && matches!(north, EdgeNow::Closed) {
                    q0
                } else {
                    &qy[bl..bl + cols]
                };
                let qp = if i == rows - 1 && matches!(south, EdgeNow::Closed) {
                    q0
                } else {
                    &qy[br + cols..br + 2 * cols]
                };
                for c in 0..cols {
                    out[c] = face_flux(
                        q0[c],
                        qm[c],
                        qp[c],
                        zl[c] + hl[c],
                        zr[c] + hr[c],
                        zl[c],
                        zr[c],
                        0.5 * (nl[c] + nr[c]),
                        &p,
                    );
                }
            };
            // Limiter factor of row r from its new x faces and its north/south y faces.
            let factor_row = |r: usize, xf: &[f32], yn: &[f32], ys: &[f32], f: &mut [f32]| {
                let b = r * cols;
                let hr = &h[b..b + cols];
                let (xf, yn, ys, f) = (&xf[..cols + 1], &yn[..cols], &ys[..cols], &mut f[..cols]);
                if sources {
                    let (rr, pr) = (&rain[b..b + cols], &point[b..b + cols]);
                    for c in 0..cols {
                        let out_x = (-xf[c]).max(0.0) + xf[c + 1].max(0.0);
                        let out_y = (-yn[c]).max(0.0) + ys[c].max(0.0);
                        let out = (out_x + out_y) * k;
                        let avail = hr[c] + (rr[c] * dt + pr[c]);
                        f[c] = if out > avail { avail / out } else { 1.0 };
                    }
                } else {
                    for c in 0..cols {
                        let out_x = (-xf[c]).max(0.0) + xf[c + 1].max(0.0);
                        let out_y = (-yn[c]).max(0.0) + ys[c].max(0.0);
                        let out = (out_x + out_y) * k;
                        let avail = hr[c] + 0.0;
                        f[c] = if out > avail { avail / out } else { 1.0 };
                    }
                }
            };
            let (qy_north, qy_rest) = self.qy_new.split_at_mut(cols);
            self.qx_new
                .par_chunks_mut(BLOCK_ROWS * (cols + 1))
                .zip(qy_rest.par_chunks_mut(BLOCK_ROWS * cols))
                .zip(self.factor.par_chunks_mut(BLOCK_ROWS * cols))
                .zip(self.qy_seam.par_chunks_mut(cols))
                .enumerate()
                .for_each(|(blk, (((xo, yo), fo), seam))| {
                    let r0 = blk * BLOCK_ROWS;
                    y_row(r0, seam);
                    for lr in 0..fo.len() / cols {
                        let r = r0 + lr;
                        let xrow = &mut xo[lr * (cols + 1)..(lr + 1) * (cols + 1)];
                        x_row(r, xrow);
                        let (prev, cur) = yo.split_at_mut(lr * cols);
                        let ys = &mut cur[..cols];
                        y_row(r + 1, ys);
                        let yn: &[f32] = if lr == 0 {
                            seam
                        } else {
                            &prev[(lr - 1) * cols..]
                        };
                        factor_row(r, xrow, yn, ys, &mut fo[lr * cols..(lr + 1) * cols]);
                    }
                });
            qy_north.copy_from_slice(&self.qy_seam[..cols]);
        }
        // --- optional Froude cap, its own pass (crate::froude) ---
        if let Some(fr) = inp.max_froude {
            crate::froude::cap_faces(
                rows,
                cols,
                &self.h,
                &self.z,
                &mut self.qx_new,
                &mut self.qy_new,
                fr,
            );
        }
        // --- limited fluxes + continuity + outputs, one pass over rows ---
        // The raw fluxes of this step are in qx_new/qy_new; q^n (qx, qy) is no longer needed,
        // so each row writes its limited fluxes there: the x faces of its own row and its north
        // y faces (the south edge row is written after the loop). Each face is scaled by the
        // factor of its upwind (donor) cell; ghost cells outside the edges give freely.
        {
            let (qxr, qyr, f) = (&self.qx_new[..], &self.qy_new[..], &self.factor[..]);
            let (rain, point) = (&self.rain_rate[..], &self.point_depth[..]);
            let op = inp.out;
            let cap = inp.speed_cap;
            let sources = inp.sources;
            let limit_x = |r: usize, j: usize| -> f32 {
                let q = qxr[r * (cols + 1) + j];
                if q > 0.0 {
                    if j > 0 {
                        q * f[r * cols + j - 1]
                    } else {
                        q
                    }
                } else if j < cols {
                    q * f[r * cols + j]
                } else {
                    q
                }
            };
            let limit_y = |i: usize, c: usize| -> f32 {
                let q = qyr[i * cols + c];
                if q > 0.0 {
                    if i > 0 {
                        q * f[(i - 1) * cols + c]
                    } else {
                        q
                    }
                } else if i < rows {
                    q * f[i * cols + c]
                } else {
                    q
                }
            };
            (
                self.h
                    .par_chunks_mut(cols)
                    .zip(self.h_lo.par_chunks_mut(cols)),
                self.qx.par_chunks_mut(cols + 1),
                self.qy[..rows * cols].par_chunks_mut(cols),
                acc.speed.par_chunks_mut(cols),
                acc.max_depth.par_chunks_mut(cols),
                acc.max_speed.par_chunks_mut(cols),
                acc.max_dv.par_chunks_mut(cols),
                acc.hazard.par_chunks_mut(cols),
                acc.arrival.par_chunks_mut(cols),
                acc.duration64.par_chunks_mut(cols),
                acc.duration.par_chunks_mut(cols),
                self.row_stats.par_iter_mut(),
            )
                .into_par_iter()
                .enumerate()
                .for_each(
                    |(r, ((h, lo), qxo, qyo, sp, mxd, mxs, mxdv, hz, arr, d64, d32, st))| {
                        let mut s = RowStats::default();
                        let mut qw = limit_x(r, 0);
                        qxo[0] = qw;
                        for c in 0..cols {
                            let i = r * cols + c;
                            let qe = limit_x(r, c + 1);
                            let qn = limit_y(r, c);
                            let qs = limit_y(r + 1, c);
                            qxo[c + 1] = qe;
                            qyo[c] = qn;
                            let net = (qw - qe) + (qn - qs);
                            // Compensated update: `lo` carries the f32 rounding error of the last
                            // depth update (Knuth's TwoSum), so that h + lo tracks the exact sum of
                            // all fluxes and sources. Without it a steady state, where each step's
                            // increment rounds away against h, loses or gains up to ½ ulp of h per
                            // cell and step, systematically (4e-6 of the throughput in 3 h in
                            // tests/rain_on_plane.rs).
                            let src = if sources {
                                rain[i] * dt + point[i]
                            } else {
                                0.0
                            };
                            let inc = k * net + src + lo[c];
                            let sum = h[c] + inc;
                            let b = sum - h[c];
                            let err = (h[c] - (sum - b)) + (inc - b);
                            // Round-off may leave a drained cell a hair below zero: report 0 and keep
                            // the deficit in `lo`, so the storage h + lo stays exact.
                            let hn = if sum < 0.0 { 0.0 } else { sum }; // NaN stays NaN for the guard
                            lo[c] = err + (sum - hn);
                            // Speed from the face-averaged discharge over the step-mean depth
                            // (h^n + h^{n+1})/2, the depth the step's fluxes actually drained: a cell
                            // emptied within one step would otherwise show q^{n+1}/h^{n+1} → ∞.
                            let v = if hn > op.wet {
                                // |(q_w + q_e, q_n + q_s)| / 2 over (h^n + h^{n+1})/2
                                let (qu, qv) = (qw + qe, qn + qs);
                                (qu * qu + qv * qv).sqrt() / (h[c] + hn)
                            } else {
                                0.0
                            };
                            if s.bad.is_none() {
                                if !hn.is_finite() {
                                    s.bad = Some((c, hn));
                                } else if v.is_nan() || v > cap {
                                    s.bad = Some((c, v));
                                }
                            }
                            h[c] = hn;
                            sp[c] = v;
                            update_cell(
                                CellOut {
                                    max_depth: &mut mxd[c],
                                    max_speed: &mut mxs[c],
                                    max_dv: &mut mxdv[c],
                                    hazard: &mut hz[c],
                                    arrival: &mut arr[c],
                                    duration64: &mut d64[c],
                                    duration: &mut d32[c],
                                },
                                hn,
                                v,
                                &op,
                            );
                            s.depth_sum += hn as f64 + lo[c] as f64;
                            s.h_max = s.h_max.max(hn);
                            if hn > op.wet {
                                s.wet += 1;
                            }
                            qw = qe;
                        }
                        // Edge faces of this row: west and east, plus north/south on the first/last
                        // row; `q_in` is the discharge into the domain.
                        let mut edge = |q_in: f32| {
                            if q_in > 0.0 {
                                s.edge_in += q_in as f64 * dt as f64;
                            } else {
                                s.edge_out -= q_in as f64 * dt as f64;
                            }
                        };
                        edge(qxo[0]);
                        edge(-qxo[cols]);
                        if r == 0 {
                            qyo.iter().for_each(|&q| edge(q));
                        }
                        if r == rows - 1 {
                            (0..cols).for_each(|c| edge(-limit_y(rows, c)));
                        }
                        *st = s;
                    },
                );
        }
        // South edge faces: limited by the last row's cells.
        for c in 0..cols {
            let q = self.qy_new[rows * cols + c];
            self.qy[rows * cols + c] = if q > 0.0 {
                q * self.factor[(rows - 1) * cols + c]
            } else {
                q
            };
        }
        self.h_max_last = Some(self.row_stats.iter().fold(0.0f32, |m, s| m.max(s.h_max)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: StepParams = StepParams {
        theta: 0.8,
        half_rest: 0.1,
        h_flow_min: 1e-3,
        dt: 0.5,
        dx: 2.0,
        g_dt: G * 0.5,
        g_dt_dx: G * 0.5 / 2.0,
    };

    /// A flat surface gives no acceleration (well-balanced): q stays 0 exactly.
    #[test]
    fn flat_surface_no_flux() {
        assert_eq!(face_flux(0.0, 0.0, 0.0, 1.0, 1.0, 0.2, 0.7, 1e-3, &P), 0.0);
    }

    /// Mirroring a face (swap L/R, negate every q) negates the flux to the last bit.
    #[test]
    fn mirror_antisymmetric_bitwise() {
        let a = face_flux(0.31, 0.17, -0.05, 1.3, 1.1, 0.2, 0.4, 1.2e-3, &P);
        let b = face_flux(-0.31, 0.05, -0.17, 1.1, 1.3, 0.4, 0.2, 1.2e-3, &P);
        assert_eq!(a.to_bits(), (-b).to_bits());
    }

    /// No flow over a face whose flow depth h_f is at or below h_flow_min (Bates et al. 2010).
    #[test]
    fn shallow_face_is_dry() {
        // h_f = max(1.0005, 0.3) - max(1.0, 0.0) = 0.0005 < 1e-3
        assert_eq!(
            face_flux(0.1, 0.1, 0.1, 1.0005, 0.3, 1.0, 0.0, 1e-3, &P),
            0.0
        );
    }

    /// Hand evaluation of the de Almeida et al. (2012) update for one face; tolerance f32 round-off.
    #[test]
    fn matches_hand_evaluation() {
        let (q0, qm, qp, el, er, zl, zr, n2) = (
            0.2f64,
            0.1f64,
            0.3f64,
            1.5f64,
            1.4f64,
            0.5f64,
            0.6f64,
            0.03f64 * 0.03,
        );
        let hf = el.max(er) - zl.max(zr);
        let g = 9.81;
        let (dt, dx) = (0.5, 2.0);
        let num = 0.8 * q0 + 0.1 * (qm + qp) - g * hf * dt * (er - el) / dx;
        let den = 1.0 + g * dt * n2 * q0.abs() / hf.powf(7.0 / 3.0);
        let expect = num / den;
        let got = face_flux(
            q0 as f32, qm as f32, qp as f32, el as f32, er as f32, zl as f32, zr as f32, n2 as f32,
            &P,
        );
        assert!((got as f64 - expect).abs() < 1e-6, "{got} vs {expect}");
    }

    /// Free outflow is Manning's normal-depth discharge q = h^{5/3} S^{1/2} / n, outwards.
    #[test]
    fn free_outflow_is_manning_normal_depth() {
        let n = 0.04f32;
        let q = edge_flux(
            EdgeNow::Free(Some(0.004)),
            false,
            0.0,
            0.8,
            0.0,
            0.0,
            n * n,
            &P,
        );
        let expect = 0.8f64.powf(5.0 / 3.0) * 0.004f64.sqrt() / 0.04;
        assert!((q as f64 - expect).abs() < 1e-6 * expect);
        let q_low = edge_flux(
            EdgeNow::Free(Some(0.004)),
            true,
            0.0,
            0.8,
            0.0,
            0.0,
            n * n,
            &P,
        );
        assert_eq!(q_low, -q);
        assert_eq!(
            edge_flux(EdgeNow::Closed, true, 5.0, 0.8, 0.0, 0.0, n * n, &P),
            0.0
        );
    }
}
