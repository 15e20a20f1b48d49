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

/// A hazsim-grid error as a Python exception.
pub fn grid(e: hazsim_grid::Error) -> PyErr {
    HazsimError::new_err(e.to_string())
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
