//! The finite-volume update of the Voellmy flow model: one explicit step of first-order Rusanov
//! fluxes with slope-aware gravity and a bounded, implicit friction.
//!
//! State per cell: vertical depth `H` (m, volume per plan area) and horizontal unit discharge
//! `q = H·u` (m²/s, x east, `r` down the rows, i.e. south). With `θ` the local slope angle and
//! `g' = g·cos²θ`, the horizontal projection of the slope-parallel depth-averaged equations
//! (Savage & Hutter 1989; Christen et al. 2010, RAMMS, eqs. 1–3) reads
//!
//! ```text
//! ∂H/∂t + ∇·q = 0
//! ∂q/∂t + ∇·(q⊗q/H) = −g' H ∇η − τ_b/ρ · q/|q|,      η = z + H
//! τ_b/ρ = μ g' H + g v²/ξ,      v = |q| / (H cosθ)   (speed along the surface)
//! ```
//!
//! `g' H ∇z` (the bed part of `g' H ∇η`) is the horizontal component of the slope-parallel gravity `g h sinθ` on the
//! slope-normal depth `h = H cosθ`, and `μ g' H` that of the Coulomb stress `μ ρ g h cosθ`; on a
//! uniform slope the steady state is therefore Voellmy's (1955) `v² = ξ h (sinθ − μ cosθ)`.
//!
//! Fluxes: Rusanov (local Lax–Friedrichs; Toro 2009, §10.5) at every face with the wave speed
//! `a = max(|u| + √(g'H))` of the two cells carry mass and advected momentum. Pressure and bed
//! slope act together as `g' H ∇η` (surface-gradient form, Zhou et al. 2001, J. Comput. Phys.
//! 168:1–25) by centred differences with the cell's own `g'`: a uniform layer on a plane sees
//! exactly its bed slope, and a pond at rest sees nothing, because a dry neighbour whose bed lies
//! above the cell's surface counts as a wall (its surface is taken equal to the cell's). Beyond
//! a closed edge the surface is the cell's own; beyond an open edge the bed is extrapolated
//! linearly under the same depth. Friction is applied after the explicit update
//! (Mangeney-Castelnau et al. 2003, §3.3): the Coulomb impulse `Δt μ g' H` can bring `|q|` to
//! exactly zero but never reverse it, then the turbulent term is integrated implicitly
//! (`m + Δt g m² / (ξ cos²θ H²) = |q*|`, solved in closed form), which is unconditionally stable
//! and has the exact discrete terminal velocity.
//!
//! A face between two cells at rest carries no mass unless the free-surface slope across it
//! exceeds μ in the direction the numerical flux would move mass and the cell giving the mass
//! is deeper than the dry depth: this stops Rusanov's numerical diffusion from moving a deposit
//! that Coulomb friction holds, or a residual film too thin to carry momentum (no creeping
//! film).

use super::config::{Edge, Edges};
use ndarray::Array2;
use rayon::prelude::*;

/// Gravitational acceleration (m/s²).
pub(crate) const G: f32 = hazsim_grid::constants::G_F32;

/// Per-cell constants of a run.
#[derive(Debug, Clone)]
pub(crate) struct Static {
    pub rows: usize,
    pub cols: usize,
    /// Cell size (m).
    pub dx: f32,
    /// Bed elevation (m).
    pub z: Vec<f32>,
    /// g·cos²θ (m/s²).
    pub geff: Vec<f32>,
    /// cos θ.
    pub cos: Vec<f32>,
    /// Coulomb μ.
    pub mu: Vec<f32>,
    /// g / (ξ cos²θ) (1/m).
    pub kturb: Vec<f32>,
}

impl Static {
    /// Slopes by central differences (one-sided on the border) and friction per cell.
    pub fn new(z: &Array2<f32>, dx: f32, mu: Vec<f32>, xi: &[f32]) -> Self {
        let (rows, cols) = z.dim();
        let n = rows * cols;
        let zs: Vec<f32> = z.iter().copied().collect();
        let (mut geff, mut cos, mut kturb) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let diff = |lo: f32, hi: f32, span: usize| (hi - lo) / (span as f32 * dx);
        for r in 0..rows {
            for c in 0..cols {
                let i = r * cols + c;
                let (c0, c1) = (c.saturating_sub(1), (c + 1).min(cols - 1));
                let (r0, r1) = (r.saturating_sub(1), (r + 1).min(rows - 1));
                let sx = diff(zs[r * cols + c0], zs[r * cols + c1], c1 - c0);
                let sr = diff(zs[r0 * cols + c], zs[r1 * cols + c], r1 - r0);
                let cos2 = 1.0 / (1.0 + sx * sx + sr * sr);
                cos[i] = cos2.sqrt();
                geff[i] = G * cos2;
                kturb[i] = G / (xi[i] * cos2);
            }
        }
        Static {
            rows,
            cols,
            dx,
            z: zs,
            geff,
            cos,
            mu,
            kturb,
        }
    }
}

/// What one row of the cell update saw.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowStats {
    /// max(|u| + c + |v| + c) (m/s) after the step.
    pub amax: f32,
    /// Volume (m³) added by clamping round-off negative depths to zero.
    pub clipped: f64,
    /// Σ H (m) of the row after the step.
    pub depth_sum: f64,
    /// First non-finite or runaway cell: (col, speed).
    pub bad: Option<(usize, f32)>,
    /// First and last column holding material after the step.
    pub wet: Option<(usize, usize)>,
}

/// Outcome of one step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepOutcome {
    /// Volume (m³) that left through open edges.
    pub outflow: f64,
    /// Volume (m³) created by clamping round-off negative depths.
    pub clipped: f64,
    /// Stored volume (m³) after the step.
    pub stored: f64,
}

/// The flow state, its peaks and the work buffers (all allocated once).
#[derive(Debug, Clone)]
pub(crate) struct Solver {
    pub st: Static,
    pub edges: Edges,
    pub dry: f32,
    pub max_speed: f32,
    /// ρ / 1000, for ρ v² in kPa.
    pub rho_kpa: f32,
    pub h: Array2<f32>,
    h_next: Array2<f32>,
    /// Round-off carry of the depth: the exact depth is `h + h_lo` (see [`Solver::step`]).
    pub h_lo: Vec<f32>,
    h_lo_next: Vec<f32>,
    pub qx: Vec<f32>,
    pub qy: Vec<f32>,
    qx_next: Vec<f32>,
    qy_next: Vec<f32>,
    pub speed: Array2<f32>,
    speed_next: Array2<f32>,
    pub hmax: Array2<f32>,
    pub vmax: Array2<f32>,
    pub pmax: Array2<f32>,
    fx: Vec<[f32; 3]>,
    fy: Vec<[f32; 3]>,
    stats: Vec<RowStats>,
    /// Wave-speed sum for the next time step (m/s).
    pub amax: f32,
    /// The active window: rows `r0..r1`, columns `c0..c1`. Every cell that ever held material,
    /// plus a one-cell margin; outside it all cells are dry and at rest in both buffers. It only
    /// grows (so the double buffers outside it stay zero); a step moves mass at most one cell
    /// (cfl ≤ 1), so the margin holds all cells the step can reach.
    win: (usize, usize, usize, usize),
    /// Cell updates done so far (Σ over steps of the active window's cells).
    pub cell_updates: u64,
}

/// Rusanov flux (mass, normal momentum, tangential momentum; pressure excluded) across a face
/// from cell L to cell R with normal discharge `qn`, tangential `qt`.
#[inline]
#[allow(clippy::too_many_arguments)]
fn rusanov(
    hl: f32,
    qnl: f32,
    qtl: f32,
    gl: f32,
    hr: f32,
    qnr: f32,
    qtr: f32,
    gr: f32,
    dry: f32,
) -> [f32; 3] {
    let (ul, vl) = if hl > dry {
        (qnl / hl, qtl / hl)
    } else {
        (0.0, 0.0)
    };
    let (ur, vr) = if hr > dry {
        (qnr / hr, qtr / hr)
    } else {
        (0.0, 0.0)
    };
    let a = (ul.abs() + (gl * hl).sqrt()).max(ur.abs() + (gr * hr).sqrt());
    let (ml, mr) = (hl * ul, hr * ur);
    [
        0.5 * (ml + mr) - 0.5 * a * (hr - hl),
        0.5 * (ml * ul + mr * ur) - 0.5 * a * (mr - ml),
        0.5 * (ml * vl + mr * vr) - 0.5 * a * (hr * vr - hl * vl),
    ]
}

/// Flux of a cell leaving through an open edge: its own physical flux when it moves outwards
/// (`outward` > 0 along the outward normal), else nothing.
#[inline]
fn edge_flux(edge: Edge, h: f32, qn: f32, qt: f32, outward: f32, dry: f32) -> [f32; 3] {
    if edge == Edge::Open && h > dry && qn * outward > 0.0 {
        let (u, v) = (qn / h, qt / h);
        [qn, qn * u, qn * v]
    } else {
        [0.0; 3]
    }
}

/// The rest lock: between two cells at rest, mass moves only down a free surface steeper than
/// μ, and only out of a cell deeper than the dry depth (a film that cannot hold momentum cannot
/// flow either).
#[inline]
fn rest_lock(
    f: &mut [f32; 3],
    (eta_l, hl): (f32, f32),
    (eta_r, hr): (f32, f32),
    mu: f32,
    dx: f32,
    dry: f32,
) {
    let s = (eta_l - eta_r) / dx;
    let donor = if f[0] > 0.0 { hl } else { hr };
    if s.abs() <= mu || f[0] * s <= 0.0 || donor <= dry {
        f[0] = 0.0;
    }
}

impl Solver {
    /// A solver starting from `initial` = (depth, x discharge, row discharge).
    pub fn new(
        st: Static,
        edges: Edges,
        (dry, max_speed, rho_kpa): (f32, f32, f32),
        initial: (Array2<f32>, Vec<f32>, Vec<f32>),
    ) -> Self {
        let (h0, qx0, qy0) = initial;
        let (rows, cols) = (st.rows, st.cols);
        let mut s = Solver {
            edges,
            dry,
            max_speed,
            rho_kpa,
            h_next: h0.clone(),
            h_lo: vec![0.0; rows * cols],
            h_lo_next: vec![0.0; rows * cols],
            hmax: h0.clone(),
            h: h0,
            qx_next: qx0.clone(),
            qy_next: qy0.clone(),
            qx: qx0,
            qy: qy0,
            speed: Array2::zeros((rows, cols)),
            speed_next: Array2::zeros((rows, cols)),
            vmax: Array2::zeros((rows, cols)),
            pmax: Array2::zeros((rows, cols)),
            fx: vec![[0.0; 3]; rows * (cols + 1)],
            fy: vec![[0.0; 3]; (rows + 1) * cols],
            stats: vec![RowStats::default(); rows],
            amax: 0.0,
            win: (rows, 0, cols, 0),
            cell_updates: 0,
            st,
        };
        for i in 0..rows * cols {
            if s.h.as_slice().expect("standard layout")[i] > 0.0 {
                s.grow(i / cols, i % cols);
            }
        }
        s.refresh_speed();
        s
    }

    /// Adds cell (r, c) and its neighbours to the active window.
    fn grow(&mut self, r: usize, c: usize) {
        let (rows, cols) = (self.st.rows, self.st.cols);
        let w = &mut self.win;
        w.0 = w.0.min(r.saturating_sub(1));
        w.1 = w.1.max((r + 2).min(rows));
        w.2 = w.2.min(c.saturating_sub(1));
        w.3 = w.3.max((c + 2).min(cols));
    }

    /// The active window (rows `r0..r1`, columns `c0..c1`); every cell outside it is dry.
    pub fn window(&self) -> (usize, usize, usize, usize) {
        self.win
    }

    /// Recomputes speed, peaks and the wave-speed bound from the current state.
    pub fn refresh_speed(&mut self) {
        let h = self.h.as_slice().expect("standard layout");
        let mut amax = 0.0f32;
        for i in 0..h.len() {
            let (hi, g) = (h[i], self.st.geff[i]);
            let c = (g * hi).sqrt();
            let (v, a) = if hi > self.dry {
                let m = (self.qx[i] * self.qx[i] + self.qy[i] * self.qy[i]).sqrt();
                (
                    m / (hi * self.st.cos[i]),
                    (self.qx[i] / hi).abs() + (self.qy[i] / hi).abs() + 2.0 * c,
                )
            } else {
                (0.0, 2.0 * c)
            };
            amax = amax.max(a);
            let s = self.speed.as_slice_mut().expect("standard layout");
            s[i] = v;
            let hm = self.hmax.as_slice_mut().expect("standard layout");
            hm[i] = hm[i].max(hi);
            let vm = self.vmax.as_slice_mut().expect("standard layout");
            vm[i] = vm[i].max(v);
            let pm = self.pmax.as_slice_mut().expect("standard layout");
            pm[i] = pm[i].max(self.rho_kpa * v * v);
        }
        self.amax = amax;
    }

    /// Adds `depth` (m) at cell `i` with no momentum, exactly (the f32 round-off goes to the
    /// carry).
    pub fn add_depth(&mut self, i: usize, depth: f64) {
        let h = self.h.as_slice_mut().expect("standard layout");
        let exact = h[i] as f64 + self.h_lo[i] as f64 + depth;
        h[i] = exact as f32;
        self.h_lo[i] = (exact - h[i] as f64) as f32;
        let c = (self.st.geff[i] * h[i]).sqrt();
        let u = if h[i] > self.dry {
            (self.qx[i] / h[i]).abs() + (self.qy[i] / h[i]).abs()
        } else {
            0.0
        };
        self.amax = self.amax.max(u + 2.0 * c);
        let hi = h[i];
        let hm = self.hmax.as_slice_mut().expect("standard layout");
        hm[i] = hm[i].max(hi);
        self.grow(i / self.st.cols, i % self.st.cols);
    }

    /// The time step (s) the CFL condition allows now (`f64::INFINITY` when nothing can move).
    pub fn cfl_dt(&self, cfl: f64) -> f64 {
        if self.amax > 0.0 {
            cfl * self.st.dx as f64 / self.amax as f64
        } else {
            f64::INFINITY
        }
    }

    /// One step of `dt` seconds.
    ///
    /// Volume is kept to f64 precision although the state is f32: the continuity update is
    /// done in f64 on `h + h_lo` and the part the f32 depth cannot hold is carried in `h_lo`
    /// (a per-cell compensated sum, Kahan 1965), so rounding does not accumulate over
    /// thousands of steps.
    ///
    /// On a non-finite or runaway state the old state is kept and
    /// `Err((row, col, speed))` names the first offending cell.
    pub fn step(&mut self, dt: f64) -> Result<StepOutcome, (usize, usize, f32)> {
        let (r0, r1, c0, c1) = self.win;
        if r0 >= r1 || c0 >= c1 {
            return Ok(StepOutcome {
                outflow: 0.0,
                clipped: 0.0,
                stored: 0.0,
            });
        }
        self.cell_updates += ((r1 - r0) * (c1 - c0)) as u64;
        let Solver {
            st,
            edges,
            dry,
            max_speed,
            rho_kpa,
            h,
            h_next,
            h_lo,
            h_lo_next,
            qx: qx_cur,
            qy: qy_cur,
            qx_next,
            qy_next,
            speed,
            speed_next,
            hmax,
            vmax,
            pmax,
            fx,
            fy,
            stats,
            ..
        } = self;
        let (rows, cols, dx) = (st.rows, st.cols, st.dx);
        let (dry, max_speed, rho_kpa) = (*dry, *max_speed, *rho_kpa);
        let edges = *edges;
        let hs = h.as_slice().expect("standard layout");
        let los = &h_lo[..];
        let (qx, qy) = (&qx_cur[..], &qy_cur[..]);
        let dtf = dt as f32;
        let lam = dtf / dx;
        let lam64 = dt / dx as f64;

        // x faces: face c of row r lies west of cell c; faces 0 and `cols` are edges.
        fx[r0 * (cols + 1)..r1 * (cols + 1)]
            .par_chunks_mut(cols + 1)
            .enumerate()
            .for_each(|(k, row)| {
                let base = (r0 + k) * cols;
                for (c, f) in row.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                    if c == 0 {
                        *f = edge_flux(edges.west, hs[base], qx[base], qy[base], -1.0, dry);
                        continue;
                    }
                    if c == cols {
                        let e = base + cols - 1;
                        *f = edge_flux(edges.east, hs[e], qx[e], qy[e], 1.0, dry);
                        continue;
                    }
                    let (l, rr) = (base + c - 1, base + c);
                    let (hl, hr) = (hs[l], hs[rr]);
                    if hl <= 0.0 && hr <= 0.0 {
                        *f = [0.0; 3];
                        continue;
                    }
                    *f = rusanov(
                        hl,
                        qx[l],
                        qy[l],
                        st.geff[l],
                        hr,
                        qx[rr],
                        qy[rr],
                        st.geff[rr],
                        dry,
                    );
                    if qx[l] == 0.0 && qy[l] == 0.0 && qx[rr] == 0.0 && qy[rr] == 0.0 {
                        let mu = 0.5 * (st.mu[l] + st.mu[rr]);
                        rest_lock(f, (st.z[l] + hl, hl), (st.z[rr] + hr, hr), mu, dx, dry);
                    }
                }
            });
        // y faces: face row k lies north of cell row k; rows 0 and `rows` are edges.
        fy[r0 * cols..(r1 + 1) * cols]
            .par_chunks_mut(cols)
            .enumerate()
            .for_each(|(k, row)| {
                let k = r0 + k;
                for (c, f) in row.iter_mut().enumerate().take(c1).skip(c0) {
                    if k == 0 {
                        *f = edge_flux(edges.north, hs[c], qy[c], qx[c], -1.0, dry);
                        continue;
                    }
                    if k == rows {
                        let i = (rows - 1) * cols + c;
                        *f = edge_flux(edges.south, hs[i], qy[i], qx[i], 1.0, dry);
                        continue;
                    }
                    let (l, rr) = ((k - 1) * cols + c, k * cols + c);
                    let (hl, hr) = (hs[l], hs[rr]);
                    if hl <= 0.0 && hr <= 0.0 {
                        *f = [0.0; 3];
                        continue;
                    }
                    *f = rusanov(
                        hl,
                        qy[l],
                        qx[l],
                        st.geff[l],
                        hr,
                        qy[rr],
                        qx[rr],
                        st.geff[rr],
                        dry,
                    );
                    if qx[l] == 0.0 && qy[l] == 0.0 && qx[rr] == 0.0 && qy[rr] == 0.0 {
                        let mu = 0.5 * (st.mu[l] + st.mu[rr]);
                        rest_lock(f, (st.z[l] + hl, hl), (st.z[rr] + hr, hr), mu, dx, dry);
                    }
                }
            });
        // Outflow through the edges, summed in a fixed order.
        let mut out = 0.0f64;
        for r in 0..rows {
            out -= fx[r * (cols + 1)][0] as f64;
            out += fx[r * (cols + 1) + cols][0] as f64;
        }
        for c in 0..cols {
            out -= fy[c][0] as f64;
            out += fy[rows * cols + c][0] as f64;
        }
        let outflow = out * dt * dx as f64;

        let (fx, fy) = (&fx[..], &fy[..]);
        let area = (dx as f64) * (dx as f64);
        let cells = r0 * cols..r1 * cols;
        (
            h_next.as_slice_mut().expect("standard layout")[cells.clone()].par_chunks_mut(cols),
            h_lo_next[cells.clone()].par_chunks_mut(cols),
            qx_next[cells.clone()].par_chunks_mut(cols),
            qy_next[cells.clone()].par_chunks_mut(cols),
            speed_next.as_slice_mut().expect("standard layout")[cells.clone()].par_chunks_mut(cols),
            hmax.as_slice_mut().expect("standard layout")[cells.clone()].par_chunks_mut(cols),
            vmax.as_slice_mut().expect("standard layout")[cells.clone()].par_chunks_mut(cols),
            pmax.as_slice_mut().expect("standard layout")[cells].par_chunks_mut(cols),
            stats[r0..r1].par_iter_mut(),
        )
            .into_par_iter()
            .enumerate()
            .for_each(|(k, (hn_row, lon, qxn, qyn, spn, hmx, vmx, pmx, stat))| {
                let r = r0 + k;
                let mut s = RowStats::default();
                for c in c0..c1 {
                    let i = r * cols + c;
                    let fw = fx[r * (cols + 1) + c];
                    let fe = fx[r * (cols + 1) + c + 1];
                    let fnn = fy[r * cols + c];
                    let fs = fy[(r + 1) * cols + c];
                    let h0 = hs[i];
                    // Free surface of the four neighbours as this cell sees it.
                    let z0 = st.z[i];
                    let eta0 = z0 + h0;
                    let nb = |j: usize| {
                        let (hj, zj) = (hs[j], st.z[j]);
                        if hj <= dry && zj > eta0 {
                            eta0 // a dry bank above the surface: a wall
                        } else {
                            zj + hj
                        }
                    };
                    // Beyond an edge: a wall (closed) or the bed extrapolated linearly under
                    // the same depth (open).
                    let ghost = |edge: Edge, j_opp: usize| match edge {
                        Edge::Closed => eta0,
                        Edge::Open => h0 + 2.0 * z0 - st.z[j_opp],
                    };
                    let eta_e = if c + 1 < cols {
                        nb(i + 1)
                    } else {
                        ghost(edges.east, i - 1)
                    };
                    let eta_w = if c > 0 {
                        nb(i - 1)
                    } else {
                        ghost(edges.west, i + 1)
                    };
                    let eta_s = if r + 1 < rows {
                        nb(i + cols)
                    } else {
                        ghost(edges.south, i - cols)
                    };
                    let eta_n = if r > 0 {
                        nb(i - cols)
                    } else {
                        ghost(edges.north, i + cols)
                    };
                    // Continuity, in f64 on the compensated depth.
                    let div = (fe[0] - fw[0]) as f64 + (fs[0] - fnn[0]) as f64;
                    let mut exact = h0 as f64 + los[i] as f64 - lam64 * div;
                    if exact < 0.0 {
                        s.clipped += -exact * area;
                        exact = 0.0;
                    }
                    let hn = exact as f32;
                    // Momentum without friction: advective fluxes and the driving force
                    // −g' H ∂η/∂x by centred differences of the free surface.
                    let g = st.geff[i];
                    let drive = 0.5 * lam * g * h0;
                    let mut mx = qx[i]
                        - lam * ((fe[1] - fw[1]) + (fs[2] - fnn[2]))
                        - drive * (eta_e - eta_w);
                    let mut my = qy[i]
                        - lam * ((fs[1] - fnn[1]) + (fe[2] - fw[2]))
                        - drive * (eta_s - eta_n);
                    // Walls take the momentum normal to them.
                    if c == 0 && edges.west == Edge::Closed && mx < 0.0 {
                        mx = 0.0;
                    }
                    if c + 1 == cols && edges.east == Edge::Closed && mx > 0.0 {
                        mx = 0.0;
                    }
                    if r == 0 && edges.north == Edge::Closed && my < 0.0 {
                        my = 0.0;
                    }
                    if r + 1 == rows && edges.south == Edge::Closed && my > 0.0 {
                        my = 0.0;
                    }
                    let mut v = 0.0f32;
                    if hn <= dry {
                        mx = 0.0;
                        my = 0.0;
                    } else {
                        // Coulomb: the impulse Δt μ g' H stops the cell but never reverses it.
                        let m = (mx * mx + my * my).sqrt();
                        let coulomb = dtf * st.mu[i] * g * hn;
                        if m <= coulomb {
                            mx = 0.0;
                            my = 0.0;
                        } else {
                            let m1 = m - coulomb;
                            // Turbulent drag, implicit: m2 + Δt k m2² / H² = m1.
                            let beta = dtf * st.kturb[i] / (hn * hn);
                            let m2 = 2.0 * m1 / (1.0 + (1.0 + 4.0 * beta * m1).sqrt());
                            let f = m2 / m;
                            mx *= f;
                            my *= f;
                            v = m2 / (hn * st.cos[i]);
                        }
                    }
                    if !(hn.is_finite() && mx.is_finite() && my.is_finite() && v <= max_speed) {
                        if s.bad.is_none() {
                            s.bad = Some((c, v));
                        }
                        continue;
                    }
                    hn_row[c] = hn;
                    lon[c] = (exact - hn as f64) as f32;
                    qxn[c] = mx;
                    qyn[c] = my;
                    spn[c] = v;
                    hmx[c] = hmx[c].max(hn);
                    vmx[c] = vmx[c].max(v);
                    pmx[c] = pmx[c].max(rho_kpa * v * v);
                    let cw = (g * hn).sqrt();
                    let a = if hn > dry {
                        (mx / hn).abs() + (my / hn).abs() + 2.0 * cw
                    } else {
                        2.0 * cw
                    };
                    s.amax = s.amax.max(a);
                    s.depth_sum += exact;
                    if hn > 0.0 {
                        s.wet = Some(s.wet.map_or((c, c), |(a, _)| (a, c)));
                    }
                }
                *stat = s;
            });
        let mut amax = 0.0f32;
        let (mut clipped, mut sum) = (0.0f64, 0.0f64);
        for (k, s) in stats[r0..r1].iter().enumerate() {
            if let Some((c, v)) = s.bad {
                return Err((r0 + k, c, v));
            }
            amax = amax.max(s.amax);
            clipped += s.clipped;
            sum += s.depth_sum;
        }
        std::mem::swap(h, h_next);
        std::mem::swap(h_lo, h_lo_next);
        std::mem::swap(qx_next, qx_cur);
        std::mem::swap(qy_next, qy_cur);
        std::mem::swap(speed, speed_next);
        self.amax = amax;
        for r in r0..r1 {
            if let Some((a, b)) = self.stats[r].wet {
                self.grow(r, a);
                self.grow(r, b);
            }
        }
        Ok(StepOutcome {
            outflow,
            clipped,
            stored: sum * area,
        })
    }
}
