//! Saving survives being killed: a child process writes a layout over an existing one and is killed at each step of
//! the save — stopped there by the save's own halt hook (`CLUSTERPLAN_HALT_SAVE`), so every step is hit on any
//! machine at any speed — and at random moments; the target is always the old file or the new one, whole and
//! loadable, and so is its backup.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clusterplan::io::{HALT_SAVE_ENV, SaveHalt, backup_path, parse_layout};

const BIN: &str = env!("CARGO_BIN_EXE_clusterplan");

fn generate(gpus: u64, out: &Path, halt: Option<SaveHalt>) -> Child {
    let mut command = Command::new(BIN);
    command
        .args(["generate", "--preset", "colossus", "--gpus", &gpus.to_string(), "-o"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(if halt.is_some() { Stdio::piped() } else { Stdio::null() });
    command.env_remove(HALT_SAVE_ENV);
    if let Some(halt) = halt {
        assert_eq!(SaveHalt::parse(&halt.step()), Some(halt));
        command.env(HALT_SAVE_ENV, halt.step());
    }
    command.spawn().unwrap_or_else(|e| panic!("spawn {BIN}: {e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The temporary files a save left in `dir` (a save killed between creating its temporary file and renaming it).
fn leftover_temps(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".tmp")))
        .collect()
}

fn remove_temps(dir: &Path) {
    for t in leftover_temps(dir) {
        std::fs::remove_file(&t).unwrap_or_else(|e| panic!("{}: {e}", t.display()));
    }
}

/// Waits until the child says its save stopped at `halt`, then kills it (SIGKILL: no clean-up runs).
fn kill_when_halted(mut child: Child, halt: SaveHalt) {
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let announced = std::io::BufReader::new(stderr).lines().map_while(Result::ok).any(|l| l == halt.announcement());
    let _ = child.kill();
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(announced, "the save never stopped at {halt:?} (the run ended: {status})");
}

/// The target and its backup are each absent or one of the versions, whole and loadable.
fn assert_whole(target: &Path, texts: &[String], what: &str) {
    for path in [target.to_path_buf(), backup_path(target)] {
        if !path.exists() {
            assert_ne!(path, target, "{what}: the target vanished");
            continue;
        }
        let text = read(&path);
        assert!(texts.contains(&text), "{what}: {} is neither version ({} bytes)", path.display(), text.len());
        parse_layout(&text, &path).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target_dir = dir.path().join("target");
    std::fs::create_dir(&target_dir).unwrap_or_else(|e| panic!("{e}"));
    // The two versions the target alternates between.
    let versions = [50_000_u64, 49_936];
    let mut texts = Vec::new();
    let mut run_time = Duration::ZERO;
    for (n, gpus) in versions.iter().enumerate() {
        let path = dir.path().join(format!("v{n}.ron"));
        let started = Instant::now();
        let status = generate(*gpus, &path, None).wait().unwrap_or_else(|e| panic!("{e}"));
        run_time = started.elapsed();
        assert!(status.success());
        texts.push(read(&path));
    }
    assert_ne!(texts[0], texts[1]);
    let target = target_dir.join("hall.ron");
    std::fs::write(&target, &texts[0]).unwrap_or_else(|e| panic!("{e}"));

    // A small xorshift generator; the seed is printed so a failure can be replayed.
    let mut state =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    println!("seed {state}");
    let mut random = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };

    // Every step of the save, and the write cut at its first byte, its last and random bytes between.
    let mut halts = vec![
        SaveHalt::Writing(0),
        SaveHalt::Writing(texts[1].len() - 1),
        SaveHalt::Written,
        SaveHalt::BackedUp,
        SaveHalt::Renamed,
        SaveHalt::Written,
        SaveHalt::BackedUp,
        SaveHalt::Renamed,
    ];
    let shorter = texts[0].len().min(texts[1].len()) as u64;
    halts.extend((0..8).map(|_| SaveHalt::Writing((random() % shorter) as usize)));
    // The hook is in debug builds only (a release designer never stops a save).
    if !cfg!(debug_assertions) {
        println!("a release build: the save has no halt hook, only the random kills run");
        halts.clear();
    }
    let mut current = 0; // which version the target holds
    for (run, &halt) in halts.iter().enumerate() {
        let new = 1 - current;
        let backup_before = backup_path(&target).exists().then(|| read(&backup_path(&target)));
        kill_when_halted(generate(versions[new], &target, Some(halt)), halt);
        let what = format!("run {run}, killed at {halt:?}");
        assert_whole(&target, &texts, &what);
        let temps = leftover_temps(&target_dir);
        let backup_now = backup_path(&target).exists().then(|| read(&backup_path(&target)));
        match halt {
            SaveHalt::Renamed => {
                assert_eq!(read(&target), texts[new], "{what}: the new file is in place");
                assert_eq!(backup_now.as_ref(), Some(&texts[current]), "{what}: the backup is the old file");
                assert!(temps.is_empty(), "{what}: nothing left over: {temps:?}");
                current = new;
            }
            _ => {
                assert_eq!(read(&target), texts[current], "{what}: the old file is untouched");
                assert_eq!(temps.len(), 1, "{what}: the temporary file is left over: {temps:?}");
                let expected = match halt {
                    SaveHalt::Writing(n) => n.min(texts[new].len()),
                    _ => texts[new].len(),
                };
                let written = std::fs::read(&temps[0]).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(written.len(), expected, "{what}: the bytes written before the kill");
                assert!(
                    written == texts[new].as_bytes()[..expected],
                    "{what}: the temporary file is the new one's start"
                );
                if halt == SaveHalt::BackedUp {
                    assert_eq!(backup_now.as_ref(), Some(&texts[current]), "{what}: the old file is the backup");
                } else {
                    assert_eq!(backup_now, backup_before, "{what}: the backup is untouched");
                }
            }
        }
        remove_temps(&target_dir);
    }

    // And killed at random moments, from building the hall to after the run: the same promise, whatever the kill
    // finds (no count of what it hit — the steps above are hit for certain).
    for run in 0..12 {
        let new = run % 2;
        let mut child = generate(versions[new], &target, None);
        std::thread::sleep(run_time.mul_f64((random() % 1200) as f64 / 1000.0));
        let _ = child.kill();
        let _ = child.wait();
        assert_whole(&target, &texts, &format!("random kill {run}"));
        remove_temps(&target_dir);
    }
}
