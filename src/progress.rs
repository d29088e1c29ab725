//! The progress bar of `racelint check`: files done / total and the crate being read, on
//! stderr, drawn only when stderr
//! is a terminal and the run has lasted more than [`SHOW_AFTER`], so that pipes, CI logs and
//! short runs see nothing. It is cleared before the output is printed.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the bar appears.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A bar that shows itself after [`SHOW_AFTER`] (see [`Bar::for_stderr`]).
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    after: Duration,
    shown: AtomicBool,
}

impl Bar {
    /// A bar for this run, or `None` when stderr is not a terminal (a pipe, a file, CI's log)
    /// or is `TERM=dumb`. `RACELINT_PROGRESS_AFTER_MS` replaces the one-second delay (for
    /// tests).
    pub fn for_stderr() -> Option<Bar> {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        if !std::io::stderr().is_terminal() || dumb {
            return None;
        }
        let after = std::env::var("RACELINT_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(SHOW_AFTER, Duration::from_millis);
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{prefix} [{bar:20}] {pos}/{len} files {msg}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix("racelint: checking");
        Some(Bar {
            bar,
            started: Instant::now(),
            after,
            shown: AtomicBool::new(false),
        })
    }

    /// Remove the bar from the terminal (before the output is printed).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl crate::engine::Progress for Bar {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
    }
    fn file_done(&self, package: Option<&str>) {
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= self.after
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.inc(1);
        if self.bar.length() == Some(self.bar.position()) {
            self.bar.set_message("(cross-file analysis)");
        } else if let Some(p) = package {
            // the crate being read; the name is cut so that the line fits a terminal
            self.bar.set_message(p.chars().take(30).collect::<String>());
        }
    }
}
