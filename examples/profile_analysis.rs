//! Runs the analysis of a generated hall many times, for profilers: `cargo run --release --example
//! profile_analysis -- 1000000 50`.

use clusterplan::analysis::analyse;
use clusterplan::generate::{generate, preset_params};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let gpus: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let runs: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let layout = match preset_params("colossus", Some(gpus), None).and_then(|p| generate(&p)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let start = std::time::Instant::now();
    let mut errors = 0;
    for _ in 0..runs {
        errors += analyse(&layout).error_count();
    }
    println!(
        "{gpus} GPUs: {:.3} ms per analysis ({errors} errors)",
        start.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
    );
}
