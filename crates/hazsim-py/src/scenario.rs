//! `hazsim.Scenario`: disaster scenarios (hazsim-scenario) from Python.
//!
//! Adapters only: a scenario is read and checked, run, stepped and written by hazsim-scenario;
//! this module converts its inputs (a path, or a dict turned into JSON text) and its outputs
//! (numpy arrays, and dicts and lists through the library's own serde form), releases the GIL
//! while the library works, and maps its errors onto Python exceptions (`errors::scenario`).
//! The impacts table is built in Python (`hazsim._scenario`), where pandas and geopandas live.

use crate::errors::{self, HazsimError};
use crate::progress::{check_callback, PyProgress};
use hazsim_scenario::{ImpactRow, Scenario, ScenarioResult, ScenarioRun};
use numpy::PyArray2;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::path::PathBuf;

/// `value` as Python objects through its serde JSON form (`json.loads`, which keeps the
/// struct's key order; NaN and infinities, which JSON lacks, become None).
fn json_value<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| HazsimError::new_err(format!("cannot convert a scenario value: {e}")))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// A function of the Python helper module `hazsim._scenario`.
fn helper<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("hazsim._scenario")?.getattr(name)
}

/// `"1 hazard"`, `"3 hazards"`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A string as Python writes its repr (`'Storm'`).
fn py_repr(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

// ---------------------------------------------------------------------------------------------
// Scenario
// ---------------------------------------------------------------------------------------------

/// A disaster scenario, read and checked: flood, fire and debris-flow hazards on one clock over
/// one terrain, their triggers and chains, and the assets, people, relief and warnings they
/// affect.
///
/// Build one with :meth:`from_toml` (a scenario file, ``docs/scenario-file.md``) or
/// :meth:`from_dict` (a dict of the same structure). Every reference, time, raster, asset and
/// engine setting is checked when the scenario is built, so a scenario that builds runs.
/// :meth:`run` runs it to the end; :meth:`start` gives a :class:`ScenarioRun` to step through.
///
/// Examples
/// --------
/// >>> s = hazsim.Scenario.from_toml("storm-valley.toml")
/// >>> result = s.run()
/// >>> result.kpis["people_exposed"]
/// >>> result.fields["storm"]["max_depth"]     # float32 numpy array
/// >>> result.write("out")                       # 'out/storm-over-the-upper-valley'
#[pyclass(name = "Scenario", module = "hazsim", frozen)]
pub struct PyScenario {
    inner: Scenario,
}

#[pymethods]
impl PyScenario {
    /// Read a scenario file (TOML).
    ///
    /// Parameters
    /// ----------
    /// path : str or os.PathLike
    ///     The scenario file; relative paths inside it are taken from its folder.
    ///
    /// Returns
    /// -------
    /// Scenario
    ///
    /// Raises
    /// ------
    /// HazsimError
    ///     (a ``ValueError``) when the file does not parse or a key holds a value that cannot
    ///     work; the message names the file, the line or the key, and the fix.
    /// FileNotFoundError
    ///     when the file or an input it names is missing.
    /// OSError
    ///     when an input cannot be read.
    #[staticmethod]
    fn from_toml(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let out = py.detach(|| Scenario::from_toml(&path));
        out.map(|inner| PyScenario { inner })
            .map_err(|e| errors::scenario(e, None))
    }

    /// Build a scenario from a dict of the scenario file's structure.
    ///
    /// Tables are dicts and arrays of tables lists of dicts, under the file's keys:
    /// ``{"scenario": {...}, "terrain": {...}, "hazard": [{...}], "asset_layer": [{...}]}``.
    /// Times are numbers of seconds or strings such as ``"30min"``; paths may be ``str`` or
    /// ``os.PathLike``.
    ///
    /// Parameters
    /// ----------
    /// d : Mapping
    ///     The scenario, as ``docs/scenario-file.md`` describes the file.
    /// base : str or os.PathLike, optional
    ///     The folder relative paths in ``d`` are read from; default the current directory.
    ///
    /// Returns
    /// -------
    /// Scenario
    ///
    /// Raises
    /// ------
    /// HazsimError
    ///     (a ``ValueError``) when ``d`` does not have the file's structure (the message names
    ///     an unknown or missing key) or a key holds a value that cannot work.
    /// TypeError
    ///     when ``d`` is not a mapping or holds values JSON cannot hold.
    /// FileNotFoundError, OSError
    ///     when an input is missing or cannot be read.
    #[staticmethod]
    #[pyo3(signature = (d, base = None))]
    fn from_dict(py: Python<'_>, d: &Bound<'_, PyAny>, base: Option<PathBuf>) -> PyResult<Self> {
        let text: String = helper(py, "to_json")?.call1((d,))?.extract()?;
        py.detach(|| Scenario::from_json(&text, base.as_deref()))
            .map(|inner| PyScenario { inner })
            .map_err(|e| errors::scenario(e, None))
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.spec().scenario.name
    }

    /// The hazard ids, in file order.
    #[getter]
    fn hazards(&self) -> Vec<String> {
        self.inner
            .spec()
            .hazards
            .iter()
            .map(|h| h.id().to_string())
            .collect()
    }

    /// The assets of every layer, as dicts with ``id``, ``name`` and ``kind``.
    #[getter]
    fn assets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .inner
            .assets()
            .iter()
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("id", &a.id)?;
                d.set_item("name", &a.name)?;
                d.set_item("kind", a.kind.name())?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// Notes from reading the scenario for the user (assets clipped to the terrain).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes().to_vec()
    }

    /// The scenario's duration (s).
    #[getter]
    fn duration(&self) -> f64 {
        self.inner.spec().scenario.duration.0
    }

    /// Run the scenario to its end, with the GIL released.
    ///
    /// Parameters
    /// ----------
    /// progress : callable, optional
    ///     ``progress(fraction, stage)``, called about every 1 % of the scenario's duration and
    ///     at its end; returning ``False`` stops the run with :class:`Cancelled`.
    ///
    /// Returns
    /// -------
    /// ScenarioResult
    ///
    /// Raises
    /// ------
    /// Cancelled
    ///     when ``progress`` returned ``False``.
    /// HazsimError
    ///     when an engine refuses its inputs or fails.
    #[pyo3(signature = (progress = None))]
    fn run(
        &self,
        py: Python<'_>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScenarioResult> {
        let mut prog = PyProgress::new(check_callback(progress)?);
        let sc = &self.inner;
        let out = py.detach(|| sc.run(&mut prog));
        let inner = out.map_err(|e| errors::scenario(e, prog.error.take()))?;
        prog.finish(py, "scenario")?;
        Ok(PyScenarioResult { inner })
    }

    /// A run of the scenario at t = 0, to step through time.
    ///
    /// Returns
    /// -------
    /// ScenarioRun
    ///     Step it with :meth:`ScenarioRun.step`, read it with :meth:`ScenarioRun.field` and
    ///     :meth:`ScenarioRun.events`, and end it with :meth:`ScenarioRun.finish`.
    fn start(&self) -> PyScenarioRun {
        PyScenarioRun {
            inner: Some(self.inner.start_run()),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let spec = self.inner.spec();
        format!(
            "Scenario({}, {}, {}, duration {})",
            py_repr(py, &spec.scenario.name),
            count(spec.hazards.len(), "hazard"),
            count(self.inner.assets().len(), "asset"),
            spec.scenario.duration
        )
    }
}

// ---------------------------------------------------------------------------------------------
// ScenarioRun
// ---------------------------------------------------------------------------------------------

/// A scenario being run, to step through time: step it, read it, finish it.
///
/// Made by :meth:`Scenario.start`. The clock stops at every check (``check_interval``), every
/// scheduled start and the end, so stepping to a time and on gives the same result as
/// :meth:`Scenario.run`. :meth:`finish` consumes the run: later calls raise ``RuntimeError``.
///
/// Examples
/// --------
/// >>> run = scenario.start()
/// >>> run.step(1800)                       # to t = 30 min
/// >>> depth = run.field("storm", "flood.depth")
/// >>> result = run.finish()
#[pyclass(name = "ScenarioRun", module = "hazsim")]
pub struct PyScenarioRun {
    /// None once finished.
    inner: Option<ScenarioRun>,
}

impl PyScenarioRun {
    fn run(&self) -> PyResult<&ScenarioRun> {
        self.inner.as_ref().ok_or_else(finished)
    }

    fn run_mut(&mut self) -> PyResult<&mut ScenarioRun> {
        self.inner.as_mut().ok_or_else(finished)
    }
}

fn finished() -> PyErr {
    PyRuntimeError::new_err(
        "this ScenarioRun is finished: finish() consumed it and returned its ScenarioResult; \
         start a new run with Scenario.start()",
    )
}

#[pymethods]
impl PyScenarioRun {
    /// Scenario time now (s).
    #[getter]
    fn now(&self) -> PyResult<f64> {
        Ok(self.run()?.now())
    }

    /// The scenario's duration (s).
    #[getter]
    fn duration(&self) -> PyResult<f64> {
        Ok(self.run()?.duration())
    }

    /// Advance the scenario to ``until``, with the GIL released.
    ///
    /// Parameters
    /// ----------
    /// until : float
    ///     Scenario time (s) to reach; capped at the duration. A time at or before ``now``
    ///     does nothing (beyond the starts and checks of t = 0 on the first call).
    /// progress : callable, optional
    ///     ``progress(fraction, stage)``, with ``fraction`` the part of the scenario's
    ///     duration reached, called about every 1 % and at the end of the step; returning
    ///     ``False`` stops the step with :class:`Cancelled`, and the run can go on from the
    ///     time it reached.
    ///
    /// Raises
    /// ------
    /// Cancelled
    ///     when ``progress`` returned ``False``.
    /// HazsimError
    ///     when ``until`` is NaN or an engine fails.
    /// RuntimeError
    ///     when the run is finished.
    #[pyo3(signature = (until, progress = None))]
    fn step(
        &mut self,
        py: Python<'_>,
        until: f64,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let mut prog = PyProgress::new(check_callback(progress)?);
        let run = self.run_mut()?;
        let out = py.detach(|| run.step(until, &mut prog));
        out.map_err(|e| errors::scenario(e, prog.error.take()))?;
        prog.finish(py, "scenario")
    }

    /// The events so far, in time order.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///     One dict per event, as in ``events.jsonl``: ``t`` (s), ``kind``, ``message`` and
    ///     ``message_zh``, with ``time`` (wall clock), ``hazard``, ``asset`` and ``values``
    ///     when they apply.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_value(py, &self.run()?.events())
    }

    /// A field of a hazard now, on the scenario clock (arrival times are scenario times).
    ///
    /// Parameters
    /// ----------
    /// hazard : str
    ///     The hazard's id.
    /// name : str
    ///     The field, ``"flood.depth"`` or the short ``"depth"`` (see ``hazsim.FIELDS``).
    ///
    /// Returns
    /// -------
    /// numpy.ndarray or None
    ///     A float32 copy on the DEM's grid, or None when the hazard has not started or its
    ///     engine has no such field.
    ///
    /// Raises
    /// ------
    /// KeyError
    ///     when ``hazard`` is not a hazard id.
    /// HazsimError
    ///     when ``name`` is no field of any engine.
    fn field<'py>(
        &self,
        py: Python<'py>,
        hazard: &str,
        name: &str,
    ) -> PyResult<Option<Bound<'py, PyArray2<f32>>>> {
        let run = self.run()?;
        Ok(run
            .field(hazard, name)
            .map_err(|e| errors::scenario(e, None))?
            .map(|r| PyArray2::from_owned_array(py, r.data)))
    }

    /// Run to the end and gather the result, with the GIL released. This consumes the run.
    ///
    /// Parameters
    /// ----------
    /// progress : callable, optional
    ///     As in :meth:`step`. A cancelled ``finish`` leaves the run where it stopped, not
    ///     consumed, to step or finish again.
    ///
    /// Returns
    /// -------
    /// ScenarioResult
    ///
    /// Raises
    /// ------
    /// Cancelled
    ///     when ``progress`` returned ``False``.
    /// RuntimeError
    ///     when the run is already finished.
    #[pyo3(signature = (progress = None))]
    fn finish(
        &mut self,
        py: Python<'_>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScenarioResult> {
        let mut prog = PyProgress::new(check_callback(progress)?);
        let run = self.run_mut()?;
        // Step to the end first, so a cancelled finish keeps the run; `finish` then only
        // gathers the result.
        let end = run.duration();
        let out = py.detach(|| run.step(end, &mut prog));
        out.map_err(|e| errors::scenario(e, prog.error.take()))?;
        let run = self.inner.take().ok_or_else(finished)?;
        let inner = py
            .detach(|| run.finish(&mut hazsim_grid::NoProgress))
            .map_err(|e| errors::scenario(e, None))?;
        prog.finish(py, "scenario")?;
        Ok(PyScenarioResult { inner })
    }

    fn __repr__(&self) -> String {
        match &self.inner {
            Some(r) => format!(
                "ScenarioRun(now {} of {}, {} so far)",
                hazsim_scenario::Seconds(r.now()),
                hazsim_scenario::Seconds(r.duration()),
                count(r.events().len(), "event")
            ),
            None => "ScenarioRun(finished)".to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ScenarioResult
// ---------------------------------------------------------------------------------------------

/// The outcome of a scenario: the maps of every hazard, the event log, the KPIs and one impact
/// row per asset.
///
/// Made by :meth:`Scenario.run` and :meth:`ScenarioRun.finish`. :meth:`write` writes the whole
/// set of outputs (GeoTIFF and PNG maps, ``impacts.csv`` and ``.geojson``, ``events.jsonl``,
/// ``kpis.json``, ``summary.md``, ``scenario.json``).
#[pyclass(name = "ScenarioResult", module = "hazsim", frozen)]
pub struct PyScenarioResult {
    inner: ScenarioResult,
}

#[pymethods]
impl PyScenarioResult {
    /// The scenario's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The maps of every hazard that started: ``{hazard id: {quantity: array}}``, with short
    /// quantity names (``"max_depth"``, ``"arrival_time"``) and float32 numpy arrays on the
    /// DEM's grid (copies, new each time). Arrival times are scenario times (s).
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (hazard, name, r) in &self.inner.fields {
            let q = name.split_once('.').map_or(name.as_str(), |(_, q)| q);
            let d = match out.get_item(hazard)? {
                Some(d) => d.cast_into::<PyDict>()?,
                None => {
                    let d = PyDict::new(py);
                    out.set_item(hazard, &d)?;
                    d
                }
            };
            d.set_item(q, PyArray2::from_owned_array(py, r.data.clone()))?;
        }
        Ok(out)
    }

    /// Every event in time order, as dicts (the lines of ``events.jsonl``): ``t`` (s),
    /// ``kind``, ``message``, ``message_zh``, and ``time``, ``hazard``, ``asset`` and
    /// ``values`` when they apply.
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_value(py, &self.inner.events)
    }

    /// The plan's KPIs, as in ``kpis.json`` (``people_exposed``, ``hazards``, ``relief``,
    /// ``road_cut_max_km``, ...); values JSON cannot hold (NaN) are None.
    #[getter]
    fn kpis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_value(py, &self.inner.kpis)
    }

    /// One row per asset, as in ``impacts.csv``: a ``geopandas.GeoDataFrame`` (with the
    /// assets' geometries in the DEM's CRS) when geopandas is installed, else a
    /// ``pandas.DataFrame``, else a list of dicts.
    #[getter]
    fn impacts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let sc = &self.inner.scenario;
        let records = json_value(py, &self.inner.impacts)?;
        let columns = pyo3::types::PyList::new(py, ImpactRow::COLUMNS)?;
        let features: Vec<hazsim_io::vector::Feature> = sc
            .assets()
            .iter()
            .take(self.inner.impacts.len())
            .map(|a| hazsim_io::vector::Feature::new(a.geometry.clone()))
            .collect();
        let collection =
            hazsim_io::vector::feature_collection(&features, None).map_err(errors::io)?;
        let features = json_value(py, &collection["features"])?;
        let crs = &sc.terrain().dem().crs;
        let crs = match (crs.epsg, &crs.wkt) {
            (Some(c), _) => Some(format!("EPSG:{c}")),
            (None, Some(w)) => Some(w.clone()),
            _ => None,
        };
        helper(py, "impacts_table")?.call1((records, columns, features, crs))
    }

    /// Write every output into ``out_dir/<scenario name made file-safe>/``, with the GIL
    /// released. The folder is written aside and moved into place at the end, replacing an
    /// earlier one of the same name only once complete.
    ///
    /// Parameters
    /// ----------
    /// out_dir : str or os.PathLike
    ///     The parent folder (created if missing).
    ///
    /// Returns
    /// -------
    /// str
    ///     The folder written.
    ///
    /// Raises
    /// ------
    /// OSError
    ///     when a file cannot be written.
    fn write(&self, py: Python<'_>, out_dir: PathBuf) -> PyResult<String> {
        let r = &self.inner;
        py.detach(|| hazsim_scenario::write_outputs(r, &out_dir))
            .map(|p| p.display().to_string())
            .map_err(|e| errors::scenario(e, None))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let k = &self.inner.kpis;
        let started = k.hazards.iter().filter(|h| h.started_at.is_some()).count();
        format!(
            "ScenarioResult({}, {} of {} started, {}, {}, {} people exposed)",
            py_repr(py, &self.inner.name),
            started,
            count(k.hazards.len(), "hazard"),
            count(self.inner.events.len(), "event"),
            count(self.inner.impacts.len(), "asset"),
            // + 0.0: an empty sum is -0.0, which would print as "-0".
            k.people_exposed.round() + 0.0
        )
    }
}

/// Adds `Scenario`, `ScenarioRun` and `ScenarioResult` to `hazsim._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyScenario>()?;
    m.add_class::<PyScenarioRun>()?;
    m.add_class::<PyScenarioResult>()?;
    Ok(())
}
