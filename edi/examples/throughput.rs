//! Throughput of the X12 and EDIFACT readers and writers on given interchanges, for `bench/edi/run.sh`:
//! `throughput --x12 FILE --edifact FILE --seconds N` prints one line per standard and operation:
//! `<standard> <parse|write> <interchanges/s> <sets/s> <MB/s>`.

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seconds: f64 = value("--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(seconds);
    if let Some(path) = value("--x12") {
        let text = std::fs::read_to_string(&path).expect("read the X12 file");
        let first = portico_edi::x12::parse(&text).expect("the X12 file reads");
        let sets: usize = first.groups.iter().map(|g| g.sets.len()).sum();
        let written = portico_edi::x12::write(&first).expect("the X12 interchange writes");
        assert_eq!(
            portico_edi::x12::parse(&written).expect("written X12 reads"),
            first
        );
        report("x12", "parse", sets, text.len(), budget, || {
            std::hint::black_box(portico_edi::x12::parse(std::hint::black_box(&text)).is_ok());
        });
        report("x12", "write", sets, text.len(), budget, || {
            std::hint::black_box(portico_edi::x12::write(std::hint::black_box(&first)).is_ok());
        });
    }
    if let Some(path) = value("--edifact") {
        let bytes = std::fs::read(&path).expect("read the EDIFACT file");
        let text = String::from_utf8(bytes.clone())
            .unwrap_or_else(|_| bytes.iter().map(|&b| char::from(b)).collect());
        let first = portico_edi::edifact::parse(&text).expect("the EDIFACT file reads");
        let sets = first.messages.len();
        let written = portico_edi::edifact::write(&first);
        assert_eq!(
            portico_edi::edifact::parse(&written).expect("written EDIFACT reads"),
            first
        );
        report("edifact", "parse", sets, text.len(), budget, || {
            std::hint::black_box(portico_edi::edifact::parse(std::hint::black_box(&text)).is_ok());
        });
        report("edifact", "write", sets, text.len(), budget, || {
            std::hint::black_box(portico_edi::edifact::write(std::hint::black_box(&first)).len());
        });
    }
}

/// Runs `f` for `budget` and prints the rates.
fn report(
    standard: &str,
    op: &str,
    sets: usize,
    bytes: usize,
    budget: Duration,
    mut f: impl FnMut(),
) {
    // Warm up caches and the branch predictor for a tenth of the budget.
    let warm = Instant::now();
    while warm.elapsed() < budget / 10 {
        f();
    }
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < budget {
        for _ in 0..100 {
            f();
        }
        n += 100;
    }
    let secs = start.elapsed().as_secs_f64();
    let per_second = n as f64 / secs;
    println!(
        "{standard} {op} {per_second:.1} {:.1} {:.3}",
        per_second * sets as f64,
        per_second * bytes as f64 / 1e6
    );
}
