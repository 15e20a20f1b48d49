//! `hazsim.debris.voellmy` and `hazsim.debris.VoellmySimulation`: the depth-averaged Voellmy
//! debris-flow solver of hazsim-debris (Voellmy 1955 friction, as in RAMMS::DEBRISFLOW,
//! Christen et al. 2010) from Python.
//!
//! The engine runs with the GIL released. Progress callbacks and Ctrl-C are served from inside
//! the engine's own progress reports (every 64 steps), so a callback never changes the time
//! steps taken. [`register`] adds everything to a given module.

use crate::errors::{self, HazsimError};
use crate::progress::{check_callback, PyProgress};
use crate::raster::PyRaster;
use crate::terrain::PyTerrain;
use hazsim_debris::voellmy::{
    simulate_voellmy, Edge, Edges, VoellmyConfig, VoellmyMassBalance, VoellmyRelease, VoellmyRun,
    VoellmySimulation, DEBRIS_FIELDS,
};
use hazsim_grid::{Raster, Simulation, Terrain};
use numpy::{PyArray1, PyArray2, PyUntypedArray, PyUntypedArrayMethods};

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// An engine error as a Python exception; an exception raised by the callback (or Ctrl-C) takes
/// precedence over the engine's cancellation.
fn debris_err(e: hazsim_debris::Error, progress: &mut PyProgress) -> PyErr {
    errors::engine(e, progress.error.take())
}

// ---------------------------------------------------------------------------------------------
// Python values → VoellmyConfig
// ---------------------------------------------------------------------------------------------

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A float32 raster from a `Raster` (keeping its own georeferencing, so the engine can tell a
/// raster on another grid) or a 2-D array (which takes the DEM's georeferencing).
fn grid_input(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
    name: &str,
) -> PyResult<Raster<f32>> {
    if let Ok(r) = obj.cast::<PyRaster>() {
        return r.get().to_f32(py);
    }
    let np = py.import("numpy")?;
    let arr = np.call_method1("asarray", (obj, "float32")).map_err(|_| {
        PyTypeError::new_err(format!(
            "{name}: expected a hazsim.Raster or a 2-D array of shape {:?} (the DEM's); got {}",
            dem.shape(),
            type_name(obj)
        ))
    })?;
    let ua = arr.cast::<PyUntypedArray>()?;
    if ua.ndim() != 2 || ua.shape() != [dem.rows(), dem.cols()] {
        return Err(errors::value(format!(
            "{name}: expected a 2-D array of shape {:?} (the DEM's); got shape {:?}",
            dem.shape(),
            ua.shape()
        )));
    }
    let data = crate::convert::owned::<f32>(&arr)?;
    Ok(Raster {
        data,
        transform: dem.transform,
        crs: dem.crs.clone(),
        nodata: None,
    })
}

fn parse_edge(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Edge> {
    let s: String = obj.extract().map_err(|_| {
        errors::value(format!(
            "{name}: expected 'open' or 'closed'; got {}",
            type_name(obj)
        ))
    })?;
    match s.to_ascii_lowercase().as_str() {
        "open" | "free" | "outflow" => Ok(Edge::Open),
        "closed" | "wall" => Ok(Edge::Closed),
        _ => Err(errors::value(format!(
            "{name}: expected 'open' (material leaves the DEM) or 'closed' (a wall); got {s:?}"
        ))),
    }
}

fn parse_edges(obj: &Bound<'_, PyAny>) -> PyResult<Edges> {
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut e = Edges::default();
        for (k, v) in d.iter() {
            let key: String = k.extract().unwrap_or_default();
            let slot = match key.to_ascii_lowercase().as_str() {
                "north" | "n" => &mut e.north,
                "south" | "s" => &mut e.south,
                "east" | "e" => &mut e.east,
                "west" | "w" => &mut e.west,
                _ => {
                    return Err(errors::value(format!(
                        "edges: unknown edge {key:?}; the edges are 'north', 'east', 'south' and 'west'"
                    )))
                }
            };
            *slot = parse_edge(&v, &format!("edges[{key:?}]"))?;
        }
        return Ok(e);
    }
    Ok(Edges::all(parse_edge(obj, "edges")?))
}

/// `inflow=((x, y), times, discharges)` → a hydrograph release.
fn parse_inflow(obj: &Bound<'_, PyAny>) -> PyResult<VoellmyRelease> {
    let form =
        "((x, y), times_s, discharges_m3_per_s), e.g. ((105.0, 95.0), [0, 30, 60], [20, 50, 0])";
    let bad = || {
        PyTypeError::new_err(format!(
            "inflow: expected {form}; got {}",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    };
    let ((x, y), times, q): ((f64, f64), Vec<f64>, Vec<f64>) = obj.extract().map_err(|_| bad())?;
    if times.len() != q.len() {
        return Err(errors::value(format!(
            "inflow: {} times but {} discharges; give one discharge (m3/s) per time (s)",
            times.len(),
            q.len()
        )));
    }
    Ok(VoellmyRelease::Hydrograph {
        x,
        y,
        discharge: times.into_iter().zip(q).collect(),
    })
}

/// Everything `voellmy()` and `VoellmySimulation()` accept besides the terrain.
/// Every value left as ``None`` takes the library's default ([`VoellmyConfig::default`]), so a
/// default is written once, in the library.
struct Options<'a, 'py> {
    release_depth: Option<&'a Bound<'py, PyAny>>,
    release_mask: Option<&'a Bound<'py, PyAny>>,
    depth: Option<f64>,
    inflow: Option<&'a Bound<'py, PyAny>>,
    release_point: Option<(f64, f64)>,
    volume: Option<f64>,
    radius: Option<f64>,
    mu: Option<&'a Bound<'py, PyAny>>,
    xi: Option<&'a Bound<'py, PyAny>>,
    density: Option<f64>,
    duration: Option<f64>,
    initial_velocity: Option<(f64, f64)>,
    cfl: Option<f64>,
    max_dt: Option<f64>,
    runout_threshold: Option<f64>,
    edges: Option<&'a Bound<'py, PyAny>>,
    max_speed: Option<f64>,
}

impl Options<'_, '_> {
    fn release(&self, py: Python<'_>, dem: &Raster<f32>) -> PyResult<VoellmyRelease> {
        let depth_arr = self.release_depth.filter(|o| !o.is_none());
        let mask = self.release_mask.filter(|o| !o.is_none());
        let inflow = self.inflow.filter(|o| !o.is_none());
        let n = [
            depth_arr.is_some(),
            mask.is_some(),
            inflow.is_some(),
            self.release_point.is_some(),
        ]
        .iter()
        .filter(|&&b| b)
        .count();
        if n != 1 {
            return Err(errors::value(format!(
                "give exactly one release: release_depth=<Raster or array of depths in m>, \
                 release_mask=<Raster or array> with depth=<m>, release_point=(x, y) with \
                 volume=<m3>, or inflow=((x, y), times, discharges); got {n}"
            )));
        }
        if (self.volume.is_some() || self.radius.is_some()) && self.release_point.is_none() {
            return Err(errors::value(
                "volume, radius: only used with release_point=(x, y) (a block of that volume); \
                 drop them or pass release_point",
            ));
        }
        if let Some((x, y)) = self.release_point {
            let Some(volume) = self.volume else {
                return Err(errors::value(
                    "volume: release_point needs volume=<m3 released>, e.g. volume=5000",
                ));
            };
            return Ok(VoellmyRelease::Block {
                x,
                y,
                volume,
                radius: self
                    .radius
                    .unwrap_or(hazsim_debris::voellmy::DEFAULT_BLOCK_RADIUS),
            });
        }
        if self.depth.is_some() && mask.is_none() {
            return Err(errors::value(
                "depth: only used with release_mask (a block of uniform depth on the mask's cells); \
                 drop it or pass release_mask",
            ));
        }
        if let Some(d) = depth_arr {
            return Ok(VoellmyRelease::Depth(grid_input(
                py,
                d,
                dem,
                "release_depth",
            )?));
        }
        if let Some(m) = mask {
            let Some(depth) = self.depth else {
                return Err(errors::value(
                    "depth: release_mask needs depth=<release depth in m, > 0>, e.g. depth=2.0",
                ));
            };
            if !(depth > 0.0 && depth.is_finite()) {
                return Err(errors::value(format!(
                    "invalid depth = {depth}: expected a release depth in metres > 0, e.g. 2.0"
                )));
            }
            let m = grid_input(py, m, dem, "release_mask")?;
            dem.check_same_grid(&m, "DEM", "release_mask")
                .map_err(|e| errors::value(format!("release_mask: {e}")))?;
            let nodata = m.nodata;
            let mask = m.map(|&v| v != 0.0 && v.is_finite() && Some(v as f64) != nodata);
            if !mask.data.iter().any(|&b| b) {
                return Err(errors::value(
                    "release_mask marks no cell: set the release cells to True (or 1) on the DEM's grid",
                ));
            }
            return Ok(VoellmyRelease::block(&mask, depth as f32));
        }
        parse_inflow(inflow.expect("one release is given"))
    }

    fn config(&self, py: Python<'_>, terrain: &Terrain) -> PyResult<VoellmyConfig> {
        let dem = terrain.dem();
        let d = VoellmyConfig::default();
        Ok(VoellmyConfig {
            mu: match self.mu.filter(|o| !o.is_none()) {
                Some(o) => crate::convert::field_input(py, o, dem, "mu")?,
                None => d.mu,
            },
            xi: match self.xi.filter(|o| !o.is_none()) {
                Some(o) => crate::convert::field_input(py, o, dem, "xi")?,
                None => d.xi,
            },
            density: self.density.unwrap_or(d.density),
            initial_velocity: self.initial_velocity.unwrap_or(d.initial_velocity),
            duration: self.duration.unwrap_or(d.duration),
            cfl: self.cfl.unwrap_or(d.cfl),
            max_dt: self.max_dt.unwrap_or(d.max_dt),
            runout_threshold: self.runout_threshold.unwrap_or(d.runout_threshold),
            edges: match self.edges.filter(|o| !o.is_none()) {
                Some(o) => parse_edges(o)?,
                None => d.edges,
            },
            max_speed: self.max_speed.unwrap_or(d.max_speed),
            release: self.release(py, dem)?,
            ..d
        })
    }
}

// ---------------------------------------------------------------------------------------------
// VoellmyResult
// ---------------------------------------------------------------------------------------------

fn mass_dict<'py>(py: Python<'py>, m: &VoellmyMassBalance) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("released", m.released)?;
    d.set_item("inflow", m.inflow)?;
    d.set_item("outflow", m.outflow)?;
    d.set_item("clipped", m.clipped)?;
    d.set_item("stored_now", m.stored_now)?;
    d.set_item("residual", m.residual())?;
    d.set_item("error", m.error())?;
    Ok(d)
}

fn fields_list<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    PyList::new(
        py,
        DEBRIS_FIELDS.iter().map(|f| (f.name, f.unit, f.meaning)),
    )
}

/// (time s, stored volume m³, cells deeper than the runout threshold, max speed m/s now).
type SeriesPoint = hazsim_debris::voellmy::VoellmySeriesPoint;

/// The outputs of a Voellmy debris-flow run, on the DEM's grid.
///
/// Attributes
/// ----------
/// max_depth : Raster
///     Maximum flow depth over the run (m, vertical).
/// max_speed : Raster
///     Maximum speed along the surface over the run (m/s).
/// max_impact_pressure : Raster
///     Maximum impact pressure ρ v² over the run (kPa).
/// deposit : Raster
///     Depth (m) of material at rest at the end of the run.
/// final_depth : Raster
///     Depth (m) at the end of the run, moving or not.
/// runout_length : float
///     Largest horizontal distance (m) from the release area to a cell whose maximum depth
///     reached the runout threshold.
/// mass_balance : dict[str, float]
///     Volumes in m³ (``released``, ``inflow``, ``outflow``, ``clipped``, ``stored_now``), the
///     ``residual`` (m³) and the relative ``error``.
/// series : dict[str, numpy.ndarray]
///     ``time`` (s), ``volume`` (m³ in the domain), ``flow_area`` (m², cells deeper than the
///     runout threshold) and ``max_speed`` (m/s) at t = 0, every output interval and the end.
/// time : float
///     Model time (s) of the outputs.
/// steps : int
///     Solver steps taken.
///
/// ``result["debris.max_depth"]`` and ``result["max_depth"]`` both give a raster.
#[pyclass(name = "VoellmyResult", module = "hazsim.debris", frozen)]
pub struct PyVoellmyResult {
    rasters: Vec<(&'static str, Py<PyRaster>)>,
    runout_length: f64,
    mass: VoellmyMassBalance,
    series: Vec<SeriesPoint>,
    time: f64,
    steps: u64,
    peak_depth: f64,
    peak_speed: f64,
    deposit_volume: f64,
}

/// The result's raster names, short form, in order.
const RESULT_NAMES: [&str; 5] = [
    "max_depth",
    "max_speed",
    "max_impact_pressure",
    "deposit",
    "final_depth",
];

impl PyVoellmyResult {
    fn build(py: Python<'_>, run: VoellmyRun, series: Vec<SeriesPoint>) -> PyResult<Self> {
        let peak = |r: &Raster<f32>| r.data.iter().fold(0.0f32, |a, &b| a.max(b)) as f64;
        let cell = r_cell_area(&run.deposit);
        let deposit_volume = run.deposit.data.iter().map(|&h| h as f64).sum::<f64>() * cell;
        let (peak_depth, peak_speed) = (peak(&run.max_depth), peak(&run.max_speed));
        let rasters = [
            run.max_depth,
            run.max_speed,
            run.max_impact_pressure,
            run.deposit,
            run.final_depth,
        ];
        let rasters = RESULT_NAMES
            .iter()
            .zip(rasters)
            .map(|(n, r)| Ok((*n, Py::new(py, PyRaster::from_rust(py, r))?)))
            .collect::<PyResult<_>>()?;
        Ok(PyVoellmyResult {
            rasters,
            runout_length: run.runout_length,
            mass: run.mass_balance,
            series,
            time: run.time,
            steps: run.steps,
            peak_depth,
            peak_speed,
            deposit_volume,
        })
    }

    fn raster(&self, py: Python<'_>, name: &str) -> Option<Py<PyRaster>> {
        let short = name.strip_prefix("debris.").unwrap_or(name);
        self.rasters
            .iter()
            .find(|(n, _)| *n == short)
            .map(|(_, r)| r.clone_ref(py))
    }
}

fn r_cell_area(r: &Raster<f32>) -> f64 {
    let g = r.transform.0;
    (g[1] * g[5] - g[2] * g[4]).abs()
}

#[pymethods]
impl PyVoellmyResult {
    /// Maximum flow depth over the run (m).
    #[getter]
    fn max_depth(&self, py: Python<'_>) -> Py<PyRaster> {
        self.rasters[0].1.clone_ref(py)
    }

    /// Maximum speed over the run (m/s).
    #[getter]
    fn max_speed(&self, py: Python<'_>) -> Py<PyRaster> {
        self.rasters[1].1.clone_ref(py)
    }

    /// Maximum impact pressure ρ v² over the run (kPa).
    #[getter]
    fn max_impact_pressure(&self, py: Python<'_>) -> Py<PyRaster> {
        self.rasters[2].1.clone_ref(py)
    }

    /// Depth of material at rest at the end of the run (m).
    #[getter]
    fn deposit(&self, py: Python<'_>) -> Py<PyRaster> {
        self.rasters[3].1.clone_ref(py)
    }

    /// Depth at the end of the run, moving or not (m).
    #[getter]
    fn final_depth(&self, py: Python<'_>) -> Py<PyRaster> {
        self.rasters[4].1.clone_ref(py)
    }

    /// Runout length (m).
    #[getter]
    fn runout_length(&self) -> f64 {
        self.runout_length
    }

    /// Volume of the deposit (m³).
    #[getter]
    fn deposit_volume(&self) -> f64 {
        self.deposit_volume
    }

    /// Volumes (m³), the residual (m³) and the relative ``error``.
    #[getter]
    fn mass_balance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        mass_dict(py, &self.mass)
    }

    /// ``time`` (s), ``volume`` (m³), ``flow_area`` (m²) and ``max_speed`` (m/s) as float64
    /// numpy arrays.
    #[getter]
    fn series<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let col = |f: fn(&SeriesPoint) -> f64| self.series.iter().map(f).collect::<Vec<f64>>();
        d.set_item("time", PyArray1::from_vec(py, col(|p| p.time)))?;
        d.set_item("volume", PyArray1::from_vec(py, col(|p| p.volume)))?;
        d.set_item("flow_area", PyArray1::from_vec(py, col(|p| p.flow_area)))?;
        d.set_item("max_speed", PyArray1::from_vec(py, col(|p| p.max_speed)))?;
        Ok(d)
    }

    /// Model time (s) of the outputs.
    #[getter]
    fn time(&self) -> f64 {
        self.time
    }

    /// Solver steps taken.
    #[getter]
    fn steps(&self) -> u64 {
        self.steps
    }

    /// The raster names (``max_depth``, ``max_speed``, ``max_impact_pressure``, ``deposit``,
    /// ``final_depth``).
    fn keys(&self) -> Vec<&'static str> {
        RESULT_NAMES.to_vec()
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyRaster>> {
        self.raster(py, name).ok_or_else(|| {
            PyKeyError::new_err(format!(
                "{name:?} is not a Voellmy result raster; the rasters are {RESULT_NAMES:?} (a 'debris.' prefix is allowed)"
            ))
        })
    }

    fn __contains__(&self, py: Python<'_>, name: &str) -> bool {
        self.raster(py, name).is_some()
    }

    fn __len__(&self) -> usize {
        self.rasters.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "VoellmyResult(time={} s, steps={}, max_depth={:.3} m, max_speed={:.2} m/s, runout_length={:.1} m, released={:.1} m3, inflow={:.1} m3, deposit={:.1} m3, outflow={:.1} m3, mass_error={:.2e})",
            self.time,
            self.steps,
            self.peak_depth,
            self.peak_speed,
            self.runout_length,
            self.mass.released,
            self.mass.inflow,
            self.deposit_volume,
            self.mass.outflow,
            self.mass.error()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// voellmy()
// ---------------------------------------------------------------------------------------------

/// Run a depth-averaged Voellmy debris flow over a terrain and return its outputs.
///
/// Mass and momentum of a shallow layer with Voellmy friction
/// ``τ_b = μ ρ g h cosθ + ρ g v²/ξ`` (Voellmy 1955; as in RAMMS::DEBRISFLOW, Christen et al.
/// 2010), solved by a first-order finite-volume scheme with the GIL released.
///
/// Give exactly one release:
///
/// - ``release_depth``: depths (m) per cell on the DEM's grid (0 outside the release);
/// - ``release_mask`` with ``depth``: a block of uniform depth on the mask's True (non-zero)
///   cells;
/// - ``inflow=((x, y), times, discharges)``: a point inflow at world coordinates in the DEM's
///   CRS with a discharge hydrograph (m³/s at the given times in s, linear in between, zero
///   outside).
///
/// Parameters
/// ----------
/// terrain : Terrain
///     The DEM (metres, projected CRS).
/// release_depth, release_mask : Raster or 2-D array, optional
///     A Raster keeps its own grid (and must match the DEM's); an array takes the DEM's.
/// depth : float, optional
///     Release depth (m) of ``release_mask``.
/// inflow : ((x, y), times, discharges), optional
/// mu : float, Raster or 2-D array
///     Coulomb friction coefficient μ (−), > 0; default 0.2 (usual range 0.05–0.4).
/// xi : float, Raster or 2-D array
///     Turbulent friction coefficient ξ (m/s²), > 0; default 500 (usual range 100–1000).
/// density : float
///     Bulk density (kg/m³) for the impact pressure; default 2000.
/// duration : float
///     Length of the run (s); default 300.
/// output_interval : float or None
///     Interval (s) of the ``series``; None records the start and the end only. The solver
///     lands a step on every output time.
/// progress : callable or None
///     ``progress(fraction, stage)`` is called about every 1 % of the run and at the end with
///     the GIL held. Returning ``False`` stops the run with ``hazsim.Cancelled`` (a
///     ``HazsimError``); an exception it raises propagates. It never changes the results.
/// initial_velocity : (float, float)
///     (east, north) velocity (m/s) of a depth/mask release at t = 0; default at rest.
/// cfl, max_dt, runout_threshold, max_speed : float
///     Courant number (0, 1], time-step limit (s), depth (m) that counts for the runout length,
///     speed (m/s) above which the run is declared unstable.
/// edges : str or dict
///     ``"open"`` (default: material leaves the DEM) or ``"closed"`` for all edges, or a dict
///     ``{"north" | "east" | "south" | "west": "open" | "closed"}``.
///
/// Returns
/// -------
/// VoellmyResult
///
/// Raises
/// ------
/// HazsimError
///     Invalid input (the message names the parameter and the fix) or an unstable run.
/// hazsim.Cancelled
///     The progress callback returned False.
///
/// Examples
/// --------
/// >>> t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
/// >>> mask = t.slope().data > 30
/// >>> r = hazsim.debris.voellmy(t, release_mask=mask, depth=1.0, duration=120)
/// >>> r.runout_length, r.mass_balance["error"]
#[pyfunction]
#[pyo3(signature = (
    terrain, *, release_depth = None, release_mask = None, depth = None, inflow = None,
    release_point = None, volume = None, radius = None,
    mu = None, xi = None, density = None, duration = None, output_interval = None,
    progress = None, initial_velocity = None, cfl = None, max_dt = None,
    runout_threshold = None, edges = None, max_speed = None
))]
#[allow(clippy::too_many_arguments)]
pub fn voellmy(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    release_depth: Option<&Bound<'_, PyAny>>,
    release_mask: Option<&Bound<'_, PyAny>>,
    depth: Option<f64>,
    inflow: Option<&Bound<'_, PyAny>>,
    release_point: Option<(f64, f64)>,
    volume: Option<f64>,
    radius: Option<f64>,
    mu: Option<&Bound<'_, PyAny>>,
    xi: Option<&Bound<'_, PyAny>>,
    density: Option<f64>,
    duration: Option<f64>,
    output_interval: Option<f64>,
    progress: Option<&Bound<'_, PyAny>>,
    initial_velocity: Option<(f64, f64)>,
    cfl: Option<f64>,
    max_dt: Option<f64>,
    runout_threshold: Option<f64>,
    edges: Option<&Bound<'_, PyAny>>,
    max_speed: Option<f64>,
) -> PyResult<PyVoellmyResult> {
    let callback = check_callback(progress)?;
    let t = &terrain.get().inner;
    let cfg = Options {
        release_depth,
        release_mask,
        depth,
        inflow,
        release_point,
        volume,
        radius,
        mu,
        xi,
        density,
        duration,
        initial_velocity,
        cfl,
        max_dt,
        runout_threshold,
        edges,
        max_speed,
    }
    .config(py, t)?;
    let cfg = VoellmyConfig {
        output_interval,
        ..cfg
    };
    let mut prog = PyProgress::new(callback);
    let out = py.detach(|| simulate_voellmy(t, &cfg, &mut prog));
    let run = out.map_err(|e| debris_err(e, &mut prog))?;
    prog.finish(py, "voellmy flow")?;
    let series = run.series.clone();
    PyVoellmyResult::build(py, run, series)
}

// ---------------------------------------------------------------------------------------------
// VoellmySimulation
// ---------------------------------------------------------------------------------------------

/// A Voellmy debris-flow run to step through time: advance it, look at its fields, advance
/// again.
///
/// Takes the same arguments as ``hazsim.debris.voellmy`` except ``progress`` (which goes to
/// ``advance``) and ``output_interval``. ``duration`` is only recorded; ``advance`` may go past
/// it.
///
/// Examples
/// --------
/// >>> sim = hazsim.debris.VoellmySimulation(t, release_mask=mask, depth=1.0)
/// >>> sim.advance(30)
/// >>> h = sim.field("debris.depth")    # numpy float32 copy
/// >>> sim.advance(120)
/// >>> result = sim.result()
#[pyclass(name = "VoellmySimulation", module = "hazsim.debris")]
pub struct PyVoellmySimulation {
    sim: VoellmySimulation,
    terrain: Py<PyTerrain>,
}

#[pymethods]
impl PyVoellmySimulation {
    #[new]
    #[pyo3(signature = (
        terrain, *, release_depth = None, release_mask = None, depth = None, inflow = None,
        release_point = None, volume = None, radius = None,
        mu = None, xi = None, density = None, duration = None,
        initial_velocity = None, cfl = None, max_dt = None, runout_threshold = None,
        edges = None, max_speed = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        terrain: &Bound<'_, PyTerrain>,
        release_depth: Option<&Bound<'_, PyAny>>,
        release_mask: Option<&Bound<'_, PyAny>>,
        depth: Option<f64>,
        inflow: Option<&Bound<'_, PyAny>>,
        release_point: Option<(f64, f64)>,
        volume: Option<f64>,
        radius: Option<f64>,
        mu: Option<&Bound<'_, PyAny>>,
        xi: Option<&Bound<'_, PyAny>>,
        density: Option<f64>,
        duration: Option<f64>,
        initial_velocity: Option<(f64, f64)>,
        cfl: Option<f64>,
        max_dt: Option<f64>,
        runout_threshold: Option<f64>,
        edges: Option<&Bound<'_, PyAny>>,
        max_speed: Option<f64>,
    ) -> PyResult<Self> {
        let t = &terrain.get().inner;
        let cfg = Options {
            release_depth,
            release_mask,
            depth,
            inflow,
            release_point,
            volume,
            radius,
            mu,
            xi,
            density,
            duration,
            initial_velocity,
            cfl,
            max_dt,
            runout_threshold,
            edges,
            max_speed,
        }
        .config(py, t)?;
        let sim = py
            .detach(|| VoellmySimulation::new(t, cfg))
            .map_err(|e| HazsimError::new_err(e.to_string()))?;
        Ok(PyVoellmySimulation {
            sim,
            terrain: terrain.clone().unbind(),
        })
    }

    /// Model time (s) since the start.
    #[getter]
    fn now(&self) -> f64 {
        self.sim.now()
    }

    /// Solver steps taken so far.
    #[getter]
    fn steps(&self) -> u64 {
        self.sim.steps()
    }

    /// Cells still moving (0 once all material has stopped).
    #[getter]
    fn moving_cells(&self) -> usize {
        self.sim.moving_cells()
    }

    /// Runout length (m) so far.
    #[getter]
    fn runout_length(&self) -> f64 {
        self.sim.runout_length()
    }

    /// Volumes (m³) so far, the residual and the relative ``error``.
    #[getter]
    fn mass_balance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        mass_dict(py, &self.sim.mass_balance())
    }

    /// Advance the run to model time ``until`` (s), with the GIL released. A time at or before
    /// ``now`` does nothing; ``None`` runs to the end of the planned ``duration``.
    ///
    /// ``progress(fraction, stage)``, when given, is called about every 1 % of this advance and
    /// at its end; returning ``False`` stops it early with ``hazsim.Cancelled``. The state stays
    /// valid at the last completed step, so the run can be advanced again.
    #[pyo3(signature = (until = None, progress = None))]
    fn advance(
        &mut self,
        py: Python<'_>,
        until: Option<f64>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let callback = check_callback(progress)?;
        let until = until.unwrap_or(f64::INFINITY);
        let mut prog = PyProgress::new(callback);
        let sim = &mut self.sim;
        let out = py.detach(|| sim.advance(until, &mut prog));
        out.map_err(|e| debris_err(e, &mut prog))?;
        prog.finish(py, "voellmy flow")
    }

    /// A copy of a field now, as a float32 numpy array (``"debris.depth"``, ``"debris.speed"``,
    /// ...; see ``fields()``; the ``debris.`` prefix may be left out).
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray2<f32>>> {
        let full = if name.starts_with("debris.") {
            name.to_string()
        } else {
            format!("debris.{name}")
        };
        match self.sim.field(&full) {
            Some(v) => Ok(PyArray2::from_owned_array(py, v.to_owned())),
            None => Err(errors::value(format!(
                "field {name:?} is not a Voellmy field; the fields are {:?}",
                DEBRIS_FIELDS.iter().map(|f| f.name).collect::<Vec<_>>()
            ))),
        }
    }

    /// The fields this engine exposes, as (name, unit, meaning) tuples.
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        fields_list(py)
    }

    /// A VoellmyResult of the state now (series: the start, the outputs so far and now).
    fn result(&self, py: Python<'_>) -> PyResult<PyVoellmyResult> {
        let terrain = self.terrain.bind(py).get();
        let t = &terrain.inner;
        let sim = &self.sim;
        let run = py.detach(|| sim.result(t));
        let series = run.series.clone();
        PyVoellmyResult::build(py, run, series)
    }

    fn __repr__(&self) -> String {
        let depth = self.sim.field("debris.depth");
        let max = depth
            .map(|h| h.iter().fold(0.0f32, |a, &b| a.max(b)))
            .unwrap_or(0.0);
        let (rows, cols) = depth.map(|h| h.dim()).unwrap_or((0, 0));
        format!(
            "VoellmySimulation(now={} s, shape=({rows}, {cols}), steps={}, moving_cells={}, max_depth={max:.3} m, volume={:.1} m3, mass_error={:.2e})",
            self.sim.now(),
            self.sim.steps(),
            self.sim.moving_cells(),
            self.sim.mass_balance().stored_now,
            self.sim.mass_balance().error()
        )
    }
}

/// Adds `voellmy`, `VoellmySimulation`, `VoellmyResult`, `hazsim.Cancelled` and
/// `VOELLMY_FIELDS` to `m` (the `hazsim._native.debris` submodule).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyVoellmyResult>()?;
    m.add_class::<PyVoellmySimulation>()?;
    m.add_function(wrap_pyfunction!(voellmy, m)?)?;
    m.add("VOELLMY_FIELDS", fields_list(py)?)?;
    Ok(())
}
