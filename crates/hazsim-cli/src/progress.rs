//! An indicatif progress bar behind hazsim's `Progress` trait.

use hazsim_grid::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over `steps` named steps, drawn on stderr (hidden when stderr is not a
/// terminal, or with `--quiet`).
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(steps: u64, quiet: bool) -> Self {
        let bar = ProgressBar::new(steps);
        if quiet {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}",
            )
            .expect("valid template"),
        );
        Bar { bar }
    }

    /// Start a named step.
    pub fn step(&self, name: &str) {
        self.bar.set_message(name.to_string());
    }

    /// Finish the current step.
    pub fn done_step(&self) {
        self.bar.inc(1);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn report(&mut self, done: f64, stage: &str) -> bool {
        self.bar
            .set_message(format!("{stage} {:.0}%", done * 100.0));
        true
    }
}
