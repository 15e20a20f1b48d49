//! Seeded randomness of grid spread: rate-of-spread noise and ember spotting.
//!
//! Every random draw comes from a generator seeded by the run's `seed`, a stream tag and the
//! cell index (a SplitMix64 mix of the three), never from a shared sequential generator: the
//! draws of a cell do not depend on the order cells burn in nor on the thread count, so a run is
//! a pure function of its inputs and its seed.

use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;
use rand_distr::{Distribution, LogNormal};

/// Multiplicative noise on the head rate of spread.
///
/// The factor m is lognormal with median e^{−σ²/2} and mean 1 (ln m ~ N(−σ²/2, σ²)), so noise
/// does not bias the mean rate. The ellipse shape is kept: every direction's rate is scaled by m.
///
/// ```
/// use hazsim_fire::spread::{RosNoise, SpreadConfig};
/// let cfg = SpreadConfig { ros_noise: RosNoise::PerCell { sigma: 0.3 }, seed: 7, ..SpreadConfig::default() };
/// assert_eq!(SpreadConfig::default().ros_noise, RosNoise::None);
/// # let _ = cfg;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RosNoise {
    /// No noise (the default).
    #[default]
    None,
    /// One factor for the whole run (a member of an ensemble spreads uniformly faster or
    /// slower).
    Uniform {
        /// σ of ln m.
        sigma: f64,
    },
    /// An independent factor for every cell (fuel heterogeneity below the grid's resolution).
    PerCell {
        /// σ of ln m.
        sigma: f64,
    },
}

impl RosNoise {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        match *self {
            RosNoise::None => Ok(()),
            RosNoise::Uniform { sigma } | RosNoise::PerCell { sigma } => {
                if sigma.is_finite() && (0.0..=3.0).contains(&sigma) {
                    Ok(())
                } else {
                    Err(crate::Error::invalid(
                        "ros_noise.sigma",
                        sigma,
                        "a lognormal σ from 0 to 3 (0.2-0.5 is typical)",
                    ))
                }
            }
        }
    }
}

/// Ember spotting (off unless [`super::SpreadConfig::spotting`] is set).
///
/// A simple firebrand model:
/// - **launch**: when a cell ignites with a Byram fireline intensity I ≥ `min_intensity`, it
///   throws `embers` firebrands, each of which lands alive with probability `probability`
///   (the per-cell Bernoulli ignition of spot fires of Alexandridis et al. 2008, Int. J. Wildland
///   Fire 17:168, with the launch tied to intensity as in their crown-fire condition);
/// - **distance**: lognormal, ln ℓ ~ N(μ, σ²) (Sardoy et al. 2008, Combust. Flame 154:478,
///   found firebrand landing distances lognormal), with mean E[ℓ] = e^{μ+σ²/2} =
///   `distance_per_wind` × U, U the midflame wind speed in force (Sardoy's mean grows with wind
///   and intensity; here only with wind, which dominates for surface fires);
/// - **direction**: downwind, plus a normal lateral deviation of `lateral_sd` degrees;
/// - **ignition**: the landing cell, if burnable, not a barrier and not yet burning, ignites
///   `delay` seconds after the launch (flight plus smouldering time). It then spreads like any
///   other burning cell.
///
/// Embers fly over barriers and non-burnable cells: this is how a fire crosses a road or river
/// that stops its surface spread.
///
/// ```
/// use hazsim_fire::spread::{Spotting, SpreadConfig};
/// let cfg = SpreadConfig { spotting: Some(Spotting::default()), seed: 42, ..SpreadConfig::default() };
/// assert!(SpreadConfig::default().spotting.is_none()); // off by default
/// # let _ = cfg;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Spotting {
    /// Smallest fireline intensity that launches embers (kW/m). Default 2000 (the limit of
    /// direct attack by hand crews, above which spotting becomes common).
    pub min_intensity: f64,
    /// Firebrands thrown per launching cell. Default 2.
    pub embers: u32,
    /// Probability that a firebrand lands alive and ignites a receptive cell. Default 0.05.
    pub probability: f64,
    /// Mean landing distance per unit midflame wind speed (m per m/s). Default 30.
    pub distance_per_wind: f64,
    /// σ of the log landing distance. Default 0.6.
    pub sigma: f64,
    /// Lateral spread of the landing direction about downwind (degrees, 1 σ). Default 10.
    pub lateral_sd: f64,
    /// Delay from launch to ignition of the landing cell (s). Default 120.
    pub delay: f64,
}

impl Default for Spotting {
    fn default() -> Self {
        Spotting {
            min_intensity: 2000.0,
            embers: 2,
            probability: 0.05,
            distance_per_wind: 30.0,
            sigma: 0.6,
            lateral_sd: 10.0,
            delay: 120.0,
        }
    }
}

impl Spotting {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        let checks: [(&str, f64, bool, &str); 6] = [
            (
                "spotting.min_intensity",
                self.min_intensity,
                self.min_intensity >= 0.0,
                "a finite intensity ≥ 0 kW/m",
            ),
            (
                "spotting.probability",
                self.probability,
                (0.0..=1.0).contains(&self.probability),
                "a probability from 0 to 1",
            ),
            (
                "spotting.distance_per_wind",
                self.distance_per_wind,
                self.distance_per_wind >= 0.0,
                "a finite distance ≥ 0 m per m/s of wind",
            ),
            (
                "spotting.sigma",
                self.sigma,
                (0.0..=3.0).contains(&self.sigma),
                "a lognormal σ from 0 to 3",
            ),
            (
                "spotting.lateral_sd",
                self.lateral_sd,
                (0.0..=180.0).contains(&self.lateral_sd),
                "a standard deviation from 0 to 180 degrees",
            ),
            (
                "spotting.delay",
                self.delay,
                self.delay > 0.0,
                "a finite delay > 0 s",
            ),
        ];
        for (name, v, ok, fix) in checks {
            if !(v.is_finite() && ok) {
                return Err(crate::Error::invalid(name, v, fix));
            }
        }
        if self.embers > 1000 {
            return Err(crate::Error::invalid(
                "spotting.embers",
                self.embers as f64,
                "at most 1000 firebrands per cell",
            ));
        }
        Ok(())
    }
}

/// Stream tags: independent draws for the same cell.
pub(crate) const STREAM_NOISE: u64 = 0x6e6f_6973_6500_0001;
pub(crate) const STREAM_SPOT: u64 = 0x7370_6f74_0000_0002;
pub(crate) const STREAM_MEMBER: u64 = 0x6d65_6d62_6572_0003;

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix.
#[inline]
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The generator of draws of `stream` for item `index` in a run seeded with `seed`.
pub(crate) fn rng_for(seed: u64, stream: u64, index: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(mix(seed ^ stream) ^ index))
}

/// A mean-one lognormal with log-σ `sigma`.
pub(crate) fn mean_one_lognormal(sigma: f64) -> LogNormal<f64> {
    LogNormal::new(-0.5 * sigma * sigma, sigma).expect("σ validated finite and ≥ 0")
}

/// The whole-run ROS factor of `noise` (1 unless [`RosNoise::Uniform`]).
pub(crate) fn run_factor(noise: RosNoise, seed: u64) -> f64 {
    match noise {
        RosNoise::Uniform { sigma } => {
            mean_one_lognormal(sigma).sample(&mut rng_for(seed, STREAM_NOISE, u64::MAX))
        }
        _ => 1.0,
    }
}

/// The ROS factor of cell `index` under [`RosNoise::PerCell`] with log-σ `sigma`: a pure
/// function of (seed, index), so cells can draw it lazily in any order.
pub(crate) fn cell_factor(sigma: f64, seed: u64, index: usize) -> f32 {
    mean_one_lognormal(sigma).sample(&mut rng_for(seed, STREAM_NOISE, index as u64)) as f32
}

#[cfg(test)]
fn ros_factors(noise: RosNoise, seed: u64, n: usize) -> Vec<f32> {
    match noise {
        RosNoise::None => Vec::new(),
        RosNoise::Uniform { .. } => vec![run_factor(noise, seed) as f32; n],
        RosNoise::PerCell { sigma } => (0..n).map(|i| cell_factor(sigma, seed, i)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_cell_factors_have_mean_one_and_the_asked_spread() {
        // Sample mean of 200 000 mean-one lognormal draws with σ = 0.4: standard error
        // √(e^{σ²} − 1)/√n ≈ 0.00093, so 0.005 is over 5 standard errors.
        let f = ros_factors(RosNoise::PerCell { sigma: 0.4 }, 3, 200_000);
        let mean: f64 = f.iter().map(|&x| x as f64).sum::<f64>() / f.len() as f64;
        assert!((mean - 1.0).abs() < 0.005, "mean {mean}");
        let lm: Vec<f64> = f.iter().map(|&x| (x as f64).ln()).collect();
        let mu = lm.iter().sum::<f64>() / lm.len() as f64;
        let sd = (lm.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / lm.len() as f64).sqrt();
        assert!((sd - 0.4).abs() < 0.005, "sd {sd}");
        assert_eq!(f, ros_factors(RosNoise::PerCell { sigma: 0.4 }, 3, 200_000));
        assert_ne!(f, ros_factors(RosNoise::PerCell { sigma: 0.4 }, 4, 200_000));
        assert!(ros_factors(RosNoise::None, 3, 10).is_empty());
    }
}
