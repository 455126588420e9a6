//! Stage timings for profiling: with `PAVELDAS_TIMINGS` set, the build prints how long each stage
//! (and each part of rendering) took, how much CPU time the process spent in it (user + system,
//! all threads: twice the wall time means two cores were busy), and how much memory was resident
//! after it.

use std::time::{Duration, Instant};

/// Stage timings, printed to stderr when `PAVELDAS_TIMINGS` is set (for profiling builds).
pub struct Timings {
    /// Printed before each line, naming the part of the build ("" for the stages).
    prefix: &'static str,
    on: bool,
    last: Instant,
    last_cpu: Duration,
    laps: Vec<(&'static str, Duration, Duration)>,
}

/// A field of `/proc/self/status` (`VmRSS:` is resident memory, `VmHWM:` its peak), as written there.
fn status_field(name: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// CPU time the process used so far (user + system, all threads), from `/proc/self/stat`.
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) in parentheses.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // Linux reports clock ticks of 1/100 s (USER_HZ) on every common platform.
    Duration::from_millis(ticks * 10)
}

impl Timings {
    pub fn new(prefix: &'static str) -> Self {
        Timings {
            prefix,
            on: std::env::var_os("PAVELDAS_TIMINGS").is_some(),
            last: Instant::now(),
            last_cpu: cpu_time(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            let rss = status_field("VmRSS:");
            eprintln!("timings: {}after {name}: {rss} resident", self.prefix);
            let cpu = cpu_time();
            self.laps.push((name, now - self.last, cpu - self.last_cpu));
            self.last = now;
            self.last_cpu = cpu;
        }
    }

    pub fn print(&self) {
        if self.on {
            let peak = status_field("VmHWM:");
            if self.prefix.is_empty() {
                eprintln!("timings: peak memory {peak}");
            }
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(n, d, cpu)| {
                    format!(
                        "{n} {:.0} ms (cpu {:.0})",
                        d.as_secs_f64() * 1000.0,
                        cpu.as_secs_f64() * 1000.0
                    )
                })
                .collect();
            eprintln!("timings: {}{}", self.prefix, parts.join(", "));
        }
    }
}
