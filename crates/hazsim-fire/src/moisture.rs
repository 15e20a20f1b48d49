//! Fuel moisture contents (fractions of oven-dry mass) and the dynamic curing of herbaceous
//! fuel of Scott & Burgan (2005).

use crate::error::{check_range, Result};

/// Moisture contents of the five fuel classes, as fractions (0.06 = 6 %).
///
/// ```
/// use hazsim_fire::FuelMoisture;
/// let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap();
/// assert_eq!(m.one_hour, 0.06);
/// assert!(FuelMoisture::new(-0.01, 0.07, 0.08, 0.60, 0.90).is_err());
/// assert!(FuelMoisture::new(6.0, 7.0, 8.0, 60.0, 90.0).is_err()); // percent by mistake
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuelMoisture {
    /// 1-h dead fuel moisture (fraction).
    pub one_hour: f64,
    /// 10-h dead fuel moisture (fraction).
    pub ten_hour: f64,
    /// 100-h dead fuel moisture (fraction).
    pub hundred_hour: f64,
    /// Live herbaceous moisture (fraction).
    pub live_herb: f64,
    /// Live woody moisture (fraction).
    pub live_woody: f64,
}

/// Upper bound accepted for dead fuel moisture (fraction); larger values are almost surely
/// percentages.
pub const MAX_DEAD_MOISTURE: f64 = 1.0;
/// Upper bound accepted for live fuel moisture (fraction).
pub const MAX_LIVE_MOISTURE: f64 = 5.0;

impl FuelMoisture {
    /// Builds and validates a moisture scenario (fractions).
    ///
    /// ```
    /// let m = hazsim_fire::FuelMoisture::new(0.03, 0.04, 0.05, 0.30, 0.60).unwrap();
    /// assert_eq!(m.live_woody, 0.60);
    /// ```
    pub fn new(
        one_hour: f64,
        ten_hour: f64,
        hundred_hour: f64,
        live_herb: f64,
        live_woody: f64,
    ) -> Result<Self> {
        let m = FuelMoisture {
            one_hour,
            ten_hour,
            hundred_hour,
            live_herb,
            live_woody,
        };
        m.validate()?;
        Ok(m)
    }

    /// Checks every moisture: finite, >= 0, dead <= 1.0 and live <= 5.0 (fractions).
    ///
    /// ```
    /// let mut m = hazsim_fire::FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
    /// m.ten_hour = f64::NAN;
    /// assert!(m.validate().unwrap_err().to_string().contains("moisture.ten_hour"));
    /// m.ten_hour = 7.0; // 7 % given as a percentage
    /// let e = m.validate().unwrap_err().to_string();
    /// assert!(e.contains("percentage") && e.contains("0.07"), "{e}");
    /// ```
    pub fn validate(&self) -> Result<()> {
        // Values above the fraction limits but within 0-100 % (dead) or 0-500 % (live) are
        // almost surely percentages: say so.
        for (parameter, value, max) in [
            ("moisture.one_hour", self.one_hour, MAX_DEAD_MOISTURE),
            ("moisture.ten_hour", self.ten_hour, MAX_DEAD_MOISTURE),
            (
                "moisture.hundred_hour",
                self.hundred_hour,
                MAX_DEAD_MOISTURE,
            ),
            ("moisture.live_herb", self.live_herb, MAX_LIVE_MOISTURE),
            ("moisture.live_woody", self.live_woody, MAX_LIVE_MOISTURE),
        ] {
            if value > max && value <= 100.0 * max {
                return Err(crate::Error::MoistureInPercent {
                    parameter,
                    value,
                    fraction: value / 100.0,
                });
            }
        }
        const DEAD: &str = "a fraction of oven-dry mass in [0, 1] (6 % is 0.06)";
        const LIVE: &str = "a fraction of oven-dry mass in [0, 5] (90 % is 0.9)";
        check_range(
            "moisture.one_hour",
            self.one_hour,
            0.0,
            MAX_DEAD_MOISTURE,
            DEAD,
        )?;
        check_range(
            "moisture.ten_hour",
            self.ten_hour,
            0.0,
            MAX_DEAD_MOISTURE,
            DEAD,
        )?;
        check_range(
            "moisture.hundred_hour",
            self.hundred_hour,
            0.0,
            MAX_DEAD_MOISTURE,
            DEAD,
        )?;
        check_range(
            "moisture.live_herb",
            self.live_herb,
            0.0,
            MAX_LIVE_MOISTURE,
            LIVE,
        )?;
        check_range(
            "moisture.live_woody",
            self.live_woody,
            0.0,
            MAX_LIVE_MOISTURE,
            LIVE,
        )?;
        Ok(())
    }
}

/// Fraction of the herbaceous load that is cured (dead) for a dynamic fuel model, from the live
/// herbaceous moisture `m_herb` (fraction). Scott & Burgan (2005, p. 9): fully cured at
/// ≤ 30 %, fully green at ≥ 120 %, linear in between.
///
/// ```
/// use hazsim_fire::moisture::cured_fraction;
/// assert_eq!(cured_fraction(0.30), 1.0);
/// assert_eq!(cured_fraction(1.20), 0.0);
/// assert!((cured_fraction(0.75) - 0.5).abs() < 1e-12);
/// ```
pub fn cured_fraction(m_herb: f64) -> f64 {
    if m_herb <= 0.30 {
        1.0
    } else if m_herb >= 1.20 {
        0.0
    } else {
        (1.20 - m_herb) / 0.90
    }
}

/// How the herbaceous load of a dynamic model cures with live herb moisture.
///
/// ```
/// use hazsim_fire::moisture::HerbCuring;
/// assert_eq!(HerbCuring::default(), HerbCuring::ScottBurgan);
/// assert!((HerbCuring::ScottBurgan.cured_fraction(1.2) - 0.0).abs() < 1e-12);
/// assert!((HerbCuring::BehavePlus.cured_fraction(1.2) - 0.001).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HerbCuring {
    /// Scott & Burgan (2005) as published: fully cured at ≤ 30 %, fully green at ≥ 120 %,
    /// exactly linear between ([`cured_fraction`]).
    #[default]
    ScottBurgan,
    /// The rounded line of the behave library (BehavePlus; found by comparison with pyrothermel
    /// 0.1.4): cured = 1.333 − 1.11 M for 30 % ≤ M ≤ 120 %, 1 below, 0 above. It differs from
    /// the exact line by at most 0.001 (at 120 %), which changes the spread rate of a nearly
    /// green grass model by up to about 1 %.
    BehavePlus,
}

impl HerbCuring {
    /// Cured fraction of the herbaceous load at live herb moisture `m_herb` (fraction).
    ///
    /// ```
    /// use hazsim_fire::moisture::HerbCuring;
    /// assert!((HerbCuring::BehavePlus.cured_fraction(0.6) - 0.667).abs() < 1e-12);
    /// assert!((HerbCuring::ScottBurgan.cured_fraction(0.6) - 2.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn cured_fraction(self, m_herb: f64) -> f64 {
        match self {
            HerbCuring::ScottBurgan => cured_fraction(m_herb),
            HerbCuring::BehavePlus => {
                if m_herb < 0.30 {
                    1.0
                } else if m_herb > 1.20 {
                    0.0
                } else {
                    (1.333 - 1.11 * m_herb).clamp(0.0, 1.0)
                }
            }
        }
    }
}
