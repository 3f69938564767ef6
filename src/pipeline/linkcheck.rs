//! `kepu check --external`: a bounded, polite checker for links to other sites. Each URL is
//! asked once (HEAD, then GET where HEAD is refused), one request at a time per host, a few hosts
//! at a time, with a timeout and a cap on the number of URLs. The one place the HTTP client is used.

use crate::load::content::Origin;
use crate::pipeline::findings::{Finding, FindingKind, Severity};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// At most this many distinct URLs are checked per run.
pub(crate) const MAX_URLS: usize = 2_000;
/// Hosts checked at the same time.
const PARALLEL_HOSTS: usize = 4;
const TIMEOUT: Duration = Duration::from_secs(15);

/// Findings for external links that fail, one per place they are used.
pub(crate) fn external_findings(site: &Site) -> Vec<Finding> {
    // url → places it appears, grouped by host so each host sees one request at a time.
    let mut uses: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
    for p in site.pages.iter().filter(|p| p.doc.origin == Origin::Authored) {
        for (line, url) in &p.rendered.external_links {
            uses.entry(url.clone()).or_default().push((p.doc.path.clone(), *line));
        }
        // The sources an article cites are links readers follow too.
        for source in &p.doc.front.sources {
            let Some(url) = source.url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            else {
                continue;
            };
            let line = p.doc.front_src.lines().position(|l| l.contains(url)).map_or(1, |i| i + 2);
            uses.entry(url.to_string()).or_default().push((p.doc.path.clone(), line));
        }
    }
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in uses.keys().take(MAX_URLS) {
        by_host.entry(host(url).to_string()).or_default().push(url.clone());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("kepu-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(PARALLEL_HOSTS).build();
    let check_hosts = || {
        by_host
            .par_iter()
            .flat_map_iter(|(_, urls)| {
                urls.iter().filter_map(|u| probe(&agent, u).err().map(|why| (u.clone(), why))).collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    let failures = match pool {
        Ok(pool) => pool.install(check_hosts),
        Err(_) => check_hosts(),
    };
    let mut out = Vec::new();
    for (url, why) in failures {
        for (path, line) in &uses[&url] {
            out.push(Finding {
                path: path.clone(),
                line: Some(*line),
                severity: Severity::Warning,
                message: format!("external link {url}: {why}"),
                kind: FindingKind::Links,
            });
        }
    }
    if uses.len() > MAX_URLS {
        out.push(Finding {
            path: PathBuf::from("content"),
            line: None,
            severity: Severity::Warning,
            kind: FindingKind::Links,
            message: format!("only the first {MAX_URLS} of {} external links were checked", uses.len()),
        });
    }
    out
}

/// Ok when the URL answers with a success or redirect status.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|r| r.status().as_u16()).map_err(|e| e.to_string())
    };
    let mut code = status(agent.head(url).call())?;
    if matches!(code, 405 | 501 | 403) {
        code = status(agent.get(url).call())?;
    }
    if code < 400 {
        Ok(())
    } else {
        Err(format!("HTTP {code}"))
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
