//! Piecewise-linear time series `(t, value)`: hydrographs, level series, discharge curves. One
//! rule for what a series is outside its times, stated by the caller: [`Outside::Hold`] keeps
//! the first and last values (a river keeps flowing at its last measured rate: the flood
//! engine's inflows and level hydrographs), [`Outside::Zero`] is nothing before the first and
//! after the last point (a debris surge that ends: the Voellmy engine's inflow hydrograph).

/// What a series is outside the range of its times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outside {
    /// The first value before the first time, the last value after the last.
    Hold,
    /// Zero before the first time and after the last.
    Zero,
}

/// The value at `t` by linear interpolation, and by `outside` beyond the series' times; 0 for an
/// empty series. Times must increase (see the engines' checks).
///
/// ```
/// use hazsim_grid::series::{value_at, Outside};
/// let q = [(0.0, 10.0), (600.0, 40.0)];
/// assert_eq!(value_at(&q, 300.0, Outside::Hold), 25.0);
/// assert_eq!(value_at(&q, 900.0, Outside::Hold), 40.0);
/// assert_eq!(value_at(&q, 900.0, Outside::Zero), 0.0);
/// ```
pub fn value_at(series: &[(f64, f64)], t: f64, outside: Outside) -> f64 {
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return 0.0;
    };
    if t < first.0 || t > last.0 {
        return match outside {
            Outside::Hold if t < first.0 => first.1,
            Outside::Hold => last.1,
            Outside::Zero => 0.0,
        };
    }
    if t == first.0 {
        return first.1;
    }
    for w in series.windows(2) {
        let ((t0, v0), (t1, v1)) = (w[0], w[1]);
        if t <= t1 {
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0);
        }
    }
    last.1
}

/// ∫ value dt over [t0, t1] of the piecewise-linear series, with `outside` beyond its times
/// (exact: trapezoids between breakpoints).
///
/// ```
/// use hazsim_grid::series::{integral, Outside};
/// let q = [(0.0, 0.0), (10.0, 10.0)];
/// assert_eq!(integral(&q, 0.0, 10.0, Outside::Zero), 50.0);
/// assert_eq!(integral(&q, 0.0, 20.0, Outside::Zero), 50.0);
/// assert_eq!(integral(&q, 0.0, 20.0, Outside::Hold), 150.0);
/// ```
pub fn integral(series: &[(f64, f64)], t0: f64, t1: f64, outside: Outside) -> f64 {
    let mut v = 0.0;
    for w in series.windows(2) {
        let ((ta, qa), (tb, qb)) = (w[0], w[1]);
        let (a, b) = (t0.max(ta), t1.min(tb));
        if b > a {
            let at = |t: f64| qa + (qb - qa) * (t - ta) / (tb - ta);
            v += 0.5 * (at(a) + at(b)) * (b - a);
        }
    }
    if outside == Outside::Hold {
        if let (Some(first), Some(last)) = (series.first(), series.last()) {
            let before = (first.0.min(t1) - t0).max(0.0);
            let after = (t1 - last.0.max(t0)).max(0.0);
            v += first.1 * before + last.1 * after;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integral is the sum of the value at many points times their spacing (the midpoint
    /// rule is exact on linear pieces; at the jumps of the Zero rule it errs by at most half a
    /// step times the jump, so the tolerance is one step times the largest value), for both
    /// rules.
    #[test]
    fn integral_agrees_with_a_fine_sum() {
        let s = [(10.0, 2.0), (40.0, 8.0), (55.0, 1.0), (90.0, 5.0)];
        for outside in [Outside::Hold, Outside::Zero] {
            for (t0, t1) in [(0.0, 120.0), (20.0, 60.0), (41.0, 42.0), (95.0, 130.0)] {
                let n = 200_000;
                let dt = (t1 - t0) / n as f64;
                let sum: f64 = (0..n)
                    .map(|k| value_at(&s, t0 + (k as f64 + 0.5) * dt, outside) * dt)
                    .sum();
                let exact = integral(&s, t0, t1, outside);
                assert!(
                    (sum - exact).abs() <= 1e-9 * exact.abs() + 8.0 * dt,
                    "{outside:?} [{t0}, {t1}]: {sum} vs {exact}"
                );
            }
        }
    }
}
