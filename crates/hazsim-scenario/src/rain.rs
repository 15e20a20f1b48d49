//! Rain a flood hazard receives, read back from its own forcing for rain triggers: depth over a
//! window, cell by cell, and the Caine (1980) intensity–duration threshold.
//!
//! The forcing is piecewise constant, as the flood engine applies it (`hazsim_flood::Rain`):
//! the value given at t_i holds on [t_i, t_{i+1}), nothing falls before the first time and the
//! last value holds after it. Depths are integrated exactly over any window.

use hazsim_flood::Rain;

/// A rain quantity over the grid: one value everywhere or one per cell (row-major).
#[derive(Debug, Clone, PartialEq)]
pub enum PerCell {
    /// The same everywhere.
    Uniform(f64),
    /// One value per cell.
    Cells(Vec<f64>),
}

impl PerCell {
    /// The value at row-major cell `i`.
    pub fn at(&self, i: usize) -> f64 {
        match self {
            PerCell::Uniform(v) => *v,
            PerCell::Cells(c) => c[i],
        }
    }

    /// The largest value.
    pub fn max(&self) -> f64 {
        match self {
            PerCell::Uniform(v) => *v,
            PerCell::Cells(c) => c.iter().copied().fold(0.0, f64::max),
        }
    }
}

/// Overlap (s) of [a0, a1) with [b0, b1).
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Rain depth (mm) between hazard-local times `t0` and `t1`.
///
/// ```
/// use hazsim_flood::Rain;
/// use hazsim_scenario::rain::{depth_mm, PerCell};
/// let r = Rain::Uniform(vec![(0.0, 36.0), (1800.0, 0.0)]); // 36 mm/h for 30 min
/// assert_eq!(depth_mm(&r, 0.0, 3600.0), PerCell::Uniform(18.0));
/// assert_eq!(depth_mm(&r, 900.0, 2700.0), PerCell::Uniform(9.0));
/// ```
pub fn depth_mm(rain: &Rain, t0: f64, t1: f64) -> PerCell {
    match rain {
        Rain::None => PerCell::Uniform(0.0),
        Rain::Uniform(s) => {
            let mut d = 0.0;
            for (i, &(ti, v)) in s.iter().enumerate() {
                let end = s.get(i + 1).map_or(f64::INFINITY, |p| p.0);
                d += v * overlap(t0, t1, ti, end) / 3600.0;
            }
            PerCell::Uniform(d)
        }
        Rain::Rasters(s) => {
            let n = s.first().map_or(0, |r| r.1.data.len());
            let mut d = vec![0.0; n];
            for (i, (ti, r)) in s.iter().enumerate() {
                let end = s.get(i + 1).map_or(f64::INFINITY, |p| p.0);
                let w = overlap(t0, t1, *ti, end) / 3600.0;
                if w > 0.0 {
                    for (acc, &v) in d.iter_mut().zip(r.data.iter()) {
                        if v.is_finite() {
                            *acc += v as f64 * w;
                        }
                    }
                }
            }
            PerCell::Cells(d)
        }
    }
}

/// Rain rate (mm/h) at hazard-local time `t`.
pub fn rate_mm_per_h(rain: &Rain, t: f64) -> PerCell {
    match rain {
        Rain::None => PerCell::Uniform(0.0),
        Rain::Uniform(s) => PerCell::Uniform(hazsim_flood::sources::step_value(s, t)),
        Rain::Rasters(s) => match s.iter().rposition(|p| p.0 <= t) {
            Some(i) => PerCell::Cells(
                s[i].1
                    .data
                    .iter()
                    .map(|&v| if v.is_finite() { v as f64 } else { 0.0 })
                    .collect(),
            ),
            None => PerCell::Uniform(0.0),
        },
    }
}

/// Windows (h) over which the Caine (1980) threshold is checked.
pub const CAINE_WINDOWS_H: [f64; 8] = [1.0 / 6.0, 0.5, 1.0, 3.0, 6.0, 12.0, 24.0, 48.0];

/// Caine (1980) threshold intensity (mm/h) for a rain of `d_h` hours: I = 14.82 D^-0.39
/// (*Geografiska Annaler A* 62, 23–27; fitted for 10 min ≤ D ≤ 10 days).
///
/// ```
/// let i = hazsim_scenario::rain::caine_1980(1.0);
/// assert!((i - 14.82).abs() < 1e-12);
/// ```
pub fn caine_1980(d_h: f64) -> f64 {
    14.82 * d_h.powf(-0.39)
}

/// Cells where the rain ending at hazard-local time `t` exceeds the Caine threshold over any of
/// [`CAINE_WINDOWS_H`] (windows are cut at the start of the rain record, t = 0).
pub fn caine_exceeded(rain: &Rain, t: f64, n: usize) -> Vec<bool> {
    let mut out = vec![false; n];
    for &d_h in &CAINE_WINDOWS_H {
        let w = d_h * 3600.0;
        if t < w {
            continue; // the window does not fit in the record yet
        }
        let need = caine_1980(d_h) * d_h;
        let depth = depth_mm(rain, t - w, t);
        for (i, o) in out.iter_mut().enumerate() {
            if depth.at(i) >= need {
                *o = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_exact_over_breakpoints() {
        let r = Rain::Uniform(vec![(600.0, 12.0), (1200.0, 60.0), (1800.0, 0.0)]);
        // 12 mm/h for 600 s = 2 mm, 60 mm/h for 600 s = 10 mm.
        assert_eq!(depth_mm(&r, 0.0, 1e9), PerCell::Uniform(12.0));
        assert_eq!(depth_mm(&r, 900.0, 1500.0), PerCell::Uniform(1.0 + 5.0));
        assert_eq!(rate_mm_per_h(&r, 100.0), PerCell::Uniform(0.0));
        assert_eq!(rate_mm_per_h(&r, 1300.0), PerCell::Uniform(60.0));
    }

    #[test]
    fn caine_windows() {
        // 20 mm/h for 1 h: over 1 h, 20 mm >= 14.82 mm.
        let r = Rain::Uniform(vec![(0.0, 20.0), (3600.0, 0.0)]);
        assert!(caine_exceeded(&r, 3600.0, 1)[0]);
        // 10 mm/h is below over every window that fits in one hour (10 min needs 29.7 mm/h).
        let r = Rain::Uniform(vec![(0.0, 10.0), (3600.0, 0.0)]);
        assert!(!caine_exceeded(&r, 3600.0, 1)[0]);
    }
}
