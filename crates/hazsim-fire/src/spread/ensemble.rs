//! Ensembles: many fires over one landscape (different ignitions and/or seeds, perturbed wind),
//! run in parallel, summarised as a burn-probability raster and each member's burned area.
//!
//! Members run on rayon's pool, one member per task. Each member is a pure function of its
//! ignitions and seed, and the burn counts are summed as integers, so the result is the same at
//! any thread count.

use super::stochastic::{self, mean_one_lognormal, STREAM_MEMBER};
use super::{FireSpread, Fuels, Ignition, SpreadConfig, WeatherStream};
use hazsim_grid::{NoProgress, Raster, Terrain};
use ndarray::Array2;
use rand_distr::{Distribution, Normal};
use rayon::prelude::*;

/// One member of an ensemble.
#[derive(Debug, Clone, PartialEq)]
pub struct EnsembleMember {
    /// Its ignitions.
    pub ignitions: Vec<Ignition>,
    /// Its seed: the seed of its ROS noise and spotting, and of its wind perturbation.
    pub seed: u64,
}

/// Per-member perturbation of the weather stream: every record's wind speed is multiplied by
/// one mean-one lognormal factor (log-σ `speed_sigma`) and its direction turned by one normal
/// angle (σ `direction_sd` degrees), both drawn from the member's seed. Zero (the default)
/// leaves the wind as given.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WindPerturbation {
    /// σ of the log of the wind-speed factor.
    pub speed_sigma: f64,
    /// Standard deviation of the direction offset (degrees).
    pub direction_sd: f64,
}

impl WindPerturbation {
    fn validate(&self) -> Result<(), crate::Error> {
        if !(self.speed_sigma.is_finite() && (0.0..=2.0).contains(&self.speed_sigma)) {
            return Err(crate::Error::invalid(
                "wind.speed_sigma",
                self.speed_sigma,
                "a lognormal σ from 0 to 2 (0.1-0.3 is typical)",
            ));
        }
        if !(self.direction_sd.is_finite() && (0.0..=180.0).contains(&self.direction_sd)) {
            return Err(crate::Error::invalid(
                "wind.direction_sd",
                self.direction_sd,
                "a standard deviation from 0 to 180 degrees",
            ));
        }
        Ok(())
    }

    /// `weather` as perturbed for a member seeded with `seed`.
    pub fn apply(&self, weather: &WeatherStream, seed: u64) -> WeatherStream {
        if self.speed_sigma == 0.0 && self.direction_sd == 0.0 {
            return weather.clone();
        }
        let mut rng = stochastic::rng_for(seed, STREAM_MEMBER, 0);
        let factor = mean_one_lognormal(self.speed_sigma).sample(&mut rng);
        let turn = Normal::new(0.0, self.direction_sd)
            .expect("validated sd")
            .sample(&mut rng);
        let records = weather
            .records()
            .iter()
            .map(|r| {
                let mut r = *r;
                r.midflame_wind_speed *= factor;
                r.wind_direction = (r.wind_direction + turn).rem_euclid(360.0);
                r
            })
            .collect();
        WeatherStream::new(records).expect("a valid stream stays valid when perturbed")
    }
}

/// What an ensemble produces.
#[derive(Debug, Clone)]
pub struct EnsembleResult {
    /// Fraction of members that burned each cell (0 to 1).
    pub burn_probability: Raster<f32>,
    /// Burned area of each member at the end of the run (ha), in member order.
    pub member_hectares: Vec<f64>,
}

/// Runs every member for `config.duration` seconds, in parallel over members.
///
/// ```
/// use hazsim_fire::spread::{run_ensemble, EnsembleMember, Fuels, Ignition, RosNoise, SpreadConfig,
///     WeatherStream, WindPerturbation};
/// use hazsim_fire::{FuelModel, FuelMoisture};
/// use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
/// use ndarray::Array2;
/// let dem = Raster::new(Array2::zeros((40, 40)), GeoTransform::north_up(0.0, 400.0, 10.0), Crs::epsg(32650));
/// let members: Vec<EnsembleMember> = (0..8)
///     .map(|k| EnsembleMember { ignitions: vec![Ignition { row: 20, col: 20, time: 0.0 }], seed: k })
///     .collect();
/// let out = run_ensemble(
///     &Terrain::new(dem).unwrap(),
///     &Fuels::Uniform(FuelModel::standard(1).unwrap()),
///     &WeatherStream::constant(2.0, 270.0, FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap()).unwrap(),
///     &members,
///     None,
///     &SpreadConfig { duration: 300.0, ros_noise: RosNoise::Uniform { sigma: 0.3 }, ..SpreadConfig::default() },
///     &WindPerturbation { speed_sigma: 0.2, direction_sd: 15.0 },
/// ).unwrap();
/// assert_eq!(out.burn_probability.data[[20, 20]], 1.0); // every member burns its ignition
/// assert_eq!(out.member_hectares.len(), 8);
/// ```
pub fn run_ensemble(
    terrain: &Terrain,
    fuels: &Fuels,
    weather: &WeatherStream,
    members: &[EnsembleMember],
    barriers: Option<&Raster<bool>>,
    config: &SpreadConfig,
    wind: &WindPerturbation,
) -> Result<EnsembleResult, crate::Error> {
    wind.validate()?;
    if members.is_empty() {
        return Err(crate::Error::invalid(
            "members",
            0.0,
            "at least one ensemble member",
        ));
    }
    let base = FireSpread::landscape(terrain, fuels, weather, barriers, config)?;
    let (rows, cols) = (base.rows, base.cols);
    let n = rows * cols;
    let cell_ha = base.cell * base.cell / 10_000.0;
    let run_member = |k: usize| -> Result<(Vec<u32>, f64), crate::Error> {
        let m = &members[k];
        let mut fire = base.clone();
        fire.reseed(wind.apply(weather, m.seed), m.seed);
        for ig in &m.ignitions {
            fire.ignite(ig)?;
        }
        fire.advance(config.duration, &mut NoProgress)?;
        let burned: Vec<u32> = fire
            .burned_mask()
            .enumerate()
            .filter(|(_, b)| *b)
            .map(|(i, _)| i as u32)
            .collect();
        let ha = burned.len() as f64 * cell_ha;
        Ok((burned, ha))
    };
    let (counts, mut areas) = (0..members.len())
        .into_par_iter()
        .try_fold(
            || (vec![0u32; n], Vec::new()),
            |(mut counts, mut areas), k| {
                let (burned, ha) = run_member(k)?;
                for i in burned {
                    counts[i as usize] += 1;
                }
                areas.push((k, ha));
                Ok::<_, crate::Error>((counts, areas))
            },
        )
        .try_reduce(
            || (vec![0u32; n], Vec::new()),
            |(mut a, mut aa), (b, bb)| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                aa.extend(bb);
                Ok((a, aa))
            },
        )?;
    areas.sort_by_key(|&(k, _)| k);
    let total = members.len() as f32;
    let prob = Array2::from_shape_vec(
        (rows, cols),
        counts.into_iter().map(|c| c as f32 / total).collect(),
    )
    .expect("shape of the grid");
    Ok(EnsembleResult {
        burn_probability: base.template.like(prob),
        member_hectares: areas.into_iter().map(|(_, ha)| ha).collect(),
    })
}
