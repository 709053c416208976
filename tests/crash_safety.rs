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

/// The temporary files a save left in `dir` (a save killed between creating its temporary file and renaming it).
fn leftover_temps(dir: &Path) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".tmp")))
        .collect()
}

/// One timed run into an empty folder: when the save's temporary file first appeared and when the run ended.
fn timed_run(gpus: u64, dir: &Path) -> (Option<Duration>, Duration) {
    let start = Instant::now();
    let mut child = generate(gpus, &dir.join("timing.ron"));
    let mut write_seen = None;
    loop {
        if write_seen.is_none() && !leftover_temps(dir).is_empty() {
            write_seen = Some(start.elapsed());
        }
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            assert!(status.success());
            return (write_seen, start.elapsed());
        }
        std::thread::sleep(Duration::from_micros(300));
    }
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target_dir = dir.path().join("target");
    let timing_dir = dir.path().join("timing");
    for d in [&target_dir, &timing_dir] {
        std::fs::create_dir(d).unwrap_or_else(|e| panic!("{e}"));
    }
    // The two versions the target alternates between.
    let versions = [200_000_u64, 199_936];
    let mut texts = Vec::new();
    for (n, gpus) in versions.iter().enumerate() {
        let path = dir.path().join(format!("v{n}.ron"));
        let status = generate(*gpus, &path).wait().unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success());
        texts.push(read(&path));
    }
    assert_ne!(texts[0], texts[1]);
    // When a warm run starts writing and when it ends: the fastest of three (the runs above also paid for a cold
    // binary). Kills aim at the write, and a little before and after it.
    let (mut write_at, mut end) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        let (seen, ended) = timed_run(versions[0], &timing_dir);
        if ended < end {
            end = ended;
            write_at = seen.unwrap_or(ended.mul_f64(0.8));
        }
    }
    let target = target_dir.join("hall.ron");
    std::fs::write(&target, &texts[0]).unwrap_or_else(|e| panic!("{e}"));

    // A small xorshift generator; the seed is printed so a failure can be replayed.
    let mut state =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    println!("seed {state}, a run writes from {write_at:?} and ends at {end:?}");
    let (mut mid_write, mut aimed) = (0, 0);
    let runs = 60;
    for run in 0..runs {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let random = (state % 1000) as f64 / 1000.0;
        let mut child = generate(versions[run % 2], &target);
        if run % 3 == 0 {
            // Anywhere from building the hall to just after the run (a kill before the write leaves all alone).
            std::thread::sleep(end.mul_f64(0.3 + random * 0.8));
        } else {
            // Aimed at the save: as soon as its temporary file appears, then up to the time the write takes.
            aimed += 1;
            let started = Instant::now();
            while leftover_temps(&target_dir).is_empty()
                && child.try_wait().ok().flatten().is_none()
                && started.elapsed() < end * 20
            {
                std::thread::sleep(Duration::from_micros(100));
            }
            std::thread::sleep((end.saturating_sub(write_at) + Duration::from_millis(1)).mul_f64(random));
        }
        let _ = child.kill();
        let _ = child.wait();
        // A temporary file left behind: this kill landed between creating it and renaming it over the target.
        let temps = leftover_temps(&target_dir);
        if !temps.is_empty() {
            mid_write += 1;
            for t in temps {
                std::fs::remove_file(&t).unwrap_or_else(|e| panic!("{}: {e}", t.display()));
            }
        }
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
    println!("of {runs} runs, {aimed} aimed at the save; {mid_write} killed in the middle of the write");
    assert!(mid_write >= aimed / 4, "only {mid_write} kills landed mid-write: the test did not test much");
}
