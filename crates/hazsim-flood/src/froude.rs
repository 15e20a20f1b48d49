//! Optional Froude limiter: after the momentum update, every interior face discharge is capped
//! so that the face Froude number Fr = |q| / (h_f √(g h_f)) does not exceed Fr_max, with h_f the
//! face flow depth of the momentum update (Bates et al. 2010).
//!
//! **Why.** The local inertial scheme drops the convective acceleration, which is what limits
//! speeds in fast, steep flow; on steep, coarse tributaries with modest roughness it can give
//! unphysical speeds (30 m/s on 90 m cells at n = 0.035 in a demo run). Capping the Froude number
//! at 1 is the usual remedy in local-inertial codes (e.g. the optional Froude limit of
//! LISFLOOD-FP); it trades momentum for robustness, so it is **off by default**
//! ([`crate::FloodConfig::max_froude`] = None) and meant for steep terrain only. Edge faces keep
//! their own rules.
//!
//! The cap runs as its own pass between the momentum update and the positivity limiter's
//! continuity pass. The limiter factors were computed from the uncapped fluxes, which are at
//! least as large, so every cell still gives no more than it holds; both cells of a face see the
//! same capped flux, so mass stays exactly conserved.

use rayon::prelude::*;

/// Caps q so that |q| ≤ Fr_max h_f √(g h_f), for h_f > 0.
///
/// ```
/// use hazsim_flood::froude::cap_discharge;
/// // 0.5 m of flow depth: √(g h) = 2.215 m/s, so Fr = 1 allows 1.107 m²/s.
/// let q = cap_discharge(5.0, 0.5, 1.0);
/// assert!((q - 0.5 * (9.81f32 * 0.5).sqrt()).abs() < 1e-6);
/// assert_eq!(cap_discharge(-0.2, 0.5, 1.0), -0.2);
/// ```
#[inline]
pub fn cap_discharge(q: f32, h_f: f32, fr_max: f32) -> f32 {
    if h_f <= 0.0 {
        return q;
    }
    let q_max = fr_max * h_f * (crate::solver::G * h_f).sqrt();
    q.clamp(-q_max, q_max)
}

/// Caps the interior faces of `qx` (rows × (cols+1)) and `qy` ((rows+1) × cols) by the face depth
/// from the step's old depths `h` and bed `z` (rows × cols).
pub(crate) fn cap_faces(
    rows: usize,
    cols: usize,
    h: &[f32],
    z: &[f32],
    qx: &mut [f32],
    qy: &mut [f32],
    fr_max: f32,
) {
    let h_f = |a: usize, b: usize| (z[a] + h[a]).max(z[b] + h[b]) - z[a].max(z[b]);
    qx.par_chunks_mut(cols + 1)
        .enumerate()
        .for_each(|(r, row)| {
            for (j, q) in row.iter_mut().enumerate().take(cols).skip(1) {
                let (a, b) = (r * cols + j - 1, r * cols + j);
                *q = cap_discharge(*q, h_f(a, b), fr_max);
            }
        });
    qy.par_chunks_mut(cols)
        .enumerate()
        .filter(|(i, _)| *i > 0 && *i < rows)
        .for_each(|(i, row)| {
            for (c, q) in row.iter_mut().enumerate() {
                let (a, b) = ((i - 1) * cols + c, i * cols + c);
                *q = cap_discharge(*q, h_f(a, b), fr_max);
            }
        });
}
