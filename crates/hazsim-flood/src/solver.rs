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
//! scaled by avail/out (each face scaled by the factor of its upwind cell, a few rows behind the
//! momentum update in the same blocked pass; see `Solver::step`). The limited fluxes are then used both for the continuity update of the two cells they
//! join and as q^n of the next step, so what leaves one cell enters its neighbour exactly, and no
//! depth goes negative (beyond f32 round-off, which is clamped to 0).
//!
//! **Continuity** (Bates et al. 2010): h^{n+1} = h^n + Δt/Δx (Σ q_in − Σ q_out) + r Δt + Q Δt/Δx².
//! The addition to h is compensated (Knuth's TwoSum): each cell keeps the f32 rounding error of
//! its last update and adds it to the next increment, so slow changes are not lost against a
//! large depth and the volume balance closes to ~1e-9 relative instead of drifting by ½ ulp of h
//! per cell and step in steady flow.

use crate::boundary::{EdgeNow, MIN_OUTFLOW_SLOPE};
use crate::outputs::{max_sel, update_row, Accumulators, OutputParams};
use rayon::prelude::*;

/// Gravitational acceleration g (m/s²).
pub const G: f32 = hazsim_grid::constants::G_F32;

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

/// h^{7/3} of a positive normal f32 depth, inline, branch-free and without a division, so that
/// the face loops vectorise and are not bound by the divider (the library `cbrtf` is an opaque
/// call per face; a Halley or Newton step on ∛h costs a division each).
///
/// It refines r ≈ h^{−1/3}, whose iterations need only products. The seed comes from the exponent
/// bits: the bit pattern of h divided by 3 (in f32, which is exact enough and cheaper than an
/// integer division), subtracted from a constant that restores the exponent offset and
/// minimises the seed's error (3.4 %). Then one Newton step r ← r (4 − h r³)/3 (error e ← 2e²)
/// and one third-order step r ← r (1 + ε/3 + 2ε²/9) with ε = 1 − h r³ (the series of
/// (1 − ε)^{−1/3}; error ≈ (14/81) (3e)³), and h^{7/3} = h³ r². Over every f32 in [1e-7, 1e6] the
/// relative error against the exact power is below 5e-7; `tests::fast_pow_7_3_accuracy` checks
/// 1e-6. For h ≤ 0, NaN or subnormal h the result is meaningless; callers mask such faces out.
#[inline(always)]
pub(crate) fn pow_7_3(h: f32) -> f32 {
    // SAFETY: an i32 read as f32 lies within ±2.2e9, so a third of it fits in i32 (no overflow,
    // no NaN): `to_int_unchecked` is defined. It compiles to one truncating conversion, where `as`
    // adds the saturation checks.
    let third = unsafe { ((h.to_bits() as i32) as f32 * (1.0 / 3.0)).to_int_unchecked::<i32>() };
    let r = f32::from_bits(0x54a2_3300u32.wrapping_sub(third as u32));
    let r = r * (4.0 - h * (r * r * r)) * (1.0 / 3.0);
    let e = 1.0 - h * (r * r * r);
    let r = r * (1.0 + e * (1.0 / 3.0 + e * (2.0 / 9.0)));
    (h * h * h) * (r * r)
}

/// The θ-weighted local inertial face update (de Almeida et al. 2012).
///
/// `q0` is q^n on this face, `qm`/`qp` on its two neighbours along the flow direction; L/R are the
/// cells on the low/high-index side; `n2` is Manning's n² on the face.
///
/// Branch-free: the wet/dry test selects the result at the end (a NaN h_f selects 0), so that the
/// row loops compile to straight-line SIMD code.
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
    let h_f = max_sel(eta_l, eta_r) - max_sel(z_l, z_r);
    // Numerator of the θ-weighted update; g Δt / Δx is precomputed.
    let numerator = p.theta * q0 + p.half_rest * (qm + qp) - p.g_dt_dx * h_f * (eta_r - eta_l);
    // numerator / (1 + g Δt n² |q| / h_f^{7/3}) = numerator · [h_f^{7/3} / (h_f^{7/3} + g Δt n² |q|)],
    // with h_f^{7/3} = h_f² ∛h_f. The bracket is exactly 1 when q^n = 0 (x / x = 1 in IEEE
    // arithmetic; h_f^{7/3} is kept ≥ the smallest normal so that it is never 0/0).
    let h_73 = max_sel(f32::MIN_POSITIVE, pow_7_3(h_f));
    let q = numerator * (h_73 / (h_73 + p.g_dt * n2 * q0.abs()));
    if h_f > p.h_flow_min {
        q
    } else {
        0.0
    }
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
        EdgeNow::Critical => {
            if h_c <= p.h_flow_min {
                return 0.0;
            }
            // Critical flow: Fr = q / (h √(g h)) = 1.
            let q = h_c * (G * h_c).sqrt();
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

/// Rows per task of the fused step. At each block seam two rows of x faces, three of y faces and
/// two of limiter factors are computed a second time (in the seam pass), so larger blocks waste
/// less; the bits do not depend on it.
pub(crate) const BLOCK_ROWS: usize = 64;

/// Rows of `cols` values kept per block seam i (i = block × BLOCK_ROWS, and i = rows for the south
/// edge): the raw y faces of face row i, the same after the Froude cap, the limiter factors of cell
/// rows i − 1 and i (1 outside the grid), and the old y faces of face row i.
pub(crate) const SEAM_ROWS: usize = 5;

/// Per-row sums of the continuity pass, added up in row order afterwards.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowStats {
    /// Σ q Δt over edge faces bringing water in (m³ per m of face... times Δx later).
    pub edge_in: f64,
    /// Σ q Δt over edge faces taking water out.
    pub edge_out: f64,
    /// First column with a NaN/inf depth or a speed over the cap, and the value.
    pub bad: Option<(usize, f32)>,
    /// Largest new depth in the row (f32::max from 0, NaN ignored).
    pub h_max: f32,
    /// Columns [first, last] of the row's live cells after the step (see [`Solver::step`]);
    /// `None`: none is live.
    pub live: Option<(u32, u32)>,
}

/// State and work buffers, allocated once.
#[derive(Debug, Clone)]
pub(crate) struct Solver {
    pub rows: usize,
    pub cols: usize,
    pub dx: f32,
    pub z: Vec<f32>,
    /// Manning's n² per cell (rows × cols), or a single row (cols values) when n is uniform,
    /// which every row then reads: 4 bytes per cell less.
    pub n2: Vec<f32>,
    pub h: Vec<f32>,
    /// Rounding residual of the compensated depth update (m); storage is Σ (h + h_lo).
    pub h_lo: Vec<f32>,
    pub qx: Vec<f32>,
    pub qy: Vec<f32>,
    /// Rain rate per cell (m/s), updated when the rain changes. Empty (as is `point_depth`) when
    /// the run has neither rain nor point inflows: the step then never reads either.
    pub rain_rate: Vec<f32>,
    /// Depth added by point inflows this step (m), nonzero only at inflow cells.
    pub point_depth: Vec<f32>,
    pub row_stats: Vec<RowStats>,
    /// Largest depth after the last step; None before the first.
    pub h_max_last: Option<f32>,
    /// True when every `rain_rate` is zero (set where the rain buffer is refreshed).
    pub rain_zero: bool,
    /// [`SEAM_ROWS`] rows per block seam, (⌈rows / BLOCK_ROWS⌉ + 1) × SEAM_ROWS × cols: what
    /// each block of the fused step needs from beyond its own rows.
    pub seam: Vec<f32>,
    /// Working rows of the fused step, allocated once (no allocation while stepping).
    pub scratch: StepScratch,
    /// Cells that always count as live (point inflows; see [`Solver::step`]).
    pub forced_live: Vec<usize>,
    /// True when `row_stats[..].live` describes the current state (false before the first step
    /// and after a step that computed every cell without tracking).
    pub live_valid: bool,
    /// Live-cell tracking on (the default); off computes every cell every step.
    pub track_live: bool,
    /// Cell-updates computed so far (Σ over steps and blocks of rows × columns computed).
    pub cells_computed: u64,
}

/// Columns [a, b) of a row that a step computes (a ≥ b: none).
type Span = (usize, usize);

/// Working rows of [`Solver::step`]: per block, the window of raw faces, limiter factors and the
/// row's speeds; per seam, one row of x and one of y faces; and a row of ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct StepScratch {
    blocks: Vec<BlockRows>,
    seams: Vec<[Vec<f32>; 2]>,
    ones: Vec<f32>,
    /// Columns [a, b) each block computes this step, and each seam.
    block_span: Vec<(usize, usize)>,
    seam_span: Vec<(usize, usize)>,
}

/// The window of one block of the fused step (see [`Solver::step`]).
#[derive(Debug, Clone, Default)]
struct BlockRows {
    xcur: Vec<f32>,
    xnext: Vec<f32>,
    yn: Vec<f32>,
    ys: Vec<f32>,
    ys2: Vec<f32>,
    fa: Vec<f32>,
    fc: Vec<f32>,
    fb: Vec<f32>,
    speed: Vec<f32>,
}

impl StepScratch {
    /// Scratch for a grid of `rows` × `cols` cells: about 11 rows per 64, 0.7 bytes per cell.
    pub(crate) fn new(rows: usize, cols: usize) -> Self {
        let nb = rows.div_ceil(BLOCK_ROWS);
        let row = |n: usize| vec![0.0f32; n];
        StepScratch {
            blocks: (0..nb)
                .map(|_| BlockRows {
                    xcur: row(cols + 1),
                    xnext: row(cols + 1),
                    yn: row(cols),
                    ys: row(cols),
                    ys2: row(cols),
                    fa: row(cols),
                    fc: row(cols),
                    fb: row(cols),
                    speed: row(cols),
                })
                .collect(),
            seams: (0..=nb).map(|_| [row(cols + 1), row(cols)]).collect(),
            ones: vec![1.0; cols],
            block_span: vec![(0, cols); nb],
            seam_span: vec![(0, cols); nb + 1],
        }
    }
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
    /// Keep this step's speeds in `Accumulators::speed` (the last step of an advance).
    pub store_speed: bool,
}

/// Builds of the row kernels, from the baseline target (SSE2 on x86-64) to the widest vectors.
/// Every build does the same IEEE operations in the same order (Rust never fuses a product and a
/// sum into an FMA), so all give the same bits; see [`limit_kernel_build`].
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KernelBuild {
    /// The target's baseline (SSE2 on x86-64).
    Baseline = 0,
    /// AVX2: 8 f32 lanes.
    Avx2 = 1,
    /// AVX-512 (F): 16 f32 lanes.
    Avx512 = 2,
}

/// The widest build the row kernels may use ([`limit_kernel_build`]).
static MAX_BUILD: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(2);

/// The build the row kernels run: the widest that the CPU supports (detected once by std) and
/// that [`limit_kernel_build`] allows.
#[inline]
pub(crate) fn kernel_build() -> KernelBuild {
    let max = MAX_BUILD.load(std::sync::atomic::Ordering::Relaxed);
    #[cfg(target_arch = "x86_64")]
    {
        if max >= 2 && std::arch::is_x86_feature_detected!("avx512f") {
            return KernelBuild::Avx512;
        }
        if max >= 1 && std::arch::is_x86_feature_detected!("avx2") {
            return KernelBuild::Avx2;
        }
    }
    let _ = max;
    KernelBuild::Baseline
}

/// Caps the build of the solver's row kernels (the default is the widest the CPU runs). All
/// builds give the same bits; this switch exists to test that. It affects every run in the
/// process.
#[doc(hidden)]
pub fn limit_kernel_build(max: KernelBuild) {
    MAX_BUILD.store(max as u8, std::sync::atomic::Ordering::Relaxed);
}

/// Defines a row kernel `fn $name` that runs its body compiled for AVX-512 or AVX2 on x86-64
/// CPUs that have them (detected at run time, cached by std; see [`kernel_build`]) and for the
/// baseline target elsewhere. The baseline SSE2 cost model leaves several of these loops scalar;
/// AVX-512 halves the instructions per cell again. Every build does the same IEEE operations and
/// gives the same bits. Every slice is its own parameter and the kernel is not inlined, so the
/// compiler knows the slices do not overlap and vectorises the loops.
macro_rules! simd_kernel {
    ($(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident : $ty:ty),* $(,)?) $(-> $ret:ty)? $body:block) => {
        $(#[$m])*
        #[allow(clippy::too_many_arguments)]
        #[inline(never)]
        $vis fn $name($($arg: $ty),*) $(-> $ret)? {
            #[allow(clippy::too_many_arguments)]
            #[inline(always)]
            fn imp($($arg: $ty),*) $(-> $ret)? $body
            #[cfg(target_arch = "x86_64")]
            #[allow(clippy::too_many_arguments)]
            #[target_feature(enable = "avx2")]
            unsafe fn avx2($($arg: $ty),*) $(-> $ret)? {
                imp($($arg),*)
            }
            #[cfg(target_arch = "x86_64")]
            #[allow(clippy::too_many_arguments)]
            #[target_feature(enable = "avx2,avx512f")]
            unsafe fn avx512($($arg: $ty),*) $(-> $ret)? {
                imp($($arg),*)
            }
            match crate::solver::kernel_build() {
                // SAFETY: the CPU supports AVX-512F (checked by `kernel_build`).
                #[cfg(target_arch = "x86_64")]
                crate::solver::KernelBuild::Avx512 => unsafe { avx512($($arg),*) },
                // SAFETY: the CPU supports AVX2 (checked by `kernel_build`).
                #[cfg(target_arch = "x86_64")]
                crate::solver::KernelBuild::Avx2 => unsafe { avx2($($arg),*) },
                _ => imp($($arg),*),
            }
        }
    };
}
pub(crate) use simd_kernel;

/// Interior x faces j = 1..cols of one row into `out[1..cols]`: face j joins cells j-1 (L)
/// and j (R). `q` holds the row's cols + 1 faces at q^n; `h`, `z`, `n2` the row's cells. The
/// same kernel as a row of y faces ([`faces`]), on the row shifted by one cell.
fn x_faces(
    out: &mut [f32],
    q: &[f32],
    h: &[f32],
    z: &[f32],
    (n2, n2_uniform): (&[f32], Option<f32>),
    p: &StepParams,
) {
    let cols = h.len();
    let m = cols - 1;
    faces(
        &mut out[1..cols],
        &q[1..cols],
        &q[..m],
        &q[2..cols + 1],
        &h[..m],
        &z[..m],
        &n2[..m],
        &h[1..cols],
        &z[1..cols],
        &n2[1..cols],
        n2_uniform,
        p,
    );
}

simd_kernel! {
    /// A row of interior faces between the cells `hl`, `zl`, `nl` (L, low index) and `hr`, `zr`,
    /// `nr` (R): `q0` on the faces, `qm`/`qp` on their neighbours along the flow direction. For
    /// y faces these are the face rows north and south, L the cell row north of the faces; for x
    /// faces ([`x_faces`]) the same row shifted by one. With `n2_uniform`, Manning's n² is that
    /// one value and `nl`, `nr` are not read (the same bits: ½ (n² + n²) = n²).
    fn faces(
        out: &mut [f32],
        q0: &[f32],
        qm: &[f32],
        qp: &[f32],
        hl: &[f32],
        zl: &[f32],
        nl: &[f32],
        hr: &[f32],
        zr: &[f32],
        nr: &[f32],
        n2_uniform: Option<f32>,
        p: &StepParams,
    ) {
        let n = out.len();
        let (q0, qm, qp) = (&q0[..n], &qm[..n], &qp[..n]);
        let (hl, zl, hr, zr) = (&hl[..n], &zl[..n], &hr[..n], &zr[..n]);
        if let Some(n2) = n2_uniform {
            for c in 0..n {
                let (eta_l, eta_r) = (zl[c] + hl[c], zr[c] + hr[c]);
                out[c] = face_flux(q0[c], qm[c], qp[c], eta_l, eta_r, zl[c], zr[c], n2, p);
            }
            return;
        }
        let (nl, nr) = (&nl[..n], &nr[..n]);
        for c in 0..n {
            out[c] = face_flux(
                q0[c],
                qm[c],
                qp[c],
                zl[c] + hl[c],
                zr[c] + hr[c],
                zl[c],
                zr[c],
                0.5 * (nl[c] + nr[c]),
                p,
            );
        }
    }
}

simd_kernel! {
    /// Limiter factors of one row (see the module docs) from its new x faces `xf` (cols + 1), its
    /// north and south y faces, the depth and, when `sources`, this step's rain and point depth.
    fn factor_row(
        f: &mut [f32],
        xf: &[f32],
        yn: &[f32],
        ys: &[f32],
        h: &[f32],
        rain: &[f32],
        point: &[f32],
        k: f32,
        dt: f32,
        sources: bool,
    ) {
        let n = f.len();
        let (xw, xe, yn, ys, h) = (&xf[..n], &xf[1..n + 1], &yn[..n], &ys[..n], &h[..n]);
        if sources {
            let (rain, point) = (&rain[..n], &point[..n]);
            for c in 0..n {
                let out_x = max_sel(0.0, -xw[c]) + max_sel(0.0, xe[c]);
                let out_y = max_sel(0.0, -yn[c]) + max_sel(0.0, ys[c]);
                let out = (out_x + out_y) * k;
                let avail = h[c] + (rain[c] * dt + point[c]);
                f[c] = if out > avail { avail / out } else { 1.0 };
            }
        } else {
            for c in 0..n {
                let out_x = max_sel(0.0, -xw[c]) + max_sel(0.0, xe[c]);
                let out_y = max_sel(0.0, -yn[c]) + max_sel(0.0, ys[c]);
                let out = (out_x + out_y) * k;
                let avail = h[c] + 0.0;
                f[c] = if out > avail { avail / out } else { 1.0 };
            }
        }
    }
}

/// q · f_lo for q > 0, q · f_hi otherwise (factors in [0, 1]), written as
/// q⁺ f_lo + q⁻ f_hi with q⁺ = max(q, 0), q⁻ = q − q⁺: the same value (up to the sign of a zero
/// result), and a NaN q stays NaN. A select between the two loaded factors would be turned into a
/// select of their addresses, which does not vectorise.
#[inline(always)]
fn upwind_scale(q: f32, f_lo: f32, f_hi: f32) -> f32 {
    let pos = if q > 0.0 { q } else { 0.0 };
    pos * f_lo + (q - pos) * f_hi
}

simd_kernel! {
    /// Scales each raw face flux by the limiter factor of its upwind cell: `f_lo` on the low-index
    /// side (flow q > 0 leaves it), `f_hi` on the high-index side (q < 0 leaves it).
    fn limit_faces(out: &mut [f32], raw: &[f32], f_lo: &[f32], f_hi: &[f32]) {
        let n = out.len();
        let (raw, f_lo, f_hi) = (&raw[..n], &f_lo[..n], &f_hi[..n]);
        for i in 0..n {
            out[i] = upwind_scale(raw[i], f_lo[i], f_hi[i]);
        }
    }
}

simd_kernel! {
    /// The checks of one row of the new state: the largest depth (for the next time step) and
    /// whether a depth is not finite or a speed is NaN or over `cap` (the run then stops). The
    /// stored water is summed only when asked for ([`Solver::storage`]), not on every step.
    ///
    /// Depths and speeds are ≥ 0 (or NaN, which stops the run), and the bit patterns of
    /// non-negative floats, read as integers, are in the order of their values: so the maxima are
    /// integer maxima of the bits, which (unlike a float maximum) the compiler vectorises as a
    /// reduction, exactly and in any order.
    fn row_check(h: &[f32], sp: &[f32], cap: f32) -> (f32, bool) {
        const EXP: u32 = 0x7f80_0000;
        let (mut hmax, mut vmax, mut bad) = (0i32, 0i32, 0u32);
        let n = h.len();
        let sp = &sp[..n];
        for c in 0..n {
            let (hb, vb) = (h[c].to_bits(), sp[c].to_bits());
            hmax = hmax.max(hb as i32);
            vmax = vmax.max(vb as i32);
            // Depth: every exponent bit set (inf or NaN); speed: NaN.
            bad |= ((hb & EXP) == EXP) as u32 | ((vb & !(1 << 31)) > EXP) as u32;
        }
        let (hmax, vmax) = (f32::from_bits(hmax as u32), f32::from_bits(vmax as u32));
        (hmax, bad != 0 || vmax > cap)
    }
}

simd_kernel! {
    /// Σ (h + lo) over one row in f64, in [`LANES`] fixed lanes (a fixed order, so the bits do
    /// not depend on the thread count).
    fn row_storage(h: &[f32], lo: &[f32]) -> f64 {
        let mut sum = [0.0f64; LANES];
        let n = h.len();
        let lo = &lo[..n];
        let (hc, lc) = (h.chunks_exact(LANES), lo.chunks_exact(LANES));
        let (hr, lr) = (hc.remainder(), lc.remainder());
        for (hh, ll) in hc.zip(lc) {
            for i in 0..LANES {
                sum[i] += hh[i] as f64 + ll[i] as f64;
            }
        }
        for (i, (&hh, &ll)) in hr.iter().zip(lr).enumerate() {
            sum[i] += hh as f64 + ll as f64;
        }
        sum.iter().sum()
    }
}

/// Fluxes of one row for [`continuity_row`]: limited x faces (cols + 1) and north faces, the raw
/// south faces and the limiter factors of the row and of the row below.
struct RowSlices<'a> {
    qx: &'a [f32],
    qn: &'a [f32],
    qs_raw: &'a [f32],
    f: &'a [f32],
    f_below: &'a [f32],
}

/// One row of the output accumulators.
struct RowAcc<'a> {
    /// The row's speeds (a scratch row of the block).
    speed: &'a mut [f32],
    /// Where the speeds are kept for `flood.speed`, on the last step of an advance.
    speed_out: Option<&'a mut [f32]>,
    max_depth: &'a mut [f32],
    max_speed: &'a mut [f32],
    max_dv: &'a mut [f32],
    hazard: &'a mut [f32],
    arrival: &'a mut [f32],
    duration: &'a mut [f32],
    wet_since: &'a mut [f32],
}

/// Lanes of the per-row checks and sums: a fixed lane count keeps the summation order (and so
/// the bits) independent of the thread count while letting the loops vectorise.
const LANES: usize = 8;

simd_kernel! {
    /// Continuity and speed of one row: new depth `h`, its rounding residual `lo` and the speed
    /// `sp` from the row's limited x faces `qx` (n + 1), north faces `qn`, raw south faces
    /// `qs_raw` with the factors `f` (this row) and `fb` (the row below), and with `sources` the
    /// rain rate and point depth rows (as long as the row; not read without `sources`).
    fn depth_row(
        h: &mut [f32],
        lo: &mut [f32],
        sp: &mut [f32],
        qx: &[f32],
        qn: &[f32],
        qs_raw: &[f32],
        f: &[f32],
        fb: &[f32],
        rain: &[f32],
        point: &[f32],
        k: f32,
        dt: f32,
        wet: f32,
        sources: bool,
    ) {
        let n = h.len();
        let (lo, sp, qw, qe) = (&mut lo[..n], &mut sp[..n], &qx[..n], &qx[1..n + 1]);
        let (qn, qs_raw, f, fb) = (&qn[..n], &qs_raw[..n], &f[..n], &fb[..n]);
        let (rain, point) = (&rain[..n], &point[..n]);
        for c in 0..n {
            let qs = upwind_scale(qs_raw[c], f[c], fb[c]);
            let net = (qw[c] - qe[c]) + (qn[c] - qs);
            // Compensated update: `lo` carries the f32 rounding error of the last depth update
            // (Knuth's TwoSum), so that h + lo tracks the exact sum of all fluxes and sources.
            // Without it a steady state, where each step's increment rounds away against h,
            // loses or gains up to ½ ulp of h per cell and step, systematically (4e-6 of the
            // throughput in 3 h in tests/rain_on_plane.rs).
            let s = if sources { rain[c] * dt + point[c] } else { 0.0 };
            let h0 = h[c];
            let inc = k * net + s + lo[c];
            let sum = h0 + inc;
            let b = sum - h0;
            let err = (h0 - (sum - b)) + (inc - b);
            // Round-off may leave a drained cell a hair below zero: report 0 and keep the deficit
            // in `lo`, so the storage h + lo stays exact. NaN stays NaN for the guard.
            let hn = if sum < 0.0 { 0.0 } else { sum };
            lo[c] = err + (sum - hn);
            // Speed from the face-averaged discharge over the step-mean depth (h^n + h^{n+1})/2,
            // the depth the step's fluxes actually drained: a cell emptied within one step would
            // otherwise show q^{n+1}/h^{n+1} → ∞. |(q_w + q_e, q_n + q_s)| / 2 over
            // (h^n + h^{n+1})/2:
            let (qu, qv) = (qw[c] + qe[c], qn[c] + qs);
            let v_wet = (qu * qu + qv * qv).sqrt() / (h0 + hn);
            h[c] = hn;
            sp[c] = if hn > wet { v_wet } else { 0.0 };
        }
    }
}

/// Continuity, speed and outputs of one row, or of the part of it a step computes (see
/// [`Solver::step`]); returns the row's sums, with columns relative to the part's first cell.
/// `SRC` says whether the rain and point-inflow rows in `src` are read.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn continuity_row<const SRC: bool>(
    h: &mut [f32],
    lo: &mut [f32],
    rs: &RowSlices<'_>,
    src: (&[f32], &[f32]),
    a: RowAcc<'_>,
    k: f32,
    dt: f32,
    op: &OutputParams,
    cap: f32,
) -> RowStats {
    let n = h.len();
    let sp = &mut a.speed[..n];
    depth_row(
        h, lo, sp, rs.qx, rs.qn, rs.qs_raw, rs.f, rs.f_below, src.0, src.1, k, dt, op.wet, SRC,
    );
    update_row(
        h,
        sp,
        a.max_depth,
        a.max_speed,
        a.max_dv,
        a.hazard,
        a.arrival,
        a.duration,
        a.wet_since,
        op,
    );
    if let Some(out) = a.speed_out {
        out.copy_from_slice(sp);
    }
    let (h, lo) = (&h[..n], &lo[..n]);
    let mut st = RowStats::default();
    // Live cells: water, a rounding residual or a flowing face (the south face is the north face
    // of the cell below, which is then live itself).
    let (qx, qn) = (&rs.qx[..n + 1], &rs.qn[..n]);
    let live =
        |c: usize| h[c] != 0.0 || lo[c] != 0.0 || qx[c] != 0.0 || qx[c + 1] != 0.0 || qn[c] != 0.0;
    if let Some(first) = (0..n).find(|&c| live(c)) {
        let last = (first..n).rev().find(|&c| live(c)).unwrap_or(first);
        st.live = Some((first as u32, last as u32));
    }
    let (h_max, bad) = row_check(h, sp, cap);
    st.h_max = h_max;
    if bad {
        // First column with a non-finite depth or a speed over the cap (rare: the run stops).
        st.bad = h
            .iter()
            .zip(sp.iter())
            .enumerate()
            .find_map(|(c, (&hn, &v))| {
                if !hn.is_finite() {
                    Some((c, hn))
                } else if v.is_nan() || v > cap {
                    Some((c, v))
                } else {
                    None
                }
            });
    }
    st
}

impl Solver {
    /// Discharge per unit width of every cell (m²/s): |(q_w + q_e, q_n + q_s)| / 2 from the
    /// limited face discharges of the last step, the numerator of the speed the step reports.
    pub(crate) fn unit_discharge(&self) -> Vec<f32> {
        let cols = self.cols;
        let mut out = vec![0.0f32; self.rows * cols];
        out.par_chunks_mut(cols).enumerate().for_each(|(r, o)| {
            let qx = &self.qx[r * (cols + 1)..(r + 1) * (cols + 1)];
            let (qn, qs) = (
                &self.qy[r * cols..(r + 1) * cols],
                &self.qy[(r + 1) * cols..(r + 2) * cols],
            );
            for (c, o) in o.iter_mut().enumerate() {
                let (qu, qv) = (qx[c] + qx[c + 1], qn[c] + qs[c]);
                *o = 0.5 * (qu * qu + qv * qv).sqrt();
            }
        });
        out
    }

    /// Largest depth (exact, order-independent maximum).
    /// Taken from the last step's row maxima when there is one (the same exact maximum, without
    /// another pass over h).
    /// The water stored in the grid, Σ (h + h_lo) over every cell (m per m² of cell): row sums
    /// in fixed lanes, added in row order, so the bits do not depend on the thread count.
    pub(crate) fn storage(&self) -> f64 {
        let cols = self.cols;
        let rows: Vec<f64> = self
            .h
            .par_chunks(cols)
            .zip(self.h_lo.par_chunks(cols))
            .map(|(h, lo)| row_storage(h, lo))
            .collect();
        rows.iter().sum()
    }

    /// Cells deeper than `wet`.
    pub(crate) fn wet_cells(&self, wet: f32) -> u64 {
        self.h.par_iter().filter(|&&v| v > wet).count() as u64
    }

    pub(crate) fn h_max(&self) -> f32 {
        self.h_max_last
            .unwrap_or_else(|| self.h.par_iter().copied().reduce(|| 0.0, f32::max))
    }

    /// One step: momentum, limiter, continuity + outputs in one blocked pass over the rows (see
    /// [`SEAM_ROWS`] for the layout). Row sums land in `row_stats`.
    ///
    /// The new fluxes overwrite q^n in place. Each block of [`BLOCK_ROWS`] rows walks down its rows
    /// keeping only a window of raw fluxes and limiter factors (two rows of x faces, two of y
    /// faces, three of factors): at row s it computes the raw x faces of row s + 1 and the y faces
    /// of face row s + 2, the limiter factor of row s + 1 and then the limited fluxes, depth and
    /// outputs of row s. What a block needs from beyond its own rows (the y faces on its north and
    /// south sides, the factors of the rows next to them and the old fluxes of the face row it does
    /// not own) is computed first for every block seam from the old state, in a pass of its own
    /// (`seam`), so no block reads a row that another block is rewriting. Every value is the same
    /// function of the same old state as in a step with whole-grid buffers, so the bits do not
    /// depend on the block size or the thread count.
    pub(crate) fn step(&mut self, inp: &StepInputs, acc: &mut Accumulators) {
        self.plan_spans(inp);
        let (rows, cols) = (self.rows, self.cols);
        let p = inp.params;
        let [north, east, south, west] = inp.edges;
        let k = p.dt / p.dx;
        let dt = p.dt;
        let sources = inp.sources;
        let froude = inp.max_froude;
        let nb = rows.div_ceil(BLOCK_ROWS);
        let (z, n2) = (&self.z[..], &self.n2[..]);
        let (rain, point) = (&self.rain_rate[..], &self.point_depth[..]);
        let zrow = |r: usize| &z[r * cols..(r + 1) * cols];
        // Manning's n² when it is one value (stored as a single row; see `Solver::n2`).
        let n2_uniform = (n2.len() != rows * cols).then(|| n2[0]);
        // Manning's n² of cell row r: the single stored row when n is uniform.
        let n2_row = |r: usize| -> &[f32] {
            if n2.len() == cols {
                &n2[..cols]
            } else {
                &n2[r * cols..(r + 1) * cols]
            }
        };
        // Raw x faces j = a..=b of row r (of its cols + 1) from the row's old fluxes `qr` and
        // depths `hr`, for the cells [a, b) a step computes.
        let x_row = |r: usize, qr: &[f32], hr: &[f32], out: &mut [f32], (a, b): Span| {
            let (zr, nr) = (zrow(r), n2_row(r));
            let qr = &qr[..cols + 1];
            let out = &mut out[..cols + 1];
            // Interior faces j0..=j1 are the interior faces of the cells [j0 - 1, j1 + 1).
            let (j0, j1) = (a.max(1), b.min(cols - 1));
            if j0 <= j1 {
                let (c0, c1) = (j0 - 1, j1 + 1);
                x_faces(
                    &mut out[c0..c1 + 1],
                    &qr[c0..c1 + 1],
                    &hr[c0..c1],
                    &zr[c0..c1],
                    (&nr[c0..c1], n2_uniform),
                    &p,
                );
            }
            // Next to a closed edge the missing neighbour of the θ average is q itself (see
            // `face_flux`): recompute those one or two faces outside the vector kernel.
            let (wall_w, wall_e) = (
                matches!(west, EdgeNow::Closed),
                matches!(east, EdgeNow::Closed),
            );
            if cols >= 2 && (wall_w || wall_e) {
                for j in [1, cols - 1] {
                    if j < j0 || j > j1 {
                        continue;
                    }
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
            }
            // The inner neighbour of an edge cell (the cell itself on a one-column grid).
            let e = cols - 1;
            if a == 0 {
                let zi = zr[1.min(e)];
                out[0] = edge_flux(west, true, qr[0], hr[0], zr[0], zi, nr[0], &p);
            }
            if b == cols {
                let zi = zr[e.saturating_sub(1)];
                out[cols] = edge_flux(east, false, qr[cols], hr[e], zr[e], zi, nr[e], &p);
            }
        };
        // Raw y faces of face row i (0..=rows; cols values) from the old fluxes of face rows i - 1,
        // i, i + 1 (`qm`, `q0`, `qp`) and the depths of cell rows i - 1 (`hl`) and i (`hr`). On an
        // edge row only `q0` and the one existing cell row are read.
        let y_row = |i: usize,
                     qm: &[f32],
                     q0: &[f32],
                     qp: &[f32],
                     hl: &[f32],
                     hr: &[f32],
                     out: &mut [f32],
                     (a, b): Span| {
            let out = &mut out[..cols];
            if a >= b {
                return;
            }
            if i == 0 || i == rows {
                let (edge, low, cell_row, inner_row, hc) = if i == 0 {
                    (north, true, 0, 1, hr)
                } else {
                    (south, false, rows - 1, rows - 2, hl)
                };
                let zc = zrow(cell_row);
                let nc = n2_row(cell_row);
                for (c, o) in out.iter_mut().enumerate().take(b).skip(a) {
                    *o = edge_flux(
                        edge,
                        low,
                        q0[c],
                        hc[c],
                        zc[c],
                        z[inner_row * cols + c],
                        nc[c],
                        &p,
                    );
                }
                return;
            }
            // Next to a closed edge the missing neighbour is q itself (see `face_flux`).
            let qm = if i == 1 && matches!(north, EdgeNow::Closed) {
                q0
            } else {
                qm
            };
            let qp = if i == rows - 1 && matches!(south, EdgeNow::Closed) {
                q0
            } else {
                qp
            };
            let (zl, nl, zr, nr) = (zrow(i - 1), n2_row(i - 1), zrow(i), n2_row(i));
            faces(
                &mut out[a..b],
                &q0[a..b],
                &qm[a..b],
                &qp[a..b],
                &hl[a..b],
                &zl[a..b],
                &nl[a..b],
                &hr[a..b],
                &zr[a..b],
                &nr[a..b],
                n2_uniform,
                &p,
            );
        };
        // Limiter factor of row r from its raw x faces and its raw north/south y faces.
        let factor_of_row = |r: usize,
                             xf: &[f32],
                             yn: &[f32],
                             ys: &[f32],
                             hr: &[f32],
                             f: &mut [f32],
                             (a, b): Span| {
            if a >= b {
                return;
            }
            let o = r * cols;
            let (rr, pr) = if sources {
                (&rain[o + a..o + b], &point[o + a..o + b])
            } else {
                (&rain[..0], &point[..0])
            };
            factor_row(
                &mut f[a..b],
                &xf[a..b + 1],
                &yn[a..b],
                &ys[a..b],
                &hr[a..b],
                rr,
                pr,
                k,
                dt,
                sources,
            );
        };
        // Optional Froude cap (crate::froude) of the interior faces, from the old depths. It acts
        // after the limiter factors were taken from the uncapped fluxes.
        let cap_x = |r: usize, hr: &[f32], xf: &mut [f32]| {
            if let Some(fr) = froude {
                crate::froude::cap_x_row(hr, zrow(r), xf, fr);
            }
        };
        let cap_y = |i: usize, hl: &[f32], hr: &[f32], yf: &mut [f32]| {
            if let (Some(fr), true) = (froude, i > 0 && i < rows) {
                crate::froude::cap_y_row(hl, zrow(i - 1), hr, zrow(i), yf, fr);
            }
        };

        // --- seams: what each block needs from outside its rows, from the old state ---
        {
            let (h, qx, qy) = (&self.h[..], &self.qx[..], &self.qy[..]);
            let hrow = |r: usize| &h[r * cols..(r + 1) * cols];
            let qxrow = |r: usize| &qx[r * (cols + 1)..(r + 1) * (cols + 1)];
            let qyrow = |j: usize| &qy[j * cols..(j + 1) * cols];
            let empty: &[f32] = &[];
            // Raw y faces of face row i from the old state.
            let y_old = |i: usize, out: &mut [f32], span: Span| {
                let (qm, hl) = if i > 0 {
                    (qyrow(i - 1), hrow(i - 1))
                } else {
                    (empty, empty)
                };
                let (qp, hr) = if i < rows {
                    (qyrow(i + 1), hrow(i))
                } else {
                    (empty, empty)
                };
                y_row(i, qm, qyrow(i), qp, hl, hr, out, span);
            };
            let spans = &self.scratch.seam_span[..];
            self.seam
                .par_chunks_mut(SEAM_ROWS * cols)
                .zip(self.scratch.seams.par_iter_mut())
                .enumerate()
                .for_each(|(b, (s, [xw, yw]))| {
                    let i = if b < nb { b * BLOCK_ROWS } else { rows };
                    let span = spans[b];
                    if span.0 >= span.1 {
                        return;
                    }
                    let (q, s) = s.split_at_mut(cols);
                    let (qc, s) = s.split_at_mut(cols);
                    let (fa, s) = s.split_at_mut(cols);
                    let (fb, qold) = s.split_at_mut(cols);
                    let (xw, yw) = (&mut xw[..cols + 1], &mut yw[..cols]);
                    y_old(i, q, span);
                    qc.copy_from_slice(q);
                    if i > 0 && i < rows {
                        cap_y(i, hrow(i - 1), hrow(i), qc);
                    }
                    if i > 0 {
                        x_row(i - 1, qxrow(i - 1), hrow(i - 1), xw, span);
                        y_old(i - 1, yw, span);
                        factor_of_row(i - 1, xw, yw, q, hrow(i - 1), fa, span);
                    } else {
                        fa.fill(1.0);
                    }
                    if i < rows {
                        x_row(i, qxrow(i), hrow(i), xw, span);
                        y_old(i + 1, yw, span);
                        factor_of_row(i, xw, q, yw, hrow(i), fb, span);
                    } else {
                        fb.fill(1.0);
                    }
                    qold.copy_from_slice(qyrow(i));
                });
        }

        // --- momentum, limiter, continuity and outputs, one pass over blocks of rows ---
        // Each face is scaled by the factor of its upwind (donor) cell; ghost cells outside the
        // edges give freely (factor 1). Each row writes its limited x faces and north y faces in
        // place of q^n; the south edge row is written after the pass.
        {
            let seam = &self.seam[..];
            let seam_part = |b: usize, part: usize| {
                let o = (b * SEAM_ROWS + part) * cols;
                &seam[o..o + cols]
            };
            let op = inp.out;
            let cap = inp.speed_cap;
            let store_speed = inp.store_speed;
            let ones = &self.scratch.ones[..];
            let spans = &self.scratch.block_span[..];
            (
                self.h
                    .par_chunks_mut(BLOCK_ROWS * cols)
                    .zip(self.h_lo.par_chunks_mut(BLOCK_ROWS * cols)),
                self.qx.par_chunks_mut(BLOCK_ROWS * (cols + 1)),
                self.qy[..rows * cols].par_chunks_mut(BLOCK_ROWS * cols),
                acc.speed
                    .par_chunks_mut(BLOCK_ROWS * cols)
                    .zip(self.scratch.blocks.par_iter_mut()),
                acc.max_depth.par_chunks_mut(BLOCK_ROWS * cols),
                acc.max_speed.par_chunks_mut(BLOCK_ROWS * cols),
                acc.max_dv.par_chunks_mut(BLOCK_ROWS * cols),
                acc.hazard.par_chunks_mut(BLOCK_ROWS * cols),
                acc.arrival.par_chunks_mut(BLOCK_ROWS * cols),
                acc.duration.par_chunks_mut(BLOCK_ROWS * cols),
                acc.wet_since.par_chunks_mut(BLOCK_ROWS * cols),
                self.row_stats.par_chunks_mut(BLOCK_ROWS),
            )
                .into_par_iter()
                .enumerate()
                .for_each(
                    |(
                        b,
                        ((hb, lob), qxb, qyb, (sp, w), mxd, mxs, mxdv, hz, arr, dur, wsb, stb),
                    )| {
                        let r0 = b * BLOCK_ROWS;
                        let r1 = r0 + stb.len();
                        let span = spans[b];
                        let (a, bb) = span;
                        if a >= bb {
                            // Nothing live within reach: every cell and face stays as it is.
                            stb.fill(RowStats::default());
                            if store_speed {
                                sp.fill(0.0);
                            }
                            return;
                        }
                        // Rows of this block's buffers by global row index.
                        let cr = |s: usize| (s - r0) * cols..(s - r0 + 1) * cols;
                        let xr = |s: usize| (s - r0) * (cols + 1)..(s - r0 + 1) * (cols + 1);
                        // Old y faces of face row r1 (owned by the next block or the south edge).
                        let qy_r1 = seam_part(b + 1, 4);
                        // The window (the block's own scratch rows): raw x faces of rows s and
                        // s + 1; face rows s (capped), s + 1 and s + 2 (raw until capped);
                        // factors of rows s - 1, s, s + 1.
                        let BlockRows {
                            xcur,
                            xnext,
                            yn,
                            ys,
                            ys2,
                            fa,
                            fc,
                            fb,
                            speed: row_speed,
                        } = w;
                        yn.copy_from_slice(seam_part(b, 1));
                        fa.copy_from_slice(seam_part(b, 2));
                        fc.copy_from_slice(seam_part(b, 3));
                        // Raw y faces of face row i, r0 < i < r1, from old fluxes and depths.
                        let y_in = |i: usize, qyb: &[f32], hb: &[f32], out: &mut [f32]| {
                            let qp = if i + 1 == r1 { qy_r1 } else { &qyb[cr(i + 1)] };
                            y_row(
                                i,
                                &qyb[cr(i - 1)],
                                &qyb[cr(i)],
                                qp,
                                &hb[cr(i - 1)],
                                &hb[cr(i)],
                                out,
                                span,
                            );
                        };
                        x_row(r0, &qxb[xr(r0)], &hb[cr(r0)], xcur, span);
                        cap_x(r0, &hb[cr(r0)], xcur);
                        if r0 + 1 < r1 {
                            y_in(r0 + 1, qyb, hb, ys);
                        }
                        for s in r0..r1 {
                            let south_from_seam = s + 1 == r1;
                            if !south_from_seam {
                                let n = s + 1;
                                x_row(n, &qxb[xr(n)], &hb[cr(n)], xnext, span);
                                if n + 1 < r1 {
                                    y_in(n + 1, qyb, hb, ys2);
                                }
                                if n + 1 == r1 {
                                    fb.copy_from_slice(seam_part(b + 1, 2));
                                } else {
                                    factor_of_row(n, xnext, ys, ys2, &hb[cr(n)], fb, span);
                                }
                                cap_x(n, &hb[cr(n)], xnext);
                                cap_y(n, &hb[cr(s)], &hb[cr(n)], ys);
                            } else {
                                fb.copy_from_slice(seam_part(b + 1, 3));
                            }
                            let ysouth: &[f32] = if south_from_seam {
                                seam_part(b + 1, 1)
                            } else {
                                ys
                            };
                            // Limited x faces of the row: face j has cell j-1 on its west, j on its
                            // east; the ghost cell outside an edge gives freely.
                            // Faces a and b of a part (a > 0, b < cols) join cells that are not
                            // live and keep their old value, 0.
                            let qxo = &mut qxb[xr(s)];
                            let (j0, j1) = (a + 1, bb);
                            if j0 < j1 {
                                limit_faces(
                                    &mut qxo[j0..j1],
                                    &xcur[j0..j1],
                                    &fc[j0 - 1..j1 - 1],
                                    &fc[j0..j1],
                                );
                            }
                            if a == 0 {
                                let qw = xcur[0];
                                qxo[0] = if qw > 0.0 { qw } else { qw * fc[0] };
                            }
                            if bb == cols {
                                let qe = xcur[cols];
                                qxo[cols] = if qe > 0.0 { qe * fc[cols - 1] } else { qe };
                            }
                            // Limited north faces (face row s), between rows s - 1 and s.
                            let qyo = &mut qyb[cr(s)];
                            limit_faces(&mut qyo[a..bb], &yn[a..bb], &fa[a..bb], &fc[a..bb]);
                            // Continuity and outputs of the cells [a, b): the others keep their
                            // state (no water, no flow) and their outputs.
                            let rs = RowSlices {
                                qx: &qxo[a..bb + 1],
                                qn: &qyo[a..bb],
                                qs_raw: &ysouth[a..bb],
                                f: &fc[a..bb],
                                f_below: &fb[a..bb],
                            };
                            let speed_out = if store_speed {
                                let o = &mut sp[cr(s)];
                                o[..a].fill(0.0);
                                o[bb..].fill(0.0);
                                Some(&mut o[a..bb])
                            } else {
                                None
                            };
                            fn part(v: &mut [f32], (a, b): Span) -> &mut [f32] {
                                &mut v[a..b]
                            }
                            let acc_row = RowAcc {
                                speed: part(row_speed, span),
                                speed_out,
                                max_depth: part(&mut mxd[cr(s)], span),
                                max_speed: part(&mut mxs[cr(s)], span),
                                max_dv: part(&mut mxdv[cr(s)], span),
                                hazard: part(&mut hz[cr(s)], span),
                                arrival: part(&mut arr[cr(s)], span),
                                duration: part(&mut dur[cr(s)], span),
                                wet_since: part(&mut wsb[cr(s)], span),
                            };
                            let (h, lo) = (part(&mut hb[cr(s)], span), part(&mut lob[cr(s)], span));
                            let o = s * cols;
                            let mut st = if sources {
                                let src = (&rain[o + a..o + bb], &point[o + a..o + bb]);
                                continuity_row::<true>(h, lo, &rs, src, acc_row, k, dt, &op, cap)
                            } else {
                                continuity_row::<false>(
                                    h,
                                    lo,
                                    &rs,
                                    (&ones[a..bb], &ones[a..bb]),
                                    acc_row,
                                    k,
                                    dt,
                                    &op,
                                    cap,
                                )
                            };
                            st.bad = st.bad.map(|(c, v)| (c + a, v));
                            st.live = st.live.map(|(f, l)| (f + a as u32, l + a as u32));
                            // Edge faces of this row: west and east, plus north/south on the
                            // first/last row; `q_in` is the discharge into the domain.
                            let mut edge = |q_in: f32| {
                                if q_in > 0.0 {
                                    st.edge_in += q_in as f64 * dt as f64;
                                } else {
                                    st.edge_out -= q_in as f64 * dt as f64;
                                }
                            };
                            edge(qxo[0]);
                            edge(-qxo[cols]);
                            if s == 0 {
                                qyo.iter().for_each(|&q| edge(q));
                            }
                            if s == rows - 1 {
                                for c in a..bb {
                                    let q = ysouth[c];
                                    edge(-(if q > 0.0 { q * fc[c] } else { q }));
                                }
                            }
                            stb[s - r0] = st;
                            // Move the window one row down.
                            std::mem::swap(xcur, xnext);
                            std::mem::swap(yn, ys);
                            std::mem::swap(ys, ys2);
                            std::mem::swap(fa, fc);
                            std::mem::swap(fc, fb);
                        }
                    },
                );
        }
        // South edge faces: limited by the last row's cells.
        {
            let o = nb * SEAM_ROWS * cols;
            let (raw, f_last) = (
                &self.seam[o..o + cols],
                &self.seam[o + 2 * cols..o + 3 * cols],
            );
            let (a, b) = self.scratch.seam_span[nb];
            if a < b {
                let south = &mut self.qy[rows * cols..];
                limit_faces(
                    &mut south[a..b],
                    &raw[a..b],
                    &f_last[a..b],
                    &self.scratch.ones[a..b],
                );
            }
        }
        self.h_max_last = Some(self.row_stats.iter().fold(0.0f32, |m, s| m.max(s.h_max)));
        self.live_valid = true;
    }

    /// The columns each block and each seam computes this step.
    ///
    /// A cell is *live* when it holds water or a rounding residual, or one of its faces carries
    /// flow. A cell that is not live, and whose neighbours are not live either, keeps its state
    /// through a step bit for bit: both cells of each of its faces are dry, so the face flow depth
    /// is 0 and the face discharge stays 0 (`face_flux`), and the continuity update adds nothing.
    /// Its outputs stay as they are too (no depth, no spell running). So a block computes only
    /// the columns within one cell of the live cells of its rows and of the rows just outside
    /// it (found by the previous step, [`RowStats::live`]), with the first column rounded down
    /// to a multiple of 8 (whole 8-lane vectors from the row start). The result is the same
    /// as computing every cell; on a dry floodplain the dry part costs nothing.
    ///
    /// Every column is computed when the live cells are not known (before the first step), when
    /// it rains (every cell gains water), with the Froude cap, and with a water-level edge (which
    /// can push water into dry edge cells). Point-inflow cells always count as live.
    fn plan_spans(&mut self, inp: &StepInputs) {
        let (rows, cols) = (self.rows, self.cols);
        let nb = rows.div_ceil(BLOCK_ROWS);
        let tracked = self.track_live
            && self.live_valid
            && self.rain_zero
            && inp.max_froude.is_none()
            && !inp.edges.iter().any(|e| matches!(e, EdgeNow::Level(_)));
        let sc = &mut self.scratch;
        if !tracked {
            sc.block_span.fill((0, cols));
            sc.seam_span.fill((0, cols));
            self.cells_computed += (rows * cols) as u64;
            return;
        }
        for &i in &self.forced_live {
            let (r, c) = (i / cols, (i % cols) as u32);
            let l = &mut self.row_stats[r].live;
            *l = Some(l.map_or((c, c), |(a, b)| (a.min(c), b.max(c))));
        }
        let union = |x: Span, y: Span| -> Span {
            if x.0 >= x.1 {
                y
            } else if y.0 >= y.1 {
                x
            } else {
                (x.0.min(y.0), x.1.max(y.1))
            }
        };
        for (b, span) in sc.block_span.iter_mut().enumerate() {
            let r0 = b * BLOCK_ROWS;
            let r1 = (r0 + BLOCK_ROWS).min(rows);
            let mut live: Span = (0, 0);
            for st in &self.row_stats[r0.saturating_sub(1)..(r1 + 1).min(rows)] {
                if let Some((f, l)) = st.live {
                    live = union(live, (f as usize, l as usize + 1));
                }
            }
            *span = if live.0 >= live.1 {
                (0, 0)
            } else {
                (live.0.saturating_sub(1) & !7, (live.1 + 1).min(cols))
            };
            self.cells_computed += ((r1 - r0) * span.1.saturating_sub(span.0)) as u64;
        }
        for b in 0..=nb {
            let prev = if b > 0 { sc.block_span[b - 1] } else { (0, 0) };
            let next = if b < nb { sc.block_span[b] } else { (0, 0) };
            sc.seam_span[b] = union(prev, next);
        }
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

    /// The inline h^{7/3} against f64 `powf` on a log-spaced sweep of face depths from 1e-7 m to
    /// 1e6 m (every 97th f32); tolerance 1e-6 relative (measured 5.0e-7; each f32 product rounds
    /// by up to 6e-8).
    #[test]
    fn fast_pow_7_3_accuracy() {
        let (lo, hi) = (1e-7f32.to_bits(), 1e6f32.to_bits());
        let mut worst = 0.0f64;
        for b in (lo..hi).step_by(97) {
            let h = f32::from_bits(b);
            let exact = (h as f64).powf(7.0 / 3.0);
            let rel = ((pow_7_3(h) as f64 - exact) / exact).abs();
            assert!(rel < 1e-6, "{h}^(7/3): {} vs {exact}", pow_7_3(h));
            worst = worst.max(rel);
        }
        // The seed and the three steps are not wasted: the error is at round-off level.
        assert!(worst > 1e-8, "worst {worst}");
    }

    /// With q^n = 0 the friction bracket is exactly 1: the flux is the numerator to the bit.
    #[test]
    fn zero_discharge_skips_friction_exactly() {
        let (el, er, zl, zr) = (1.5f32, 1.4f32, 0.5f32, 0.6f32);
        let hf = el.max(er) - zl.max(zr);
        let num = P.theta * 0.0 + P.half_rest * (0.1 + 0.3) - P.g_dt_dx * hf * (er - el);
        let got = face_flux(0.0, 0.1, 0.3, el, er, zl, zr, 1e-3, &P);
        assert_eq!(got.to_bits(), num.to_bits());
    }

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
        let g = hazsim_grid::constants::G;
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
