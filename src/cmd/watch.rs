//! `kepu watch`, and the rebuild loop `kepu serve` shares with it.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::session::RebuildKind;
use crate::preview::watch::Outcome;
use crate::util::error::Error;
use std::io::Write;

/// The preview server, or (built without the `serve` feature) a type with no values.
#[cfg(feature = "serve")]
pub(super) use crate::preview::serve::Server;

/// Built without the `serve` feature there is no server: a type with no values.
#[cfg(not(feature = "serve"))]
pub(super) enum Server {}

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

/// Rebuilds on every change until Ctrl-C, telling the browser (if serving).
pub(super) fn run(opts: BuildOptions, server: Option<Server>) -> Result<bool, Error> {
    println!("Watching {} for changes", opts.root.display());
    crate::preview::watch::run(opts, crate::util::interrupt::flag(), |outcome| {
        match outcome {
            Outcome::Built(rebuild) => {
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
            Outcome::Failed(e) => {
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
