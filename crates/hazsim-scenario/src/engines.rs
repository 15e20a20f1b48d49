//! Each hazard's engine: its configuration resolved from the file (rasters read, rain built,
//! ignitions located), checked by building it once, and built again when the hazard starts.
//! The clock drives every engine through `hazsim_grid::Simulation`; [`Engine`] keeps the
//! concrete type for the few calls a chain needs (a breach start, burned cells).

use crate::scenario::Scenario;
use crate::spec::{
    DebrisHazard, DebrisMethod, FireHazard, FloodHazard, HazardSpec, RainSpec, ReleaseSpec, Start,
    SusceptibleBy, Trigger,
};
use crate::{Error, Result};
use hazsim_debris::voellmy::{VoellmyConfig, VoellmySimulation};
use hazsim_debris::{Release, RoutingSimulation, RunoutParams};
use hazsim_fire::spread::{
    FireSpread, Fuels, Ignition, SpreadConfig, WeatherRecord, WeatherStream,
};
use hazsim_fire::FuelModel;
use hazsim_flood::design_storm::ChicagoStorm;
use hazsim_flood::{FloodConfig, FloodSimulation, Rain};
use hazsim_grid::{Simulation, Terrain};
use std::path::Path;

/// A breach held until its trigger: a start far beyond any scenario.
pub(crate) const HELD: f64 = 1e15;

/// A hazard's engine configuration, resolved and checked.
#[derive(Debug, Clone)]
pub(crate) enum Setup {
    Flood(Box<FloodConfig>),
    Fire {
        fuels: Box<Fuels>,
        weather: WeatherStream,
        ignitions: Vec<Ignition>,
        config: SpreadConfig,
    },
    Route {
        params: Box<RunoutParams>,
        release: Vec<usize>,
    },
    Voellmy {
        config: Box<VoellmyConfig>,
        release: Vec<usize>,
    },
}

/// One hazard ready to start.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub id: String,
    pub kind: &'static str,
    pub setup: Setup,
    /// Cells that may release under a rain trigger (row-major mask), for susceptible releases.
    pub susceptible: Option<Vec<bool>>,
    /// SHALSTAB critical steady rainfall (m/s) per cell, for the `shalstab` rule.
    pub critical_rainfall: Option<Vec<f32>>,
    /// The soil KF-factor of a `post_fire_rain` start, read.
    pub kf_factor: Option<hazsim_grid::Field>,
    /// Cells of a flood's reservoir, for a `reservoir_level` breach trigger.
    pub reservoir_cells: Vec<usize>,
    /// Run length of the engine (s).
    pub run_for: f64,
}

impl Prepared {
    pub(crate) fn new(i: usize, h: &HazardSpec, s: &Scenario, base: Option<&Path>) -> Result<Self> {
        let key = format!("hazard[{i}] ({})", h.id());
        let t = &s.terrain;
        let duration = s.spec.scenario.duration.0;
        let (start, _, _, dur) = h.timing();
        let run_for = dur.map_or(duration, |d| d.0);
        let mut p = Prepared {
            id: h.id().to_string(),
            kind: h.kind(),
            setup: Setup::Route {
                params: Box::default(),
                release: vec![],
            },
            susceptible: None,
            critical_rainfall: None,
            kf_factor: None,
            reservoir_cells: Vec::new(),
            run_for,
        };
        if let Start::When(Trigger::Gauge { at, .. }) = start {
            if t.dem().cell_index(at[0], at[1]).is_none() {
                return Err(Error::invalid(
                    format!("{key}.start.at"),
                    format!("[{}, {}]", at[0], at[1]),
                    "a gauge point on the terrain, in the DEM's CRS",
                ));
            }
        }
        if let (
            Start::When(Trigger::Rain {
                rule: Some(crate::spec::RainRule::Shalstab),
                ..
            }),
            HazardSpec::Debris(d),
        ) = (start, h)
        {
            if !matches!(d.release, ReleaseSpec::Susceptible(_)) {
                return Err(Error::invalid(
                    format!("{key}.start.rule"),
                    "\"shalstab\"",
                    "a `release = { susceptible = { ... } }` whose soil parameters give each cell's critical rainfall (or use `mm`/`within` or \"caine-1980\")",
                ));
            }
        }
        if let Start::When(Trigger::PostFireRain { kf_factor, .. }) = start {
            let mut kf = kf_factor.clone();
            hazsim_io::read_field(&mut kf, &format!("{key}.start.kf_factor"), base, t.dem())
                .map_err(|e| Error::io(format!("{key}.start.kf_factor"), e))?;
            p.kf_factor = Some(kf);
        }
        if let HazardSpec::Flood(f) = h {
            if let (Some(Trigger::ReservoirLevel { .. }), Some(r)) =
                (&f.breach_start, &f.config.reservoir)
            {
                p.reservoir_cells = r
                    .region
                    .cells(&format!("{key}.config.reservoir.region"), t.dem())
                    .map_err(|e| {
                        Error::invalid(
                            format!("{key}.config.reservoir.region"),
                            "the region",
                            &e.to_string(),
                        )
                    })?;
            }
        }
        p.setup = match h {
            HazardSpec::Flood(f) => {
                Setup::Flood(Box::new(flood_config(&key, f, s, base, run_for)?))
            }
            HazardSpec::Fire(f) => fire_setup(&key, f, s, run_for)?,
            HazardSpec::Debris(d) => {
                let release = release_cells(&key, d, t, base)?;
                if let ReleaseSpec::Susceptible(sus) = &d.release {
                    let rule_shalstab = matches!(
                        start,
                        Start::When(Trigger::Rain {
                            rule: Some(crate::spec::RainRule::Shalstab),
                            ..
                        })
                    );
                    let mut soil = sus.soil.clone();
                    hazsim_io::read_field_inputs(&mut SoilInputs(&mut soil), base, t.dem())
                        .map_err(|e| Error::io(format!("{key}.release.susceptible.soil"), e))?;
                    let slope = t.slope();
                    let steep: Vec<bool> = slope
                        .data
                        .iter()
                        .map(|&v| v as f64 >= sus.min_slope)
                        .collect();
                    let mask = match sus.by {
                        SusceptibleBy::Slope => steep,
                        // The Staley map picks the channel cells; no slope limit there.
                        SusceptibleBy::Channels => vec![true; steep.len()],
                        SusceptibleBy::Shalstab => {
                            let st = hazsim_debris::infinite_slope(t, &soil, 0.0)
                                .map_err(|e| Error::engine(&p.id, e))?;
                            // q_c in m/s; mm/day = m/s x 8.64e7. NaN: unstable when dry.
                            let q_max = sus.max_critical_rainfall / 8.64e7;
                            let m: Vec<bool> = st
                                .critical_rainfall
                                .data
                                .iter()
                                .zip(&steep)
                                .map(|(&q, &s)| s && (q.is_nan() || (q as f64) < q_max))
                                .collect();
                            if rule_shalstab {
                                p.critical_rainfall =
                                    Some(st.critical_rainfall.data.iter().copied().collect());
                            }
                            m
                        }
                    };
                    if rule_shalstab && p.critical_rainfall.is_none() {
                        let st = hazsim_debris::infinite_slope(t, &soil, 0.0)
                            .map_err(|e| Error::engine(&p.id, e))?;
                        p.critical_rainfall =
                            Some(st.critical_rainfall.data.iter().copied().collect());
                    }
                    if !mask.iter().any(|&b| b) {
                        return Err(Error::invalid(
                            format!("{key}.release.susceptible"),
                            format!("{:?} with min_slope {}", sus.by, sus.min_slope),
                            "settings under which some cell is susceptible; no cell of the terrain is (lower min_slope or change the soil)",
                        ));
                    }
                    p.susceptible = Some(mask);
                }
                debris_setup(&key, d, s, base, release, run_for)?
            }
        };
        // Check the configuration by building the engine once.
        p.build(t).map_err(|e| match e {
            Error::Engine { source, .. } => Error::Key {
                source_name: String::new(),
                name: format!("{key}.config"),
                message: source.to_string(),
            },
            e => e,
        })?;
        Ok(p)
    }

    /// Builds the engine at its start (engine time 0).
    pub(crate) fn build(&self, t: &Terrain) -> Result<Engine> {
        let e = |err: hazsim_grid::Error| Error::engine(&self.id, err);
        Ok(match &self.setup {
            Setup::Flood(cfg) => Engine::Flood(Box::new(
                FloodSimulation::new(t, (**cfg).clone()).map_err(|x| e(x.into()))?,
            )),
            Setup::Fire {
                fuels,
                weather,
                ignitions,
                config,
            } => Engine::Fire(Box::new(
                FireSpread::new(t, fuels, weather, ignitions, None, config)
                    .map_err(|x| e(x.into()))?,
            )),
            Setup::Route { params, release } => {
                let cols = t.shape().1;
                let cells = release.iter().map(|&i| (i / cols, i % cols)).collect();
                Engine::Route(Box::new(
                    RoutingSimulation::new(t, Release::Cells(cells), (**params).clone())
                        .map_err(|x| e(x.into()))?,
                ))
            }
            // The release is set by the clock at the start, with the hazard's release depth.
            Setup::Voellmy { config, .. } => Engine::Voellmy(Box::new(
                VoellmySimulation::new(t, (**config).clone()).map_err(|x| e(x.into()))?,
            )),
        })
    }
}

/// The soil parameters as field inputs, for reading raster paths.
struct SoilInputs<'a>(&'a mut hazsim_debris::SoilParams);

impl hazsim_grid::FieldInputs for SoilInputs<'_> {
    fn field_inputs_mut(&mut self) -> Vec<(String, &mut hazsim_grid::Field)> {
        let s = &mut *self.0;
        vec![
            ("soil.soil_depth".into(), &mut s.soil_depth),
            ("soil.root_cohesion".into(), &mut s.root_cohesion),
            ("soil.soil_cohesion".into(), &mut s.soil_cohesion),
            ("soil.friction_angle".into(), &mut s.friction_angle),
            ("soil.soil_density".into(), &mut s.soil_density),
            ("soil.transmissivity".into(), &mut s.transmissivity),
        ]
    }
}

fn flood_config(
    key: &str,
    f: &FloodHazard,
    s: &Scenario,
    base: Option<&Path>,
    run_for: f64,
) -> Result<FloodConfig> {
    let mut cfg = f.config.clone();
    cfg.duration = run_for;
    match &f.rain {
        None => {}
        Some(RainSpec::Series(series)) => {
            let mut last = -1.0;
            for (j, (t, v)) in series.iter().enumerate() {
                if t.0 <= last {
                    return Err(Error::invalid(
                        format!("{key}.rain.series[{j}]"),
                        t,
                        "times in increasing order",
                    ));
                }
                if !(v.is_finite() && *v >= 0.0) {
                    return Err(Error::invalid(
                        format!("{key}.rain.series[{j}]"),
                        v,
                        "an intensity >= 0 mm/h",
                    ));
                }
                last = t.0;
            }
            cfg.rain = Rain::Uniform(series.iter().map(|(t, v)| (t.0, *v)).collect());
        }
        Some(RainSpec::DesignStorm(d)) => {
            let storm = ChicagoStorm {
                formula: d.formula,
                return_period: d.return_period,
                peak_ratio: d.peak_ratio,
                duration: d.duration.0,
                time_step: d.time_step.0,
            };
            cfg.rain = storm.rain().map_err(|e| {
                Error::invalid(
                    format!("{key}.rain.design_storm"),
                    "the storm",
                    &e.to_string(),
                )
            })?;
        }
    }
    if cfg.output_interval.is_none() {
        // The clock stops at every check: make those the engine's own landing times, so
        // that a scenario's flood is bit for bit the engine's.
        cfg.output_interval = Some(s.spec.scenario.check_interval.0);
    }
    if f.breach_start.is_some() {
        if let Some(b) = &mut cfg.breach {
            b.start = HELD;
        }
    }
    hazsim_io::read_field_inputs(&mut cfg, base, s.terrain.dem())
        .map_err(|e| Error::io(format!("{key}.config"), e))?;
    Ok(cfg)
}

fn fire_setup(key: &str, f: &FireHazard, s: &Scenario, run_for: f64) -> Result<Setup> {
    let t = &s.terrain;
    let fuels = match &f.fuel {
        Some(name) => Fuels::Uniform(FuelModel::by_name(name).map_err(|e| {
            Error::invalid(
                format!("{key}.fuel"),
                format!("{name:?}"),
                &format!("a fuel model code or name such as \"GR2\" or \"102\" ({e})"),
            )
        })?),
        None => match &s.fuel {
            Some(r) => {
                Fuels::from_code_raster(r, "terrain.fuel").map_err(|e| Error::engine(&f.id, e))?
            }
            None => return Err(Error::invalid(
                format!("{key}.fuel"),
                "(none)",
                "a fuel model (fuel = \"GR2\") or a fuel raster in [terrain] (fuel = \"fuel.tif\")",
            )),
        },
    };
    if f.weather.is_empty() {
        return Err(Error::invalid(
            format!("{key}.weather"),
            "[]",
            "at least one weather record",
        ));
    }
    let records = f
        .weather
        .iter()
        .map(|w| WeatherRecord {
            start: w.at.0,
            midflame_wind_speed: w.midflame_wind_speed,
            wind_direction: w.wind_direction,
            moisture: w.moisture,
        })
        .collect();
    let weather = WeatherStream::new(records)
        .map_err(|e| Error::invalid(format!("{key}.weather"), "the records", &e.to_string()))?;
    if f.ignition.is_empty() {
        return Err(Error::invalid(
            format!("{key}.ignition"),
            "[]",
            "at least one ignition point [x, y]",
        ));
    }
    let mut ignitions = Vec::new();
    for (j, p) in f.ignition.iter().enumerate() {
        ignitions.push(Ignition::locate(t, p[0], p[1], 0.0).map_err(|e| {
            Error::invalid(
                format!("{key}.ignition[{j}]"),
                format!("[{}, {}]", p[0], p[1]),
                &e.to_string(),
            )
        })?);
    }
    // The scenario's seed unless the fire's config sets its own (non-zero) seed.
    let mut config = f.config.clone().unwrap_or_default();
    if config.seed == 0 {
        config.seed = s.spec.scenario.seed;
    }
    config.duration = run_for;
    Ok(Setup::Fire {
        fuels: Box::new(fuels),
        weather,
        ignitions,
        config,
    })
}

fn release_cells(
    key: &str,
    d: &DebrisHazard,
    t: &Terrain,
    base: Option<&Path>,
) -> Result<Vec<usize>> {
    let dem = t.dem();
    let cols = dem.cols();
    let release = match &d.release {
        ReleaseSpec::Susceptible(_) => return Ok(vec![]),
        ReleaseSpec::Points(ps) => Release::Points(ps.iter().map(|p| (p[0], p[1])).collect()),
        ReleaseSpec::Path(p) => {
            let p = match base {
                Some(b) if p.is_relative() => b.join(p),
                _ => p.clone(),
            };
            let is_vector = p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json")
            });
            if is_vector {
                let set = hazsim_io::vector::read_geojson(&p)
                    .map_err(|e| Error::io(format!("{key}.release.path"), e))?;
                set.check_crs(dem, &format!("{key}.release.path"))
                    .map_err(|e| Error::io(format!("{key}.release.path"), e))?;
                let (polys, points) = set
                    .areas_and_points(&format!("{key}.release.path"))
                    .map_err(|e| Error::io(format!("{key}.release.path"), e))?;
                let mut cells = Release::Points(points).cells(t).unwrap_or_default();
                if !polys.is_empty() {
                    cells.extend(
                        Release::Polygons(polys)
                            .cells(t)
                            .map_err(|e| Error::engine(&d.id, e))?,
                    );
                }
                cells.sort_unstable();
                cells.dedup();
                return Ok(cells);
            }
            let r = hazsim_io::read_raster(&p)
                .map_err(|e| Error::io(format!("{key}.release.path ({})", p.display()), e))?
                .into_f32();
            dem.check_same_grid(&r, "the DEM", &format!("{key}.release.path"))
                .map_err(|e| Error::engine(&d.id, e))?;
            let nd = r.nodata;
            Release::Mask(r.map(|&v| v.is_finite() && v != 0.0 && nd.is_none_or(|n| v as f64 != n)))
        }
    };
    let cells = release
        .cells(t)
        .map_err(|e| Error::invalid(format!("{key}.release"), "the release", &e.to_string()))?;
    if cells.is_empty() {
        return Err(Error::invalid(
            format!("{key}.release"),
            "no cell",
            "a release covering at least one cell",
        ));
    }
    let _ = cols;
    Ok(cells)
}

fn debris_setup(
    key: &str,
    d: &DebrisHazard,
    s: &Scenario,
    base: Option<&Path>,
    release: Vec<usize>,
    run_for: f64,
) -> Result<Setup> {
    let dem = s.terrain.dem();
    Ok(match d.method {
        DebrisMethod::Route => {
            let mut params = d.route.clone().unwrap_or_default();
            hazsim_io::read_field_inputs(&mut params, base, dem)
                .map_err(|e| Error::io(format!("{key}.route"), e))?;
            Setup::Route {
                params: Box::new(params),
                release,
            }
        }
        DebrisMethod::Voellmy => {
            let mut config = d.voellmy.clone().unwrap_or_default();
            if config.release != hazsim_debris::voellmy::VoellmyRelease::None {
                return Err(Error::invalid(
                    format!("{key}.voellmy.release"),
                    "a release",
                    "the hazard's `release` (the scenario releases at the start, with `release_depth`)",
                ));
            }
            config.duration = run_for;
            if config.output_interval.is_none() {
                config.output_interval = Some(s.spec.scenario.check_interval.0);
            }
            hazsim_io::read_field_inputs(&mut config, base, dem)
                .map_err(|e| Error::io(format!("{key}.voellmy"), e))?;
            Setup::Voellmy {
                config: Box::new(config),
                release,
            }
        }
    })
}

/// A running engine.
pub(crate) enum Engine {
    Flood(Box<FloodSimulation>),
    Fire(Box<FireSpread>),
    Route(Box<RoutingSimulation>),
    Voellmy(Box<VoellmySimulation>),
}

impl Engine {
    /// The engine behind the contract.
    pub(crate) fn sim(&mut self) -> &mut dyn Simulation {
        match self {
            Engine::Flood(e) => &mut **e,
            Engine::Fire(e) => &mut **e,
            Engine::Route(e) => &mut **e,
            Engine::Voellmy(e) => &mut **e,
        }
    }

    /// The engine behind the contract, read-only.
    pub(crate) fn view(&self) -> &dyn Simulation {
        match self {
            Engine::Flood(e) => &**e,
            Engine::Fire(e) => &**e,
            Engine::Route(e) => &**e,
            Engine::Voellmy(e) => &**e,
        }
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Engine({}, t = {})",
            self.view().hazard(),
            self.view().now()
        )
    }
}
