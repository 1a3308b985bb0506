//! What the benchmarks measure alike.

/// Peak resident set size of this process in KiB (Linux's VmHWM); `None`
/// where /proc does not say.
pub fn peak_rss_kib() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
}
