//! Saving survives being killed: a child process writes a large layout over an existing one and is killed at
//! random moments; the target is always the old file or the new one, whole and loadable, and so is its backup.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use clusterplan::io::{backup_path, parse_layout};

const BIN: &str = env!("CARGO_BIN_EXE_clusterplan");

fn generate(gpus: u64, out: &Path) -> std::process::Child {
    Command::new(BIN)
        .args(["generate", "--preset", "colossus", "--gpus", &gpus.to_string(), "-o"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {BIN}: {e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The two versions the target alternates between.
    let versions = [200_000_u64, 199_936];
    let mut texts = Vec::new();
    for (n, gpus) in versions.iter().enumerate() {
        let path = dir.path().join(format!("v{n}.ron"));
        let status = generate(*gpus, &path).wait().unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success());
        texts.push(read(&path));
    }
    // How long a warm run takes: the fastest of three (the first runs above also paid for a cold binary).
    let mut full_run = Duration::MAX;
    for _ in 0..3 {
        let scratch = dir.path().join("timing.ron");
        let start = Instant::now();
        let status = generate(versions[0], &scratch).wait().unwrap_or_else(|e| panic!("{e}"));
        full_run = full_run.min(start.elapsed());
        assert!(status.success());
    }
    assert_ne!(texts[0], texts[1]);
    let target = dir.path().join("hall.ron");
    std::fs::write(&target, &texts[0]).unwrap_or_else(|e| panic!("{e}"));

    // A small xorshift generator; the seed is printed so a failure can be replayed.
    let mut state =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    println!("seed {state}, full run {full_run:?}");
    let mut killed_mid_run = 0;
    let runs = 60;
    for run in 0..runs {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // Kill anywhere in the last 60 % of a run (where the file is written) and sometimes after it ends.
        let fraction = 0.4 + (state % 1000) as f64 / 1000.0 * 0.75;
        let delay = full_run.mul_f64(fraction);
        let mut child = generate(versions[run % 2], &target);
        std::thread::sleep(delay);
        if child.try_wait().ok().flatten().is_none() {
            killed_mid_run += 1;
        } else if fraction < 1.0 {
            // The run ended sooner than the estimate said (a shared machine's speed drifts): follow it down, so
            // the kills keep landing while the file is written.
            full_run = full_run.mul_f64(0.9);
        }
        let _ = child.kill();
        let _ = child.wait();
        for path in [target.clone(), backup_path(&target)] {
            if !path.exists() {
                assert_ne!(path, target, "run {run}: the target vanished");
                continue;
            }
            let text = read(&path);
            assert!(texts.contains(&text), "run {run}: {} is neither version ({} bytes)", path.display(), text.len());
            parse_layout(&text, &path).unwrap_or_else(|e| panic!("run {run}: {e}"));
        }
    }
    println!("{killed_mid_run} of {runs} runs killed before they finished");
    assert!(killed_mid_run >= runs / 4, "only {killed_mid_run} kills landed mid-run: the test did not test much");
}
