//! The one error type of hazsim-io. Every message names the file, what was wrong and the fix.

use std::path::{Path, PathBuf};
use thiserror::Error;

/// Errors raised while reading or writing rasters, maps and vector files.
#[derive(Debug, Error)]
pub enum Error {
    /// The file does not exist.
    #[error("{path}: no such file; check the path (relative paths are taken from the current directory {cwd})")]
    NotFound {
        /// The path given.
        path: PathBuf,
        /// The current directory, to help with relative paths.
        cwd: String,
    },
    /// The file exists but is truncated or not valid for its format.
    #[error("{path}: corrupt or truncated {format} file ({detail}); re-export or re-download it")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Format expected.
        format: &'static str,
        /// Decoder message.
        detail: String,
    },
    /// The file is valid but uses something hazsim does not read.
    #[error("{path}: unsupported {what}; {fix}")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What is unsupported (e.g. "sample format complex int16").
        what: String,
        /// How to convert it into something supported.
        fix: String,
    },
    /// Any other I/O failure (permissions, disk full ...).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A raster or parameter problem detected by hazsim-grid.
    #[error(transparent)]
    Grid(#[from] hazsim_grid::Error),
    /// A parameter of an I/O or rendering call is invalid.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidParameter {
        /// Parameter name.
        name: String,
        /// The value given.
        value: String,
        /// What would be valid.
        expected: String,
    },
    /// An error from GDAL (feature `gdal`).
    #[error("{path}: GDAL: {detail}")]
    Gdal {
        /// The file or dataset.
        path: PathBuf,
        /// GDAL's message.
        detail: String,
    },
}

/// Result alias for hazsim-io.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Map a `std::io::Error` on `path` to [`Error::NotFound`] or [`Error::Io`].
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_path_buf(),
                cwd: std::env::current_dir()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| "?".into()),
            }
        } else {
            Error::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }

    /// Shorthand for [`Error::InvalidParameter`].
    pub fn param(name: &str, value: impl std::fmt::Display, expected: &str) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }
}
