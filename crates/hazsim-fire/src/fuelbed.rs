//! Fuel bed intermediates of Rothermel (1972) as reformulated by Albini (1976) and used by
//! BehavePlus (Andrews 2018, RMRS-GTR-371): particle weighting by surface area, characteristic
//! SAVR σ, packing ratio β, optimum packing ratio β_op, size-class weighting of the net load and
//! the live fuel moisture of extinction.
//!
//! Everything here is in Rothermel's customary units: lb/ft², ft, 1/ft, BTU/lb, fractions.

use crate::fuel_model::{FuelModel, SAVR_100H, SAVR_10H};
use crate::moisture::{FuelMoisture, HerbCuring};
use crate::units::{J_KG_PER_BTU_LB, KG_M2_PER_LB_FT2, M_PER_FT};

/// Oven-dry particle density ρ_p, 32 lb/ft³ (Rothermel 1972).
pub(crate) const RHO_P: f64 = 32.0;
/// Total mineral content S_T (Rothermel 1972).
pub(crate) const S_T: f64 = 0.0555;
/// Effective (silica-free) mineral content S_e (Rothermel 1972).
pub(crate) const S_E: f64 = 0.01;

/// One fuel particle class.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Particle {
    /// Oven-dry load w_0 (lb/ft²).
    pub w0: f64,
    /// Surface-area-to-volume ratio σ (1/ft).
    pub sigma: f64,
    /// Moisture content M_f (fraction).
    pub m: f64,
    /// Low heat content h (BTU/lb).
    pub h: f64,
}

impl Particle {
    /// Mean surface area per unit fuel-bed area, A_ij = σ w_0 / ρ_p (Rothermel 1972, eq. 53).
    fn area(&self) -> f64 {
        self.sigma * self.w0 / RHO_P
    }

    /// Effective heating number ε = exp(−138/σ) (Rothermel 1972, eq. 14).
    pub fn epsilon(&self) -> f64 {
        (-138.0 / self.sigma).exp()
    }
}

/// Surface-area-weighted properties of one life category (dead i = 0, live i = 1).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Category {
    /// Total surface area A_i.
    pub area: f64,
    /// Weighting factors f_ij = A_ij / A_i.
    pub f_ij: [f64; 4],
    /// Size-class weighting factors g_ij (Albini 1976) for the net load.
    pub g_ij: [f64; 4],
    /// Weighted SAVR σ_i (1/ft).
    pub sigma: f64,
    /// Weighted moisture M_f,i (fraction).
    pub m: f64,
    /// Weighted heat content h_i (BTU/lb).
    pub h: f64,
    /// Net (mineral-free) load w_n,i (lb/ft²).
    pub w_n: f64,
    /// Moisture of extinction M_x,i (fraction).
    pub m_x: f64,
}

/// The fuel bed: particles plus Rothermel's intermediates.
#[derive(Debug, Clone)]
pub(crate) struct Fuelbed {
    /// Dead particles: 1-h, 10-h, 100-h, cured herbaceous.
    pub dead: [Particle; 4],
    /// Live particles: herbaceous, woody (two unused slots of zero load).
    pub live: [Particle; 4],
    /// Dead and live category properties.
    pub cat: [Category; 2],
    /// Category weighting factors f_i = A_i / A_T.
    pub f_i: [f64; 2],
    /// Characteristic SAVR σ (1/ft).
    pub sigma: f64,
    /// Oven-dry bulk density ρ_b (lb/ft³).
    pub rho_b: f64,
    /// Packing ratio β.
    pub beta: f64,
    /// Optimum packing ratio β_op.
    pub beta_op: f64,
}

impl Fuelbed {
    /// Builds the fuel bed of `model` at `moisture`, transferring the cured part of the herb load
    /// to the dead class for dynamic models (Scott & Burgan 2005): the cured herb keeps the live
    /// herb SAVR, takes the 1-h moisture and the dead heat content.
    pub fn new(model: &FuelModel, moisture: &FuelMoisture, curing: HerbCuring) -> Fuelbed {
        let lb = |kg_m2: f64| kg_m2 / KG_M2_PER_LB_FT2;
        let per_ft = |per_m: f64| per_m * M_PER_FT;
        let h_dead = model.heat_content_dead / J_KG_PER_BTU_LB;
        let h_live = model.heat_content_live / J_KG_PER_BTU_LB;
        let cured = if model.dynamic {
            curing.cured_fraction(moisture.live_herb)
        } else {
            0.0
        };
        let herb = lb(model.load_live_herb);
        let sigma_herb = per_ft(model.savr_live_herb);
        let dead = [
            Particle {
                w0: lb(model.load_1h),
                sigma: per_ft(model.savr_1h),
                m: moisture.one_hour,
                h: h_dead,
            },
            Particle {
                w0: lb(model.load_10h),
                sigma: per_ft(SAVR_10H),
                m: moisture.ten_hour,
                h: h_dead,
            },
            Particle {
                w0: lb(model.load_100h),
                sigma: per_ft(SAVR_100H),
                m: moisture.hundred_hour,
                h: h_dead,
            },
            Particle {
                w0: herb * cured,
                sigma: sigma_herb,
                m: moisture.one_hour,
                h: h_dead,
            },
        ];
        let live = [
            Particle {
                w0: herb * (1.0 - cured),
                sigma: sigma_herb,
                m: moisture.live_herb,
                h: h_live,
            },
            Particle {
                w0: lb(model.load_live_woody),
                sigma: per_ft(model.savr_live_woody),
                m: moisture.live_woody,
                h: h_live,
            },
            Particle {
                sigma: 1.0,
                ..Particle::default()
            },
            Particle {
                sigma: 1.0,
                ..Particle::default()
            },
        ];
        let depth = model.depth / M_PER_FT;
        let mut cat = [category(&dead), category(&live)];
        let total_area = cat[0].area + cat[1].area;
        let f_i = if total_area > 0.0 {
            [cat[0].area / total_area, cat[1].area / total_area]
        } else {
            [0.0, 0.0]
        };
        // Characteristic SAVR (Rothermel 1972, eq. 71).
        let sigma = f_i[0] * cat[0].sigma + f_i[1] * cat[1].sigma;
        let w0_total: f64 = dead.iter().chain(live.iter()).map(|p| p.w0).sum();
        let rho_b = if depth > 0.0 { w0_total / depth } else { 0.0 };
        let beta = rho_b / RHO_P;
        let beta_op = optimum_packing_ratio(sigma);
        cat[0].m_x = model.moisture_of_extinction_dead;
        cat[1].m_x = live_moisture_of_extinction(&dead, &live, model.moisture_of_extinction_dead);
        Fuelbed {
            dead,
            live,
            cat,
            f_i,
            sigma,
            rho_b,
            beta,
            beta_op,
        }
    }

    /// Relative packing ratio β/β_op.
    pub fn relative_packing_ratio(&self) -> f64 {
        if self.beta_op > 0.0 {
            self.beta / self.beta_op
        } else {
            0.0
        }
    }

    /// Particles of category `i` (0 dead, 1 live).
    pub fn particles(&self, i: usize) -> &[Particle; 4] {
        if i == 0 {
            &self.dead
        } else {
            &self.live
        }
    }
}

/// Optimum packing ratio β_op = 3.348 σ^−0.8189 (Rothermel 1972, eq. 37).
pub(crate) fn optimum_packing_ratio(sigma: f64) -> f64 {
    if sigma > 0.0 {
        3.348 * sigma.powf(-0.8189)
    } else {
        0.0
    }
}

/// Size class of a SAVR (1/ft) for the Albini (1976) net-load weighting: bins at
/// 1200, 192, 96, 48 and 16 ft⁻¹.
fn size_class(sigma: f64) -> usize {
    match sigma {
        s if s >= 1200.0 => 0,
        s if s >= 192.0 => 1,
        s if s >= 96.0 => 2,
        s if s >= 48.0 => 3,
        s if s >= 16.0 => 4,
        _ => 5,
    }
}

/// Surface-area weighting within one category (Rothermel 1972, eqs. 53-58; Albini 1976).
// Index loops keep the paper's subscripts (j over particles) readable.
#[allow(clippy::needless_range_loop)]
fn category(p: &[Particle; 4]) -> Category {
    let mut c = Category::default();
    let areas = p.map(|q| q.area());
    c.area = areas.iter().sum();
    if c.area <= 0.0 {
        return c;
    }
    for j in 0..4 {
        c.f_ij[j] = areas[j] / c.area;
    }
    // Size-class weights: a particle's g is the area fraction of all particles in its size class.
    let mut class_weight = [0.0; 6];
    for j in 0..4 {
        class_weight[size_class(p[j].sigma)] += c.f_ij[j];
    }
    for j in 0..4 {
        c.g_ij[j] = class_weight[size_class(p[j].sigma)];
    }
    for j in 0..4 {
        c.sigma += c.f_ij[j] * p[j].sigma;
        c.m += c.f_ij[j] * p[j].m;
        c.h += c.f_ij[j] * p[j].h;
        c.w_n += c.g_ij[j] * p[j].w0 * (1.0 - S_T);
    }
    c
}

/// Live fuel moisture of extinction (Albini 1976, as in BehavePlus):
/// M_x,live = 2.9 W' (1 − M_f,dead / M_x,dead) − 0.226, at least M_x,dead, where
/// W' = Σ_dead w_0 e^{−138/σ} / Σ_live w_0 e^{−500/σ} and M_f,dead is the fine dead moisture
/// Σ_dead w_0 e^{−138/σ} M_f / Σ_dead w_0 e^{−138/σ}.
pub(crate) fn live_moisture_of_extinction(
    dead: &[Particle; 4],
    live: &[Particle; 4],
    mx_dead: f64,
) -> f64 {
    let fine_dead: f64 = dead.iter().map(|p| p.w0 * (-138.0 / p.sigma).exp()).sum();
    let fine_live: f64 = live.iter().map(|p| p.w0 * (-500.0 / p.sigma).exp()).sum();
    if fine_live <= 0.0 {
        return mx_dead;
    }
    let w_prime = fine_dead / fine_live;
    let mf_dead = if fine_dead > 0.0 {
        dead.iter()
            .map(|p| p.w0 * (-138.0 / p.sigma).exp() * p.m)
            .sum::<f64>()
            / fine_dead
    } else {
        0.0
    };
    let mx_live = 2.9 * w_prime * (1.0 - mf_dead / mx_dead) - 0.226;
    mx_live.max(mx_dead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bed(code: u16, m: [f64; 5]) -> Fuelbed {
        let model = FuelModel::standard(code).unwrap();
        let moisture = FuelMoisture::new(m[0], m[1], m[2], m[3], m[4]).unwrap();
        Fuelbed::new(&model, &moisture, HerbCuring::ScottBurgan)
    }

    #[test]
    fn fm1_intermediates() {
        // FM1: 0.034 lb/ft² of 3500 ft⁻¹ fuel, 1 ft deep (Albini 1976).
        let b = bed(1, [0.06, 0.07, 0.08, 0.6, 0.9]);
        assert!((b.sigma - 3500.0).abs() < 1e-9);
        assert!((b.rho_b - 0.034).abs() < 1e-12);
        assert!((b.beta - 0.034 / 32.0).abs() < 1e-15);
        assert!((b.beta_op - 3.348 * 3500f64.powf(-0.8189)).abs() < 1e-15);
        assert_eq!(b.f_i, [1.0, 0.0]);
        // Net load w_0 (1 − S_T).
        assert!((b.cat[0].w_n - 0.034 * (1.0 - 0.0555)).abs() < 1e-15);
    }

    #[test]
    fn weights_sum_to_one() {
        for code in [2, 4, 10, 102, 124, 149, 163] {
            let b = bed(code, [0.05, 0.06, 0.07, 0.7, 1.0]);
            assert!((b.f_i[0] + b.f_i[1] - 1.0).abs() < 1e-12, "{code}");
            for c in &b.cat {
                if c.area > 0.0 {
                    assert!((c.f_ij.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{code}");
                    // Each g_ij is at least f_ij (its own class) and at most 1.
                    for j in 0..4 {
                        assert!(c.g_ij[j] >= c.f_ij[j] - 1e-15 && c.g_ij[j] <= 1.0 + 1e-12);
                    }
                }
            }
        }
    }

    #[test]
    fn live_extinction_at_least_dead() {
        for code in [2, 4, 5, 7, 10, 122, 145, 165] {
            let b = bed(code, [0.05, 0.06, 0.07, 0.7, 1.0]);
            assert!(b.cat[1].m_x >= b.cat[0].m_x, "{code}");
        }
        // Drier dead fuel raises the live extinction moisture (Albini 1976).
        let wet = bed(4, [0.15, 0.15, 0.15, 0.7, 1.0]).cat[1].m_x;
        let dry = bed(4, [0.03, 0.04, 0.05, 0.7, 1.0]).cat[1].m_x;
        assert!(dry > wet);
    }

    #[test]
    fn dynamic_transfer_conserves_load() {
        let model = FuelModel::standard(102).unwrap();
        let b = bed(102, [0.06, 0.07, 0.08, 0.75, 0.9]);
        let herb = model.load_live_herb / KG_M2_PER_LB_FT2;
        // Half cured at 75 %.
        assert!((b.dead[3].w0 - 0.5 * herb).abs() < 1e-12);
        assert!((b.live[0].w0 - 0.5 * herb).abs() < 1e-12);
        assert_eq!(b.dead[3].sigma, b.live[0].sigma);
        assert_eq!(b.dead[3].m, 0.06);
    }
}
