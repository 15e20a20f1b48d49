//! [`Scenario`]: a scenario file read and checked against its terrain: every reference, time,
//! raster, asset and engine configuration is checked before anything runs (`hazsim check`).

use crate::assets::{layer_assets, Asset};
use crate::engines::Prepared;
use crate::spec::{HazardSpec, ReleaseSpec, ScenarioSpec, Start, Trigger};
use crate::{Error, Result};
use chrono::{DateTime, FixedOffset};
use hazsim_grid::{Raster, Terrain};
use std::path::{Path, PathBuf};

/// The most checks a scenario may take (duration over check interval): a year at 5 min.
pub const MAX_CHECKS: u64 = 105_120;

/// A scenario, read and checked, ready to run.
///
/// ```
/// use hazsim_scenario::Scenario;
/// let dir = tempfile::tempdir().unwrap();
/// let dem = hazsim_grid::Raster::new(
///     ndarray::Array2::from_shape_fn((20, 20), |(r, c)| 100.0 - r as f32 - 0.5 * c as f32),
///     hazsim_grid::GeoTransform::north_up(0.0, 200.0, 10.0), hazsim_grid::Crs::epsg(32616));
/// hazsim_io::write_raster(&dem, dir.path().join("dem.tif")).unwrap();
/// let text = r#"
/// [scenario]
/// name = "Tiny storm"
/// duration = "1h"
///
/// [terrain]
/// dem = "dem.tif"
///
/// [[hazard]]
/// id = "storm"
/// kind = "flood"
/// rain = { series = [["0min", 40.0], ["30min", 0.0]] }
/// "#;
/// let path = dir.path().join("tiny.toml");
/// std::fs::write(&path, text).unwrap();
/// let s = Scenario::from_toml(&path).unwrap();
/// assert_eq!(s.spec().hazards.len(), 1);
/// let result = s.run(&mut hazsim_grid::NoProgress).unwrap();
/// assert!(result.kpis.hazards[0].started_at == Some(0.0));
/// ```
#[derive(Debug, Clone)]
pub struct Scenario {
    pub(crate) spec: ScenarioSpec,
    pub(crate) source: Option<PathBuf>,
    pub(crate) terrain: Terrain,
    pub(crate) fuel: Option<Raster<f32>>,
    pub(crate) population: Option<(Raster<f32>, Raster<f32>)>,
    pub(crate) assets: Vec<Asset>,
    pub(crate) start: Option<DateTime<FixedOffset>>,
    pub(crate) hazards: Vec<Prepared>,
    pub(crate) notes: Vec<String>,
}

impl Scenario {
    /// Reads a scenario file (TOML). Paths in it are relative to its folder.
    pub fn from_toml(path: impl AsRef<Path>) -> Result<Scenario> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml_str(&text, path)
    }

    /// Reads scenario TOML text; `path` names it in errors and its folder anchors relative
    /// paths.
    pub fn from_toml_str(text: &str, path: impl AsRef<Path>) -> Result<Scenario> {
        let path = path.as_ref();
        let spec: ScenarioSpec = toml::from_str(text).map_err(|e| Error::toml(path, text, &e))?;
        let base = path.parent().map(Path::to_path_buf);
        Self::from_spec(spec, base.as_deref(), Some(path)).map_err(|e| e.in_file(path))
    }

    /// Reads a scenario from JSON text of the same structure as the file (the Python dict form
    /// goes through this); relative paths are taken from `base`.
    ///
    /// ```
    /// let e = hazsim_scenario::Scenario::from_json(r#"{"scenario": {"name": "x"}}"#, None).unwrap_err();
    /// assert!(e.to_string().contains("duration"));
    /// ```
    pub fn from_json(text: &str, base: Option<&Path>) -> Result<Scenario> {
        let spec: ScenarioSpec = serde_json::from_str(text).map_err(|e| Error::Invalid {
            source_name: "scenario dict: ".to_string(),
            name: "(structure)".to_string(),
            value: "the dict".to_string(),
            expected: format!("the scenario file's structure (docs/scenario-file.md): {e}"),
        })?;
        Self::from_spec(spec, base, None)
    }

    /// Builds a scenario from its parsed form (the Python dict goes through serde to this);
    /// relative paths are taken from `base`.
    pub fn from_spec(
        spec: ScenarioSpec,
        base: Option<&Path>,
        source: Option<&Path>,
    ) -> Result<Scenario> {
        let resolve = |p: &Path| match base {
            Some(b) if p.is_relative() => b.join(p),
            _ => p.to_path_buf(),
        };
        let meta = &spec.scenario;
        if meta.name.trim().is_empty() {
            return Err(Error::invalid("scenario.name", "\"\"", "a name"));
        }
        if meta.duration.0 <= 0.0 {
            return Err(Error::invalid(
                "scenario.duration",
                meta.duration,
                "a duration > 0 (\"24h\")",
            ));
        }
        let ci = meta.check_interval.0;
        if !(ci > 0.0 && ci <= meta.duration.0) {
            return Err(Error::invalid(
                "scenario.check_interval",
                meta.check_interval,
                &format!(
                    "an interval > 0 and no longer than the duration ({}); \"5min\" suits most scenarios",
                    meta.duration
                ),
            ));
        }
        // Every check evaluates triggers and exposure over the grid: a run is bounded.
        if meta.duration.0 / ci > MAX_CHECKS as f64 {
            return Err(Error::invalid(
                "scenario.check_interval",
                meta.check_interval,
                &format!(
                    "at most {MAX_CHECKS} checks over the duration ({}): an interval of at least {}",
                    meta.duration,
                    crate::duration::format_duration((meta.duration.0 / MAX_CHECKS as f64).ceil())
                ),
            ));
        }
        let start = match &meta.start {
            Some(s) => Some(DateTime::parse_from_rfc3339(s).map_err(|e| {
                Error::invalid(
                    "scenario.start",
                    format!("{s:?}"),
                    &format!(
                        "an RFC 3339 time with offset, e.g. \"2026-07-14T02:00:00+08:00\" ({e})"
                    ),
                )
            })?),
            None => None,
        };
        // Terrain.
        let dem_path = resolve(&spec.terrain.dem);
        let mut dem = hazsim_io::read_raster(&dem_path)
            .map_err(|e| Error::io(format!("terrain.dem ({})", dem_path.display()), e))?
            .into_f32();
        if spec.terrain.fill_nodata && hazsim_grid::hole_report(&dem).is_some() {
            let nd = dem.nodata;
            dem = hazsim_grid::fill_nodata(&dem, None).map_err(|e| Error::engine("terrain", e))?;
            dem.nodata = nd;
        }
        let terrain = Terrain::named(dem, &dem_path.display().to_string())
            .map_err(|e| Error::invalid("terrain.dem", dem_path.display(), &e.to_string()))?;
        let read_on_grid = |key: &str, p: &Path| -> Result<Raster<f32>> {
            let p = resolve(p);
            let r = hazsim_io::read_raster(&p)
                .map_err(|e| Error::io(format!("{key} ({})", p.display()), e))?
                .into_f32();
            #[cfg(feature = "gdal")]
            let r = warp_to(r, terrain.dem(), key)
                .map_err(|e| Error::io(format!("{key} ({})", p.display()), e))?;
            terrain
                .dem()
                .check_same_grid(&r, "the DEM", &format!("{key} ({})", p.display()))
                .map_err(|e| {
                    Error::invalid(
                        key,
                        p.display(),
                        &format!("a raster on the DEM's grid ({e}); warp it first (`hazsim warp`, with the gdal feature)"),
                    )
                })?;
            Ok(r)
        };
        let fuel = match &spec.terrain.fuel {
            Some(p) => Some(read_on_grid("terrain.fuel", p)?),
            None => None,
        };
        let population = match (&spec.terrain.population_day, &spec.terrain.population_night) {
            (None, None) => None,
            (d, n) => {
                let day = d
                    .as_ref()
                    .map(|p| read_on_grid("terrain.population_day", p))
                    .transpose()?;
                let night = n
                    .as_ref()
                    .map(|p| read_on_grid("terrain.population_night", p))
                    .transpose()?;
                let clean = |r: Raster<f32>| {
                    let nd = r.nodata;
                    r.map(|&v| {
                        if v.is_finite() && nd.is_none_or(|n| v as f64 != n) && v > 0.0 {
                            v
                        } else {
                            0.0
                        }
                    })
                };
                let day = day.map(clean);
                let night = night.map(clean);
                let (d, n) = match (day, night) {
                    (Some(d), Some(n)) => (d, n),
                    (Some(d), None) => (d.clone(), d),
                    (None, Some(n)) => (n.clone(), n),
                    (None, None) => unreachable!(),
                };
                Some((d, n))
            }
        };
        // Assets.
        let mut assets = Vec::new();
        let mut notes = Vec::new();
        for (i, layer) in spec.asset_layers.iter().enumerate() {
            let p = resolve(&layer.path);
            #[allow(unused_mut)]
            let mut set = hazsim_io::vector::read_geojson(&p)
                .map_err(|e| Error::io(format!("asset_layer[{i}].path ({})", p.display()), e))?;
            #[cfg(feature = "gdal")]
            reproject_to(&mut set, terrain.dem(), &format!("asset_layer[{i}].path"))
                .map_err(|e| Error::io(format!("asset_layer[{i}].path ({})", p.display()), e))?;
            set.check_crs(terrain.dem(), &format!("asset_layer[{i}].path"))
                .map_err(|e| Error::io(format!("asset_layer[{i}].path ({})", p.display()), e))?;
            let (mut a, clipped) = layer_assets(
                i,
                &p.display().to_string(),
                &set.features,
                layer.kind,
                &spec.thresholds,
                terrain.dem(),
            )?;
            if clipped > 0 {
                notes.push(format!(
                    "asset_layer[{i}] ({}): {clipped} asset(s) partly outside the terrain were clipped to it",
                    p.display()
                ));
            }
            assets.append(&mut a);
        }
        let mut seen = std::collections::HashSet::new();
        for a in &assets {
            if !seen.insert(a.id.clone()) {
                return Err(Error::invalid(
                    "asset id",
                    &a.id,
                    "ids unique over every asset layer (set distinct `id`s on the features)",
                ));
            }
        }
        // Depots and warnings on the grid.
        for (i, d) in spec.depots.iter().enumerate() {
            if terrain.dem().cell_index(d.at[0], d.at[1]).is_none() {
                let b = terrain.dem().bounds();
                return Err(Error::invalid(
                    format!("depot[{i}].at ({})", d.name),
                    format!("[{}, {}]", d.at[0], d.at[1]),
                    &format!(
                        "a point on the terrain (x {}..{}, y {}..{}) in the DEM's CRS",
                        b.x_min, b.x_max, b.y_min, b.y_max
                    ),
                ));
            }
        }
        for (i, w) in spec.warnings.iter().enumerate() {
            if terrain.dem().cell_index(w.at[0], w.at[1]).is_none() {
                return Err(Error::invalid(
                    format!("warning[{i}].at ({})", w.name),
                    format!("[{}, {}]", w.at[0], w.at[1]),
                    "a point on the terrain in the DEM's CRS",
                ));
            }
            if !(w.range.is_finite() && w.range > 0.0) {
                return Err(Error::invalid(
                    format!("warning[{i}].range"),
                    w.range,
                    "a range > 0 m",
                ));
            }
        }
        let r = &spec.relief;
        for (k, v) in [
            ("relief.road_speed", r.road_speed),
            ("relief.offroad_speed", r.offroad_speed),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::invalid(k, v, "a speed > 0 m/s"));
            }
        }
        if !(r.passable_depth.is_finite() && r.passable_depth > 0.0) {
            return Err(Error::invalid(
                "relief.passable_depth",
                r.passable_depth,
                "a depth > 0 m",
            ));
        }
        check_hazards(&spec)?;
        let mut scenario = Scenario {
            hazards: Vec::new(),
            spec,
            source: source.map(Path::to_path_buf),
            terrain,
            fuel,
            population,
            assets,
            start,
            notes,
        };
        let mut hazards = Vec::new();
        for (i, h) in scenario.spec.hazards.iter().enumerate() {
            hazards.push(Prepared::new(i, h, &scenario, base)?);
        }
        for (i, w) in scenario.spec.warnings.iter().enumerate() {
            for id in &w.hazards {
                if !scenario.spec.hazards.iter().any(|h| h.id() == id) {
                    return Err(Error::invalid(
                        format!("warning[{i}].hazards"),
                        format!("{id:?}"),
                        "ids of [[hazard]] tables",
                    ));
                }
            }
        }
        scenario.hazards = hazards;
        Ok(scenario)
    }

    /// The scenario as parsed.
    pub fn spec(&self) -> &ScenarioSpec {
        &self.spec
    }

    /// The terrain.
    pub fn terrain(&self) -> &Terrain {
        &self.terrain
    }

    /// The assets of every layer.
    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }

    /// People per cell by day and by night on the DEM's grid, when a population raster was
    /// given.
    pub fn population(&self) -> Option<(&Raster<f32>, &Raster<f32>)> {
        self.population.as_ref().map(|(d, n)| (d, n))
    }

    /// Notes from reading (assets clipped to the terrain), for the user.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The scenario file, when read from one.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// The wall-clock start, when given.
    pub fn start(&self) -> Option<DateTime<FixedOffset>> {
        self.start
    }

    /// The output folder name: the scenario name made file-safe.
    pub fn slug(&self) -> String {
        let s: String = self
            .spec
            .scenario
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let s = s
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if s.is_empty() {
            "scenario".to_string()
        } else {
            s
        }
    }
}

/// Ids, references, kinds, times and cycles of the hazards.
fn check_hazards(spec: &ScenarioSpec) -> Result<()> {
    let duration = spec.scenario.duration.0;
    let ids: Vec<&str> = spec.hazards.iter().map(HazardSpec::id).collect();
    for (i, id) in ids.iter().enumerate() {
        if id.trim().is_empty() {
            return Err(Error::invalid(
                format!("hazard[{i}].id"),
                "\"\"",
                "a non-empty id",
            ));
        }
        if ids[..i].contains(id) {
            return Err(Error::invalid(
                format!("hazard[{i}].id"),
                format!("{id:?}"),
                "ids unique among the hazards",
            ));
        }
    }
    let kind_of = |id: &str| {
        spec.hazards
            .iter()
            .find(|h| h.id() == id)
            .map(HazardSpec::kind)
    };
    let need = |key: String, id: &str, kind: Option<&str>| -> Result<()> {
        match (kind_of(id), kind) {
            (None, _) => Err(Error::invalid(
                key,
                format!("{id:?}"),
                &format!(
                    "the id of a [[hazard]] ({})",
                    ids.iter()
                        .map(|s| format!("{s:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            (Some(k), Some(want)) if k != want => Err(Error::invalid(
                key,
                format!("{id:?}"),
                &format!("the id of a {want} hazard; {id:?} is a {k} hazard"),
            )),
            _ => Ok(()),
        }
    };
    // deps[i]: the hazards whose state starts hazard i.
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); spec.hazards.len()];
    let index = |id: &str| ids.iter().position(|x| *x == id).unwrap();
    for (i, h) in spec.hazards.iter().enumerate() {
        let (start, lag, p, dur) = h.timing();
        let key = format!("hazard[{i}] ({})", h.id());
        if !(0.0..=1.0).contains(&p) {
            return Err(Error::invalid(
                format!("{key}.probability"),
                p,
                "a probability in [0, 1]",
            ));
        }
        if let Some(d) = dur {
            if d.0 <= 0.0 {
                return Err(Error::invalid(
                    format!("{key}.duration"),
                    d,
                    "a duration > 0",
                ));
            }
        }
        let mut triggers: Vec<(String, &Trigger)> = Vec::new();
        match start {
            Start::At(t) => {
                if t.0 + lag.0 > duration {
                    return Err(Error::invalid(
                        format!("{key}.start"),
                        t,
                        &format!("a time within the scenario's duration ({}); times out of order or past the end never happen", spec.scenario.duration),
                    ));
                }
            }
            Start::When(tr) => triggers.push((format!("{key}.start"), tr)),
        }
        if let HazardSpec::Flood(f) = h {
            if let Some(tr) = &f.breach_start {
                if f.config.breach.is_none() {
                    return Err(Error::invalid(
                        format!("{key}.breach_start"),
                        "a trigger",
                        "a `config.breach` to start",
                    ));
                }
                if let Trigger::ReservoirLevel { .. } = tr {
                    if f.config.reservoir.is_none() {
                        return Err(Error::invalid(
                            format!("{key}.breach_start"),
                            "reservoir_level",
                            "a `config.reservoir` whose level is watched",
                        ));
                    }
                }
                triggers.push((format!("{key}.breach_start"), tr));
            }
            if f.rain.is_some() && f.config.rain != hazsim_flood::Rain::None {
                return Err(Error::invalid(
                    format!("{key}.rain"),
                    "rain and config.rain",
                    "rain given once: `rain` or `config.rain`",
                ));
            }
        }
        if let HazardSpec::Debris(d) = h {
            if let Some(f) = &d.dams {
                need(format!("{key}.dams"), f, Some("flood"))?;
                if d.method != crate::spec::DebrisMethod::Voellmy {
                    return Err(Error::invalid(
                        format!("{key}.dams"),
                        format!("{f:?}"),
                        "method = \"voellmy\": energy-line routing gives no deposit depth to raise the bed with",
                    ));
                }
            }
            match d.method {
                crate::spec::DebrisMethod::Route if d.voellmy.is_some() => {
                    return Err(Error::invalid(
                        format!("{key}.voellmy"),
                        "a table",
                        "`route` parameters with method = \"route\" (or set method = \"voellmy\")",
                    ));
                }
                crate::spec::DebrisMethod::Voellmy if d.route.is_some() => {
                    return Err(Error::invalid(
                        format!("{key}.route"),
                        "a table",
                        "`voellmy` parameters with method = \"voellmy\"",
                    ));
                }
                _ => {}
            }
            let rain_trigger = matches!(
                start,
                Start::When(Trigger::Rain { .. } | Trigger::PostFireRain { .. })
            );
            if matches!(d.release, ReleaseSpec::Susceptible(_)) && !rain_trigger {
                return Err(Error::invalid(
                    format!("{key}.release"),
                    "susceptible",
                    "a `rain` or `post_fire_rain` start trigger, whose condition picks the cells (or give points or a path)",
                ));
            }
            if !(d.front_speed.is_finite() && d.front_speed > 0.0) {
                return Err(Error::invalid(
                    format!("{key}.front_speed"),
                    d.front_speed,
                    "a speed > 0 m/s",
                ));
            }
            if !(d.release_depth.is_finite() && d.release_depth > 0.0) {
                return Err(Error::invalid(
                    format!("{key}.release_depth"),
                    d.release_depth,
                    "a depth > 0 m",
                ));
            }
        } else if matches!(start, Start::When(Trigger::PostFireRain { .. })) {
            return Err(Error::invalid(
                format!("{key}.start"),
                "post_fire_rain",
                "a debris hazard (post-fire rain starts debris flows)",
            ));
        }
        for (k, tr) in triggers {
            let is_breach = k.ends_with("breach_start");
            match tr {
                Trigger::Rain {
                    of,
                    mm,
                    within,
                    rule,
                } => {
                    need(format!("{k}.of"), of, Some("flood"))?;
                    deps[i].push(index(of));
                    match (mm, within, rule) {
                        (Some(m), Some(w), None) => {
                            if !(m.is_finite() && *m > 0.0 && w.0 > 0.0) {
                                return Err(Error::invalid(format!("{k}.mm"), m, "an accumulation > 0 mm within a window > 0"));
                            }
                        }
                        (None, None, Some(_)) => {}
                        _ => {
                            return Err(Error::invalid(
                                k,
                                "this rain trigger",
                                "either `mm` and `within` (60 mm within \"1h\") or a `rule` (\"caine-1980\", \"shalstab\")",
                            ))
                        }
                    }
                }
                Trigger::PostFireRain {
                    fire,
                    rain,
                    probability,
                    min_area,
                    max_area,
                    ..
                } => {
                    need(format!("{k}.fire"), fire, Some("fire"))?;
                    need(format!("{k}.rain"), rain, Some("flood"))?;
                    deps[i].push(index(fire));
                    deps[i].push(index(rain));
                    if !(*probability > 0.0 && *probability < 1.0) {
                        return Err(Error::invalid(
                            format!("{k}.probability"),
                            probability,
                            "a likelihood in (0, 1)",
                        ));
                    }
                    if !(min_area.is_finite() && *min_area >= 0.0) {
                        return Err(Error::invalid(
                            format!("{k}.min_area"),
                            min_area,
                            "an upslope area >= 0 m2",
                        ));
                    }
                    if !(max_area.is_finite() && *max_area > *min_area) {
                        return Err(Error::invalid(
                            format!("{k}.max_area"),
                            max_area,
                            "an upslope area (m2) above min_area",
                        ));
                    }
                }
                Trigger::ReservoirLevel { above } => {
                    if !is_breach {
                        return Err(Error::invalid(
                            k,
                            "reservoir_level",
                            "reservoir_level only in a flood's `breach_start`",
                        ));
                    }
                    if !above.is_finite() {
                        return Err(Error::invalid(
                            format!("{k}.above"),
                            above,
                            "a finite elevation (m)",
                        ));
                    }
                }
                Trigger::Gauge {
                    of,
                    field,
                    at: _,
                    above,
                } => {
                    need(format!("{k}.of"), of, None)?;
                    let kind = kind_of(of).unwrap();
                    let name = if field.contains('.') {
                        field.clone()
                    } else {
                        format!("{kind}.{field}")
                    };
                    if hazsim_grid::fields::lookup(&name).is_none() {
                        return Err(Error::invalid(
                            format!("{k}.field"),
                            format!("{field:?}"),
                            &format!("a field of the {kind} engine (docs/fields.md)"),
                        ));
                    }
                    if !above.is_finite() {
                        return Err(Error::invalid(
                            format!("{k}.above"),
                            above,
                            "a finite value",
                        ));
                    }
                    deps[i].push(index(of));
                }
                Trigger::FireArea { of, ha } => {
                    need(format!("{k}.of"), of, Some("fire"))?;
                    if !(ha.is_finite() && *ha >= 0.0) {
                        return Err(Error::invalid(format!("{k}.ha"), ha, "an area >= 0 ha"));
                    }
                    deps[i].push(index(of));
                }
            }
        }
    }
    // A cycle of triggers can never start: refuse it, naming the ids.
    let n = deps.len();
    let mut state = vec![0u8; n];
    fn visit(
        i: usize,
        deps: &[Vec<usize>],
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[i] = 1;
        path.push(i);
        for &j in &deps[i] {
            if state[j] == 1 {
                let k = path.iter().position(|&p| p == j).unwrap();
                let mut cyc = path[k..].to_vec();
                cyc.push(j);
                return Some(cyc);
            }
            if state[j] == 0 {
                if let Some(c) = visit(j, deps, state, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        state[i] = 2;
        None
    }
    for i in 0..n {
        if state[i] == 0 {
            if let Some(c) = visit(i, &deps, &mut state, &mut Vec::new()) {
                let names: Vec<String> = c.iter().map(|&j| format!("{:?}", ids[j])).collect();
                return Err(Error::invalid(
                    format!("hazard[{}].start", c[0]),
                    names.join(" -> "),
                    "triggers without a cycle: a hazard cannot wait, through other hazards, on itself",
                ));
            }
        }
    }
    Ok(())
}

/// With the gdal feature: a raster on another grid is warped onto the DEM's (nearest neighbour
/// for fuel codes; population counts are averaged and scaled by the ratio of cell areas, so
/// totals are kept).
#[cfg(feature = "gdal")]
fn warp_to(r: Raster<f32>, dem: &Raster<f32>, key: &str) -> hazsim_io::Result<Raster<f32>> {
    use hazsim_io::gdal::{warp, Resampling, WarpTarget};
    if dem.check_same_grid(&r, "the DEM", key).is_ok() {
        return Ok(r);
    }
    let counts = key.contains("population");
    let resampling = if counts {
        Resampling::Average
    } else {
        Resampling::Nearest
    };
    let src_area = r.transform.cell_width().abs() * r.transform.cell_height().abs();
    let mut out = warp(&r, WarpTarget::like(dem), resampling)?;
    if counts && src_area > 0.0 {
        let dst_area = dem.transform.cell_width().abs() * dem.transform.cell_height().abs();
        let k = (dst_area / src_area) as f32;
        out.data.mapv_inplace(|v| v * k);
    }
    Ok(out)
}

/// With the gdal feature: features in another CRS than the DEM's (a `crs` member naming it, or
/// RFC 7946 longitude/latitude without one) are reprojected to the DEM's CRS.
#[cfg(feature = "gdal")]
fn reproject_to(
    set: &mut hazsim_io::vector::FeatureSet,
    dem: &Raster<f32>,
    what: &str,
) -> hazsim_io::Result<()> {
    let Some(dem_epsg) = dem.crs.epsg else {
        return Ok(());
    };
    let from = match set.epsg {
        Some(e) if e != dem_epsg => e,
        None if set.looks_lonlat(dem) => 4326,
        _ => return Ok(()),
    };
    let (src, dst) = (
        hazsim_grid::Crs::epsg(from),
        hazsim_grid::Crs::epsg(dem_epsg),
    );
    for f in &mut set.features {
        let mut pts = f.geometry.positions();
        hazsim_io::gdal::reproject_points(&mut pts, &src, &dst, what)?;
        let mut k = 0;
        f.geometry.for_each_position_mut(|p| {
            *p = pts[k];
            k += 1;
        });
    }
    set.epsg = Some(dem_epsg);
    Ok(())
}
