//! A short fuzz run of the four fuzz targets in `fuzz/` on stable Rust, without cargo-fuzz.
//!
//! Each target runs over every seed in `fuzz/seeds/<target>/`, then over mutations of them made
//! by a small deterministic mutator (bit flips, inserted, deleted and repeated bytes, splices of
//! two seeds, tokens that mean something to CSV, TOML, XML, HTML or Typst, long runs) until its
//! time budget is spent: `IMPACT_FUZZ_SECONDS` per target, 15 by default. A failing input is
//! saved under `target/fuzz-failures/` and named in the panic message. Run with `--nocapture`
//! to see how many inputs each target ran.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[test]
fn csv_reader() {
    run("csv_reader", targets::csv_reader, 64 * 1024);
}

#[test]
fn config() {
    run("config", targets::config, 4 * 1024);
}

#[test]
fn qdpx() {
    run("qdpx", targets::qdpx, 64 * 1024);
}

#[test]
fn escaping() {
    run("escaping", targets::escaping, 4 * 1024);
}

/// Run `body` over the seeds of `target`, then over mutations of them (at most `max_len` bytes)
/// until the time budget is spent.
fn run(target: &str, body: fn(&[u8]), max_len: usize) {
    let budget = std::env::var("IMPACT_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15.0);
    let deadline = Instant::now() + Duration::from_secs_f64(budget);
    let seeds = seeds(target);
    assert!(!seeds.is_empty(), "no seeds for {target}");
    for seed in &seeds {
        execute(target, body, seed);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ target.len() as u64);
    let mut executions = seeds.len();
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds, max_len);
        execute(target, body, &input);
        executions += 1;
    }
    let _ = fs::remove_dir_all(targets::folder(target));
    println!("fuzz {target}: {executions} executions ({} seeds) in {budget} s", seeds.len());
}

/// Every file in `fuzz/seeds/<target>/`, in name order.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut paths: Vec<PathBuf> =
        fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
}

/// Run one input; on a panic, save the input and panic naming it.
fn execute(target: &str, body: fn(&[u8]), input: &[u8]) {
    if let Err(cause) = panic::catch_unwind(AssertUnwindSafe(|| body(input))) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
        let _ = fs::create_dir_all(&dir);
        let path = dir.join(format!("{target}-{:016x}", fnv(input)));
        let _ = fs::write(&path, input);
        let message = cause
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| cause.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let shown: String = String::from_utf8_lossy(&input[..input.len().min(400)]).escape_debug().collect();
        panic!(
            "fuzz target {target} failed: {message}\ninput saved as {} ({} bytes): \"{shown}\"\nrerun with \
             `cargo +nightly fuzz run {target} {}` in fuzz/",
            path.display(),
            input.len(),
            path.display()
        );
    }
}

/// FNV-1a, to name a saved input.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens that mean something to one of the formats read or written.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\r",
    b"\n",
    b"\r\n",
    b"\0",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#x0;",
    b"#",
    b"{{",
    b"}}",
    b"{%",
    b"[",
    b"]",
    b"[[",
    b"=",
    b"'''",
    b"\"\"\"",
    b"\\u0000",
    b"$",
    b"*",
    b"_",
    b"`",
    b"/>",
    b"</",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"<script>",
    b" onerror=",
    b"#set page(width: 1cm)",
    b"#pagebreak()",
    b"d_z",
    b"-1",
    b"0",
    b"NaN",
    b"inf",
    b"1e308",
    b"99999999999999999999",
    b"2,5",
    b"pre",
    b"post",
    b"participant_id",
    b"timepoint",
    b"scs_sf_",
    b"startPosition=\"",
    b"endPosition=\"",
    b"<PlainTextSelection ",
    b"<Code guid=\"",
    b"<CodeRef targetGUID=\"",
    b"instrument = ",
    b"[[measures]]",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\xf0\x9f\x98\x80",
    b"\xe2\x80\xae",
    b"PK\x03\x04",
];

/// One mutant of a seed: one to four edits, kept to `max_len` bytes.
fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let mut data = rng.pick(seeds).clone();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(len + 1);
                data.insert(at, rng.next() as u8);
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                data.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let copy = data[start..end].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, copy);
            }
            4 => {
                // Splice: the head of this input, the tail of another.
                let other = rng.pick(seeds);
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            5 | 6 => {
                let token = *rng.pick(TOKENS);
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            7 => {
                // A long run of one byte or token.
                let token: &[u8] = if rng.below(2) == 0 { TOKENS[rng.below(TOKENS.len())] } else { b"x" };
                let run = token.repeat(1 + rng.below(2000));
                let at = rng.below(len + 1);
                data.splice(at..at, run);
            }
            8 if len > 0 => {
                // Overwrite a byte with an extreme value.
                let i = rng.below(len);
                data[i] = *rng.pick(&[0u8, 0x7f, 0x80, 0xff, b'9', b'-', b'.']);
            }
            _ => {}
        }
    }
    data.truncate(max_len);
    data
}
