//! Errors of the scenario layer: each names the file, the line or the key, the value and the
//! fix.

use std::path::PathBuf;

/// A scenario error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario file does not parse or does not match the format (`docs/scenario-file.md`).
    #[error("{path}:{line}:{column}: {message}\n  {line_text}")]
    File {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong (names the key).
        message: String,
        /// The offending line, for context.
        line_text: String,
    },
    /// A key holds a value that cannot work.
    #[error("{source_name}{name} = {value}: expected {expected}")]
    Invalid {
        /// The scenario file (with ": "), or empty for a dict.
        source_name: String,
        /// The key, e.g. `hazard[1].start.of`.
        name: String,
        /// The value given.
        value: String,
        /// What would work.
        expected: String,
    },
    /// A section the engine refused (an engine setting out of range, a point off the grid).
    #[error("{source_name}{name}: {message}")]
    Key {
        /// The scenario file (with ": "), or empty.
        source_name: String,
        /// The key, e.g. `hazard[0] (storm).config`.
        name: String,
        /// The engine's message.
        message: String,
    },
    /// A hazard id that is not in the scenario.
    #[error("{id:?} is not a hazard of this scenario; the hazards are {known:?}")]
    UnknownHazard {
        /// The id asked for.
        id: String,
        /// The scenario's hazard ids.
        known: Vec<String>,
    },
    /// Reading an input failed.
    #[error("{what}: {source}")]
    Io {
        /// The key and path being read.
        what: String,
        /// The reader's error.
        #[source]
        source: hazsim_io::Error,
    },
    /// An engine refused its inputs or failed while running.
    #[error("hazard {hazard:?}: {source}")]
    Engine {
        /// The hazard id.
        hazard: String,
        /// The engine's error.
        #[source]
        source: hazsim_grid::Error,
    },
    /// Progress asked to stop; the run is consistent at `time` and can go on.
    #[error("scenario cancelled at t = {time} s")]
    Cancelled {
        /// Scenario time reached (s).
        time: f64,
    },
    /// The scenario file cannot be read.
    #[error("{path}: cannot read the scenario file: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error (its kind tells a missing file).
        #[source]
        source: std::io::Error,
    },
    /// Writing the outputs failed; nothing was moved into place.
    #[error("writing {path}: {message}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Result of the scenario layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An invalid value at a key.
    pub fn invalid(name: impl Into<String>, value: impl std::fmt::Display, expected: &str) -> Self {
        Error::Invalid {
            source_name: String::new(),
            name: name.into(),
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }

    /// This error with the scenario file's name in front of an [`Error::Invalid`] key.
    pub fn in_file(self, path: &std::path::Path) -> Self {
        match self {
            Error::Invalid {
                name,
                value,
                expected,
                ..
            } => Error::Invalid {
                source_name: format!("{}: ", path.display()),
                name,
                value,
                expected,
            },
            Error::Key { name, message, .. } => Error::Key {
                source_name: format!("{}: ", path.display()),
                name,
                message,
            },
            e => e,
        }
    }

    /// An engine error for hazard `id`.
    pub fn engine(id: &str, source: impl Into<hazsim_grid::Error>) -> Self {
        Error::Engine {
            hazard: id.to_string(),
            source: source.into(),
        }
    }

    /// An I/O error reading `what`.
    pub fn io(what: impl Into<String>, source: hazsim_io::Error) -> Self {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    /// True for [`Error::Cancelled`].
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Cancelled { .. })
    }

    /// A TOML error in `text` read from `path`, with its line and column.
    pub fn toml(path: &std::path::Path, text: &str, e: &toml::de::Error) -> Self {
        let (line, column, line_text) = match e.span() {
            Some(span) => {
                let start = span.start.min(text.len());
                let before = &text[..start];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = text[line_start..start].chars().count() + 1;
                let line_text = text[line_start..].lines().next().unwrap_or("").to_string();
                (line, column, line_text)
            }
            None => (1, 1, String::new()),
        };
        Error::File {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_string(),
            line_text,
        }
    }
}
