//! The process's resident memory, for the bytes-per-cell measurements of the benchmarks and
//! examples (peak resident set minus the resident set before a solver is built, over its cells).

/// The resident set now (KiB), from `/proc/self/status` (`VmRSS`); None where that file does
/// not exist (not Linux).
///
/// ```
/// let now = hazsim_grid::memory::resident_kib();
/// assert!(now.is_none() || now.unwrap() > 0);
/// ```
pub fn resident_kib() -> Option<u64> {
    status_kib("VmRSS:")
}

/// The peak resident set of the process so far (KiB; `VmHWM`), or None off Linux.
///
/// ```
/// use hazsim_grid::memory::{peak_resident_kib, resident_kib};
/// if let (Some(now), Some(peak)) = (resident_kib(), peak_resident_kib()) {
///     assert!(peak >= now);
/// }
/// ```
pub fn peak_resident_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

/// A `kB` line of /proc/self/status.
fn status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
