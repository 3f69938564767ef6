//! The `kepu` command line: parses the arguments and runs the command (see `kepu::cmd`).

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: kepu::Allocator = kepu::Allocator;

fn main() -> ExitCode {
    kepu::cmd::run(kepu::cmd::Cli::parse())
}
