//! The one error type of hazsim-flood. Every message names the input, the value and the fix.

use thiserror::Error;

/// Errors raised while configuring or running a flood simulation.
///
/// ```
/// use hazsim_flood::Error;
/// let e = Error::param("alpha", 1.5, "a number in (0, 1]; 0.6 is a safe default");
/// assert!(e.to_string().contains("alpha"));
/// ```
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A parameter is negative, NaN or otherwise absurd.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidParameter {
        /// Parameter name (as the config field is called).
        name: String,
        /// The value given.
        value: String,
        /// What would be valid, and the fix.
        expected: String,
    },
    /// A time series (rain, inflow hydrograph, level hydrograph) is malformed.
    #[error("invalid time series {name}: {reason}")]
    InvalidTimeSeries {
        /// Which series.
        name: String,
        /// What is wrong, and the fix.
        reason: String,
    },
    /// A raster input does not fit the terrain, or another grid-level problem.
    #[error("{name}: {source}")]
    Grid {
        /// Which input (e.g. `manning`, `initial_depth`, `rain[2]`).
        name: String,
        /// The underlying grid error.
        #[source]
        source: hazsim_grid::Error,
    },
    /// The solution blew up (NaN/infinite depth or an absurd speed).
    #[error("flood solver unstable at t = {time:.3} s in cell (row {row}, col {col}): {what}; lower alpha (e.g. 0.5), check the Manning n values (too small a roughness lets water accelerate without limit), and check inflow units (m3/s) and rain units (mm/h)")]
    Unstable {
        /// Model time (s) at the end of the failing step.
        time: f64,
        /// Row of the first bad cell (row-major order).
        row: usize,
        /// Column of the first bad cell.
        col: usize,
        /// What went wrong, with the value.
        what: String,
    },
    /// An error every engine shares (a cancelled run, a point outside the grid...).
    #[error(transparent)]
    Shared(#[from] hazsim_grid::Error),
}

impl From<Error> for hazsim_grid::Error {
    /// The shared form of a flood error: shared cases and invalid parameters as themselves,
    /// the rest as [`hazsim_grid::Error::Engine`].
    fn from(e: Error) -> Self {
        match e {
            Error::Shared(g) => g,
            Error::InvalidParameter {
                name,
                value,
                expected,
            } => hazsim_grid::Error::InvalidParameter {
                name,
                value,
                expected,
            },
            other => hazsim_grid::Error::engine("flood", other),
        }
    }
}

/// Result alias for hazsim-flood.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn param(name: &str, value: impl std::fmt::Display, expected: &str) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }

    /// Whether the run was cancelled through its progress callback.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Shared(e) if e.is_cancelled())
    }

    /// Shorthand for [`Error::InvalidTimeSeries`].
    pub fn series(name: &str, reason: impl Into<String>) -> Self {
        Error::InvalidTimeSeries {
            name: name.to_string(),
            reason: reason.into(),
        }
    }
}
