//! The `clusterplan` binary: a thin wrapper over the library's command line.

use std::io::Write;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    match clusterplan::cli::run(std::env::args_os()) {
        Ok(outcome) => {
            let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
            let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
            std::process::exit(outcome.code);
        }
        Err(_open_designer) => {
            eprintln!(
                "clusterplan: the designer window is not built yet. Use `clusterplan report FILE`, \
                 `clusterplan check FILE...`, `clusterplan generate --preset NAME -o FILE` or `clusterplan presets`."
            );
            std::process::exit(2);
        }
    }
}
