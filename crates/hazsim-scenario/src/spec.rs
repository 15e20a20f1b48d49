//! The scenario file: serde types of every section, documented key by key in
//! `docs/scenario-file.md`. The TOML file and the Python dict have this one structure. Engine
//! settings are the engines' own serde configs (`hazsim_flood::FloodConfig`,
//! `hazsim_fire::spread::SpreadConfig`, `hazsim_debris::RunoutParams`,
//! `hazsim_debris::voellmy::VoellmyConfig`) under each hazard's `config`, `route` or
//! `voellmy` key; what a scenario adds (when a hazard starts, what releases debris, which
//! flood a deposit dams) sits beside them.
//!
//! Times inside a hazard (rain series, weather records, a breach) count from the hazard's own
//! start; `start` and trigger lags count on the scenario clock.

use crate::assets::AssetKind;
use crate::Seconds;
use hazsim_debris::voellmy::VoellmyConfig;
use hazsim_debris::{RunoutParams, SoilParams};
use hazsim_fire::spread::SpreadConfig;
use hazsim_fire::FuelMoisture;
use hazsim_flood::design_storm::StormFormula;
use hazsim_flood::FloodConfig;
use hazsim_grid::Field;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Name, clock and seed.
    pub scenario: Meta,
    /// The DEM and the rasters on its grid.
    pub terrain: TerrainSpec,
    /// The hazards, in `[[hazard]]` tables.
    #[serde(default, rename = "hazard")]
    pub hazards: Vec<HazardSpec>,
    /// Asset layers (GeoJSON), in `[[asset_layer]]` tables.
    #[serde(default, rename = "asset_layer")]
    pub asset_layers: Vec<AssetLayerSpec>,
    /// Where relief starts, in `[[depot]]` tables.
    #[serde(default, rename = "depot")]
    pub depots: Vec<DepotSpec>,
    /// Warning points, in `[[warning]]` tables.
    #[serde(default, rename = "warning")]
    pub warnings: Vec<WarningSpec>,
    /// Relief and access settings.
    #[serde(default)]
    pub relief: ReliefSpec,
    /// Threshold overrides per asset kind (`[thresholds.road]`).
    #[serde(default)]
    pub thresholds: BTreeMap<AssetKind, ThresholdOverride>,
}

/// `[scenario]`: name, clock and seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Name (also the output folder's name, made file-safe).
    pub name: String,
    /// Name in Chinese, for bilingual products; optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// Wall-clock start, RFC 3339 with offset (`2026-07-14T02:00:00+08:00`); optional. Sets the
    /// wall-clock times of events and day or night population.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Length of the scenario.
    pub duration: Seconds,
    /// Seed of every random draw (trigger probabilities); a run is a pure function of the file
    /// and this seed.
    #[serde(default)]
    pub seed: u64,
    /// How often triggers, assets, relief and warnings are evaluated; default 5 min.
    #[serde(default = "default_check_interval")]
    pub check_interval: Seconds,
}

fn default_check_interval() -> Seconds {
    Seconds(300.0)
}

/// `[terrain]`: the DEM and rasters on its grid. Paths are relative to the scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerrainSpec {
    /// Elevation raster (GeoTIFF or ESRI ASCII grid) in a projected CRS, metres.
    pub dem: PathBuf,
    /// Fuel model codes on the DEM's grid (fires without their own `fuel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel: Option<PathBuf>,
    /// Fill NaN/nodata holes in the DEM from their edges instead of failing.
    #[serde(default)]
    pub fill_nodata: bool,
    /// People per cell by day (08:00 to 20:00 local time); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_day: Option<PathBuf>,
    /// People per cell by night; optional (the day raster holds by night when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_night: Option<PathBuf>,
}

/// When a hazard starts: a time on the scenario clock (`"2h"`, `7200`) or a trigger table
/// (`{ when = "rain", of = "storm", mm = 60, within = "1h" }`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
// Read once per scenario: the size of the variants does not matter, plain matching does.
#[allow(clippy::large_enum_variant)]
pub enum Start {
    /// A time on the scenario clock.
    At(Seconds),
    /// A condition evaluated at every check.
    When(Trigger),
}

impl Default for Start {
    fn default() -> Self {
        Start::At(Seconds(0.0))
    }
}

impl<'de> Deserialize<'de> for Start {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Start;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a time (\"2h\", 7200) or a trigger table ({ when = \"rain\", ... })")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Start, E> {
                v.parse().map(Start::At).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Start, E> {
                if v.is_finite() && v >= 0.0 {
                    Ok(Start::At(Seconds(v)))
                } else {
                    Err(E::custom(format!("start {v} is not a time >= 0 s")))
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Start, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Start, E> {
                self.visit_f64(v as f64)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<Start, A::Error> {
                Trigger::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(Start::When)
            }
        }
        d.deserialize_any(V)
    }
}

/// A condition that starts a hazard (or a dam breach), evaluated at every check. The hazard
/// starts at the check where it first holds, plus the hazard's `lag`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "when", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// Rain of the flood hazard `of` over a cell, from its own rain forcing: `mm` within the
    /// window `within`, or a named rainfall threshold `rule`.
    Rain {
        /// The flood hazard whose rain counts.
        of: String,
        /// Accumulation (mm) within `within` that triggers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mm: Option<f64>,
        /// The window of `mm`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Seconds>,
        /// A named threshold instead of `mm`/`within`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<RainRule>,
    },
    /// Post-fire debris flows (Staley et al. 2017, model M1): after the fire hazard `fire`, the
    /// peak 15-min rain of the flood hazard `rain` gives a likelihood at every channel cell;
    /// cells above `probability` release.
    PostFireRain {
        /// The fire hazard.
        fire: String,
        /// The flood hazard whose rain counts.
        rain: String,
        /// Likelihood from which a channel cell releases; default 0.5.
        #[serde(default = "half")]
        probability: f64,
        /// Upslope area (m²) from which a cell counts as channel; default 2e4 (0.02 km², the
        /// USGS assessments' value).
        #[serde(default = "channel_area")]
        min_area: f64,
        /// Largest upslope area (m²) assessed; default 8e6 (8 km², the largest basins of the
        /// USGS post-fire assessments, for which M1 was fitted). Only channel cells whose
        /// upslope area burned (mean dNBR above 0) are assessed.
        #[serde(default = "basin_area")]
        max_area: f64,
        /// Soil KF-factor (value or raster path); default 0.2.
        #[serde(default = "kf_default")]
        kf_factor: Field,
    },
    /// The water surface of the flood hazard's reservoir (mean over its wet cells) above
    /// `above` metres. Only for a breach (`[hazard.breach_start]`).
    ReservoirLevel {
        /// Water-surface elevation (m, DEM datum).
        above: f64,
    },
    /// A field of hazard `of` at a point crosses a value (a gauge): `field` at (x, y) above
    /// `above`.
    Gauge {
        /// The hazard whose field is read.
        of: String,
        /// Field name, full or short (`flood.depth`, `depth`).
        field: String,
        /// World (x, y) in the DEM's CRS.
        at: [f64; 2],
        /// The value that triggers when reached.
        above: f64,
    },
    /// The burned area of the fire hazard `of` above `ha` hectares.
    FireArea {
        /// The fire hazard.
        of: String,
        /// Hectares (1 ha = 15 mu).
        ha: f64,
    },
}

fn half() -> f64 {
    0.5
}
fn channel_area() -> f64 {
    2e4
}
fn basin_area() -> f64 {
    8e6
}
fn kf_default() -> Field {
    Field::Uniform(0.2)
}

/// Named rainfall thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RainRule {
    /// Caine (1980) global intensity–duration threshold for shallow landslides and debris
    /// flows, I = 14.82 D^-0.39 (I mm/h, D h, 10 min to 10 days), checked over windows of
    /// 10 min, 30 min, 1, 3, 6, 12, 24 and 48 h.
    #[serde(rename = "caine-1980")]
    Caine1980,
    /// The rain rate above the SHALSTAB critical steady rainfall of the cell (Montgomery &
    /// Dietrich 1994) with the hazard's `soil` parameters.
    Shalstab,
}

/// One `[[hazard]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
// Read once per scenario: the size of the variants does not matter, plain matching does.
#[allow(clippy::large_enum_variant)]
pub enum HazardSpec {
    /// A flood (`hazsim_flood`).
    Flood(FloodHazard),
    /// A forest fire (`hazsim_fire::spread`).
    Fire(FireHazard),
    /// A debris flow (`hazsim_debris`: energy-line routing or Voellmy flow).
    Debris(DebrisHazard),
}

impl HazardSpec {
    /// The hazard's id.
    pub fn id(&self) -> &str {
        match self {
            HazardSpec::Flood(h) => &h.id,
            HazardSpec::Fire(h) => &h.id,
            HazardSpec::Debris(h) => &h.id,
        }
    }

    /// `flood`, `fire` or `debris`.
    pub fn kind(&self) -> &'static str {
        match self {
            HazardSpec::Flood(_) => "flood",
            HazardSpec::Fire(_) => "fire",
            HazardSpec::Debris(_) => "debris",
        }
    }

    /// The common keys.
    pub fn timing(&self) -> (&Start, Seconds, f64, Option<Seconds>) {
        match self {
            HazardSpec::Flood(h) => (&h.start, h.lag, h.probability, h.duration),
            HazardSpec::Fire(h) => (&h.start, h.lag, h.probability, h.duration),
            HazardSpec::Debris(h) => (&h.start, h.lag, h.probability, h.duration),
        }
    }
}

fn one() -> f64 {
    1.0
}

/// A flood hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloodHazard {
    /// Unique id (names events, outputs and trigger references).
    pub id: String,
    /// When it starts; default at 0.
    #[serde(default)]
    pub start: Start,
    /// Delay from the trigger to the start; default 0.
    #[serde(default)]
    pub lag: Seconds,
    /// Probability the trigger starts it (drawn with the seed); default 1.
    #[serde(default = "one")]
    pub probability: f64,
    /// How long the engine runs; default to the end of the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Seconds>,
    /// Rain from the hazard's start; alternatively `config.rain` in mm/h series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rain: Option<RainSpec>,
    /// When the configured breach (`config.breach`) starts, if on a condition; its time then
    /// counts from the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_start: Option<Trigger>,
    /// The flood engine's configuration (every key of `hazsim_flood::FloodConfig`).
    #[serde(default)]
    pub config: FloodConfig,
}

/// Rain of a flood hazard, times from the hazard's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RainSpec {
    /// (time, mm/h) pairs, piecewise constant; end with a 0 to stop.
    Series(Vec<(Seconds, f64)>),
    /// A Chicago design storm (Keifer & Chu 1957) from an intensity formula.
    DesignStorm(DesignStorm),
}

/// A Chicago design storm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignStorm {
    /// Return period (years).
    pub return_period: f64,
    /// Storm duration.
    pub duration: Seconds,
    /// Peak position as a fraction of the duration; default 0.4.
    #[serde(default = "peak_ratio")]
    pub peak_ratio: f64,
    /// Hyetograph block length; default 5 min.
    #[serde(default = "storm_step")]
    pub time_step: Seconds,
    /// Intensity formula i = A (1 + C lg P) / (t + b)^n (mm/min, min, years); default the
    /// illustrative set of `hazsim_flood::design_storm::StormFormula::ILLUSTRATIVE`.
    #[serde(default = "storm_formula")]
    pub formula: StormFormula,
}

fn peak_ratio() -> f64 {
    0.4
}
fn storm_step() -> Seconds {
    Seconds(300.0)
}
fn storm_formula() -> StormFormula {
    StormFormula::ILLUSTRATIVE
}

/// A fire hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FireHazard {
    /// Unique id.
    pub id: String,
    /// When it starts; default at 0.
    #[serde(default)]
    pub start: Start,
    /// Delay from the trigger to the start.
    #[serde(default)]
    pub lag: Seconds,
    /// Probability the trigger starts it.
    #[serde(default = "one")]
    pub probability: f64,
    /// How long the engine runs; default to the end of the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Seconds>,
    /// Ignition points, world (x, y) in the DEM's CRS, lit at the hazard's start.
    pub ignition: Vec<[f64; 2]>,
    /// One fuel model everywhere (`GR2`, `FM1`, a code); default the terrain's `fuel` raster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel: Option<String>,
    /// Weather records (at least one), times from the hazard's start.
    pub weather: Vec<WeatherSpec>,
    /// The spread engine's configuration (`hazsim_fire::spread::SpreadConfig`); its seed
    /// defaults to the scenario's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<SpreadConfig>,
}

/// One weather record of a fire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeatherSpec {
    /// From when it holds (from the hazard's start); default 0.
    #[serde(default)]
    pub at: Seconds,
    /// Midflame wind speed (m/s).
    pub midflame_wind_speed: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_direction: f64,
    /// Fuel moistures (fractions): one_hour, ten_hour, hundred_hour, live_herb, live_woody.
    pub moisture: FuelMoisture,
}

/// Debris-flow method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DebrisMethod {
    /// Energy-line routing (Flow-R style): instantaneous runout.
    #[default]
    Route,
    /// Voellmy depth-averaged flow on the clock.
    Voellmy,
}

/// A debris-flow hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebrisHazard {
    /// Unique id.
    pub id: String,
    /// When it starts: a time, or a trigger (`rain`, `post_fire_rain`, ...).
    #[serde(default)]
    pub start: Start,
    /// Delay from the trigger to the release.
    #[serde(default)]
    pub lag: Seconds,
    /// Probability the trigger releases it.
    #[serde(default = "one")]
    pub probability: f64,
    /// How long the engine runs; default to the end of the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Seconds>,
    /// `route` (default) or `voellmy`.
    #[serde(default)]
    pub method: DebrisMethod,
    /// What releases.
    pub release: ReleaseSpec,
    /// Front speed (m/s) for the arrival times of routing, which is instantaneous: a cell at
    /// travel length L from its release is reached L / speed after it; default 5 m/s
    /// (observed debris-flow fronts run at 1 to 20 m/s, Rickenmann 1999).
    #[serde(default = "front_speed")]
    pub front_speed: f64,
    /// Release depth (m) of Voellmy releases; default 2 m.
    #[serde(default = "release_depth")]
    pub release_depth: f64,
    /// The flood hazard whose bed the deposit raises (a barrier lake, 堰塞湖); Voellmy only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dams: Option<String>,
    /// Energy-line routing parameters (`hazsim_debris::RunoutParams`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<RunoutParams>,
    /// Voellmy parameters (`hazsim_debris::voellmy::VoellmyConfig`); its release is set by the
    /// scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voellmy: Option<VoellmyConfig>,
}

fn front_speed() -> f64 {
    5.0
}
fn release_depth() -> f64 {
    2.0
}

/// Where debris releases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
// Read once per scenario: the size of the variants does not matter, plain matching does.
#[allow(clippy::large_enum_variant)]
pub enum ReleaseSpec {
    /// World points (x, y) in the DEM's CRS.
    Points(Vec<[f64; 2]>),
    /// A GeoJSON of polygons or points, or a raster mask (non-zero releases), relative to the
    /// scenario file.
    Path(PathBuf),
    /// Cells susceptible to shallow landslides where the start trigger's rain condition holds,
    /// released as the condition spreads; for `rain` and `post_fire_rain` triggers.
    Susceptible(Susceptible),
}

/// Which cells can release under a rain trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Susceptible {
    /// `shalstab`: cells whose SHALSTAB critical rainfall is finite or that are unstable when
    /// dry, on slopes of at least `min_slope`; `slope`: cells on slopes of at least
    /// `min_slope`; `channels`: cells with upslope area at least `min_area` (post-fire).
    #[serde(default)]
    pub by: SusceptibleBy,
    /// Least slope (degrees) of a release cell; default 25.
    #[serde(default = "min_slope")]
    pub min_slope: f64,
    /// `shalstab` only: the largest SHALSTAB critical steady rainfall (mm/day) of a
    /// susceptible cell; default 50, the most unstable class of Dietrich et al. (2001)
    /// (q_c < 50 mm/day). Cells unstable even when dry count too.
    #[serde(default = "max_critical_rainfall")]
    pub max_critical_rainfall: f64,
    /// Soil parameters of SHALSTAB (`hazsim_debris::SoilParams`).
    #[serde(default)]
    pub soil: SoilParams,
}

fn min_slope() -> f64 {
    25.0
}
fn max_critical_rainfall() -> f64 {
    50.0
}

/// See [`Susceptible::by`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SusceptibleBy {
    /// SHALSTAB stability.
    #[default]
    Shalstab,
    /// Slope only.
    Slope,
    /// The drainage network (post-fire flows start in channels).
    Channels,
}

/// `[[asset_layer]]`: a GeoJSON of assets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetLayerSpec {
    /// GeoJSON path, relative to the scenario file.
    pub path: PathBuf,
    /// Kind of features without a `kind` property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AssetKind>,
}

/// `[[depot]]`: where relief starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepotSpec {
    /// Name.
    pub name: String,
    /// World (x, y) in the DEM's CRS.
    pub at: [f64; 2],
}

/// `[[warning]]`: a warning point (siren, broadcast, cell-broadcast area centre).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningSpec {
    /// Name.
    pub name: String,
    /// World (x, y) in the DEM's CRS.
    pub at: [f64; 2],
    /// Range (m) within which people hear it.
    pub range: f64,
    /// Time from a hazard's start to the warning sounding; default 0.
    #[serde(default)]
    pub delay: Seconds,
    /// Time people need between the warning and the hazard's arrival; default 15 min.
    #[serde(default = "lead_time")]
    pub lead_time: Seconds,
    /// Hazards it warns of (ids); default all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hazards: Vec<String>,
}

fn lead_time() -> Seconds {
    Seconds(900.0)
}

/// `[relief]`: access and relief targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReliefSpec {
    /// Travel speed along road assets (m/s); default 11.1 (40 km/h).
    pub road_speed: f64,
    /// Travel speed off roads (m/s); default 1.0 (on foot over rough ground).
    pub offroad_speed: f64,
    /// Relief targets from the time people are affected; default 8 h, 12 h, 24 h (the plan's
    /// basic needs, initial relief and basic living relief).
    pub targets: Vec<Seconds>,
    /// Time from people being affected to relief leaving the depots; default 0.
    pub dispatch_delay: Seconds,
    /// How long a burned cell stays impassable; default 2 h.
    pub fire_closure: Seconds,
    /// Flood depth (m) from which a cell is impassable and a home is left; default 0.3 m.
    pub passable_depth: f64,
}

impl Default for ReliefSpec {
    fn default() -> Self {
        ReliefSpec {
            road_speed: 11.1,
            offroad_speed: 1.0,
            targets: vec![
                Seconds(8.0 * 3600.0),
                Seconds(12.0 * 3600.0),
                Seconds(24.0 * 3600.0),
            ],
            dispatch_delay: Seconds(0.0),
            fire_closure: Seconds(7200.0),
            passable_depth: 0.3,
        }
    }
}

/// Thresholds of one asset kind or asset; unset keys keep the kind's defaults
/// ([`crate::assets::Thresholds`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdOverride {
    /// Flood depth (m) that cuts (closes) the asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flood_cut_depth: Option<f64>,
    /// Flood depth (m) that damages it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flood_damage_depth: Option<f64>,
    /// Depth × speed (m²/s) that destroys it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flood_destroy_dv: Option<f64>,
    /// Flame length (m) that damages it (any fire cuts it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire_damage_flame_length: Option<f64>,
    /// Fireline intensity (kW/m) that destroys it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire_destroy_intensity: Option<f64>,
    /// Debris impact pressure (kPa) that damages it (any debris cuts it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debris_damage_pressure: Option<f64>,
    /// Debris impact pressure (kPa) that destroys it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debris_destroy_pressure: Option<f64>,
}
