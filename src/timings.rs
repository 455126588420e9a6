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

/// A field of `/proc/self/status` (`VmRSS:` is resident memory, `VmHWM:` its peak), as written
/// there: no system call tells how much memory is resident now, only Linux's `/proc` (empty
/// elsewhere).
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

/// CPU time the process used so far (user + system, all threads): the process CPU-time clock,
/// which sums what `getrusage` reports in two parts, in nanoseconds rather than `/proc`'s ticks.
#[cfg(unix)]
fn cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[cfg(not(unix))]
fn cpu_time() -> Duration {
    Duration::ZERO
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_advances_with_work() {
        let (start, wall) = (cpu_time(), Instant::now());
        assert!(start > Duration::ZERO);
        let mut x = 0u64;
        while cpu_time() < start + Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            assert!(
                wall.elapsed() < Duration::from_secs(30),
                "the CPU clock stands still"
            );
        }
        assert!(cpu_time() >= start + Duration::from_millis(20));
    }
}
