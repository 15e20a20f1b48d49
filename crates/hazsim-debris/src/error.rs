//! The one error type of hazsim-debris. Every message names the input, the value and the fix.

use thiserror::Error;

/// Errors raised while configuring or running debris-flow runout.
///
/// ```
/// use hazsim_debris::Error;
/// let e = Error::param("travel_angle", 95.0, "degrees in (0, 90)");
/// assert!(e.to_string().contains("travel_angle"));
/// ```
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A parameter is negative, NaN or otherwise absurd.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidParameter {
        /// Parameter name (as the field of [`crate::RunoutParams`] is called).
        name: String,
        /// The value given.
        value: String,
        /// What would be valid, and the fix.
        expected: String,
    },
    /// There is nothing to release.
    #[error("release is empty ({what}); mark at least one release cell (e.g. steep cells in source areas)")]
    EmptyRelease {
        /// What was given.
        what: String,
    },
    /// No release cell can move: from each, every neighbour lies above the energy line
    /// (`z_i − z_j ≤ L_ij tan α`), so nothing runs out. Typical causes: releases on flat or
    /// gentle ground, or a travel angle steeper than the slope at the release.
    #[error("no runout: none of the {count} release cell(s) can move (first: row {row}, col {col}); every neighbour lies above the energy line (the drop to it is at most L·tan α). Release on slopes steeper than the travel angle, or lower travel_angle (alpha)")]
    NoRunout {
        /// Number of release cells.
        count: usize,
        /// Row of the first release cell.
        row: usize,
        /// Column of the first release cell.
        col: usize,
    },
    /// A raster input does not fit the terrain, or another grid-level problem.
    #[error("{name}: {source}")]
    Grid {
        /// Which input (e.g. `release mask`, `travel_angle raster`).
        name: String,
        /// The underlying grid error.
        #[source]
        source: hazsim_grid::Error,
    },
    /// A Voellmy flow run blew up (NaN or a runaway speed); the state is left at the last good step.
    #[error("Voellmy flow became unstable at t = {time} s ({detail}); lower cfl or max_dt, check the release depths and raise xi/mu if they are tiny")]
    Unstable {
        /// Model time (s) of the last good step.
        time: f64,
        /// What went wrong, e.g. `speed 250 m/s at row 3, col 7 exceeds max_speed = 100 m/s`.
        detail: String,
    },
    /// An error every engine shares: a point or cell outside the grid, a cancelled run.
    #[error(transparent)]
    Shared(#[from] hazsim_grid::Error),
}

impl Error {
    /// An [`Error::InvalidParameter`].
    pub fn param(name: &str, value: impl std::fmt::Display, expected: &str) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }

    /// An input given at a point or cell outside the grid ([`hazsim_grid::Error::OutsideGrid`]).
    pub fn outside(input: &str, at: String, extent: String) -> Self {
        Error::Shared(hazsim_grid::Error::OutsideGrid {
            input: input.to_string(),
            at,
            extent,
        })
    }

    /// Whether the run was cancelled through its progress callback.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Shared(e) if e.is_cancelled())
    }

    /// Whether an input lay outside the grid.
    pub fn is_outside_grid(&self) -> bool {
        matches!(self, Error::Shared(hazsim_grid::Error::OutsideGrid { .. }))
    }

    /// Wrap a grid error, naming the input it came from.
    pub fn grid(name: &str, source: hazsim_grid::Error) -> Self {
        Error::Grid {
            name: name.to_string(),
            source,
        }
    }
}

/// `Result` with [`enum@Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl From<Error> for hazsim_grid::Error {
    /// The shared form of a debris error: shared cases and invalid parameters as themselves,
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
            other => hazsim_grid::Error::engine("debris", other),
        }
    }
}
