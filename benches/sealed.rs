//! Sealed bundles: how long the key derivation takes, how fast a large
//! payload seals and opens through a file, and that memory stays bounded
//! while it does. Prints one Markdown table of medians.
//!
//! ```text
//! cargo bench --bench sealed -- --quick   # 128 MiB payload, 3 runs
//! cargo bench --bench sealed              # 1 GiB payload, 7 runs
//! ```
//!
//! Throughput is measured with the cheapest key derivation so that it counts
//! only the chunks; the derivation is timed apart, with the default and with
//! OWASP's lighter choice. The machine is shared: read ratios, not digits.

mod common;

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use haukiem::io::sealed::{self, KdfParams, Secret};

use common::peak_rss_kib;

const MIB: u64 = 1024 * 1024;
const CHEAP: KdfParams = KdfParams {
    memory_kib: 8,
    iterations: 1,
    lanes: 1,
};
const OWASP: KdfParams = KdfParams {
    memory_kib: 19 * 1024,
    iterations: 2,
    lanes: 1,
};

/// A payload of `left` bytes that costs nothing to produce.
struct Pattern {
    left: u64,
    next: u8,
}

impl Read for Pattern {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = out
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        for b in &mut out[..n] {
            *b = self.next;
            self.next = self.next.wrapping_mul(31).wrapping_add(7);
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (mib, runs, kdf_runs) = if quick { (128, 3, 3) } else { (1024, 7, 9) };
    if let Err(e) = run(mib, runs, kdf_runs) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

fn run(mib: u64, runs: usize, kdf_runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("sealed.bin");
    let secret = Secret::from("mật khẩu của đoàn hậu kiểm");
    let mut seal_times = Vec::new();
    let mut open_times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let out = BufWriter::new(File::create(&path)?);
        let payload = Pattern {
            left: mib * MIB,
            next: 1,
        };
        sealed::seal_with(&secret, CHEAP, b"bench", payload, out)?;
        seal_times.push(start.elapsed());
        let start = Instant::now();
        let input = BufReader::new(File::open(&path)?);
        let mut opened = sealed::open(&secret, input)?;
        let copied = io::copy(&mut opened, &mut io::sink())?;
        open_times.push(start.elapsed());
        assert_eq!(copied, mib * MIB, "the whole payload comes back");
    }
    // Before the key derivation, whose own 64 MiB would hide the streams'.
    let peak = peak_rss_kib().map_or_else(|| "n/a".to_string(), |k| format!("{k} kB"));
    let sealed_len = std::fs::metadata(&path)?.len();
    std::fs::remove_file(&path)?;
    let kdf_default = time_kdf(&secret, KdfParams::DEFAULT, kdf_runs)?;
    let kdf_owasp = time_kdf(&secret, OWASP, kdf_runs)?;
    let rate = |d: Duration| format!("{:.0} MB/s", (mib * MIB) as f64 / 1e6 / d.as_secs_f64());
    println!("| measure ({mib} MiB payload, median of {runs}) | value |");
    println!("|---|---|");
    println!("| seal, file to file | {} |", rate(median(&mut seal_times)));
    println!(
        "| open, file to nowhere | {} |",
        rate(median(&mut open_times))
    );
    println!(
        "| size overhead | {:.4} % |",
        (sealed_len - mib * MIB) as f64 * 100.0 / (mib * MIB) as f64
    );
    println!("| peak memory while streaming (VmHWM) | {peak} |");
    println!(
        "| Argon2id default (64 MiB, t=3, p=4), median of {kdf_runs} | {:.0} ms |",
        kdf_default.as_secs_f64() * 1e3
    );
    println!(
        "| Argon2id OWASP (19 MiB, t=2, p=1), median of {kdf_runs} | {:.0} ms |",
        kdf_owasp.as_secs_f64() * 1e3
    );
    Ok(())
}

/// Sealing an empty payload is one key derivation and one empty chunk.
fn time_kdf(secret: &Secret, kdf: KdfParams, runs: usize) -> Result<Duration, sealed::SealError> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        sealed::seal_with(secret, kdf, b"", io::empty(), io::sink())?;
        times.push(start.elapsed());
    }
    Ok(median(&mut times))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
