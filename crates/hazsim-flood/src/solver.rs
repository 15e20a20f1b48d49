//! The local inertial update (Bates, Horritt & Fewtrell 2010, *J. Hydrol.* 387:33–45) with the
//! θ-weighted momentum of de Almeida, Bates, Freer & Souvignet (2012, *Water Resour. Res.* 48,
//! W05528), and the mass-conserving, positivity-preserving continuity update.
//!
//! Staggered grid: depth h at cell centres (rows × cols), unit discharge q_x (m²/s, positive
//! eastwards) on vertical faces (rows × (cols+1)) and q_y (positive southwards, i.e. towards
//! increasing row) on horizontal faces ((rows+1) × cols). Water is stored as depth; the surface
//! η = z + h is formed locally in f32.
//!
//! **Momentum** (de Almeida et al. 2012, eq. 7), for the face between cells L and R:
//!
//! q^{n+1} = [θ q^n + (1−θ)/2 (q^n_{−} + q^n_{+}) − g h_f Δt (η_R − η_L)/Δx]
//!           / [1 + g Δt n² |q^n| / h_f^{7/3}]
//!
//! with q_{−}, q_{+} the neighbouring faces along the same direction and the face flow depth
//! h_f = max(η_L, η_R) − max(z_L, z_R) (Bates et al. 2010, eq. 8). A face with h_f ≤ `h_flow_min`
//! carries nothing. h_f^{7/3} = h_f² ∛h_f. Both directions use the same function on the same old
//! state, so the update is symmetric under grid transposition and reflection to the last bit.
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
//! **Continuity** (Bates et al. 2010, eq. 9): h^{n+1} = h^n + Δt/Δx (Σ q_in − Σ q_out) + r Δt + Q Δt/Δx².

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
}

/// The θ-weighted local inertial face update (de Almeida et al. 2012, eq. 7).
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
    // h_f (Bates et al. 2010, eq. 8)
    let h_f = eta_l.max(eta_r) - z_l.max(z_r);
    if h_f.is_nan() || h_f <= p.h_flow_min {
        return 0.0;
    }
    let numerator = p.theta * q0 + p.half_rest * (qm + qp) - G * h_f * p.dt * (eta_r - eta_l) / p.dx;
    let h_73 = h_f * h_f * h_f.cbrt();
    let denominator = 1.0 + G * p.dt * n2 * q0.abs() / h_73;
    numerator / denominator
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
}

/// Per-step inputs of [`Solver::step`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepInputs {
    pub params: StepParams,
    /// Edge conditions: north, east, south, west.
    pub edges: [EdgeNow; 4],
    pub out: OutputParams,
    pub speed_cap: f32,
}

impl Solver {
    /// Largest depth (exact, order-independent maximum).
    pub(crate) fn h_max(&self) -> f32 {
        self.h.par_iter().copied().reduce(|| 0.0, f32::max)
    }

    /// One step: momentum, limiter, continuity + outputs. Row sums land in `row_stats`.
    pub(crate) fn step(&mut self, inp: &StepInputs, acc: &mut Accumulators) {
        let (rows, cols) = (self.rows, self.cols);
        let p = inp.params;
        let [north, east, south, west] = inp.edges;
        // --- momentum, x faces (rows × (cols+1)) ---
        {
            let (h, z, n2, qx) = (&self.h[..], &self.z[..], &self.n2[..], &self.qx[..]);
            self.qx_new
                .par_chunks_mut(cols + 1)
                .enumerate()
                .for_each(|(r, out)| {
                    let b = r * cols;
                    let qb = r * (cols + 1);
                    for j in 1..cols {
                        let (l, rr) = (b + j - 1, b + j);
                        out[j] = face_flux(
                            qx[qb + j],
                            qx[qb + j - 1],
                            qx[qb + j + 1],
                            z[l] + h[l],
                            z[rr] + h[rr],
                            z[l],
                            z[rr],
                            0.5 * (n2[l] + n2[rr]),
                            &p,
                        );
                    }
                    out[0] = edge_flux(west, true, qx[qb], h[b], z[b], z[b + 1], n2[b], &p);
                    let e = b + cols - 1;
                    out[cols] = edge_flux(east, false, qx[qb + cols], h[e], z[e], z[e - 1], n2[e], &p);
                });
        }
        // --- momentum, y faces ((rows+1) × cols) ---
        {
            let (h, z, n2, qy) = (&self.h[..], &self.z[..], &self.n2[..], &self.qy[..]);
            self.qy_new
                .par_chunks_mut(cols)
                .enumerate()
                .for_each(|(i, out)| {
                    if i == 0 || i == rows {
                        let (edge, low, cell_row, inner_row) =
                            if i == 0 { (north, true, 0, 1) } else { (south, false, rows - 1, rows - 2) };
                        for (c, o) in out.iter_mut().enumerate() {
                            let k = cell_row * cols + c;
                            *o = edge_flux(edge, low, qy[i * cols + c], h[k], z[k], z[inner_row * cols + c], n2[k], &p);
                        }
                        return;
                    }
                    for (c, o) in out.iter_mut().enumerate() {
                        let (l, rr) = ((i - 1) * cols + c, i * cols + c);
                        *o = face_flux(
                            qy[i * cols + c],
                            qy[(i - 1) * cols + c],
                            qy[(i + 1) * cols + c],
                            z[l] + h[l],
                            z[rr] + h[rr],
                            z[l],
                            z[rr],
                            0.5 * (n2[l] + n2[rr]),
                            &p,
                        );
                    }
                });
        }
        let k = p.dt / p.dx;
        let dt = p.dt;
        // --- limiter factors ---
        {
            let (h, qx, qy, rain, point) =
                (&self.h[..], &self.qx_new[..], &self.qy_new[..], &self.rain_rate[..], &self.point_depth[..]);
            self.factor.par_chunks_mut(cols).enumerate().for_each(|(r, f)| {
                for (c, fc) in f.iter_mut().enumerate() {
                    let i = r * cols + c;
                    let qxb = r * (cols + 1) + c;
                    let out_x = (-qx[qxb]).max(0.0) + qx[qxb + 1].max(0.0);
                    let out_y = (-qy[i]).max(0.0) + qy[i + cols].max(0.0);
                    let out = (out_x + out_y) * k;
                    let avail = h[i] + (rain[i] * dt + point[i]);
                    *fc = if out > avail { avail / out } else { 1.0 };
                }
            });
        }
        // --- scale outgoing fluxes by the donor's factor ---
        {
            let f = &self.factor[..];
            self.qx_new.par_chunks_mut(cols + 1).enumerate().for_each(|(r, q)| {
                let b = r * cols;
                for (j, qj) in q.iter_mut().enumerate() {
                    let donor = if *qj > 0.0 {
                        (j > 0).then(|| b + j - 1)
                    } else {
                        (j < cols).then_some(b + j)
                    };
                    if let Some(d) = donor {
                        *qj *= f[d];
                    }
                }
            });
            self.qy_new.par_chunks_mut(cols).enumerate().for_each(|(i, q)| {
                for (c, qc) in q.iter_mut().enumerate() {
                    let donor = if *qc > 0.0 {
                        (i > 0).then(|| (i - 1) * cols + c)
                    } else {
                        (i < rows).then_some(i * cols + c)
                    };
                    if let Some(d) = donor {
                        *qc *= f[d];
                    }
                }
            });
        }
        // --- continuity + outputs ---
        {
            let (qx, qy, rain, point) = (&self.qx_new[..], &self.qy_new[..], &self.rain_rate[..], &self.point_depth[..]);
            let op = inp.out;
            let cap = inp.speed_cap;
            (
                self.h.par_chunks_mut(cols),
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
                .for_each(|(r, (h, sp, mxd, mxs, mxdv, hz, arr, d64, d32, st))| {
                    let mut s = RowStats::default();
                    for c in 0..cols {
                        let i = r * cols + c;
                        let qxb = r * (cols + 1) + c;
                        let (qw, qe, qn, qs) = (qx[qxb], qx[qxb + 1], qy[i], qy[i + cols]);
                        let net = (qw - qe) + (qn - qs);
                        let mut hn = h[c] + k * net + (rain[i] * dt + point[i]);
                        if hn < 0.0 {
                            hn = 0.0;
                        }
                        let v = if hn > op.wet {
                            let u = 0.5 * (qw + qe) / hn;
                            let w = 0.5 * (qn + qs) / hn;
                            (u * u + w * w).sqrt()
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
                        s.depth_sum += hn as f64;
                        if hn > op.wet {
                            s.wet += 1;
                        }
                    }
                    // Edge faces of this row: west and east, plus north/south on the first/last row.
                    let mut edge = |q_inwards: f32| {
                        if q_inwards > 0.0 {
                            s.edge_in += q_inwards as f64 * dt as f64;
                        } else {
                            s.edge_out -= q_inwards as f64 * dt as f64;
                        }
                    };
                    edge(qx[r * (cols + 1)]);
                    edge(-qx[r * (cols + 1) + cols]);
                    if r == 0 {
                        for &q in &qy[..cols] {
                            edge(q);
                        }
                    }
                    if r == rows - 1 {
                        for &q in &qy[rows * cols..] {
                            edge(-q);
                        }
                    }
                    *st = s;
                });
        }
        std::mem::swap(&mut self.qx, &mut self.qx_new);
        std::mem::swap(&mut self.qy, &mut self.qy_new);
    }
}
