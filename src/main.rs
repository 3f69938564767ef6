//! The `kepu` command line.

use clap::{Args, Parser, Subcommand};
use kepu::{BuildOptions, Error};
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering allocates many short-lived strings on every thread; mimalloc's per-thread heaps keep
// that from serialising on the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Also check links to other sites (a few requests at a time, one at a time per host).
        #[arg(long)]
        external: bool,
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
        }
    }
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = kepu::util::interrupt::install() {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let result = match cli.command {
        Command::Build(args) => kepu::pipeline::build::build_state(&args.options()).map(|(report, state)| {
            // The process ends here: freeing a large site's memory piece by piece would only
            // delay the exit.
            std::mem::forget(state);
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!("{report}");
            true
        }),
        Command::Check { common, strict, external } => {
            kepu::pipeline::check::check(&common.options(), external).map(|report| {
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
            })
        }
        Command::Watch(common) => live(common.options(), None),
        Command::Flyer { page, pdf, with, common } => flyer(common.options(), &page, &pdf, with.as_deref()),
        #[cfg(feature = "serve")]
        Command::Serve { common, bind, port } => serve(common, bind, port),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            report_error(&e);
            ExitCode::from(if kepu::util::interrupt::requested() { 130 } else { 1 })
        }
    }
}

/// The preview server, or (built without the `serve` feature) a type with no values.
#[cfg(feature = "serve")]
use kepu::preview::serve::Server;

#[cfg(not(feature = "serve"))]
enum Server {}

#[cfg(not(feature = "serve"))]
impl Server {
    fn set_error(&self, _: Option<String>) {
        match *self {}
    }
    fn reload(&self, _: bool) {
        match *self {}
    }
    fn stop(self) {
        match self {}
    }
}

/// `kepu serve`: the preview is built into a folder of its own (a temporary one unless
/// `--output` names one), never into the site's `output/`, which only `kepu build` writes.
#[cfg(feature = "serve")]
fn serve(common: CommonArgs, bind: std::net::IpAddr, port: u16) -> Result<bool, Error> {
    let mut opts = common.options();
    opts.serve = true;
    let preview = tempfile::Builder::new()
        .prefix("kepu-preview-")
        .tempdir()
        .map_err(|e| Error::from(kepu::Diagnostic::new(format!("cannot create a preview folder: {e}"))))?;
    if opts.output.is_none() {
        opts.output = Some(preview.path().join("site"));
    }
    let config = kepu::preview::serve::ServerConfig { root: opts.output_dir(), bind, port };
    let server = Server::start(config).map_err(|e| {
        Error::from(kepu::Diagnostic::new(format!(
            "cannot listen on {bind}:{port}: {e}; is another `kepu serve` running? Try `--port 1112`"
        )))
    })?;
    println!("Serving a preview (output/ is left to `kepu build`) at http://{}/ (Ctrl-C to stop)", server.addr());
    if !bind.is_loopback() {
        warn_network(server.addr().port());
    }
    live(opts, Some(server))
}

/// Serving beyond this computer: say so, and where a phone on the same network can open it.
#[cfg(feature = "serve")]
fn warn_network(port: u16) {
    eprintln!("warning: the preview is open to every computer on your network, not only this one");
    let addresses = if_addrs::get_if_addrs().unwrap_or_default();
    for a in addresses.iter().filter(|a| !a.is_loopback() && a.ip().is_ipv4()) {
        eprintln!("  on a phone on the same network, open http://{}:{port}/", a.ip());
    }
}

/// Builds the site into a temporary folder and prints one flyer from it.
fn flyer(mut opts: BuildOptions, page: &str, pdf: &std::path::Path, with: Option<&str>) -> Result<bool, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::from(kepu::Diagnostic::new(format!("temporary folder: {e}"))))?;
    opts.output = Some(dir.path().join("site"));
    let (_, state) = kepu::pipeline::build::build_state(&opts)?;
    let url = kepu::render::flyer::find(&state.site, page, with)?;
    let file = dir.path().join("site").join(kepu::site::url_to_file(&url));
    kepu::formats::pdf::print(&file, pdf)?;
    println!("Wrote {} ({url})", pdf.display());
    Ok(true)
}

/// `watch` and `serve`: rebuild on every change until Ctrl-C, telling the browser (if serving).
fn live(opts: BuildOptions, server: Option<Server>) -> Result<bool, Error> {
    use kepu::pipeline::session::RebuildKind;
    use std::io::Write;
    println!("Watching {} for changes", opts.root.display());
    kepu::preview::watch::run(opts, kepu::util::interrupt::flag(), |outcome| {
        match outcome {
            kepu::preview::watch::Outcome::Built(rebuild) => {
                match &rebuild.kind {
                    RebuildKind::Full(report) => println!("{report}"),
                    RebuildKind::Incremental { pages, files_rendered, files_changed } => println!(
                        "Rebuilt {pages} page(s): {files_rendered} files rendered, {files_changed} changed; page written in {} ms, all in {} ms",
                        rebuild.page_written.unwrap_or_default().as_millis(),
                        rebuild.elapsed.as_millis()
                    ),
                }
                if let Some(server) = &server {
                    server.set_error(None);
                    server.reload(rebuild.css_only);
                }
            }
            kepu::preview::watch::Outcome::Failed(e) => {
                for d in &e.diagnostics {
                    eprintln!("error: {d}");
                }
                eprintln!("still serving the last good build; fix the error and save again");
                if let Some(server) = &server {
                    server.set_error(Some(e.to_string()));
                }
            }
        }
        let _ = std::io::stdout().flush();
    })?;
    if let Some(server) = server {
        server.stop();
    }
    println!("Stopped");
    Ok(true)
}

fn report_error(e: &Error) {
    for d in &e.diagnostics {
        eprintln!("error: {d}");
    }
    // Every failure happens before the output folder is replaced (see `output`), so this holds.
    if e.diagnostics.len() > 1 {
        eprintln!("{} errors; output left unchanged", e.diagnostics.len());
    } else {
        eprintln!("output left unchanged");
    }
}
