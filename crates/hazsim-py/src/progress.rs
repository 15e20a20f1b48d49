//! Progress callbacks and Ctrl-C for engines running with the GIL released.
//!
//! An engine reports progress through hazsim-grid's [`Progress`] trait; [`PyProgress`] takes the
//! GIL only every 1 % (for the callback) or every 100 ms (for Ctrl-C), so the engine runs
//! detached in between, and a callback never changes the results.

use hazsim_grid::Progress;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Progress: a Python callback and Ctrl-C, served between solver steps.
// ---------------------------------------------------------------------------------------------

/// How often (wall time) Ctrl-C is checked while the engine runs.
const SIGNAL_EVERY: Duration = Duration::from_millis(100);
/// Smallest step between two callback calls, as a fraction of the run.
const CALLBACK_STEP: f64 = 0.01;

/// Bridges the engine's [`Progress`] (the fraction of one advance, by the contract) to Python:
/// takes the GIL only every 1 % (for the callback) or every 100 ms (for Ctrl-C), so the engine
/// runs detached in between.
pub(crate) struct PyProgress {
    callback: Option<Py<PyAny>>,
    next_call: f64,
    last_called: f64,
    last_check: Instant,
    /// An exception from the callback or a pending KeyboardInterrupt; re-raised after the run.
    pub(crate) error: Option<PyErr>,
}

impl PyProgress {
    pub(crate) fn new(callback: Option<Py<PyAny>>) -> Self {
        PyProgress {
            callback,
            next_call: 0.0,
            last_called: -1.0,
            last_check: Instant::now(),
            error: None,
        }
    }

    /// Calls the callback; Ok(false) when it asks to cancel.
    fn call(&mut self, py: Python<'_>, frac: f64, stage: &str) -> PyResult<bool> {
        let Some(cb) = &self.callback else {
            return Ok(true);
        };
        self.last_called = frac;
        self.next_call = frac + CALLBACK_STEP;
        let v = cb.bind(py).call1((frac, stage))?;
        Ok(v.is_none() || v.is_truthy()?)
    }

    /// After a successful run: make sure the callback saw 1.0.
    pub(crate) fn finish(&mut self, py: Python<'_>, stage: &str) -> PyResult<()> {
        if self.callback.is_some() && self.last_called < 1.0 {
            // The run is over; a request to cancel now has nothing left to stop.
            self.call(py, 1.0, stage)?;
        }
        Ok(())
    }
}

impl Progress for PyProgress {
    fn report(&mut self, done: f64, stage: &str) -> bool {
        let frac = done.clamp(0.0, 1.0);
        let due_call = self.callback.is_some()
            && (frac >= self.next_call || (frac >= 1.0 && self.last_called < 1.0));
        let due_signals = self.last_check.elapsed() >= SIGNAL_EVERY;
        if !due_call && !due_signals {
            return true;
        }
        Python::attach(|py| {
            self.last_check = Instant::now();
            let r = py.check_signals().and_then(|()| {
                if due_call {
                    self.call(py, frac, stage)
                } else {
                    Ok(true)
                }
            });
            match r {
                Ok(go_on) => go_on,
                Err(e) => {
                    self.error = Some(e);
                    false
                }
            }
        })
    }
}

/// `None` or a callable, else a TypeError naming the expected signature.
pub(crate) fn check_callback(progress: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Py<PyAny>>> {
    match progress {
        None => Ok(None),
        Some(p) if p.is_none() => Ok(None),
        Some(p) if p.is_callable() => Ok(Some(p.clone().unbind())),
        Some(p) => Err(PyTypeError::new_err(format!(
            "progress must be None or a callable progress(fraction: float, stage: str) -> bool | None; got {}",
            p.get_type().name()?
        ))),
    }
}

/// The Python type name of `obj` (for error messages).
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}
