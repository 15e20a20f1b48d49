//! Crown fire potential over a terrain, cell by cell (Scott & Reinhardt 2001, as BehavePlus and
//! FlamMap compute it): the fire type a surface fire would become under the given weather, its
//! final spread rate, intensity and flame length, the transition and active ratios, and the
//! crowning index. Each cell runs the point model [`crate::crown::crown_fire`] with its fuel,
//! slope, aspect and canopy; cells with no canopy data (NaN or nodata) or non-burnable fuel
//! are NaN in every output.

use crate::crown::{crown_fire, Canopy, CrownInputs};
use crate::spread::Fuels;
use crate::wind_adjustment::{wind_adjustment_factor, Canopy as Shelter};
use crate::{Error, FuelModel, FuelMoisture, Result, SpreadOptions};
use hazsim_grid::{Field, FieldInfo, Raster, Terrain};
use ndarray::Array2;
use rayon::prelude::*;

/// The canopy, one value or a raster per cell (a path in a configuration file).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanopyFields {
    /// Canopy base height (m).
    pub base_height: Field,
    /// Canopy bulk density (kg/m³).
    pub bulk_density: Field,
    /// Stand (canopy) height (m).
    pub height: Field,
    /// Canopy cover (fraction 0–1), for the wind reduction under the canopy.
    pub cover: Field,
    /// Foliar moisture (fraction of dry mass, e.g. 1.0 for 100 %).
    pub foliar_moisture: Field,
}

impl hazsim_grid::FieldInputs for CanopyFields {
    fn field_inputs_mut(&mut self) -> Vec<(String, &mut Field)> {
        vec![
            ("canopy.base_height".to_string(), &mut self.base_height),
            ("canopy.bulk_density".to_string(), &mut self.bulk_density),
            ("canopy.height".to_string(), &mut self.height),
            ("canopy.cover".to_string(), &mut self.cover),
            (
                "canopy.foliar_moisture".to_string(),
                &mut self.foliar_moisture,
            ),
        ]
    }
}

/// The maps of [`crown_map`], on the DEM's grid (see [`CrownMap::FIELDS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CrownMap {
    /// `fire.crown_fire_type`: [`crate::crown::CrownFireType::code`] (0 surface, 1 torching,
    /// 2 conditional crown fire, 3 crowning).
    pub fire_type: Raster<f32>,
    /// `fire.crown_ros`: final spread rate (m/s).
    pub ros: Raster<f32>,
    /// `fire.crown_fireline_intensity`: final fireline intensity (kW/m).
    pub fireline_intensity: Raster<f32>,
    /// `fire.crown_flame_length`: final flame length (m).
    pub flame_length: Raster<f32>,
    /// `fire.transition_ratio`: surface intensity over the intensity that starts crowning (-).
    pub transition_ratio: Raster<f32>,
    /// `fire.active_ratio`: crown spread rate over the rate that sustains active crowning (-).
    pub active_ratio: Raster<f32>,
    /// `fire.crowning_index`: the 20-ft wind (m/s) at which an active crown fire can spread.
    pub crowning_index: Raster<f32>,
}

impl CrownMap {
    /// Name, unit and meaning of each map, in the order of the members (the registry's
    /// [`hazsim_grid::fields::FIRE_CROWN_MAP`]).
    pub const FIELDS: &'static [FieldInfo] = hazsim_grid::fields::FIRE_CROWN_MAP;

    /// The maps in the order of [`CrownMap::FIELDS`].
    pub fn rasters(&self) -> [&Raster<f32>; 7] {
        [
            &self.fire_type,
            &self.ros,
            &self.fireline_intensity,
            &self.flame_length,
            &self.transition_ratio,
            &self.active_ratio,
            &self.crowning_index,
        ]
    }
}

/// Crown fire potential of every cell under one weather: 20-ft wind `wind_20ft` (m/s) from
/// `wind_direction` (degrees, where it comes from) and dead/live fuel `moisture`.
///
/// ```
/// use hazsim_fire::crown_map::{crown_map, CanopyFields};
/// use hazsim_fire::spread::Fuels;
/// use hazsim_fire::{FuelModel, FuelMoisture, SpreadOptions};
/// use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
/// let dem = Raster::new(ndarray::Array2::from_shape_fn((5, 5), |(r, _)| 100.0 - 5.0 * r as f32), GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616));
/// let t = Terrain::new(dem).unwrap();
/// let canopy = CanopyFields { base_height: 2.0.into(), bulk_density: 0.15.into(), height: 20.0.into(), cover: 0.6.into(), foliar_moisture: 1.0.into() };
/// let m = FuelMoisture::new(0.04, 0.05, 0.06, 0.6, 0.9).unwrap();
/// let map = crown_map(&t, &Fuels::Uniform(FuelModel::by_name("TU5").unwrap()), &canopy, m, 12.0, 180.0, &SpreadOptions::behave()).unwrap();
/// assert!(map.fire_type.data.iter().all(|&v| v >= 1.0)); // dry and windy: at least torching
/// ```
pub fn crown_map(
    terrain: &Terrain,
    fuels: &Fuels,
    canopy: &CanopyFields,
    moisture: FuelMoisture,
    wind_20ft: f64,
    wind_direction: f64,
    options: &SpreadOptions,
) -> Result<CrownMap> {
    let dem = terrain.dem();
    if !(wind_20ft.is_finite() && wind_20ft >= 0.0) {
        return Err(Error::invalid(
            "wind_20ft",
            wind_20ft,
            "a 20-ft wind speed in m/s >= 0",
        ));
    }
    if !wind_direction.is_finite() {
        return Err(Error::invalid(
            "wind_direction",
            wind_direction,
            "a direction in degrees clockwise from north (where the wind comes from)",
        ));
    }
    let fields = [
        ("canopy.base_height", &canopy.base_height),
        ("canopy.bulk_density", &canopy.bulk_density),
        ("canopy.height", &canopy.height),
        ("canopy.cover", &canopy.cover),
        ("canopy.foliar_moisture", &canopy.foliar_moisture),
    ];
    for (name, f) in fields {
        f.require_read(name)?;
        if let Field::Raster(r) = f {
            dem.check_same_grid(r, "DEM", &format!("{name} raster"))?;
        }
    }
    let (rows, cols) = dem.shape();
    let models: Vec<(u16, FuelModel)> = match fuels {
        Fuels::Uniform(m) => vec![(m.code, m.clone())],
        Fuels::Codes { codes, custom } => {
            dem.check_same_grid(codes, "DEM", "fuel codes")?;
            let mut v: Vec<u16> = codes.data.iter().copied().filter(|&c| c != 0).collect();
            v.sort_unstable();
            v.dedup();
            v.into_iter()
                .map(|c| {
                    let m = match custom.iter().find(|m| m.code == c) {
                        Some(m) => m.clone(),
                        None => FuelModel::standard(c)?,
                    };
                    Ok((c, m))
                })
                .collect::<Result<_>>()?
        }
    };
    let code_at = |r: usize, c: usize| match fuels {
        Fuels::Uniform(m) => m.code,
        Fuels::Codes { codes, .. } => codes.data[[r, c]],
    };
    let slope = terrain.slope();
    let aspect = terrain.aspect();
    const N: usize = 7;
    // One row per task; the first error (in row order) is reported with its cell.
    let rows_out: Vec<Result<Vec<[f32; N]>>> = (0..rows)
        .into_par_iter()
        .map(|r| {
            (0..cols)
                .map(|c| {
                    let nan = [f32::NAN; N];
                    let Some((_, model)) = models.iter().find(|(k, _)| *k == code_at(r, c)) else {
                        return Ok(nan);
                    };
                    if !model.is_burnable() {
                        return Ok(nan);
                    }
                    let v: [f64; 5] = std::array::from_fn(|k| fields[k].1.value_at(r, c));
                    // No canopy data here (e.g. outside the forest): left out.
                    if v.iter().any(|x| x.is_nan()) {
                        return Ok(nan);
                    }
                    let crown = Canopy {
                        base_height: v[0],
                        bulk_density: v[1],
                        height: v[2],
                        foliar_moisture: v[4],
                    };
                    let at = |e: Error| match e {
                        Error::InvalidInput {
                            parameter,
                            value,
                            expected,
                        } => Error::InvalidInput {
                            parameter: format!("{parameter} at cell (row {r}, col {c})"),
                            value,
                            expected,
                        },
                        other => other,
                    };
                    let shelter = Shelter {
                        cover: v[3],
                        height: crown.height,
                        crown_ratio: if crown.height > 0.0 {
                            (crown.height - crown.base_height) / crown.height
                        } else {
                            0.0
                        },
                    };
                    let waf = wind_adjustment_factor(model.depth, Some(&shelter)).map_err(at)?;
                    let f = crown_fire(
                        model,
                        &crown,
                        &CrownInputs {
                            moisture,
                            wind_20ft,
                            waf,
                            wind_direction,
                            slope_fraction: (slope.data[[r, c]] as f64).to_radians().tan(),
                            // Flat cells have no aspect (NaN); their slope is 0 anyway.
                            aspect: match aspect.data[[r, c]] as f64 {
                                x if x.is_finite() => x,
                                _ => 0.0,
                            },
                        },
                        options,
                    )
                    .map_err(at)?;
                    Ok([
                        f.fire_type.code() as f32,
                        f.final_ros as f32,
                        f.final_fireline_intensity as f32,
                        f.final_flame_length as f32,
                        f.transition_ratio as f32,
                        f.active_ratio as f32,
                        f.crowning_wind_20ft as f32,
                    ])
                })
                .collect()
        })
        .collect();
    let mut grid = Array2::from_elem((rows, cols), [f32::NAN; N]);
    for (r, row) in rows_out.into_iter().enumerate() {
        for (c, v) in row?.into_iter().enumerate() {
            grid[[r, c]] = v;
        }
    }
    let layer = |k: usize| -> Raster<f32> {
        let mut out = dem.like(grid.map(|v| v[k]));
        out.nodata = None;
        out
    };
    Ok(CrownMap {
        fire_type: layer(0),
        ros: layer(1),
        fireline_intensity: layer(2),
        flame_length: layer(3),
        transition_ratio: layer(4),
        active_ratio: layer(5),
        crowning_index: layer(6),
    })
}
