//! Surface fuel models: the 13 of Anderson (1982) and the 40 of Scott & Burgan (2005).
//!
//! Parameters are the published values of
//! - Anderson, H.E. 1982. *Aids to determining fuel models for estimating fire behavior.*
//!   USDA For. Serv. Gen. Tech. Rep. INT-122 (loads as given by Albini 1976, in lb/ft²);
//! - Scott, J.H.; Burgan, R.E. 2005. *Standard fire behavior fuel models: a comprehensive set for
//!   use with Rothermel's surface fire spread model.* USDA For. Serv. Gen. Tech. Rep.
//!   RMRS-GTR-153, Table 7 (loads in short tons/acre).
//!
//! The 10-h and 100-h surface-area-to-volume ratios are fixed at 109 and 30 ft⁻¹ in both sets.
//! Scott & Burgan models are flagged dynamic only where they carry herbaceous load (GR, GS,
//! SH1, SH9, TU1, TU3), as the publication lists them; the flag has no effect without herb load.
//! SAVRs of classes with zero load are placeholders (1500 ft⁻¹) that never enter a result.
//! All values are stored in SI (m, kg/m², m²/m³, J/kg, fractions).

use crate::error::{check_range, Error, Result};
use crate::units::{J_KG_PER_BTU_LB, KG_M2_PER_LB_FT2, LB_FT2_PER_TON_AC, M_PER_FT};

/// SAVR of 10-h dead fuel, 109 ft⁻¹ (Rothermel 1972; Anderson 1982), in 1/m.
pub const SAVR_10H: f64 = 109.0 / M_PER_FT;
/// SAVR of 100-h dead fuel, 30 ft⁻¹ (Rothermel 1972; Anderson 1982), in 1/m.
pub const SAVR_100H: f64 = 30.0 / M_PER_FT;

/// A surface fuel model in SI units.
///
/// ```
/// use hazsim_fire::FuelModel;
/// let fm1 = FuelModel::standard(1).unwrap();
/// assert_eq!(fm1.name, "FM1");
/// assert!((fm1.depth - 0.3048).abs() < 1e-12); // 1 ft
/// assert!(fm1.is_burnable());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FuelModel {
    /// Numeric code (1-13 Anderson, 91-99 non-burnable, 101-204 Scott & Burgan, or user).
    pub code: u16,
    /// Short name, e.g. `FM4`, `GR2`, `NB1`.
    pub name: String,
    /// Description, e.g. "Chaparral".
    pub description: String,
    /// Fuel bed depth δ (m).
    pub depth: f64,
    /// Oven-dry load of 1-h dead fuel (kg/m²).
    pub load_1h: f64,
    /// Oven-dry load of 10-h dead fuel (kg/m²).
    pub load_10h: f64,
    /// Oven-dry load of 100-h dead fuel (kg/m²).
    pub load_100h: f64,
    /// Oven-dry load of live herbaceous fuel (kg/m²); for dynamic models part of it cures.
    pub load_live_herb: f64,
    /// Oven-dry load of live woody fuel (kg/m²).
    pub load_live_woody: f64,
    /// Surface-area-to-volume ratio of 1-h fuel (m²/m³).
    pub savr_1h: f64,
    /// Surface-area-to-volume ratio of live herbaceous fuel (m²/m³).
    pub savr_live_herb: f64,
    /// Surface-area-to-volume ratio of live woody fuel (m²/m³).
    pub savr_live_woody: f64,
    /// Dead fuel moisture of extinction Mx (fraction).
    pub moisture_of_extinction_dead: f64,
    /// Low heat content of dead fuel h (J/kg).
    pub heat_content_dead: f64,
    /// Low heat content of live fuel h (J/kg).
    pub heat_content_live: f64,
    /// Dynamic model: herbaceous load cures into dead fuel with live herb moisture (S&B 2005).
    pub dynamic: bool,
}

/// One row of the standard table in the published (customary) units.
struct Row {
    code: u16,
    name: &'static str,
    description: &'static str,
    /// Loads 1-h, 10-h, 100-h, live herb, live woody.
    loads: [f64; 5],
    /// true: loads in lb/ft² (Anderson via Albini 1976); false: short tons/acre (S&B 2005).
    lb_ft2: bool,
    /// SAVR 1-h, live herb, live woody (1/ft).
    savr: [f64; 3],
    depth_ft: f64,
    mx_percent: f64,
    heat_btu_lb: f64,
    dynamic: bool,
}

const fn a(
    code: u16,
    name: &'static str,
    description: &'static str,
    loads: [f64; 5],
    savr: [f64; 3],
    depth_ft: f64,
    mx_percent: f64,
) -> Row {
    Row {
        code,
        name,
        description,
        loads,
        lb_ft2: true,
        savr,
        depth_ft,
        mx_percent,
        heat_btu_lb: 8000.0,
        dynamic: false,
    }
}

#[allow(clippy::too_many_arguments)]
const fn sb(
    code: u16,
    name: &'static str,
    description: &'static str,
    loads: [f64; 5],
    savr: [f64; 3],
    depth_ft: f64,
    mx_percent: f64,
    heat_btu_lb: f64,
    dynamic: bool,
) -> Row {
    Row {
        code,
        name,
        description,
        loads,
        lb_ft2: false,
        savr,
        depth_ft,
        mx_percent,
        heat_btu_lb,
        dynamic,
    }
}

/// Placeholder SAVR (1/ft) for a live class with zero load: it never enters the computation.
const NA: f64 = 1500.0;

/// The standard table. Anderson (1982) loads in lb/ft², Scott & Burgan (2005) in t/ac.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    // Anderson (1982) / Albini (1976): loads lb/ft², SAVR 1/ft, depth ft, Mx %.
    a(1, "FM1", "Short grass (1 ft)", [0.034, 0.0, 0.0, 0.0, 0.0], [3500.0, NA, NA], 1.0, 12.0),
    a(2, "FM2", "Timber (grass and understory)", [0.092, 0.046, 0.023, 0.023, 0.0], [3000.0, 1500.0, NA], 1.0, 15.0),
    a(3, "FM3", "Tall grass (2.5 ft)", [0.138, 0.0, 0.0, 0.0, 0.0], [1500.0, NA, NA], 2.5, 25.0),
    a(4, "FM4", "Chaparral (6 ft)", [0.230, 0.184, 0.092, 0.0, 0.230], [2000.0, NA, 1500.0], 6.0, 20.0),
    a(5, "FM5", "Brush (2 ft)", [0.046, 0.023, 0.0, 0.0, 0.092], [2000.0, NA, 1500.0], 2.0, 20.0),
    a(6, "FM6", "Dormant brush, hardwood slash", [0.069, 0.115, 0.092, 0.0, 0.0], [1750.0, NA, NA], 2.5, 25.0),
    // Live woody SAVR 1550 1/ft as published (behave's built-in FM7 uses 1500).
    a(7, "FM7", "Southern rough", [0.052, 0.086, 0.069, 0.0, 0.017], [1750.0, NA, 1550.0], 2.5, 40.0),
    a(8, "FM8", "Closed timber litter", [0.069, 0.046, 0.115, 0.0, 0.0], [2000.0, NA, NA], 0.2, 30.0),
    a(9, "FM9", "Hardwood litter", [0.134, 0.019, 0.007, 0.0, 0.0], [2500.0, NA, NA], 0.2, 25.0),
    a(10, "FM10", "Timber (litter and understory)", [0.138, 0.092, 0.230, 0.0, 0.092], [2000.0, NA, 1500.0], 1.0, 25.0),
    a(11, "FM11", "Light logging slash", [0.069, 0.207, 0.253, 0.0, 0.0], [1500.0, NA, NA], 1.0, 15.0),
    a(12, "FM12", "Medium logging slash", [0.184, 0.644, 0.759, 0.0, 0.0], [1500.0, NA, NA], 2.3, 20.0),
    a(13, "FM13", "Heavy logging slash", [0.322, 1.058, 1.288, 0.0, 0.0], [1500.0, NA, NA], 3.0, 25.0),
    // Scott & Burgan (2005) Table 7: loads t/ac, SAVR 1/ft, depth ft, Mx %, heat BTU/lb.
    sb(101, "GR1", "Short, sparse dry climate grass", [0.10, 0.0, 0.0, 0.30, 0.0], [2200.0, 2000.0, NA], 0.4, 15.0, 8000.0, true),
    sb(102, "GR2", "Low load, dry climate grass", [0.10, 0.0, 0.0, 1.00, 0.0], [2000.0, 1800.0, NA], 1.0, 15.0, 8000.0, true),
    sb(103, "GR3", "Low load, very coarse, humid climate grass", [0.10, 0.40, 0.0, 1.50, 0.0], [1500.0, 1300.0, NA], 2.0, 30.0, 8000.0, true),
    sb(104, "GR4", "Moderate load, dry climate grass", [0.25, 0.0, 0.0, 1.90, 0.0], [2000.0, 1800.0, NA], 2.0, 15.0, 8000.0, true),
    sb(105, "GR5", "Low load, humid climate grass", [0.40, 0.0, 0.0, 2.50, 0.0], [1800.0, 1600.0, NA], 1.5, 40.0, 8000.0, true),
    sb(106, "GR6", "Moderate load, humid climate grass", [0.10, 0.0, 0.0, 3.40, 0.0], [2200.0, 2000.0, NA], 1.5, 40.0, 9000.0, true),
    sb(107, "GR7", "High load, dry climate grass", [1.00, 0.0, 0.0, 5.40, 0.0], [2000.0, 1800.0, NA], 3.0, 15.0, 8000.0, true),
    sb(108, "GR8", "High load, very coarse, humid climate grass", [0.50, 1.00, 0.0, 7.30, 0.0], [1500.0, 1300.0, NA], 4.0, 30.0, 8000.0, true),
    sb(109, "GR9", "Very high load, humid climate grass", [1.00, 1.00, 0.0, 9.00, 0.0], [1800.0, 1600.0, NA], 5.0, 40.0, 8000.0, true),
    sb(121, "GS1", "Low load, dry climate grass-shrub", [0.20, 0.0, 0.0, 0.50, 0.65], [2000.0, 1800.0, 1800.0], 0.9, 15.0, 8000.0, true),
    sb(122, "GS2", "Moderate load, dry climate grass-shrub", [0.50, 0.50, 0.0, 0.60, 1.00], [2000.0, 1800.0, 1800.0], 1.5, 15.0, 8000.0, true),
    sb(123, "GS3", "Moderate load, humid climate grass-shrub", [0.30, 0.25, 0.0, 1.45, 1.25], [1800.0, 1600.0, 1600.0], 1.8, 40.0, 8000.0, true),
    sb(124, "GS4", "High load, humid climate grass-shrub", [1.90, 0.30, 0.10, 3.40, 7.10], [1800.0, 1600.0, 1600.0], 2.1, 40.0, 8000.0, true),
    sb(141, "SH1", "Low load, dry climate shrub", [0.25, 0.25, 0.0, 0.15, 1.30], [2000.0, 1800.0, 1600.0], 1.0, 15.0, 8000.0, true),
    sb(142, "SH2", "Moderate load, dry climate shrub", [1.35, 2.40, 0.75, 0.0, 3.85], [2000.0, NA, 1600.0], 1.0, 15.0, 8000.0, false),
    sb(143, "SH3", "Moderate load, humid climate shrub", [0.45, 3.00, 0.0, 0.0, 6.20], [1600.0, NA, 1400.0], 2.4, 40.0, 8000.0, false),
    sb(144, "SH4", "Low load, humid climate timber-shrub", [0.85, 1.15, 0.20, 0.0, 2.55], [2000.0, NA, 1600.0], 3.0, 30.0, 8000.0, false),
    sb(145, "SH5", "High load, dry climate shrub", [3.60, 2.10, 0.0, 0.0, 2.90], [750.0, NA, 1600.0], 6.0, 15.0, 8000.0, false),
    sb(146, "SH6", "Low load, humid climate shrub", [2.90, 1.45, 0.0, 0.0, 1.40], [750.0, NA, 1600.0], 2.0, 30.0, 8000.0, false),
    sb(147, "SH7", "Very high load, dry climate shrub", [3.50, 5.30, 2.20, 0.0, 3.40], [750.0, NA, 1600.0], 6.0, 15.0, 8000.0, false),
    sb(148, "SH8", "High load, humid climate shrub", [2.05, 3.40, 0.85, 0.0, 4.35], [750.0, NA, 1600.0], 3.0, 40.0, 8000.0, false),
    sb(149, "SH9", "Very high load, humid climate shrub", [4.50, 2.45, 0.0, 1.55, 7.00], [750.0, 1800.0, 1500.0], 4.4, 40.0, 8000.0, true),
    sb(161, "TU1", "Low load, dry climate timber-grass-shrub", [0.20, 0.90, 1.50, 0.20, 0.90], [2000.0, 1800.0, 1600.0], 0.6, 20.0, 8000.0, true),
    sb(162, "TU2", "Moderate load, humid climate timber-shrub", [0.95, 1.80, 1.25, 0.0, 0.20], [2000.0, NA, 1600.0], 1.0, 30.0, 8000.0, false),
    sb(163, "TU3", "Moderate load, humid climate timber-grass-shrub", [1.10, 0.15, 0.25, 0.65, 1.10], [1800.0, 1600.0, 1400.0], 1.3, 30.0, 8000.0, true),
    sb(164, "TU4", "Dwarf conifer with understory", [4.50, 0.0, 0.0, 0.0, 2.00], [2300.0, NA, 2000.0], 0.5, 12.0, 8000.0, false),
    sb(165, "TU5", "Very high load, dry climate timber-shrub", [4.00, 4.00, 3.00, 0.0, 3.00], [1500.0, NA, 750.0], 1.0, 25.0, 8000.0, false),
    sb(181, "TL1", "Low load compact conifer litter", [1.00, 2.20, 3.60, 0.0, 0.0], [2000.0, NA, NA], 0.2, 30.0, 8000.0, false),
    sb(182, "TL2", "Low load broadleaf litter", [1.40, 2.30, 2.20, 0.0, 0.0], [2000.0, NA, NA], 0.2, 25.0, 8000.0, false),
    sb(183, "TL3", "Moderate load conifer litter", [0.50, 2.20, 2.80, 0.0, 0.0], [2000.0, NA, NA], 0.3, 20.0, 8000.0, false),
    sb(184, "TL4", "Small downed logs", [0.50, 1.50, 4.20, 0.0, 0.0], [2000.0, NA, NA], 0.4, 25.0, 8000.0, false),
    sb(185, "TL5", "High load conifer litter", [1.15, 2.50, 4.40, 0.0, 0.0], [2000.0, NA, NA], 0.6, 25.0, 8000.0, false),
    sb(186, "TL6", "Moderate load broadleaf litter", [2.40, 1.20, 1.20, 0.0, 0.0], [2000.0, NA, NA], 0.3, 25.0, 8000.0, false),
    sb(187, "TL7", "Large downed logs", [0.30, 1.40, 8.10, 0.0, 0.0], [2000.0, NA, NA], 0.4, 25.0, 8000.0, false),
    sb(188, "TL8", "Long-needle litter", [5.80, 1.40, 1.10, 0.0, 0.0], [1800.0, NA, NA], 0.3, 35.0, 8000.0, false),
    sb(189, "TL9", "Very high load broadleaf litter", [6.65, 3.30, 4.15, 0.0, 0.0], [1800.0, NA, NA], 0.6, 35.0, 8000.0, false),
    sb(201, "SB1", "Low load activity fuel", [1.50, 3.00, 11.00, 0.0, 0.0], [2000.0, NA, NA], 1.0, 25.0, 8000.0, false),
    sb(202, "SB2", "Moderate load activity fuel or low load blowdown", [4.50, 4.25, 4.00, 0.0, 0.0], [2000.0, NA, NA], 1.0, 25.0, 8000.0, false),
    sb(203, "SB3", "High load activity fuel or moderate load blowdown", [5.50, 2.75, 3.00, 0.0, 0.0], [2000.0, NA, NA], 1.2, 25.0, 8000.0, false),
    sb(204, "SB4", "High load blowdown", [5.25, 3.50, 5.25, 0.0, 0.0], [2000.0, NA, NA], 2.7, 25.0, 8000.0, false),
];

/// Non-burnable codes of Scott & Burgan (2005): code, name, description.
const NON_BURNABLE: &[(u16, &str, &str)] = &[
    (91, "NB1", "Urban/developed"),
    (92, "NB2", "Snow/ice"),
    (93, "NB3", "Agricultural"),
    (98, "NB8", "Open water"),
    (99, "NB9", "Bare ground"),
];

impl std::str::FromStr for FuelModel {
    type Err = Error;

    /// [`FuelModel::by_name`].
    fn from_str(s: &str) -> Result<Self> {
        FuelModel::by_name(s)
    }
}

impl FuelModel {
    /// Builds and validates a user-defined fuel model (SI units).
    ///
    /// Loads in kg/m², depth in m, SAVRs in m²/m³, heat contents in J/kg, the dead moisture of
    /// extinction as a fraction in (0, 1].
    ///
    /// ```
    /// use hazsim_fire::FuelModel;
    /// let custom = FuelModel::new(
    ///     200, "MY1", 0.3, [0.1, 0.05, 0.0, 0.0, 0.0], [6000.0, 5000.0, 5000.0],
    ///     0.25, 18_608_000.0, 18_608_000.0, false,
    /// ).unwrap();
    /// assert!(custom.is_burnable());
    /// assert!(FuelModel::new(
    ///     200, "BAD", -1.0, [0.1, 0.0, 0.0, 0.0, 0.0], [6000.0, 5000.0, 5000.0],
    ///     0.25, 18_608_000.0, 18_608_000.0, false,
    /// ).is_err());
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        code: u16,
        name: &str,
        depth: f64,
        loads: [f64; 5],
        savr: [f64; 3],
        moisture_of_extinction_dead: f64,
        heat_content_dead: f64,
        heat_content_live: f64,
        dynamic: bool,
    ) -> Result<Self> {
        let model = FuelModel {
            code,
            name: name.to_string(),
            description: String::from("user-defined"),
            depth,
            load_1h: loads[0],
            load_10h: loads[1],
            load_100h: loads[2],
            load_live_herb: loads[3],
            load_live_woody: loads[4],
            savr_1h: savr[0],
            savr_live_herb: savr[1],
            savr_live_woody: savr[2],
            moisture_of_extinction_dead,
            heat_content_dead,
            heat_content_live,
            dynamic,
        };
        model.validate()?;
        Ok(model)
    }

    /// The standard model with this code (Anderson 1982: 1-13; Scott & Burgan 2005: 101-204;
    /// non-burnable 91, 92, 93, 98, 99, which have zero load).
    ///
    /// ```
    /// use hazsim_fire::FuelModel;
    /// let gr2 = FuelModel::standard(102).unwrap();
    /// assert_eq!(gr2.name, "GR2");
    /// assert!(gr2.dynamic);
    /// assert!(!FuelModel::standard(91).unwrap().is_burnable());
    /// assert!(FuelModel::standard(100).is_err());
    /// ```
    pub fn standard(code: u16) -> Result<Self> {
        if let Some(row) = TABLE.iter().find(|r| r.code == code) {
            let load_factor = if row.lb_ft2 {
                KG_M2_PER_LB_FT2
            } else {
                LB_FT2_PER_TON_AC * KG_M2_PER_LB_FT2
            };
            let heat = row.heat_btu_lb * J_KG_PER_BTU_LB;
            return Ok(FuelModel {
                code,
                name: row.name.to_string(),
                description: row.description.to_string(),
                depth: row.depth_ft * M_PER_FT,
                load_1h: row.loads[0] * load_factor,
                load_10h: row.loads[1] * load_factor,
                load_100h: row.loads[2] * load_factor,
                load_live_herb: row.loads[3] * load_factor,
                load_live_woody: row.loads[4] * load_factor,
                savr_1h: row.savr[0] / M_PER_FT,
                savr_live_herb: row.savr[1] / M_PER_FT,
                savr_live_woody: row.savr[2] / M_PER_FT,
                moisture_of_extinction_dead: row.mx_percent / 100.0,
                heat_content_dead: heat,
                heat_content_live: heat,
                dynamic: row.dynamic,
            });
        }
        if let Some(&(code, name, description)) = NON_BURNABLE.iter().find(|r| r.0 == code) {
            return Ok(FuelModel {
                code,
                name: name.to_string(),
                description: description.to_string(),
                depth: 0.0,
                load_1h: 0.0,
                load_10h: 0.0,
                load_100h: 0.0,
                load_live_herb: 0.0,
                load_live_woody: 0.0,
                savr_1h: NA / M_PER_FT,
                savr_live_herb: NA / M_PER_FT,
                savr_live_woody: NA / M_PER_FT,
                moisture_of_extinction_dead: 1.0,
                heat_content_dead: 8000.0 * J_KG_PER_BTU_LB,
                heat_content_live: 8000.0 * J_KG_PER_BTU_LB,
                dynamic: false,
            });
        }
        Err(Error::UnknownFuelModel { code })
    }

    /// A standard model by its name or code, as behave and pyrothermel users type them: the
    /// Scott & Burgan (2005) names `GR2`, `SH7`, `TU5`..., Anderson's `FM1`..`FM13`, the
    /// non-burnable `NB1`..`NB9`, in any case, or the numeric code (`102`, `1`).
    ///
    /// ```
    /// use hazsim_fire::FuelModel;
    /// assert_eq!(FuelModel::by_name("GR2").unwrap().code, 102);
    /// assert_eq!(FuelModel::by_name("sh7").unwrap().code, 147);
    /// assert_eq!(FuelModel::by_name("FM1").unwrap().code, 1);
    /// assert_eq!(FuelModel::by_name(" 165 ").unwrap().name, "TU5");
    /// assert_eq!("NB8".parse::<FuelModel>().unwrap().code, 98);
    /// let e = FuelModel::by_name("GR12").unwrap_err().to_string();
    /// assert!(e.contains("GR12") && e.contains("GR2"));
    /// ```
    pub fn by_name(spec: &str) -> Result<Self> {
        let s = spec.trim();
        if let Ok(code) = s.parse::<u16>() {
            return FuelModel::standard(code);
        }
        let code = TABLE
            .iter()
            .map(|r| (r.code, r.name))
            .chain(NON_BURNABLE.iter().map(|r| (r.0, r.1)))
            .find(|(_, name)| name.eq_ignore_ascii_case(s))
            .map(|(c, _)| c);
        match code {
            Some(c) => FuelModel::standard(c),
            None => Err(Error::UnknownFuelModelName {
                name: s.to_string(),
            }),
        }
    }

    /// All standard codes: 13 Anderson, 5 non-burnable and 40 Scott & Burgan, ascending.
    ///
    /// ```
    /// let codes = hazsim_fire::FuelModel::standard_codes();
    /// assert_eq!(codes.len(), 58);
    /// assert!(codes.iter().all(|&c| hazsim_fire::FuelModel::standard(c).is_ok()));
    /// ```
    pub fn standard_codes() -> Vec<u16> {
        let mut codes: Vec<u16> = TABLE
            .iter()
            .map(|r| r.code)
            .chain(NON_BURNABLE.iter().map(|r| r.0))
            .collect();
        codes.sort_unstable();
        codes
    }

    /// Total oven-dry load (kg/m²).
    ///
    /// ```
    /// let fm1 = hazsim_fire::FuelModel::standard(1).unwrap();
    /// assert!((fm1.total_load() - 0.166).abs() < 1e-3);
    /// ```
    pub fn total_load(&self) -> f64 {
        self.load_1h + self.load_10h + self.load_100h + self.load_live_herb + self.load_live_woody
    }

    /// Whether this model can carry a fire: positive depth and some fuel load.
    ///
    /// ```
    /// assert!(!hazsim_fire::FuelModel::standard(98).unwrap().is_burnable());
    /// ```
    pub fn is_burnable(&self) -> bool {
        self.depth > 0.0 && self.total_load() > 0.0
    }

    /// Checks a (typically user-defined) model; non-burnable standard models pass too.
    ///
    /// ```
    /// let mut m = hazsim_fire::FuelModel::standard(4).unwrap();
    /// assert!(m.validate().is_ok());
    /// m.moisture_of_extinction_dead = 20.0; // percent by mistake
    /// assert!(m.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.total_load() == 0.0 && self.depth == 0.0 {
            return Ok(()); // a non-burnable model
        }
        const LOAD: &str = "a load in kg/m², finite and >= 0 (1 t/ac = 0.224 kg/m²)";
        const SAVR: &str = "a surface-area-to-volume ratio in m²/m³ (1/m), finite and > 0";
        const HEAT: &str = "a heat content in J/kg, finite and > 0 (8000 BTU/lb = 18.6e6 J/kg)";
        check_range(
            "fuel_model.depth",
            self.depth,
            f64::MIN_POSITIVE,
            100.0,
            "a fuel bed depth in metres, > 0 and <= 100",
        )?;
        check_range("fuel_model.load_1h", self.load_1h, 0.0, 1e3, LOAD)?;
        check_range("fuel_model.load_10h", self.load_10h, 0.0, 1e3, LOAD)?;
        check_range("fuel_model.load_100h", self.load_100h, 0.0, 1e3, LOAD)?;
        check_range(
            "fuel_model.load_live_herb",
            self.load_live_herb,
            0.0,
            1e3,
            LOAD,
        )?;
        check_range(
            "fuel_model.load_live_woody",
            self.load_live_woody,
            0.0,
            1e3,
            LOAD,
        )?;
        check_range(
            "fuel_model.savr_1h",
            self.savr_1h,
            f64::MIN_POSITIVE,
            1e6,
            SAVR,
        )?;
        check_range(
            "fuel_model.savr_live_herb",
            self.savr_live_herb,
            f64::MIN_POSITIVE,
            1e6,
            SAVR,
        )?;
        check_range(
            "fuel_model.savr_live_woody",
            self.savr_live_woody,
            f64::MIN_POSITIVE,
            1e6,
            SAVR,
        )?;
        check_range(
            "fuel_model.moisture_of_extinction_dead",
            self.moisture_of_extinction_dead,
            f64::MIN_POSITIVE,
            1.0,
            "a fraction in (0, 1], e.g. 0.25 for 25 %",
        )?;
        check_range(
            "fuel_model.heat_content_dead",
            self.heat_content_dead,
            f64::MIN_POSITIVE,
            1e9,
            HEAT,
        )?;
        check_range(
            "fuel_model.heat_content_live",
            self.heat_content_live,
            f64::MIN_POSITIVE,
            1e9,
            HEAT,
        )?;
        Ok(())
    }
}
