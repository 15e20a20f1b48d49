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
//! The cap acts on each row of raw face fluxes inside the solver's fused step, after the
//! positivity limiter's factors were taken and before the continuity update. The limiter factors were computed from the uncapped fluxes, which are at
//! least as large, so every cell still gives no more than it holds; both cells of a face see the
//! same capped flux, so mass stays exactly conserved.

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

/// Caps the interior x faces (1..cols) of one row `qx` (cols + 1 values) by the face depth from
/// the row's old depths `h` and bed `z`.
pub(crate) fn cap_x_row(h: &[f32], z: &[f32], qx: &mut [f32], fr_max: f32) {
    let cols = h.len();
    for j in 1..cols {
        let h_f = (z[j - 1] + h[j - 1]).max(z[j] + h[j]) - z[j - 1].max(z[j]);
        qx[j] = cap_discharge(qx[j], h_f, fr_max);
    }
}

/// Caps one row of interior y faces `qy` between the cell rows with old depths and beds `hl`, `zl`
/// (north) and `hr`, `zr` (south).
pub(crate) fn cap_y_row(
    hl: &[f32],
    zl: &[f32],
    hr: &[f32],
    zr: &[f32],
    qy: &mut [f32],
    fr_max: f32,
) {
    for (c, q) in qy.iter_mut().enumerate() {
        let h_f = (zl[c] + hl[c]).max(zr[c] + hr[c]) - zl[c].max(zr[c]);
        *q = cap_discharge(*q, h_f, fr_max);
    }
}
