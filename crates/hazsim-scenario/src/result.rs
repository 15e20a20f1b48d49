//! [`ScenarioResult`]: the maps of every hazard, one impact row per asset, the event log and
//! the KPIs of the plan's targets.

use crate::clock::{HazardRun, ScenarioRun, Status};
use crate::events::Event;
use crate::exposure::State;
use crate::scenario::Scenario;
use hazsim_fire::spread::FireGrade;
use hazsim_grid::Raster;
use serde::{Deserialize, Serialize};

/// The fields written for each hazard kind: the maximum intensities and arrival times.
pub const OUTPUT_FIELDS: &[&str] = &[
    "flood.max_depth",
    "flood.max_speed",
    "flood.max_dv",
    "flood.arrival_time",
    "flood.duration",
    "flood.hazard_class",
    "fire.arrival_time",
    "fire.flame_length",
    "fire.fireline_intensity",
    "debris.susceptibility",
    "debris.energy_line_pressure",
    "debris.travel_length",
    "debris.max_depth",
    "debris.max_speed",
    "debris.max_impact_pressure",
    "debris.arrival_time",
];

/// A hazard's field on the scenario clock: arrival times shifted by the hazard's start
/// (`debris.arrival_time` is the scenario's own, from routing or the checks).
pub(crate) fn hazard_field(sc: &Scenario, h: &HazardRun, name: &str) -> Option<Raster<f32>> {
    let dem = sc.terrain.dem();
    if name == "debris.arrival_time" {
        if h.arrival.is_empty() || !h.started() {
            return None;
        }
        let a = ndarray::Array2::from_shape_vec(dem.shape(), h.arrival.clone()).ok()?;
        return Some(dem.like(a));
    }
    let v = h.field(name)?;
    let mut r = dem.like(v.to_owned());
    if name.ends_with(".arrival_time") {
        let s = h.start.unwrap_or(0.0) as f32;
        r.data.mapv_inplace(|x| x + s);
    }
    Some(r)
}

/// One asset's row of `impacts.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImpactRow {
    /// Asset id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// State at the end.
    pub state: State,
    /// Worst state reached.
    pub worst_state: State,
    /// First flood arrival (s), if any.
    pub flood_arrival_s: Option<f64>,
    /// First fire arrival (s).
    pub fire_arrival_s: Option<f64>,
    /// First debris arrival (s).
    pub debris_arrival_s: Option<f64>,
    /// Maximum flood depth (m).
    pub max_flood_depth_m: f64,
    /// Maximum depth × speed (m²/s).
    pub max_dv_m2_s: f64,
    /// FD2320 hazard class (0–4).
    pub flood_hazard_class: f64,
    /// Flame length (m).
    pub flame_length_m: f64,
    /// Fireline intensity (kW/m).
    pub fireline_intensity_kw_m: f64,
    /// Debris impact pressure (kPa).
    pub debris_pressure_kpa: f64,
    /// Debris depth (m, Voellmy).
    pub debris_depth_m: f64,
    /// Time spent cut, damaged or destroyed (s).
    pub time_cut_s: f64,
    /// First check at which it was cut (s).
    pub first_cut_s: Option<f64>,
    /// People by day.
    pub population_day: f64,
    /// People by night.
    pub population_night: f64,
    /// Shelter capacity.
    pub capacity: f64,
    /// People sheltered at the end (shelters).
    pub sheltered: f64,
    /// Length (m) of a line asset.
    pub length_m: f64,
    /// The asset's `value` property (any currency unit).
    pub value: f64,
}

impl ImpactRow {
    /// The column names of `impacts.csv`, in order: the row's fields as serialised.
    ///
    /// ```
    /// assert_eq!(hazsim_scenario::ImpactRow::COLUMNS[0], "id");
    /// assert!(hazsim_scenario::ImpactRow::COLUMNS.contains(&"max_flood_depth_m"));
    /// ```
    pub const COLUMNS: [&'static str; 23] = [
        "id",
        "name",
        "kind",
        "state",
        "worst_state",
        "flood_arrival_s",
        "fire_arrival_s",
        "debris_arrival_s",
        "max_flood_depth_m",
        "max_dv_m2_s",
        "flood_hazard_class",
        "flame_length_m",
        "fireline_intensity_kw_m",
        "debris_pressure_kpa",
        "debris_depth_m",
        "time_cut_s",
        "first_cut_s",
        "population_day",
        "population_night",
        "capacity",
        "sheltered",
        "length_m",
        "value",
    ];
}

/// KPIs of one hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HazardKpi {
    /// Id.
    pub id: String,
    /// `flood`, `fire`, `debris`.
    pub kind: String,
    /// Scenario time it started (s), if it did.
    pub started_at: Option<f64>,
    /// `waiting`, `running`, `ended`, `suppressed`.
    pub status: String,
    /// Area reached (ha): flooded (depth past the arrival threshold), burned, reached by debris.
    pub area_ha: f64,
    /// The same in mu (1 ha = 15 mu).
    pub area_mu: f64,
    /// Fires: when the fire passed 2 ha (30 mu), the plan's limit for one fire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed_2ha_at: Option<f64>,
    /// Fires: grade by area (一般, 较大, 重大, 特别重大).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fire_grade: Option<String>,
    /// Fires: grade in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fire_grade_zh: Option<String>,
    /// Largest depth (floods, Voellmy) (m).
    pub max_depth_m: f64,
}

/// The plan's targets, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Per hazard.
    pub hazards: Vec<HazardKpi>,
    /// Largest fire (ha).
    pub largest_fire_ha: f64,
    /// Largest fire (mu).
    pub largest_fire_mu: f64,
    /// Whether a fire passed 2 ha.
    pub fire_over_2ha: bool,
    /// Where the people counts come from: `population raster` or `assets`.
    pub people_from: String,
    /// People exposed (reached by any hazard).
    pub people_exposed: f64,
    /// People displaced.
    pub people_displaced: f64,
    /// Relief targets (h) and the share of exposed people reached within each.
    pub relief: Vec<ReliefKpi>,
    /// Exposed people covered by a warning in time.
    pub people_warned_in_time: f64,
    /// Their share of the exposed (the plan's target is at least 0.9).
    pub warned_share: f64,
    /// Longest road length cut at once (km).
    pub road_cut_max_km: f64,
    /// Road cut, summed over time (km·h).
    pub road_cut_km_h: f64,
    /// Road and bridge assets ever cut.
    pub roads_cut: usize,
    /// Hospitals cut, damaged or destroyed at some time.
    pub hospitals_affected: usize,
    /// Schools cut, damaged or destroyed at some time.
    pub schools_affected: usize,
    /// Assets damaged or destroyed.
    pub assets_damaged: usize,
    /// Shelter capacity (people).
    pub shelter_capacity: f64,
    /// Largest number of people in shelters.
    pub shelter_peak: f64,
    /// Displaced people without a reachable shelter with room at the end.
    pub unsheltered: f64,
    /// Wall time in engines (s) and in the scenario's own work (s).
    pub engine_seconds: f64,
    /// Wall time of the scenario layer's own work (s).
    pub scenario_seconds: f64,
}

/// Relief reached within a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliefKpi {
    /// Target (h).
    pub within_h: f64,
    /// People reached within it.
    pub people: f64,
    /// Their share of the exposed.
    pub share: f64,
}

/// The outcome of a scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// Scenario name.
    pub name: String,
    /// File-safe name (the output folder).
    pub slug: String,
    /// (hazard id, field name, raster) of every hazard that started, on the scenario clock.
    pub fields: Vec<(String, String, Raster<f32>)>,
    /// One row per asset.
    pub impacts: Vec<ImpactRow>,
    /// Every event in time order.
    pub events: Vec<Event>,
    /// KPIs.
    pub kpis: Kpis,
    /// (t s, km of road cut, people exposed, people displaced, people in shelters) at each check.
    pub series: Vec<(f64, f64, f64, f64, f64)>,
    /// The scenario (assets, terrain, spec) for writers.
    pub scenario: Scenario,
}

impl ScenarioResult {
    /// A field by hazard id and name (`flood.max_depth` or `max_depth`).
    pub fn field(&self, hazard: &str, name: &str) -> Option<&Raster<f32>> {
        self.fields
            .iter()
            .find(|(h, n, _)| {
                h == hazard && (n == name || n.split_once('.').is_some_and(|(_, q)| q == name))
            })
            .map(|(_, _, r)| r)
    }
}

pub(crate) fn gather(run: ScenarioRun) -> ScenarioResult {
    let sc = &run.sc;
    let cell_area = sc.terrain.cell_size().powi(2);
    let mut fields = Vec::new();
    let mut hazards = Vec::new();
    for (p, h) in sc.hazards.iter().zip(&run.hz) {
        if h.started() {
            for name in OUTPUT_FIELDS {
                if let Some(r) = hazard_field(sc, h, name) {
                    fields.push((p.id.clone(), name.to_string(), r));
                }
            }
        }
        let (area, max_depth) = match h.engine.as_ref().map(|e| e.view()) {
            Some(e) => match e.hazard() {
                "flood" => (
                    e.field("flood.arrival_time")
                        .map_or(0, |a| a.iter().filter(|v| v.is_finite()).count()),
                    e.field("flood.max_depth")
                        .map_or(0.0, |d| d.iter().copied().fold(0.0f32, f32::max) as f64),
                ),
                "fire" => (
                    e.field("fire.arrival_time")
                        .map_or(0, |a| a.iter().filter(|v| v.is_finite()).count()),
                    0.0,
                ),
                _ => (
                    h.arrival.iter().filter(|v| v.is_finite()).count(),
                    e.field("debris.max_depth")
                        .map_or(0.0, |d| d.iter().copied().fold(0.0f32, f32::max) as f64),
                ),
            },
            None => (0, 0.0),
        };
        let ha = area as f64 * cell_area / 1e4;
        let fire = p.kind == "fire" && h.started();
        hazards.push(HazardKpi {
            id: p.id.clone(),
            kind: p.kind.to_string(),
            started_at: h.start,
            status: match h.status {
                Status::Waiting | Status::Scheduled(_) => "waiting",
                Status::Running => "running",
                Status::Ended => "ended",
                Status::Suppressed => "suppressed",
            }
            .to_string(),
            area_ha: ha,
            area_mu: ha * 15.0,
            passed_2ha_at: h.passed_2ha,
            fire_grade: fire.then(|| FireGrade::from_hectares(ha).name_en().to_string()),
            fire_grade_zh: fire.then(|| FireGrade::from_hectares(ha).name_zh().to_string()),
            max_depth_m: max_depth,
        });
    }
    let ex = &run.exposure;
    let cell_size = sc.terrain.cell_size();
    let impacts: Vec<ImpactRow> = sc
        .assets
        .iter()
        .zip(&ex.assets)
        .map(|(a, t)| ImpactRow {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.name().to_string(),
            state: t.state,
            worst_state: t.worst,
            flood_arrival_s: t.arrival[0],
            fire_arrival_s: t.arrival[1],
            debris_arrival_s: t.arrival[2],
            max_flood_depth_m: t.max_depth,
            max_dv_m2_s: t.max_dv,
            flood_hazard_class: t.hazard_class,
            flame_length_m: t.flame_length,
            fireline_intensity_kw_m: t.fireline_intensity,
            debris_pressure_kpa: t.debris_pressure,
            debris_depth_m: t.debris_depth,
            time_cut_s: t.time_cut,
            first_cut_s: t.first_cut,
            population_day: a.population_day,
            population_night: a.population_night,
            capacity: a.capacity,
            sheltered: t.occupancy,
            length_m: a.length(cell_size),
            value: a.value,
        })
        .collect();
    let exposed: f64 = ex.groups.iter().map(|g| g.exposed).fold(0.0, |a, b| a + b);
    let displaced: f64 = ex
        .groups
        .iter()
        .map(|g| g.displaced)
        .fold(0.0, |a, b| a + b);
    let relief = sc
        .spec
        .relief
        .targets
        .iter()
        .map(|target| {
            let people: f64 = ex
                .groups
                .iter()
                .filter(|g| match (g.exposed_at, g.relief_at) {
                    (Some(e), Some(r)) => r - e <= target.0,
                    _ => false,
                })
                .map(|g| g.exposed)
                .fold(0.0, |a, b| a + b);
            ReliefKpi {
                within_h: target.0 / 3600.0,
                people,
                share: if exposed > 0.0 {
                    people / exposed
                } else {
                    f64::NAN
                },
            }
        })
        .collect();
    let warned: f64 = ex
        .groups
        .iter()
        .filter(|g| g.warned)
        .map(|g| g.exposed)
        .sum();
    let road_cut_max_km = ex.road_cut_series.iter().map(|p| p.1).fold(0.0, f64::max);
    let road_cut_km_h = ex
        .road_cut_series
        .windows(2)
        .map(|w| w[1].1 * (w[1].0 - w[0].0) / 3600.0)
        .sum();
    let affected = |k: crate::assets::AssetKind| {
        sc.assets
            .iter()
            .zip(&ex.assets)
            .filter(|(a, t)| a.kind == k && t.worst != State::Open)
            .count()
    };
    let largest = hazards
        .iter()
        .filter(|h| h.kind == "fire")
        .map(|h| h.area_ha)
        .fold(0.0, f64::max);
    let shelter_capacity: f64 = sc
        .assets
        .iter()
        .filter(|a| a.kind == crate::assets::AssetKind::Shelter)
        .map(|a| a.capacity)
        .sum();
    let kpis = Kpis {
        largest_fire_ha: largest,
        largest_fire_mu: largest * 15.0,
        fire_over_2ha: hazards.iter().any(|h| h.passed_2ha_at.is_some()),
        hazards,
        people_from: if ex.uses_raster {
            "population raster"
        } else {
            "assets"
        }
        .to_string(),
        people_exposed: exposed,
        people_displaced: displaced,
        relief,
        people_warned_in_time: warned,
        warned_share: if exposed > 0.0 {
            warned / exposed
        } else {
            f64::NAN
        },
        road_cut_max_km,
        road_cut_km_h,
        roads_cut: sc
            .assets
            .iter()
            .zip(&ex.assets)
            .filter(|(a, t)| a.kind.is_link() && t.worst != State::Open)
            .count(),
        hospitals_affected: affected(crate::assets::AssetKind::Hospital),
        schools_affected: affected(crate::assets::AssetKind::School),
        assets_damaged: ex
            .assets
            .iter()
            .filter(|t| t.worst >= State::Damaged)
            .count(),
        shelter_capacity,
        shelter_peak: ex.shelter_series.iter().map(|p| p.1).fold(0.0, f64::max),
        unsheltered: ex
            .groups
            .iter()
            .map(|g| g.to_shelter)
            .fold(0.0, |a, b| a + b),
        engine_seconds: run.engine_seconds,
        scenario_seconds: run.scenario_seconds,
    };
    let series = ex
        .road_cut_series
        .iter()
        .zip(&ex.people_series)
        .zip(&ex.shelter_series)
        .map(|((r, p), s)| (r.0, r.1, p.1, p.2, s.1))
        .collect();
    let mut events = run.events.clone();
    events.sort_by(|a, b| a.t.total_cmp(&b.t));
    if let Some(start) = sc.start {
        for e in &mut events {
            let wall = start + chrono::Duration::milliseconds((e.t * 1000.0).round() as i64);
            e.time = Some(wall.to_rfc3339());
        }
    }
    ScenarioResult {
        name: sc.spec.scenario.name.clone(),
        slug: sc.slug(),
        fields,
        impacts,
        events,
        kpis,
        series,
        scenario: run.sc,
    }
}
