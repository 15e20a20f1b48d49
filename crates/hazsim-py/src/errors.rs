//! Mapping hazsim errors onto Python exceptions. No panic crosses into Python: pyo3 turns any
//! panic into `PanicException`, and every user-input problem is an `Err` before that.

use pyo3::create_exception;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::PyErr;

create_exception!(
    hazsim,
    HazsimError,
    PyValueError,
    "Raised for invalid hazsim input: bad rasters, parameters or files. A ValueError."
);

create_exception!(
    hazsim,
    Cancelled,
    HazsimError,
    "Raised when a progress callback returns False: the run stopped early, with its state kept \
     at the time reached (read it, or advance again). A HazsimError. One class for every engine."
);

/// An engine's error type: flood, fire and debris errors, and the shared one.
pub trait EngineError: std::fmt::Display {
    /// Whether the run was cancelled through its progress callback.
    fn cancelled(&self) -> bool;
}

impl EngineError for hazsim_grid::Error {
    fn cancelled(&self) -> bool {
        self.is_cancelled()
    }
}

impl EngineError for hazsim_flood::Error {
    fn cancelled(&self) -> bool {
        self.is_cancelled()
    }
}

impl EngineError for hazsim_fire::Error {
    fn cancelled(&self) -> bool {
        self.is_cancelled()
    }
}

impl EngineError for hazsim_debris::Error {
    fn cancelled(&self) -> bool {
        self.is_cancelled()
    }
}

/// An engine error as a Python exception: `hazsim.Cancelled` for a cancelled run,
/// `HazsimError` otherwise. An exception the progress callback raised (or Ctrl-C),
/// `callback_error`, takes precedence.
pub fn engine<E: EngineError>(e: E, callback_error: Option<PyErr>) -> PyErr {
    if let Some(err) = callback_error {
        return err;
    }
    if e.cancelled() {
        Cancelled::new_err(e.to_string())
    } else {
        HazsimError::new_err(e.to_string())
    }
}

/// A scenario error as a Python exception, with the library's message: `hazsim.Cancelled` for
/// a cancelled run, `FileNotFoundError` for a missing input, `OSError` for other failures to
/// read inputs or write outputs, and `HazsimError` (a `ValueError`) for everything else (a file
/// that does not parse, an invalid key, an engine refusing its inputs). An exception raised by
/// the progress callback (or Ctrl-C), `callback_error`, takes precedence.
pub fn scenario(e: hazsim_scenario::Error, callback_error: Option<PyErr>) -> PyErr {
    use hazsim_scenario::Error as E;
    if let Some(err) = callback_error {
        return err;
    }
    match &e {
        E::Cancelled { .. } => Cancelled::new_err(e.to_string()),
        E::UnknownHazard { .. } => pyo3::exceptions::PyKeyError::new_err(e.to_string()),
        E::Io {
            source: hazsim_io::Error::NotFound { .. },
            ..
        } => PyFileNotFoundError::new_err(e.to_string()),
        E::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(e.to_string())
        }
        E::Io {
            source: hazsim_io::Error::Io { .. },
            ..
        }
        | E::Read { .. }
        | E::Output { .. } => PyOSError::new_err(e.to_string()),
        _ => HazsimError::new_err(e.to_string()),
    }
}

/// A hazsim-grid error as a Python exception.
pub fn grid(e: hazsim_grid::Error) -> PyErr {
    engine(e, None)
}

/// A hazsim-io error as a Python exception: missing files are `FileNotFoundError`, other OS
/// failures `OSError`, everything else `HazsimError` (a `ValueError`).
pub fn io(e: hazsim_io::Error) -> PyErr {
    match &e {
        hazsim_io::Error::NotFound { .. } => PyFileNotFoundError::new_err(e.to_string()),
        hazsim_io::Error::Io { .. } => PyOSError::new_err(e.to_string()),
        _ => HazsimError::new_err(e.to_string()),
    }
}

/// A plain invalid-argument error.
pub fn value(msg: impl Into<String>) -> PyErr {
    HazsimError::new_err(msg.into())
}
