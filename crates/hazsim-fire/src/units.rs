//! Unit conversions between SI (the public API) and the customary units of Rothermel (1972)
//! (ft, lb, BTU, min) used inside the model. All factors follow from the exact definitions
//! 1 ft = 0.3048 m, 1 lb = 0.45359237 kg and 1 BTU (IT) = 1055.05585262 J.

/// Metres per foot.
pub const M_PER_FT: f64 = 0.3048;
/// Kilograms per pound.
pub const KG_PER_LB: f64 = 0.453_592_37;
/// Joules per BTU (International Table).
pub const J_PER_BTU: f64 = 1_055.055_852_62;
/// kg/m² per lb/ft².
pub const KG_M2_PER_LB_FT2: f64 = KG_PER_LB / (M_PER_FT * M_PER_FT);
/// lb/ft² per short ton/acre (2000 lb over 43 560 ft²).
pub const LB_FT2_PER_TON_AC: f64 = 2000.0 / 43_560.0;
/// J/kg per BTU/lb (exactly 2326).
pub const J_KG_PER_BTU_LB: f64 = J_PER_BTU / KG_PER_LB;
/// m/s per ft/min.
pub const M_S_PER_FT_MIN: f64 = M_PER_FT / 60.0;
/// m/s per mi/h.
pub const M_S_PER_MI_H: f64 = 1609.344 / 3600.0;
/// m/s per chain/h (1 chain = 66 ft = 20.1168 m).
pub const M_S_PER_CH_H: f64 = 20.1168 / 3600.0;
/// kW/m² per BTU/ft²/min.
pub const KW_M2_PER_BTU_FT2_MIN: f64 = J_PER_BTU / (M_PER_FT * M_PER_FT) / 60.0 / 1000.0;
/// kW/m per BTU/ft/s.
pub const KW_M_PER_BTU_FT_S: f64 = J_PER_BTU / M_PER_FT / 1000.0;

/// Converts a surface-area-to-volume ratio from 1/ft to 1/m (m²/m³).
///
/// ```
/// assert!((hazsim_fire::units::savr_per_ft_to_per_m(3500.0) - 11_482.94).abs() < 0.01);
/// ```
pub fn savr_per_ft_to_per_m(per_ft: f64) -> f64 {
    per_ft / M_PER_FT
}

/// Converts a surface-area-to-volume ratio from 1/m (m²/m³) to 1/ft.
///
/// ```
/// let s = hazsim_fire::units::savr_per_m_to_per_ft(hazsim_fire::units::savr_per_ft_to_per_m(2000.0));
/// assert!((s - 2000.0).abs() < 1e-9);
/// ```
pub fn savr_per_m_to_per_ft(per_m: f64) -> f64 {
    per_m * M_PER_FT
}

/// Converts a fuel load from short tons/acre to kg/m².
///
/// ```
/// assert!((hazsim_fire::units::tons_per_acre_to_kg_per_m2(1.0) - 0.224_17).abs() < 1e-5);
/// ```
pub fn tons_per_acre_to_kg_per_m2(t_ac: f64) -> f64 {
    t_ac * LB_FT2_PER_TON_AC * KG_M2_PER_LB_FT2
}

/// Converts a fuel load from kg/m² to short tons/acre.
///
/// ```
/// let t = hazsim_fire::units::kg_per_m2_to_tons_per_acre(hazsim_fire::units::tons_per_acre_to_kg_per_m2(3.0));
/// assert!((t - 3.0).abs() < 1e-12);
/// ```
pub fn kg_per_m2_to_tons_per_acre(kg_m2: f64) -> f64 {
    kg_m2 / KG_M2_PER_LB_FT2 / LB_FT2_PER_TON_AC
}

/// Converts a speed from mi/h to m/s.
///
/// ```
/// assert!((hazsim_fire::units::mph_to_m_per_s(5.0) - 2.2352).abs() < 1e-12);
/// ```
pub fn mph_to_m_per_s(mph: f64) -> f64 {
    mph * M_S_PER_MI_H
}

/// Converts a rate of spread from m/s to chains/h.
///
/// ```
/// assert!((hazsim_fire::units::m_per_s_to_chains_per_hour(20.1168 / 3600.0) - 1.0).abs() < 1e-12);
/// ```
pub fn m_per_s_to_chains_per_hour(m_s: f64) -> f64 {
    m_s / M_S_PER_CH_H
}
