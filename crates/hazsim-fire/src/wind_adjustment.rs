//! Wind adjustment factor (WAF): from the 20-ft (6.1 m) wind to the midflame wind that
//! Rothermel's model takes (Albini & Baughman 1979, USDA For. Serv. Res. Pap. INT-221;
//! Andrews 2012, RMRS-GTR-266). A 10-m wind is first reduced to 20 ft by dividing by 1.15
//! (Turner & Lawson 1978, as in BehavePlus).

use crate::error::{check_range, Result};
use crate::units::M_PER_FT;

/// Ratio of the 10-m to the 20-ft open wind speed (Turner & Lawson 1978).
pub const TEN_METER_TO_TWENTY_FOOT: f64 = 1.0 / 1.15;

/// Converts a 10-m open wind speed to the 20-ft wind speed (same units).
///
/// ```
/// let u20 = hazsim_fire::wind_adjustment::ten_meter_to_twenty_foot(11.5);
/// assert!((u20 - 10.0).abs() < 1e-12);
/// ```
pub fn ten_meter_to_twenty_foot(u10: f64) -> f64 {
    u10 * TEN_METER_TO_TWENTY_FOOT
}

/// Unsheltered WAF for a fuel bed `fuel_depth` metres deep:
/// WAF = 1.83 / ln((20 + 0.36 H) / (0.13 H)), H the depth in ft (Albini & Baughman 1979;
/// Andrews 2012, eq. 5).
///
/// ```
/// use hazsim_fire::wind_adjustment::unsheltered_waf;
/// // 1 ft deep grass: about 0.36 (Andrews 2012, table 4 lists 0.36 for FM1).
/// let waf = unsheltered_waf(0.3048).unwrap();
/// assert!((waf - 0.3625).abs() < 1e-3);
/// ```
pub fn unsheltered_waf(fuel_depth: f64) -> Result<f64> {
    check_range(
        "fuel_depth",
        fuel_depth,
        f64::MIN_POSITIVE,
        100.0,
        "a fuel bed depth in metres, > 0",
    )?;
    let h = fuel_depth / M_PER_FT;
    Ok(1.83 / ((20.0 + 0.36 * h) / (0.13 * h)).ln())
}

/// Sheltered WAF under a canopy: WAF = 0.555 / (√(f H) ln((20 + 0.36 H)/(0.13 H))), with
/// H the canopy height in ft and f = canopy_cover × crown_ratio / 3 the fraction of the canopy
/// layer filled with crowns (Albini & Baughman 1979; Andrews 2012, eq. 6).
///
/// `canopy_cover` and `crown_ratio` are fractions in (0, 1], `canopy_height` in metres.
///
/// ```
/// use hazsim_fire::wind_adjustment::sheltered_waf;
/// let waf = sheltered_waf(0.5, 15.0, 0.5).unwrap();
/// assert!(waf > 0.05 && waf < 0.3);
/// assert!(sheltered_waf(1.5, 15.0, 0.5).is_err());
/// ```
pub fn sheltered_waf(canopy_cover: f64, canopy_height: f64, crown_ratio: f64) -> Result<f64> {
    check_range(
        "canopy_cover",
        canopy_cover,
        f64::MIN_POSITIVE,
        1.0,
        "a fraction in (0, 1], e.g. 0.5 for 50 % cover",
    )?;
    check_range(
        "canopy_height",
        canopy_height,
        f64::MIN_POSITIVE,
        150.0,
        "a canopy height in metres, > 0",
    )?;
    check_range(
        "crown_ratio",
        crown_ratio,
        f64::MIN_POSITIVE,
        1.0,
        "a fraction in (0, 1]",
    )?;
    let h = canopy_height / M_PER_FT;
    let f = canopy_cover * crown_ratio / 3.0;
    Ok(0.555 / ((f * h).sqrt() * ((20.0 + 0.36 * h) / (0.13 * h)).ln()))
}

/// Crown fill portion above which the fuel counts as sheltered by the canopy (BehavePlus;
/// Andrews 2012): f = canopy_cover × crown_ratio / 3 > 0.05.
pub const SHELTERED_CROWN_FILL: f64 = 0.05;

/// A forest canopy over the surface fuel.
///
/// ```
/// use hazsim_fire::wind_adjustment::Canopy;
/// let c = Canopy { cover: 0.5, height: 15.0, crown_ratio: 0.5 };
/// assert!((c.crown_fill() - 0.5 * 0.5 / 3.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canopy {
    /// Canopy cover, fraction in [0, 1].
    pub cover: f64,
    /// Canopy (stand) height, m.
    pub height: f64,
    /// Crown ratio (crown length / tree height), fraction in (0, 1].
    pub crown_ratio: f64,
}

impl Canopy {
    /// Crown fill portion f = cover × crown_ratio / 3 (Albini & Baughman 1979).
    ///
    /// ```
    /// let c = hazsim_fire::wind_adjustment::Canopy { cover: 0.3, height: 10.0, crown_ratio: 1.0 };
    /// assert!((c.crown_fill() - 0.1).abs() < 1e-12);
    /// ```
    pub fn crown_fill(&self) -> f64 {
        self.cover * self.crown_ratio / 3.0
    }
}

/// Height of the open wind speed given to [`midflame_wind_speed`].
///
/// ```
/// use hazsim_fire::wind_adjustment::WindHeight;
/// assert_ne!(WindHeight::TwentyFoot, WindHeight::TenMeter);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindHeight {
    /// 20 ft (6.1 m) above the vegetation, the US fire-weather standard.
    TwentyFoot,
    /// 10 m above ground (WMO standard); reduced to 20 ft by dividing by 1.15.
    TenMeter,
}

/// The wind adjustment factor BehavePlus would use: sheltered when a canopy is given and its
/// crown fill portion exceeds 5 %, else unsheltered from the fuel depth (m).
///
/// ```
/// use hazsim_fire::wind_adjustment::{wind_adjustment_factor, Canopy};
/// let open = wind_adjustment_factor(0.3048, None).unwrap();
/// let sparse = Canopy { cover: 0.01, height: 10.0, crown_ratio: 0.5 };
/// assert_eq!(wind_adjustment_factor(0.3048, Some(&sparse)).unwrap(), open);
/// ```
pub fn wind_adjustment_factor(fuel_depth: f64, canopy: Option<&Canopy>) -> Result<f64> {
    if let Some(c) = canopy {
        check_range(
            "canopy_cover",
            c.cover,
            0.0,
            1.0,
            "a fraction in [0, 1], e.g. 0.5 for 50 % cover",
        )?;
        if c.crown_fill() > SHELTERED_CROWN_FILL {
            return sheltered_waf(c.cover, c.height, c.crown_ratio);
        }
    }
    unsheltered_waf(fuel_depth)
}

/// Midflame wind speed from an open wind speed measured at `height` (same units in and out).
///
/// ```
/// use hazsim_fire::wind_adjustment::{midflame_wind_speed, WindHeight};
/// // 10 m/s at 20 ft over 6-ft chaparral (FM4): WAF 0.547.
/// let u = midflame_wind_speed(10.0, WindHeight::TwentyFoot, 6.0 * 0.3048, None).unwrap();
/// assert!((u - 5.468).abs() < 1e-3);
/// ```
pub fn midflame_wind_speed(
    open_wind: f64,
    height: WindHeight,
    fuel_depth: f64,
    canopy: Option<&Canopy>,
) -> Result<f64> {
    check_range(
        "open_wind",
        open_wind,
        0.0,
        200.0,
        "a wind speed >= 0 (m/s), finite",
    )?;
    let u20 = match height {
        WindHeight::TwentyFoot => open_wind,
        WindHeight::TenMeter => ten_meter_to_twenty_foot(open_wind),
    };
    Ok(u20 * wind_adjustment_factor(fuel_depth, canopy)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins from pyrothermel 0.1.4: PyrothermelRun(FuelModel.from_existing(code,
    // units_preset='us_standard'), MoistureScenario(0.06, 0.07, 0.08, 0.6, 0.9), 10.0,
    // units_preset='us_standard', wind_input_mode=MODE, canopy_cover=CC, canopy_height=H_FT,
    // canopy_ratio=CR).run_surface_fire_in_direction_of_max_spread()['midflame_windspeed']
    // (mi/h, for a 10 mi/h open wind). Tolerance 1e-9 relative (same formula, f64).
    #[test]
    fn pyrothermel_midflame_wind_pins() {
        let ft = 0.3048;
        let cases: [(f64, WindHeight, Option<Canopy>, f64); 8] = [
            (6.0, WindHeight::TwentyFoot, None, 5.467990971762748), // FM4, cc 0
            (6.0, WindHeight::TenMeter, None, 4.754774758054563),
            (0.2, WindHeight::TwentyFoot, None, 2.752299972493666), // FM8
            (0.2, WindHeight::TenMeter, None, 2.393304323907536),
            // cc 0.01: crown fill below 5 %, unsheltered
            (
                6.0,
                WindHeight::TwentyFoot,
                Some(Canopy {
                    cover: 0.01,
                    height: 30.0 * ft,
                    crown_ratio: 0.5,
                }),
                5.467990971762748,
            ),
            (
                0.2,
                WindHeight::TwentyFoot,
                Some(Canopy {
                    cover: 0.5,
                    height: 50.0 * ft,
                    crown_ratio: 0.5,
                }),
                1.5397883546716085,
            ),
            (
                0.2,
                WindHeight::TenMeter,
                Some(Canopy {
                    cover: 0.5,
                    height: 50.0 * ft,
                    crown_ratio: 0.5,
                }),
                1.338946395366616,
            ),
            (
                6.0,
                WindHeight::TwentyFoot,
                Some(Canopy {
                    cover: 0.8,
                    height: 80.0 * ft,
                    crown_ratio: 0.4,
                }),
                1.228981501030242,
            ),
        ];
        for (depth_ft, height, canopy, expected) in cases {
            let u = midflame_wind_speed(10.0, height, depth_ft * ft, canopy.as_ref()).unwrap();
            assert!(
                (u - expected).abs() < 1e-9 * expected,
                "{depth_ft} {height:?} {canopy:?}: {u} vs {expected}"
            );
        }
    }

    #[test]
    fn bad_inputs_are_named() {
        assert!(unsheltered_waf(0.0)
            .unwrap_err()
            .to_string()
            .contains("fuel_depth"));
        assert!(sheltered_waf(0.5, -1.0, 0.5)
            .unwrap_err()
            .to_string()
            .contains("canopy_height"));
        assert!(sheltered_waf(0.5, 10.0, 0.0)
            .unwrap_err()
            .to_string()
            .contains("crown_ratio"));
        assert!(midflame_wind_speed(-1.0, WindHeight::TenMeter, 0.3, None)
            .unwrap_err()
            .to_string()
            .contains("open_wind"));
    }
}
