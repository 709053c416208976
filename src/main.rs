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
        #[cfg(feature = "gui")]
        Err(cli) => {
            if let Err(e) = clusterplan::ui::run_native(cli.file) {
                eprintln!("clusterplan: cannot open the designer window: {e}");
                std::process::exit(2);
            }
        }
        #[cfg(not(feature = "gui"))]
        Err(_) => {
            eprintln!("clusterplan: built without the designer (feature `gui`); use report, check, generate, presets");
            std::process::exit(2);
        }
    }
}
