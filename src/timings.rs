//! Stage timings for profiling: with `PAVELDAS_TIMINGS` set, the build prints how long each stage
//! (and each part of rendering) took and how much memory was resident after it.

use std::time::{Duration, Instant};

/// Stage timings, printed to stderr when `PAVELDAS_TIMINGS` is set (for profiling builds).
pub struct Timings {
    /// Printed before each line, naming the part of the build ("" for the stages).
    prefix: &'static str,
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn new(prefix: &'static str) -> Self {
        Timings {
            prefix,
            on: std::env::var_os("PAVELDAS_TIMINGS").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .map(|l| l[6..].trim().to_string())
                })
                .unwrap_or_default();
            eprintln!("timings: {}after {name}: {rss} resident", self.prefix);
            self.laps.push((name, now - self.last));
            self.last = now;
        }
    }

    pub fn print(&self) {
        if self.on {
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .map(|l| l[6..].trim().to_string())
                })
                .unwrap_or_default();
            if self.prefix.is_empty() {
                eprintln!("timings: peak memory {peak}");
            }
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings: {}{}", self.prefix, parts.join(", "));
        }
    }
}
