//! The `kepu` command line: parses the arguments and runs the command (see `kepu::cmd`).

use clap::Parser;
use std::process::ExitCode;

// Rendering allocates many short-lived strings on every thread; mimalloc's per-thread heaps keep
// that from serialising on the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    kepu::cmd::run(kepu::cmd::Cli::parse())
}
