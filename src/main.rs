//! The `kepu` command line.

use clap::{Args, Parser, Subcommand};
use kepu::{BuildOptions, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "kepu", version, about = "A static site generator for public-health outreach")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(CommonArgs),
    /// Check the site without writing anything: content errors, overdue or missing medical reviews.
    Check {
        #[command(flatten)]
        common: CommonArgs,
        /// Fail (exit 1) on warnings too, e.g. an overdue review.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Args)]
struct CommonArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: ROOT/output].
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override site.yaml's base_url (e.g. for a staging host).
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Treat this date (YYYY-MM-DD) as today, for reproducible builds.
    #[arg(long, value_parser = parse_day)]
    now: Option<chrono::NaiveDate>,
}

impl CommonArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            now: self.now,
            serve: false,
        }
    }
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => kepu::build(&args.options()).map(|report| {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!("{report}");
            true
        }),
        Command::Check { common, strict } => kepu::check::check(&common.options()).map(|report| {
            for f in &report.findings {
                println!("{f}");
            }
            for line in &report.translation_status {
                println!("{line}");
            }
            println!(
                "Checked {} pages: {} errors, {} warnings{}",
                report.pages,
                report.errors(),
                report.warnings(),
                if strict { " (strict)" } else { "" }
            );
            report.passed(strict)
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            report_error(&e);
            ExitCode::from(1)
        }
    }
}

fn report_error(e: &Error) {
    for d in &e.diagnostics {
        eprintln!("error: {d}");
    }
    if e.diagnostics.len() > 1 {
        eprintln!("{} errors; output left unchanged", e.diagnostics.len());
    } else {
        eprintln!("output left unchanged");
    }
}
