//! Design storms: the Chicago hyetograph (Keifer & Chu 1957, *J. Hydraul. Div. ASCE* 83(4),
//! 1332) built from a storm-intensity (IDF) formula.
//!
//! **Storm-intensity formula.** The average intensity over a rain of duration t for return
//! period P is
//!
//! ```text
//! i = A (1 + C lg P) / (t + b)^n
//! ```
//!
//! with **i in mm/min, t in minutes, P in years** and lg the base-10 logarithm; A (mm/min),
//! C (–), b (min) and n (–) are fitted per city. This is the form used in Chinese design-storm
//! practice (GB 50014, *Code for design of outdoor wastewater engineering*), where the
//! parameters are usually published for i in mm/min (some tables use L/(s·ha): divide those
//! by 166.7 to get mm/min).
//!
//! **Chicago hyetograph.** With a = A (1 + C lg P), the depth of the IDF storm of duration t is
//! H(t) = i(t)·t = a t / (t + b)^n. The Chicago storm places the peak at r·T (r the peak
//! position ratio, 0..1, typically 0.4) and is built so that *every* window of duration t that
//! contains the peak, split r : (1 − r) around it, holds exactly the IDF depth H(t). Its
//! cumulative depth before and after the peak is therefore
//!
//! ```text
//! D_before(x) = r H(x / r)       = a x / (x / r + b)^n        (x min before the peak)
//! D_after(y)  = (1 − r) H(y / (1 − r)) = a y / (y / (1 − r) + b)^n   (y min after the peak)
//! ```
//!
//! and the instantaneous intensity is their derivative,
//! i(x) = a [(1 − n) x / r + b] / (x / r + b)^{n+1} (and likewise after the peak with 1 − r).
//! [`ChicagoStorm::hyetograph`] integrates these exactly over each time step, so the blocks of
//! the returned series add up to H(T) to round-off, whatever the step.
//!
//! **Example parameters.** [`StormFormula::ILLUSTRATIVE`] (A = 10.0 mm/min, C = 0.8,
//! b = 10 min, n = 0.7) is an *illustrative* set of the right order of magnitude for a humid
//! lowland city, not the published formula of any particular city; use the local formula for
//! real design work. It gives 72 mm in 1 h for P = 50 years.
//!
//! ```
//! use hazsim_flood::design_storm::{ChicagoStorm, StormFormula};
//! use hazsim_flood::Rain;
//!
//! let storm = ChicagoStorm {
//!     formula: StormFormula::ILLUSTRATIVE,
//!     return_period: 50.0,   // years
//!     peak_ratio: 0.4,
//!     duration: 3600.0,      // s
//!     time_step: 300.0,      // s
//! };
//! let series = storm.hyetograph().unwrap(); // (t s, mm/h), piecewise constant, ends with 0
//! let depth: f64 = series.windows(2).map(|w| w[0].1 * (w[1].0 - w[0].0) / 3600.0).sum();
//! assert!((depth - storm.total_depth_mm().unwrap()).abs() < 1e-9 * depth);
//! let rain = Rain::Uniform(series);
//! assert!(matches!(rain, Rain::Uniform(_)));
//! ```

use crate::{Error, Rain, Result};

/// A storm-intensity formula i = A (1 + C lg P) / (t + b)^n, i in mm/min, t in min, P in years.
///
/// ```
/// use hazsim_flood::design_storm::StormFormula;
/// let f = StormFormula::ILLUSTRATIVE;
/// // Average intensity of the 50-year, 60-minute storm, mm/min.
/// let i = f.intensity_mm_per_min(50.0, 60.0).unwrap();
/// assert!((i * 60.0 - 72.33).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StormFormula {
    /// A: the 1-year intensity scale (mm/min), > 0.
    pub a: f64,
    /// C: return-period coefficient (–), ≥ 0.
    pub c: f64,
    /// b: time offset (min), > 0.
    pub b: f64,
    /// n: decay exponent (–), in (0, 1) in practice; > 0 and < 1 required (n ≥ 1 would make the
    /// storm depth fall with duration).
    pub n: f64,
}

impl StormFormula {
    /// An illustrative parameter set (A = 10.0 mm/min, C = 0.8, b = 10 min, n = 0.7); not any
    /// particular city's formula.
    pub const ILLUSTRATIVE: StormFormula = StormFormula {
        a: 10.0,
        c: 0.8,
        b: 10.0,
        n: 0.7,
    };

    /// A checked formula.
    ///
    /// ```
    /// use hazsim_flood::design_storm::StormFormula;
    /// assert!(StormFormula::new(10.0, 0.8, 10.0, 0.7).is_ok());
    /// assert!(StormFormula::new(-1.0, 0.8, 10.0, 0.7).is_err());
    /// ```
    pub fn new(a: f64, c: f64, b: f64, n: f64) -> Result<Self> {
        let f = StormFormula { a, c, b, n };
        f.validate()?;
        Ok(f)
    }

    /// Checks the parameters: A > 0, C ≥ 0, b > 0, 0 < n < 1, all finite.
    pub fn validate(&self) -> Result<()> {
        let check = |name: &str, v: f64, ok: bool, expected: &str| {
            if ok && v.is_finite() {
                Ok(())
            } else {
                Err(Error::param(name, v, expected))
            }
        };
        check(
            "storm formula A",
            self.a,
            self.a > 0.0,
            "A > 0 in mm/min (the intensity scale of i = A(1 + C lg P)/(t + b)^n; divide L/(s·ha) values by 166.7)",
        )?;
        check(
            "storm formula C",
            self.c,
            self.c >= 0.0,
            "C >= 0 (the return-period coefficient)",
        )?;
        check(
            "storm formula b",
            self.b,
            self.b > 0.0,
            "b > 0 in minutes (b = 0 makes the peak intensity infinite)",
        )?;
        check(
            "storm formula n",
            self.n,
            self.n > 0.0 && self.n < 1.0,
            "0 < n < 1 (n >= 1 would make storm depth fall as duration grows)",
        )
    }

    /// a = A (1 + C lg P) in mm/min for return period `p` years (≥ 1).
    pub fn scale(&self, p: f64) -> Result<f64> {
        self.validate()?;
        if !(p >= 1.0 && p.is_finite()) {
            return Err(Error::param(
                "return period",
                p,
                "a return period in years >= 1, e.g. 50",
            ));
        }
        Ok(self.a * (1.0 + self.c * p.log10()))
    }

    /// Average intensity (mm/min) of the storm of `duration_min` minutes and return period
    /// `p` years.
    pub fn intensity_mm_per_min(&self, p: f64, duration_min: f64) -> Result<f64> {
        let a = self.scale(p)?;
        if !(duration_min > 0.0 && duration_min.is_finite()) {
            return Err(Error::param(
                "storm duration",
                duration_min,
                "a duration in minutes > 0",
            ));
        }
        Ok(a / (duration_min + self.b).powf(self.n))
    }

    /// IDF depth H(t) = i(t)·t (mm) of the storm of `duration_min` minutes.
    pub fn depth_mm(&self, p: f64, duration_min: f64) -> Result<f64> {
        Ok(self.intensity_mm_per_min(p, duration_min)? * duration_min)
    }
}

/// A Chicago design storm: a hyetograph with its peak at `peak_ratio · duration` whose every
/// window around the peak holds the IDF depth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChicagoStorm {
    /// The storm-intensity formula.
    pub formula: StormFormula,
    /// Return period P (years, ≥ 1).
    pub return_period: f64,
    /// Peak position ratio r in [0, 1] (0.4 is typical; 0 puts the peak first).
    pub peak_ratio: f64,
    /// Total storm duration T (s, > 0).
    pub duration: f64,
    /// Length of each block of the hyetograph (s, > 0); the last block is shorter when it does
    /// not divide `duration`.
    pub time_step: f64,
}

impl ChicagoStorm {
    /// Checks every parameter.
    pub fn validate(&self) -> Result<()> {
        self.formula.scale(self.return_period)?;
        if !(0.0..=1.0).contains(&self.peak_ratio) {
            return Err(Error::param(
                "peak ratio",
                self.peak_ratio,
                "a peak position ratio r in [0, 1], typically 0.4",
            ));
        }
        if !(self.duration > 0.0 && self.duration.is_finite()) {
            return Err(Error::param(
                "storm duration",
                self.duration,
                "a duration in seconds > 0, e.g. 3600",
            ));
        }
        if !(self.time_step > 0.0 && self.time_step.is_finite()) {
            return Err(Error::param(
                "storm time step",
                self.time_step,
                "a time step in seconds > 0, e.g. 300",
            ));
        }
        if self.duration / self.time_step > 1e6 {
            return Err(Error::param(
                "storm time step",
                self.time_step,
                "a time step giving at most 1e6 blocks over the storm",
            ));
        }
        Ok(())
    }

    /// Total depth (mm) of the storm: the IDF depth H(T).
    pub fn total_depth_mm(&self) -> Result<f64> {
        self.validate()?;
        self.formula
            .depth_mm(self.return_period, self.duration / 60.0)
    }

    /// Cumulative depth (mm) from the start of the storm to `t` seconds (clamped to 0..T).
    ///
    /// ```
    /// use hazsim_flood::design_storm::{ChicagoStorm, StormFormula};
    /// let s = ChicagoStorm { formula: StormFormula::ILLUSTRATIVE, return_period: 10.0,
    ///                        peak_ratio: 0.4, duration: 7200.0, time_step: 60.0 };
    /// assert_eq!(s.cumulative_depth_mm(0.0).unwrap(), 0.0);
    /// assert!((s.cumulative_depth_mm(7200.0).unwrap() - s.total_depth_mm().unwrap()).abs() < 1e-9);
    /// ```
    pub fn cumulative_depth_mm(&self, t: f64) -> Result<f64> {
        self.validate()?;
        let a = self.formula.scale(self.return_period)?;
        Ok(self.cumulative(a, t))
    }

    /// Instantaneous intensity (mm/h) at `t` seconds (0 outside 0..T).
    ///
    /// ```
    /// use hazsim_flood::design_storm::{ChicagoStorm, StormFormula};
    /// let s = ChicagoStorm { formula: StormFormula::ILLUSTRATIVE, return_period: 50.0,
    ///                        peak_ratio: 0.4, duration: 3600.0, time_step: 300.0 };
    /// let peak = s.intensity_mm_per_h(1440.0).unwrap();
    /// assert!(peak > s.intensity_mm_per_h(1400.0).unwrap());
    /// assert!(peak > s.intensity_mm_per_h(1480.0).unwrap());
    /// ```
    pub fn intensity_mm_per_h(&self, t: f64) -> Result<f64> {
        self.validate()?;
        let t_end = self.duration;
        if !(0.0..=t_end).contains(&t) {
            return Ok(0.0);
        }
        let a = self.formula.scale(self.return_period)?;
        let (b, n, r) = (self.formula.b, self.formula.n, self.peak_ratio);
        let tp = r * t_end / 60.0;
        let tm = t / 60.0;
        // i(x) = a [(1 − n) x/s + b] / (x/s + b)^{n+1}, x minutes from the peak, s = r or 1 − r.
        let branch = |x: f64, s: f64| {
            let u = x / s;
            a * ((1.0 - n) * u + b) / (u + b).powf(n + 1.0)
        };
        let i = if tm < tp {
            branch(tp - tm, r)
        } else if r < 1.0 {
            branch(tm - tp, 1.0 - r)
        } else {
            branch(0.0, 1.0)
        };
        Ok(i * 60.0)
    }

    /// The hyetograph as (t s, intensity mm/h) blocks, each the exact average of the Chicago
    /// intensity over its step, followed by `(T, 0.0)` so the rain stops at the end: the
    /// piecewise-constant series [`Rain::Uniform`] expects.
    pub fn hyetograph(&self) -> Result<Vec<(f64, f64)>> {
        self.validate()?;
        let a = self.formula.scale(self.return_period)?;
        let n_blocks = (self.duration / self.time_step).ceil() as usize;
        let mut out = Vec::with_capacity(n_blocks + 1);
        let mut d_prev = 0.0;
        for k in 0..n_blocks {
            let t0 = k as f64 * self.time_step;
            let t1 = ((k + 1) as f64 * self.time_step).min(self.duration);
            if t1 <= t0 {
                break;
            }
            let d1 = self.cumulative(a, t1);
            // mm over (t1 − t0) s, as mm/h.
            out.push((t0, (d1 - d_prev) * 3600.0 / (t1 - t0)));
            d_prev = d1;
        }
        out.push((self.duration, 0.0));
        Ok(out)
    }

    /// The hyetograph as [`Rain::Uniform`].
    pub fn rain(&self) -> Result<Rain> {
        Ok(Rain::Uniform(self.hyetograph()?))
    }

    /// Cumulative depth (mm) at `t` s, with a = A(1 + C lg P) already computed.
    fn cumulative(&self, a: f64, t: f64) -> f64 {
        let (b, n, r) = (self.formula.b, self.formula.n, self.peak_ratio);
        let t_end = self.duration / 60.0;
        let tm = (t / 60.0).clamp(0.0, t_end);
        let tp = r * t_end;
        // D(x, s) = s H(x / s) = a x / (x/s + b)^n, written as a x s^n / (x + s b)^n so that
        // s → 0 (peak at an end) is well behaved.
        let part = |x: f64, s: f64| {
            if x <= 0.0 || s <= 0.0 {
                0.0
            } else {
                a * x * s.powf(n) / (x + s * b).powf(n)
            }
        };
        let before = part(tp, r);
        if tm <= tp {
            before - part(tp - tm, r)
        } else {
            before + part(tm - tp, 1.0 - r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storm(r: f64, dur: f64, dt: f64) -> ChicagoStorm {
        ChicagoStorm {
            formula: StormFormula::ILLUSTRATIVE,
            return_period: 50.0,
            peak_ratio: r,
            duration: dur,
            time_step: dt,
        }
    }

    fn block_depth(s: &[(f64, f64)]) -> f64 {
        s.windows(2)
            .map(|w| w[0].1 * (w[1].0 - w[0].0) / 3600.0)
            .sum()
    }

    /// The defining property of the Chicago storm: the whole hyetograph holds the IDF depth
    /// i_avg(T)·T, to 1e-6 relative, for any peak ratio and step (incl. a step that does not
    /// divide T).
    #[test]
    fn total_depth_is_the_idf_depth() {
        for &(r, dur, dt) in &[
            (0.4, 3600.0, 300.0),
            (0.4, 7200.0, 60.0),
            (0.0, 3600.0, 300.0),
            (1.0, 3600.0, 300.0),
            (0.5, 5400.0, 420.0),
            (0.3, 1000.0, 1.0),
        ] {
            let s = storm(r, dur, dt);
            let f = StormFormula::ILLUSTRATIVE;
            let idf = f.intensity_mm_per_min(50.0, dur / 60.0).unwrap() * dur / 60.0;
            let h = s.hyetograph().unwrap();
            let d = block_depth(&h);
            assert!(
                ((d - idf) / idf).abs() < 1e-6,
                "r={r} T={dur} dt={dt}: {d} vs {idf}"
            );
            assert_eq!(h.last().unwrap(), &(dur, 0.0));
            assert!(h.iter().all(|p| p.1 >= 0.0 && p.1.is_finite()));
        }
        // By hand: a = 10 (1 + 0.8 lg 50) = 23.592 mm/min; H(60) = 60 a / 70^0.7.
        let a = 10.0 * (1.0 + 0.8 * 50f64.log10());
        let h60 = 60.0 * a / 70f64.powf(0.7);
        assert!((storm(0.4, 3600.0, 300.0).total_depth_mm().unwrap() - h60).abs() < 1e-9);
    }

    /// Every window of duration t around the peak (split r : 1 − r) holds the IDF depth H(t).
    #[test]
    fn every_window_around_the_peak_holds_the_idf_depth() {
        let s = storm(0.4, 7200.0, 60.0);
        let tp = 0.4 * 7200.0;
        for &t in &[60.0, 600.0, 1800.0, 3600.0, 7200.0] {
            let d = s.cumulative_depth_mm(tp + 0.6 * t).unwrap()
                - s.cumulative_depth_mm(tp - 0.4 * t).unwrap();
            let idf = s.formula.depth_mm(50.0, t / 60.0).unwrap();
            assert!(((d - idf) / idf).abs() < 1e-6, "t={t}: {d} vs {idf}");
        }
    }

    /// The peak block contains r·T, and the instantaneous intensity peaks at r·T.
    #[test]
    fn peak_at_r_t() {
        for &r in &[0.2, 0.4, 0.5, 0.7] {
            let s = storm(r, 3600.0, 60.0);
            let h = s.hyetograph().unwrap();
            let (k, _) = h
                .iter()
                .enumerate()
                .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
                .unwrap();
            let tp = r * 3600.0;
            assert!(
                h[k].0 <= tp + 1e-9 && tp <= h[k + 1].0 + 1e-9,
                "r={r}: peak block {}..{} misses {tp}",
                h[k].0,
                h[k + 1].0
            );
            let ip = s.intensity_mm_per_h(tp).unwrap();
            for dt in [1.0, 10.0, 100.0] {
                assert!(ip > s.intensity_mm_per_h(tp - dt).unwrap());
                assert!(ip > s.intensity_mm_per_h(tp + dt).unwrap());
            }
            // Instantaneous peak = a / b^n (mm/min).
            let a = s.formula.scale(50.0).unwrap();
            assert!((ip - 60.0 * a / 10f64.powf(0.7)).abs() < 1e-9 * ip);
        }
    }

    #[test]
    fn rejects_bad_parameters() {
        assert!(storm(0.4, 3600.0, 300.0).validate().is_ok());
        let bad = [
            ChicagoStorm {
                return_period: 0.5,
                ..storm(0.4, 3600.0, 300.0)
            },
            storm(-0.1, 3600.0, 300.0),
            storm(1.1, 3600.0, 300.0),
            storm(0.4, 0.0, 300.0),
            storm(0.4, -5.0, 300.0),
            storm(0.4, 3600.0, 0.0),
            storm(0.4, f64::NAN, 300.0),
        ];
        for s in bad {
            assert!(s.hyetograph().is_err(), "{s:?}");
        }
        for (a, c, b, n) in [
            (0.0, 0.8, 10.0, 0.7),
            (10.0, -0.1, 10.0, 0.7),
            (10.0, 0.8, -1.0, 0.7),
            (10.0, 0.8, 0.0, 0.7),
            (10.0, 0.8, 10.0, 0.0),
            (10.0, 0.8, 10.0, 1.2),
            (f64::NAN, 0.8, 10.0, 0.7),
        ] {
            let e = StormFormula::new(a, c, b, n).unwrap_err();
            assert!(e.to_string().contains("storm formula"), "{e}");
        }
        let e = storm(0.4, 3600.0, 300.0);
        let e = ChicagoStorm {
            return_period: 0.5,
            ..e
        }
        .hyetograph()
        .unwrap_err();
        assert!(e.to_string().contains("return period"), "{e}");
    }
}
