//! Crown fire at a point: whether a surface fire climbs into the canopy and how fast the crown
//! fire runs, by Scott & Reinhardt's (2001) linked models (RMRS-RP-29), as BehavePlus and
//! FlamMap compute it.
//!
//! - **Initiation** (Van Wagner 1977): a surface fire lights the crowns when its Byram intensity
//!   reaches I'_o = (0.010 · CBH · (460 + 25.9 · FMC))^{3/2} kW/m, with CBH the canopy base
//!   height (m, at least 0.1) and FMC the foliar moisture (%, at least 30). The *transition
//!   ratio* is I_B / I'_o. The surface spread rate that gives I'_o is
//!   R'_initiation = I'_o / H_A, with H_A the surface fire's heat per unit area.
//! - **Active crown spread rate** (Rothermel 1991): R_active = 3.34 · R_10, where R_10 is the
//!   spread rate of fuel model 10 with the same dead and live moistures, a midflame wind of
//!   0.4 × the 20-ft wind, on level ground.
//! - **Sustained active crowning** (Van Wagner 1977): R'_active = 3.0 / CBD m/min, with CBD the
//!   canopy bulk density (kg/m³). The *active ratio* is R_active / R'_active.
//! - **Fire type**: surface (both ratios < 1), torching or passive crown fire (transition ≥ 1,
//!   active < 1), conditional crown fire (transition < 1, active ≥ 1; reported as a surface fire),
//!   and active crown fire (both ≥ 1).
//! - **Crowning index** O'_active: the 20-ft wind at which R_active = R'_active, from the
//!   inverse of Rothermel's wind factor for fuel model 10, φ_w = C U^B (β/β_op)^{−E}, with the
//!   midflame wind 0.4 O'_active.
//! - **Crown fraction burned** (Scott & Reinhardt 2001, eq. 28):
//!   CFB = (R_s − R'_initiation) / (R'_SA − R'_initiation), clamped to [0, 1], where R'_SA is the
//!   surface spread rate with the 20-ft wind at O'_active.
//! - **Passive crown fire**: R = R_s + CFB (R_active − R_s); H = H_A + CFB · CFL · h_c, with the
//!   canopy fuel load CFL = CBD (CH − CBH) and h_c = 8000 BTU/lb (18.6 MJ/kg), the low heat of
//!   combustion of foliage that BehavePlus uses; I = H R.
//! - **Active crown fire**: R = R_active, H = H_A + CFL h_c, I = H R.
//! - **Crown flame length** (Thomas 1963): L = 0.2 I^{2/3} ft with I in BTU/ft/s, used for
//!   passive and active crown fire; a surface fire keeps Byram's flame length.
//! - **Crown fire shape** (Rothermel 1991, eq. 10): L/B = 1 + 0.125 U_20 (mi/h).
//!
//! The surface fire uses the midflame wind `waf × wind_20ft` (see [`crate::wind_adjustment`] for
//! the wind adjustment factor under a canopy). Validated against pyrothermel 0.1.4 (the behave
//! library) in python/tests/test_fire_pyrothermel.py.

use crate::error::{check_range, Result};
use crate::fuel_model::FuelModel;
use crate::fuelbed::Fuelbed;
use crate::moisture::FuelMoisture;
use crate::surface_fire::{surface_fire_with, FireInputs, SpreadOptions, SurfaceFire};
use crate::units::{KW_M_PER_BTU_FT_S, M_PER_FT, M_S_PER_FT_MIN, M_S_PER_MI_H};
use crate::wind_slope::wind_coefficients;

/// Low heat of combustion of canopy foliage, 8000 BTU/lb (BehavePlus), in kJ/kg.
pub const FOLIAGE_HEAT_KJ_KG: f64 = 8000.0 * 2.326;

/// Canopy fuel of a stand (SI units).
///
/// ```
/// use hazsim_fire::crown::Canopy;
/// // A dense conifer stand: crowns from 4 m to 18 m, 0.15 kg/m³ of foliage, 100 % moisture.
/// let c = Canopy { base_height: 4.0, bulk_density: 0.15, height: 18.0, foliar_moisture: 1.0 };
/// assert!((c.fuel_load() - 2.1).abs() < 1e-12); // kg/m²
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canopy {
    /// Canopy base height CBH (m): the lowest height with enough foliage to carry fire upwards.
    pub base_height: f64,
    /// Canopy bulk density CBD (kg/m³) of the available canopy fuel.
    pub bulk_density: f64,
    /// Stand (canopy top) height CH (m), ≥ CBH.
    pub height: f64,
    /// Foliar moisture content FMC, a fraction of dry mass (1.0 = 100 %).
    pub foliar_moisture: f64,
}

impl Canopy {
    /// Canopy fuel load CFL = CBD (CH − CBH) (kg/m²).
    pub fn fuel_load(&self) -> f64 {
        self.bulk_density * (self.height - self.base_height)
    }

    fn validate(&self) -> Result<()> {
        check_range(
            "canopy.base_height",
            self.base_height,
            0.0,
            200.0,
            "a canopy base height in metres, 0-200",
        )?;
        check_range(
            "canopy.bulk_density",
            self.bulk_density,
            0.0,
            2.0,
            "a canopy bulk density in kg/m³, 0-2 (typically 0.05-0.3)",
        )?;
        check_range(
            "canopy.height",
            self.height,
            self.base_height,
            200.0,
            "a stand height in metres, at least the canopy base height",
        )?;
        check_range(
            "canopy.foliar_moisture",
            self.foliar_moisture,
            0.0,
            3.0,
            "a foliar moisture as a fraction (1.0 = 100 %), 0-3",
        )
    }
}

/// Weather and terrain of a crown fire run.
///
/// ```
/// use hazsim_fire::{crown::CrownInputs, FuelMoisture};
/// let w = CrownInputs {
///     moisture: FuelMoisture::new(0.04, 0.05, 0.06, 0.6, 0.9).unwrap(),
///     wind_20ft: 8.0,     // m/s, 20 ft above the vegetation
///     waf: 0.15,          // sheltered by the canopy
///     wind_direction: 270.0,
///     slope_fraction: 0.3,
///     aspect: 90.0,
/// };
/// assert!((w.waf * w.wind_20ft - 1.2).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrownInputs {
    /// Surface fuel moistures.
    pub moisture: FuelMoisture,
    /// Wind speed 20 ft (6.1 m) above the vegetation (m/s).
    pub wind_20ft: f64,
    /// Wind adjustment factor: midflame wind / 20-ft wind, in (0, 1].
    pub waf: f64,
    /// Direction the wind blows from (degrees clockwise from north).
    pub wind_direction: f64,
    /// Slope as rise over run.
    pub slope_fraction: f64,
    /// Aspect: the downslope direction (degrees clockwise from north).
    pub aspect: f64,
}

/// The kind of fire, from the transition and active ratios.
///
/// ```
/// use hazsim_fire::crown::CrownFireType;
/// assert_eq!(CrownFireType::from_ratios(1.2, 0.4), CrownFireType::Torching);
/// assert!(CrownFireType::Crowning.is_crown_fire());
/// assert!(!CrownFireType::ConditionalCrown.is_crown_fire());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrownFireType {
    /// The fire stays on the surface.
    Surface,
    /// Passive crown fire: single trees or groups torch, the fire still spreads on the surface.
    Torching,
    /// The canopy could carry an active crown fire, but the surface fire cannot start one.
    ConditionalCrown,
    /// Active crown fire: the fire spreads through the canopy.
    Crowning,
}

impl CrownFireType {
    /// The type for a transition ratio and an active ratio (a ratio ≥ 1 passes).
    pub fn from_ratios(transition: f64, active: f64) -> Self {
        match (transition >= 1.0, active >= 1.0) {
            (false, false) => CrownFireType::Surface,
            (false, true) => CrownFireType::ConditionalCrown,
            (true, false) => CrownFireType::Torching,
            (true, true) => CrownFireType::Crowning,
        }
    }

    /// Torching or crowning.
    pub fn is_crown_fire(self) -> bool {
        matches!(self, CrownFireType::Torching | CrownFireType::Crowning)
    }

    /// Code 0 surface, 1 torching, 2 conditional crown fire, 3 crowning.
    pub fn code(self) -> u8 {
        match self {
            CrownFireType::Surface => 0,
            CrownFireType::Torching => 1,
            CrownFireType::ConditionalCrown => 2,
            CrownFireType::Crowning => 3,
        }
    }
}

/// Crown fire behaviour at a point (SI units). The `final_*` values are the fire's, whatever its
/// type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrownFire {
    /// The surface fire under the canopy.
    pub surface: SurfaceFire,
    /// Surface, torching, conditional crown fire or crowning.
    pub fire_type: CrownFireType,
    /// Van Wagner's critical surface fireline intensity I'_o for crown ignition (kW/m).
    pub critical_surface_intensity: f64,
    /// Surface spread rate that reaches I'_o, R'_initiation (m/s).
    pub critical_surface_ros: f64,
    /// Rothermel's (1991) active crown fire spread rate R_active (m/s).
    pub active_crown_ros: f64,
    /// Spread rate needed to sustain active crowning, R'_active = 3/CBD m/min (m/s).
    pub critical_crown_ros: f64,
    /// Surface fireline intensity / I'_o.
    pub transition_ratio: f64,
    /// R_active / R'_active.
    pub active_ratio: f64,
    /// Crowning index O'_active: the 20-ft wind (m/s) at which R_active reaches R'_active.
    pub crowning_wind_20ft: f64,
    /// Crown fraction burned, 0-1 (Scott & Reinhardt 2001).
    pub crown_fraction_burned: f64,
    /// Spread rate of the fire (m/s).
    pub final_ros: f64,
    /// Heat per unit area of the fire, surface plus burned canopy (kJ/m²).
    pub final_heat_per_unit_area: f64,
    /// Byram fireline intensity of the fire (kW/m).
    pub final_fireline_intensity: f64,
    /// Flame length (m): Byram's for a surface fire, Thomas's (1963) for a crown fire.
    pub final_flame_length: f64,
    /// Length-to-breadth ratio of a crown fire, 1 + 0.125 U_20 (mi/h) (Rothermel 1991).
    pub crown_length_to_breadth: f64,
}

/// Thomas's (1963) flame length (m) of a crown fire of intensity `i` (kW/m): 0.2 I^{2/3} ft with
/// I in BTU/ft/s.
fn thomas_flame_length(i: f64) -> f64 {
    if i <= 0.0 {
        0.0
    } else {
        0.2 * (i / KW_M_PER_BTU_FT_S).powf(2.0 / 3.0) * M_PER_FT
    }
}

/// Crown fire behaviour by Scott & Reinhardt (2001) for surface fuel `model` under `canopy` (see
/// the module documentation). `options` apply to every surface run (use
/// [`SpreadOptions::behave`] to reproduce BehavePlus).
///
/// ```
/// use hazsim_fire::crown::{crown_fire, Canopy, CrownFireType, CrownInputs};
/// use hazsim_fire::{FuelModel, FuelMoisture, SpreadOptions};
/// let canopy = Canopy { base_height: 2.0, bulk_density: 0.2, height: 15.0, foliar_moisture: 0.9 };
/// let weather = CrownInputs {
///     moisture: FuelMoisture::new(0.03, 0.04, 0.05, 0.3, 0.6).unwrap(),
///     wind_20ft: 12.0,
///     waf: 0.2,
///     wind_direction: 225.0,
///     slope_fraction: 0.4,
///     aspect: 45.0,
/// };
/// let f = crown_fire(&FuelModel::standard(10).unwrap(), &canopy, &weather, &SpreadOptions::behave()).unwrap();
/// assert_eq!(f.fire_type, CrownFireType::Crowning);
/// assert!(f.final_ros > 10.0 * f.surface.head_ros); // the crown fire outruns the surface fire
/// assert!(f.final_fireline_intensity > 10_000.0); // kW/m
/// ```
pub fn crown_fire(
    model: &FuelModel,
    canopy: &Canopy,
    inputs: &CrownInputs,
    options: &SpreadOptions,
) -> Result<CrownFire> {
    canopy.validate()?;
    check_range(
        "wind_20ft",
        inputs.wind_20ft,
        0.0,
        100.0,
        "a 20-ft wind speed in m/s, 0-100",
    )?;
    check_range(
        "waf",
        inputs.waf,
        1e-6,
        1.0,
        "a wind adjustment factor (midflame / 20-ft wind) in (0, 1]",
    )?;
    let surface_at = |u20: f64| {
        surface_fire_with(
            model,
            &FireInputs {
                moisture: inputs.moisture,
                midflame_wind_speed: inputs.waf * u20,
                wind_direction: inputs.wind_direction,
                slope_fraction: inputs.slope_fraction,
                aspect: inputs.aspect,
            },
            options,
        )
    };
    let surface = surface_at(inputs.wind_20ft)?;

    // Rothermel (1991): fuel model 10, midflame wind 0.4 U_20, level ground, R_active = 3.34 R_10.
    let fm10 = FuelModel::standard(10)?;
    let crown_wind = |u20: f64| FireInputs {
        moisture: inputs.moisture,
        midflame_wind_speed: 0.4 * u20,
        wind_direction: 0.0,
        slope_fraction: 0.0,
        aspect: 0.0,
    };
    let r10 = surface_fire_with(&fm10, &crown_wind(inputs.wind_20ft), options)?;
    let active_crown_ros = 3.34 * r10.head_ros;

    // Van Wagner (1977).
    let cbh = canopy.base_height.max(0.1);
    let fmc_pct = (100.0 * canopy.foliar_moisture).max(30.0);
    let critical_surface_intensity = (0.010 * cbh * (460.0 + 25.9 * fmc_pct)).powf(1.5);
    let critical_crown_ros = if canopy.bulk_density < 1e-7 {
        0.0
    } else {
        3.0 / canopy.bulk_density / 60.0
    };
    let transition_ratio = if critical_surface_intensity < 1e-7 {
        0.0
    } else {
        surface.fireline_intensity / critical_surface_intensity
    };
    let active_ratio = if critical_crown_ros < 1e-7 {
        0.0
    } else {
        active_crown_ros / critical_crown_ros
    };
    let fire_type = CrownFireType::from_ratios(transition_ratio, active_ratio);

    // Crowning index: invert R_10 = R0 (1 + C U^B (β/β_op)^{-E}) at R_10 = R'_active / 3.34 for
    // the midflame wind U (ft/min, no slope), then U_20 = U / 0.4.
    let crowning_wind_20ft = {
        let bed = Fuelbed::new(&fm10, &inputs.moisture, options.herb_curing);
        let (c, b, e) = wind_coefficients(bed.sigma);
        let k = c * bed.relative_packing_ratio().powf(-e);
        let r0 = r10.no_wind_no_slope_ros;
        let a = if r0 > 0.0 && k > 0.0 {
            ((critical_crown_ros / 3.34) / r0 - 1.0) / k
        } else {
            f64::NAN
        };
        if a > 0.0 {
            a.powf(1.0 / b) * M_S_PER_FT_MIN / 0.4
        } else if a == 0.0 {
            0.0
        } else {
            f64::NAN
        }
    };

    // Scott & Reinhardt (2001): crown fraction burned between the surface spread rate that
    // initiates crowning and the one at the crowning index.
    let h_a = surface.heat_per_unit_area;
    let critical_surface_ros = if h_a > 0.0 {
        critical_surface_intensity / h_a
    } else {
        f64::INFINITY
    };
    let crowning_surface_ros = if crowning_wind_20ft.is_finite() {
        surface_at(crowning_wind_20ft)?.head_ros
    } else {
        f64::NAN
    };
    let denom = crowning_surface_ros - critical_surface_ros;
    let crown_fraction_burned = if denom > 1e-7 * M_S_PER_FT_MIN {
        ((surface.head_ros - critical_surface_ros) / denom).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let canopy_heat = canopy.fuel_load() * FOLIAGE_HEAT_KJ_KG;
    let (final_ros, final_heat_per_unit_area, final_flame) = match fire_type {
        CrownFireType::Surface | CrownFireType::ConditionalCrown => (surface.head_ros, h_a, None),
        CrownFireType::Torching => {
            let cfb = crown_fraction_burned;
            (
                surface.head_ros + cfb * (active_crown_ros - surface.head_ros),
                h_a + cfb * canopy_heat,
                Some(()),
            )
        }
        CrownFireType::Crowning => (active_crown_ros, h_a + canopy_heat, Some(())),
    };
    let (final_fireline_intensity, final_flame_length) = match final_flame {
        None => (surface.fireline_intensity, surface.flame_length),
        Some(()) => {
            let i = final_heat_per_unit_area * final_ros;
            (i, thomas_flame_length(i))
        }
    };
    let u20_mph = inputs.wind_20ft / M_S_PER_MI_H;
    Ok(CrownFire {
        surface,
        fire_type,
        critical_surface_intensity,
        critical_surface_ros,
        active_crown_ros,
        critical_crown_ros,
        transition_ratio,
        active_ratio,
        crowning_wind_20ft,
        crown_fraction_burned,
        final_ros,
        final_heat_per_unit_area,
        final_fireline_intensity,
        final_flame_length,
        crown_length_to_breadth: if inputs.wind_20ft > 1e-7 {
            1.0 + 0.125 * u20_mph
        } else {
            1.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 5 m/s at 20 ft under a canopy (WAF 0.2), level ground, moderate moistures.
    fn breeze() -> CrownInputs {
        CrownInputs {
            moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap(),
            wind_20ft: 5.0,
            waf: 0.2,
            wind_direction: 0.0,
            slope_fraction: 0.0,
            aspect: 0.0,
        }
    }

    /// Van Wagner's (1977) critical intensity by hand: CBH 4 m, FMC 100 %:
    /// (0.010 · 4 · (460 + 2590))^{3/2} = 122^{3/2} = 1347.5 kW/m. Tolerance 1e-9 relative.
    #[test]
    fn critical_intensity_by_hand() {
        let canopy = Canopy {
            base_height: 4.0,
            bulk_density: 0.1,
            height: 20.0,
            foliar_moisture: 1.0,
        };
        let w = breeze();
        let f = crown_fire(
            &FuelModel::standard(2).unwrap(),
            &canopy,
            &w,
            &SpreadOptions::behave(),
        )
        .unwrap();
        let want = 122f64.powf(1.5);
        assert!((f.critical_surface_intensity - want).abs() < 1e-9 * want);
        // R'_active = 3 / 0.1 m/min = 0.5 m/s.
        assert!((f.critical_crown_ros - 0.5).abs() < 1e-12);
        // At the crowning index the active ratio is 1 (the inverse of the wind factor).
        let at = crown_fire(
            &FuelModel::standard(2).unwrap(),
            &canopy,
            &CrownInputs {
                wind_20ft: f.crowning_wind_20ft,
                ..w
            },
            &SpreadOptions {
                wind_limit: crate::WindLimit::Ignored,
                ..SpreadOptions::behave()
            },
        )
        .unwrap();
        assert!((at.active_ratio - 1.0).abs() < 1e-9, "{}", at.active_ratio);
    }

    #[test]
    fn bad_canopy_is_an_error_naming_it() {
        let w = breeze();
        let fm = FuelModel::standard(2).unwrap();
        let opts = SpreadOptions::behave();
        let c = Canopy {
            base_height: 10.0,
            bulk_density: 0.1,
            height: 5.0,
            foliar_moisture: 1.0,
        };
        let e = crown_fire(&fm, &c, &w, &opts).unwrap_err().to_string();
        assert!(e.contains("canopy.height"), "{e}");
        let c = Canopy {
            height: 20.0,
            foliar_moisture: 100.0,
            ..c
        };
        let e = crown_fire(&fm, &c, &w, &opts).unwrap_err().to_string();
        assert!(e.contains("canopy.foliar_moisture"), "{e}");
        let e = crown_fire(
            &fm,
            &Canopy {
                foliar_moisture: 1.0,
                ..c
            },
            &CrownInputs { waf: 0.0, ..w },
            &opts,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("waf"), "{e}");
    }
}
