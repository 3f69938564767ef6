//! `kepu serve`: the preview is built into a folder of its own (a temporary one unless
//! `--output` names one), never into the site's `output/`, which only `kepu build` writes.

use crate::pipeline::build::BuildOptions;
use crate::preview::serve::{Server, ServerConfig};
use crate::util::error::{Diagnostic, Error};
use std::net::IpAddr;

/// Serves the site on `bind:port` and rebuilds it on every change until Ctrl-C.
pub(super) fn run(mut opts: BuildOptions, bind: IpAddr, port: u16) -> Result<bool, Error> {
    opts.serve = true;
    let preview = tempfile::Builder::new()
        .prefix("kepu-preview-")
        .tempdir()
        .map_err(|e| Error::from(Diagnostic::new(format!("cannot create a preview folder: {e}"))))?;
    if opts.output.is_none() {
        opts.output = Some(preview.path().join("site"));
    }
    let config = ServerConfig { root: opts.output_dir(), bind, port };
    let server = Server::start(config).map_err(|e| {
        Error::from(Diagnostic::new(format!(
            "cannot listen on {bind}:{port}: {e}; is another `kepu serve` running? Try `--port 1112`"
        )))
    })?;
    println!("Serving a preview (output/ is left to `kepu build`) at http://{}/ (Ctrl-C to stop)", server.addr());
    if !bind.is_loopback() {
        warn_network(server.addr().port());
    }
    super::watch::run(opts, Some(server))
}

/// Serving beyond this computer: say so, and where a phone on the same network can open it.
fn warn_network(port: u16) {
    eprintln!("warning: the preview is open to every computer on your network, not only this one");
    let addresses = if_addrs::get_if_addrs().unwrap_or_default();
    for a in addresses.iter().filter(|a| !a.is_loopback() && a.ip().is_ipv4()) {
        eprintln!("  on a phone on the same network, open http://{}:{port}/", a.ip());
    }
}
