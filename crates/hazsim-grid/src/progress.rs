//! Progress reporting and cancellation for long runs.
//!
//! The CLI implements [`Progress`] with an indicatif bar, Python with a callback; a library user
//! passes [`NoProgress`].

/// Receives progress of a long computation and may cancel it.
///
/// ```
/// use hazsim_grid::Progress;
/// struct Print;
/// impl Progress for Print {
///     fn report(&mut self, done: f64, stage: &str) -> bool {
///         eprintln!("{stage}: {:.0} %", done * 100.0);
///         true // keep going
///     }
/// }
/// assert!(Print.report(0.5, "fill"));
/// ```
pub trait Progress {
    /// Called with the fraction done (0..=1) and a short stage name. Return `false` to cancel;
    /// the computation then stops with [`crate::Error::Cancelled`].
    fn report(&mut self, done: f64, stage: &str) -> bool;
}

/// A [`Progress`] that ignores reports and never cancels.
///
/// ```
/// use hazsim_grid::{NoProgress, Progress};
/// assert!(NoProgress.report(1.0, "done"));
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn report(&mut self, _done: f64, _stage: &str) -> bool {
        true
    }
}

impl<F: FnMut(f64, &str) -> bool> Progress for F {
    fn report(&mut self, done: f64, stage: &str) -> bool {
        self(done, stage)
    }
}
