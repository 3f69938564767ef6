//! The command line: the arguments every command shares, and one module per command. `main.rs`
//! parses the arguments and hands them to [`run`].

mod build;
mod check;
#[cfg(feature = "deploy")]
mod deploy;
mod flyer;
mod import;
mod init;
mod new;
mod observances;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod starter;
mod watch;

use crate::pipeline::build::BuildOptions;
use crate::util::error::Error;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// `kepu`'s arguments.
#[derive(Parser)]
#[command(name = "kepu", version, about = "A static site generator for public-health outreach")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a new site in a new or empty folder: settings, home pages, an article and an event.
    Init {
        /// The folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's languages, the default first (e.g. zh-Hans,bo,en).
        #[arg(long, default_value = "zh-Hans,en")]
        languages: String,
    },
    /// Make a Kepu site from a Hugo or Zola site: settings, pages, images, shortcodes, old URLs kept.
    Import {
        /// The generator the site was made with.
        #[arg(value_enum)]
        from: import::From,
        /// The site to import (the folder holding hugo.toml, config.toml …); it is only read.
        src: PathBuf,
        /// A new or empty folder for the Kepu site.
        dest: PathBuf,
    },
    /// Write a new content file with every useful key explained, dated today.
    New {
        /// What to write.
        #[arg(value_enum)]
        kind: starter::Kind,
        /// Where, inside content/ (e.g. articles/eye-care).
        path: String,
        /// The language, if not the site's default (e.g. en).
        #[arg(long)]
        lang: Option<String>,
        /// The site folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// List the health days with the ids `observance:` takes and their next dates.
    Observances {
        /// Name the days in this language (e.g. en).
        #[arg(long)]
        lang: Option<String>,
        /// The site folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat this date (YYYY-MM-DD) as today.
        #[arg(long, value_parser = parse_day)]
        now: Option<chrono::NaiveDate>,
    },
    /// Write JSON Schemas of site.yaml and front matter, for editors that check keys as you type.
    Schema {
        /// The folder to write them into.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build {
        #[command(flatten)]
        common: CommonArgs,
        /// Write an offline copy that opens from a folder or USB stick by double-click (links
        /// relative to each page), into ROOT/offline unless --output names another folder.
        #[arg(long)]
        relative: bool,
    },
    /// Check the site without writing anything: content errors, overdue or missing medical reviews.
    Check {
        #[command(flatten)]
        common: CommonArgs,
        /// Fail (exit 1) on warnings too, e.g. an overdue review.
        #[arg(long)]
        strict: bool,
        /// Also check links to other sites (a few requests at a time, one at a time per host).
        #[arg(long)]
        external: bool,
        /// List the plain-language findings: long sentences, uncommon characters, medical terms
        /// without an explanation, measurements without units.
        #[arg(long)]
        plain: bool,
    },
    /// Print a page's flyer to PDF with a local headless Chromium.
    Flyer {
        /// The page: its content file (content/articles/x.md, articles/x.en.md) or its URL (/en/articles/x/).
        page: String,
        /// Where to write the PDF.
        #[arg(long)]
        pdf: PathBuf,
        /// Print the bilingual flyer with this language (e.g. en).
        #[arg(long)]
        with: Option<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Publish the built output folder to a bucket named under `deploy:` in site.yaml (S3, OSS, COS).
    #[cfg(feature = "deploy")]
    Deploy {
        /// The target's `name:` in site.yaml; may be left out when there is only one.
        target: Option<String>,
        /// List every upload and deletion, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Keep remote files the build no longer has.
        #[arg(long)]
        no_delete: bool,
        /// Delete even when that removes more than half of the remote files.
        #[arg(long)]
        force: bool,
        /// The site folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built folder to publish [default: ROOT/output].
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Build, then rebuild whenever a source file changes.
    Watch(CommonArgs),
    /// Build, rebuild on change, and serve the site locally with live reload.
    #[cfg(feature = "serve")]
    Serve {
        #[command(flatten)]
        common: CommonArgs,
        /// Address to listen on; the default keeps the preview on this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
}

/// What every command that builds the site takes.
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
    /// Build into an output folder that holds files Kepu did not write: those are left in place,
    /// or replaced where the site has a file of the same name.
    #[arg(long)]
    force: bool,
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
            force: self.force,
            relative: false,
        }
    }
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

/// Runs a parsed command line; the exit code says whether it succeeded (1 on errors or a
/// failed check, 130 after Ctrl-C).
pub fn run(cli: Cli) -> ExitCode {
    crate::util::memory::keep_freed();
    if let Err(e) = crate::util::interrupt::install() {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let today = chrono::Local::now().date_naive();
    // Only the commands that build write the output folder, and only they can leave it unchanged.
    let builds = !matches!(
        cli.command,
        Command::Init { .. }
            | Command::Import { .. }
            | Command::New { .. }
            | Command::Observances { .. }
            | Command::Schema { .. }
    ) && !is_deploy(&cli.command);
    let result = match cli.command {
        Command::Init { dir, languages } => init::run(&dir, &languages, today),
        Command::Import { from, src, dest } => import::run(from, &src, &dest),
        Command::New { kind, path, lang, root } => new::run(&root, kind, &path, lang.as_deref(), today),
        Command::Schema { out } => schema::run(&out),
        Command::Observances { lang, root, now } => observances::run(&root, lang.as_deref(), now.unwrap_or(today)),
        Command::Build { common, relative } => build::run(&BuildOptions { relative, ..common.options() }),
        Command::Check { common, strict, external, plain } => {
            check::run(&common.options(), strict, crate::pipeline::check::CheckOptions { external, plain })
        }
        Command::Flyer { page, pdf, with, common } => flyer::run(common.options(), &page, &pdf, with.as_deref()),
        Command::Watch(common) => watch::run(common.options(), None),
        #[cfg(feature = "deploy")]
        Command::Deploy { target, dry_run, no_delete, force, root, output } => {
            deploy::run(&root, output, target.as_deref(), deploy::Flags { dry_run, delete: !no_delete, force })
        }
        #[cfg(feature = "serve")]
        Command::Serve { common, bind, port } => serve::run(common.options(), bind, port),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            report_error(&e, builds);
            ExitCode::from(if crate::util::interrupt::requested() { 130 } else { 1 })
        }
    }
}

/// `kepu deploy` reads the output folder and never writes it.
fn is_deploy(command: &Command) -> bool {
    #[cfg(feature = "deploy")]
    if matches!(command, Command::Deploy { .. }) {
        return true;
    }
    let _ = command;
    false
}

fn report_error(e: &Error, builds: bool) {
    for d in &e.diagnostics {
        eprintln!("error: {d}");
    }
    if !builds {
        return;
    }
    // Every failure happens before the output folder is replaced (see `output`), so this holds.
    if e.diagnostics.len() > 1 {
        eprintln!("{} errors; output left unchanged", e.diagnostics.len());
    } else {
        eprintln!("output left unchanged");
    }
}
