//! Surface fire spread at a point: Rothermel (1972) / Albini (1976) rate of spread with wind and
//! slope, the elliptical fire shape of Anderson (1983), and Byram's (1959) intensity and flame
//! length, as BehavePlus computes them (Andrews 2018, RMRS-GTR-371).

use crate::error::{check_range, Result};
use crate::fuel_model::FuelModel;
use crate::fuelbed::Fuelbed;
use crate::heat_sink::heat_sink;
use crate::moisture::{FuelMoisture, HerbCuring};
use crate::propagating_flux::propagating_flux_ratio;
use crate::reaction_intensity::reaction_intensity;
use crate::units::{
    KW_M2_PER_BTU_FT2_MIN, KW_M_PER_BTU_FT_S, M_PER_FT, M_S_PER_FT_MIN, M_S_PER_MI_H,
};
use crate::wind_limit::{wind_speed_limit, WindLimit};
use crate::wind_slope::{
    combine, effective_wind_speed, slope_factor, wind_coefficients, wind_factor,
};

/// Largest accepted slope (rise/run): 10, about 84°.
pub const MAX_SLOPE_FRACTION: f64 = 10.0;
/// Largest accepted midflame wind speed (m/s).
pub const MAX_WIND_SPEED: f64 = 100.0;
/// Cap on the length-to-breadth ratio (Anderson 1983; BehavePlus).
pub const MAX_LENGTH_TO_BREADTH: f64 = 8.0;

/// Environmental inputs of the point model (SI).
///
/// ```
/// use hazsim_fire::{FireInputs, FuelMoisture};
/// let inputs = FireInputs {
///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
///     midflame_wind_speed: 2.2352, // 5 mi/h
///     wind_direction: 270.0,       // from the west
///     slope_fraction: 0.3,         // 30 % (rise/run)
///     aspect: 180.0,               // south-facing: upslope is north
/// };
/// assert!(inputs.validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FireInputs {
    /// Fuel moistures (fractions).
    pub moisture: FuelMoisture,
    /// Midflame wind speed (m/s), ≥ 0. See [`crate::wind_adjustment`] to get it from a 20-ft or
    /// 10-m wind.
    pub midflame_wind_speed: f64,
    /// Direction the wind comes from, degrees clockwise from north.
    pub wind_direction: f64,
    /// Slope as rise over run (0.3 = 30 % ≈ 16.7°), in [0, 10].
    pub slope_fraction: f64,
    /// Aspect: the downslope direction, degrees clockwise from north.
    pub aspect: f64,
}

impl FireInputs {
    /// Checks all inputs; errors name the parameter.
    ///
    /// ```
    /// use hazsim_fire::{FireInputs, FuelMoisture};
    /// let mut i = FireInputs {
    ///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
    ///     midflame_wind_speed: -1.0, wind_direction: 0.0, slope_fraction: 0.0, aspect: 0.0,
    /// };
    /// assert!(i.validate().unwrap_err().to_string().contains("midflame_wind_speed"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        self.moisture.validate()?;
        check_range(
            "midflame_wind_speed",
            self.midflame_wind_speed,
            0.0,
            MAX_WIND_SPEED,
            "a midflame wind speed in m/s in [0, 100] (1 mi/h = 0.44704 m/s)",
        )?;
        check_range(
            "wind_direction",
            self.wind_direction,
            -1e6,
            1e6,
            "a finite direction in degrees clockwise from north (where the wind comes from)",
        )?;
        check_range(
            "slope_fraction",
            self.slope_fraction,
            0.0,
            MAX_SLOPE_FRACTION,
            "rise over run in [0, 10] (a 30 % slope is 0.3; from degrees use tan)",
        )?;
        check_range(
            "aspect",
            self.aspect,
            -1e6,
            1e6,
            "a finite downslope direction in degrees clockwise from north",
        )?;
        Ok(())
    }
}

/// Model options.
///
/// ```
/// use hazsim_fire::{SpreadOptions, WindLimit};
/// let opts = SpreadOptions { wind_limit: WindLimit::Ignored, ..SpreadOptions::default() };
/// assert_ne!(opts, SpreadOptions::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpreadOptions {
    /// Apply the Rothermel (1972) wind limit (default: applied, as BehavePlus 5).
    pub wind_limit: WindLimit,
    /// Curing of the herbaceous load of dynamic models (default: Scott & Burgan 2005 exactly).
    pub herb_curing: HerbCuring,
}

impl SpreadOptions {
    /// The options that reproduce the behave library of BehavePlus (as in pyrothermel 0.1.4):
    /// wind limit applied, behave's rounded curing line.
    ///
    /// ```
    /// use hazsim_fire::{moisture::HerbCuring, SpreadOptions};
    /// assert_eq!(SpreadOptions::behave().herb_curing, HerbCuring::BehavePlus);
    /// ```
    pub fn behave() -> Self {
        SpreadOptions {
            wind_limit: WindLimit::Applied,
            herb_curing: HerbCuring::BehavePlus,
        }
    }
}

/// Surface fire behaviour at a point (SI units).
///
/// ```
/// use hazsim_fire::{surface_fire, FireInputs, FuelModel, FuelMoisture};
/// let fire = surface_fire(&FuelModel::standard(1).unwrap(), &FireInputs {
///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
///     midflame_wind_speed: 2.2352, wind_direction: 0.0, slope_fraction: 0.0, aspect: 0.0,
/// }).unwrap();
/// assert!((fire.direction_of_max_spread - 180.0).abs() < 1e-9); // wind from north
/// assert!((fire.ros_at(180.0) - fire.head_ros).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceFire {
    /// Head (maximum) rate of spread (m/s).
    pub head_ros: f64,
    /// Direction of maximum spread, degrees clockwise from north.
    pub direction_of_max_spread: f64,
    /// Backing rate of spread (m/s), opposite the head: head (1 − e)/(1 + e).
    pub backing_ros: f64,
    /// Flanking rate of spread (m/s): the ellipse's semi-minor axis growth rate,
    /// (head + backing) / (2 L/B), as BehavePlus reports it.
    pub flanking_ros: f64,
    /// No-wind, no-slope rate of spread R0 (m/s).
    pub no_wind_no_slope_ros: f64,
    /// Length-to-breadth ratio of the fire ellipse (Anderson 1983 in the mi/h form of
    /// Finney 1998), ≤ 8.
    pub length_to_breadth: f64,
    /// Eccentricity of the fire ellipse, √(L/B² − 1)/(L/B).
    pub eccentricity: f64,
    /// Reaction intensity I_R (kW/m²).
    pub reaction_intensity: f64,
    /// Byram fireline intensity at the head (kW/m).
    pub fireline_intensity: f64,
    /// Flame length at the head (m), Byram (1959).
    pub flame_length: f64,
    /// Flame residence time t_r = 384/σ (s; Anderson 1969).
    pub residence_time: f64,
    /// Heat per unit area I_R t_r (kJ/m²).
    pub heat_per_unit_area: f64,
    /// Effective midflame wind speed combining wind and slope (m/s), after the wind limit.
    pub effective_wind_speed: f64,
    /// Whether the wind limit capped the effective wind.
    pub wind_limit_exceeded: bool,
}

impl SurfaceFire {
    /// A fire that does not spread.
    fn none(direction: f64) -> SurfaceFire {
        SurfaceFire {
            head_ros: 0.0,
            direction_of_max_spread: direction,
            backing_ros: 0.0,
            flanking_ros: 0.0,
            no_wind_no_slope_ros: 0.0,
            length_to_breadth: 1.0,
            eccentricity: 0.0,
            reaction_intensity: 0.0,
            fireline_intensity: 0.0,
            flame_length: 0.0,
            residence_time: 0.0,
            heat_per_unit_area: 0.0,
            effective_wind_speed: 0.0,
            wind_limit_exceeded: false,
        }
    }

    /// Whether the fire spreads at all.
    ///
    /// ```
    /// use hazsim_fire::{surface_fire, FireInputs, FuelModel, FuelMoisture};
    /// let inputs = FireInputs {
    ///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
    ///     midflame_wind_speed: 0.0, wind_direction: 0.0, slope_fraction: 0.0, aspect: 0.0,
    /// };
    /// assert!(!surface_fire(&FuelModel::standard(99).unwrap(), &inputs).unwrap().spreads());
    /// ```
    pub fn spreads(&self) -> bool {
        self.head_ros > 0.0
    }

    /// Rate of spread (m/s) away from the ignition point in `direction_deg` (clockwise from
    /// north). The front is an ellipse with the ignition point at its rear focus, so
    /// ROS(θ) = head (1 − e) / (1 − e cos θ), θ the angle from the direction of maximum spread
    /// (Catchpole, de Mestre & Gill 1982; BehavePlus's spread "from the ignition point").
    ///
    /// ```
    /// use hazsim_fire::{surface_fire, FireInputs, FuelModel, FuelMoisture};
    /// let fire = surface_fire(&FuelModel::standard(4).unwrap(), &FireInputs {
    ///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
    ///     midflame_wind_speed: 2.2352, wind_direction: 270.0, slope_fraction: 0.0, aspect: 0.0,
    /// }).unwrap();
    /// assert!((fire.ros_at(90.0) - fire.head_ros).abs() < 1e-12);
    /// assert!((fire.ros_at(270.0) - fire.backing_ros).abs() < 1e-12);
    /// ```
    pub fn ros_at(&self, direction_deg: f64) -> f64 {
        let theta = (direction_deg - self.direction_of_max_spread).to_radians();
        let e = self.eccentricity;
        self.head_ros * (1.0 - e) / (1.0 - e * theta.cos())
    }
}

/// Length-to-breadth ratio of the fire ellipse from the effective midflame wind U (mi/h):
/// L/B = 0.936 e^{0.1147 U} + 0.461 e^{−0.0692 U} − 0.397, capped at 8.
///
/// Anderson (1983, USDA For. Serv. Res. Pap. INT-305) fitted
/// L/B = 0.936 e^{0.2566 U} + 0.461 e^{−0.1548 U} − 0.397 with U in **m/s**; the form above is
/// the same curve with U in mi/h (0.2566 × 0.44704 ≈ 0.1147, 0.1548 × 0.44704 ≈ 0.0692), as
/// FARSITE (Finney 1998, RMRS-RP-4) and the behave library of BehavePlus use it. (Applying the
/// 0.2566 coefficients to mi/h would make fires far too elongated: L/B = 8 at 8 mi/h.)
///
/// ```
/// use hazsim_fire::surface_fire::length_to_breadth_ratio;
/// assert!((length_to_breadth_ratio(0.0) - 1.0).abs() < 1e-12);
/// // 5 mi/h: about 1.59 (same as Anderson's m/s form at 2.2352 m/s).
/// let anderson_m_s = 0.936 * (0.2566 * 2.2352f64).exp() + 0.461 * (-0.1548 * 2.2352f64).exp() - 0.397;
/// assert!((length_to_breadth_ratio(5.0) - anderson_m_s).abs() < 1e-3);
/// assert_eq!(length_to_breadth_ratio(60.0), 8.0);
/// ```
pub fn length_to_breadth_ratio(u_mph: f64) -> f64 {
    if u_mph <= 0.0 {
        return 1.0;
    }
    let lb = 0.936 * (0.1147 * u_mph).exp() + 0.461 * (-0.0692 * u_mph).exp() - 0.397;
    lb.clamp(1.0, MAX_LENGTH_TO_BREADTH)
}

/// Surface fire behaviour with the default options (wind limit applied).
///
/// ```
/// use hazsim_fire::{surface_fire, FireInputs, FuelModel, FuelMoisture};
/// let fire = surface_fire(&FuelModel::standard(1).unwrap(), &FireInputs {
///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
///     midflame_wind_speed: 2.2352, wind_direction: 0.0, slope_fraction: 0.0, aspect: 0.0,
/// }).unwrap();
/// // BehavePlus gives 93.89 ch/h for this case.
/// let ch_h = hazsim_fire::units::m_per_s_to_chains_per_hour(fire.head_ros);
/// assert!((ch_h - 93.89).abs() < 0.01);
/// ```
pub fn surface_fire(model: &FuelModel, inputs: &FireInputs) -> Result<SurfaceFire> {
    surface_fire_with(model, inputs, &SpreadOptions::default())
}

/// Surface fire behaviour with explicit [`SpreadOptions`].
///
/// ```
/// use hazsim_fire::{surface_fire_with, FireInputs, FuelModel, FuelMoisture, SpreadOptions, WindLimit};
/// let inputs = FireInputs {
///     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
///     midflame_wind_speed: 15.0, wind_direction: 0.0, slope_fraction: 0.0, aspect: 0.0,
/// };
/// let fm1 = FuelModel::standard(1).unwrap();
/// let capped = surface_fire_with(&fm1, &inputs, &SpreadOptions::default()).unwrap();
/// let free = surface_fire_with(&fm1, &inputs, &SpreadOptions { wind_limit: WindLimit::Ignored, ..Default::default() }).unwrap();
/// assert!(capped.wind_limit_exceeded && free.head_ros > capped.head_ros);
/// ```
pub fn surface_fire_with(
    model: &FuelModel,
    inputs: &FireInputs,
    options: &SpreadOptions,
) -> Result<SurfaceFire> {
    model.validate()?;
    inputs.validate()?;
    let wind_to = (inputs.wind_direction + 180.0).rem_euclid(360.0);
    if !model.is_burnable() {
        return Ok(SurfaceFire::none(wind_to));
    }
    let bed = Fuelbed::new(model, &inputs.moisture, options.herb_curing);
    let i_r = reaction_intensity(&bed); // BTU/ft²/min
    let xi = propagating_flux_ratio(bed.sigma, bed.beta);
    let sink = heat_sink(&bed); // BTU/ft³
    if i_r <= 0.0 || sink <= 0.0 {
        return Ok(SurfaceFire::none(wind_to));
    }
    // No-wind, no-slope rate R0 = I_R ξ / (ρ_b ε Q_ig) (Rothermel 1972, eq. 52), ft/min.
    let r0 = i_r * xi / sink;
    let rpr = bed.relative_packing_ratio();
    let u_ft_min = inputs.midflame_wind_speed / M_S_PER_FT_MIN;
    let phi_w = wind_factor(u_ft_min, bed.sigma, rpr);
    let phi_s = slope_factor(bed.beta, inputs.slope_fraction);
    let comb = combine(phi_w, inputs.wind_direction, phi_s, inputs.aspect);
    let mut phi_e = comb.phi_e;
    let mut u_eff = effective_wind_speed(phi_e, bed.sigma, rpr); // ft/min
    let mut limited = false;
    if options.wind_limit == WindLimit::Applied {
        let u_max = wind_speed_limit(i_r);
        if u_eff > u_max {
            limited = true;
            u_eff = u_max;
            let (c, b, e) = wind_coefficients(bed.sigma);
            phi_e = c * u_max.powf(b) * rpr.powf(-e);
        }
    }
    let head = r0 * (1.0 + phi_e); // ft/min
    let lb = length_to_breadth_ratio(u_eff / 88.0);
    let ecc = (lb * lb - 1.0).sqrt() / lb;
    let back = head * (1.0 - ecc) / (1.0 + ecc);
    let flank = (head + back) / 2.0 / lb;
    // Residence time t_r = 384/σ min (Anderson 1969); Byram intensity I_B = I_R R t_r.
    let t_r = 384.0 / bed.sigma;
    let i_b = i_r * head * t_r / 60.0; // BTU/ft/s
                                       // Byram (1959) flame length, L = 0.45 I_B^0.46 ft with I_B in BTU/ft/s
                                       // (≈ 0.0775 I_B^0.46 m with I_B in kW/m).
    let flame_ft = 0.45 * i_b.powf(0.46);
    Ok(SurfaceFire {
        head_ros: head * M_S_PER_FT_MIN,
        direction_of_max_spread: comb.heading_deg,
        backing_ros: back * M_S_PER_FT_MIN,
        flanking_ros: flank * M_S_PER_FT_MIN,
        no_wind_no_slope_ros: r0 * M_S_PER_FT_MIN,
        length_to_breadth: lb,
        eccentricity: ecc,
        reaction_intensity: i_r * KW_M2_PER_BTU_FT2_MIN,
        fireline_intensity: i_b * KW_M_PER_BTU_FT_S,
        flame_length: flame_ft * M_PER_FT,
        residence_time: t_r * 60.0,
        heat_per_unit_area: i_r * t_r * KW_M2_PER_BTU_FT2_MIN * 60.0,
        effective_wind_speed: u_eff * M_S_PER_FT_MIN,
        wind_limit_exceeded: limited,
    })
}

/// Effective wind speed in mi/h, for comparisons with references in customary units.
///
/// ```
/// assert!((hazsim_fire::surface_fire::m_per_s_to_mph(0.44704) - 1.0).abs() < 1e-12);
/// ```
pub fn m_per_s_to_mph(m_s: f64) -> f64 {
    m_s / M_S_PER_MI_H
}
