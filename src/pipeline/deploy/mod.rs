//! `kepu deploy`'s work: publish the built output folder to an S3-compatible bucket, uploading
//! only what changed, in an order that never shows a page before its stylesheet, then deleting
//! what the build no longer has.
//!
//! - `local`: the built files and their digests.
//! - `credentials`: the keys, from the environment or `~/.aws/credentials`.
//! - `store`: the bucket (the only module that knows the storage library).
//! - `plan`: the pure comparison, order and headers.
//! - `progress`: the bar or plain lines.
//! - `website`: the check of the public address afterwards.
//!
//! A deploy that stops half-way (network, Ctrl-C, a killed server) leaves the bucket's manifest
//! as it was, since the manifest is written only after every upload succeeded; the next run
//! compares against it and the listing again and uploads whatever is still missing or stale.

mod credentials;
mod local;
mod plan;
mod progress;
mod store;
mod website;

use crate::load::config::DeployTarget;
use crate::util::error::{Diagnostic, Error, Result};
use plan::{Method, Phase, Plan, Remote, Upload, MANIFEST_KEY};
use progress::Progress;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use store::Store;

/// Uploads (and deletions) under way at once.
const PARALLEL: usize = 4;

/// What `kepu deploy` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct DeployOptions {
    /// The built site.
    pub(crate) output: PathBuf,
    pub(crate) target: DeployTarget,
    /// List the actions, change nothing.
    pub(crate) dry_run: bool,
    /// Delete remote files the build no longer has.
    pub(crate) delete: bool,
    /// Delete even more than half of the remote files.
    pub(crate) force: bool,
}

/// What a deploy did (or, dry, would do).
#[derive(Debug, Clone)]
pub(crate) struct DeployReport {
    pub(crate) uploaded: usize,
    pub(crate) uploaded_bytes: u64,
    pub(crate) unchanged: usize,
    pub(crate) deleted: usize,
    /// Remote files left in place by `--no-delete`.
    pub(crate) kept: usize,
    pub(crate) elapsed: Duration,
    pub(crate) dry_run: bool,
    /// Warnings of the website check.
    pub(crate) warnings: Vec<String>,
}

impl std::fmt::Display for DeployReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (up, del) = if self.dry_run { ("would upload", "would delete") } else { ("uploaded", "deleted") };
        write!(
            f,
            "{} {up} {} ({}), unchanged {}, {del} {}",
            if self.dry_run { "Dry run:" } else { "Done:" },
            self.uploaded,
            progress::size(self.uploaded_bytes),
            self.unchanged,
            self.deleted
        )?;
        if self.kept > 0 {
            write!(f, ", kept {} (--no-delete)", self.kept)?;
        }
        write!(f, ", {:.1} s", self.elapsed.as_secs_f64())
    }
}

fn fail(message: impl Into<String>) -> Error {
    Diagnostic::new(message).into()
}

/// Deploys `opts.output` to `opts.target`, printing what it does.
pub(crate) fn deploy(opts: &DeployOptions) -> Result<DeployReport> {
    let started = Instant::now();
    let target = &opts.target;
    let local = local::scan(&opts.output).map_err(fail)?;
    let creds = credentials::load().map_err(fail)?;
    let store = Store::new(target, &creds).map_err(|e| fail(e.0))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| fail(format!("cannot start the upload threads: {e}")))?;
    println!(
        "Deploying {} to {} at {} (keys from {})",
        opts.output.display(),
        target.url(),
        target.endpoint,
        creds.source
    );
    let remote = runtime.block_on(remote_state(&store, &local)).map_err(|e| fail(e.0))?;
    let plan = plan::plan(&local, &remote, opts.delete);
    println!("{}", method_line(&plan, &remote));
    let mut report = DeployReport {
        uploaded: plan.uploads.len(),
        uploaded_bytes: plan.upload_bytes(),
        unchanged: plan.unchanged,
        deleted: plan.deletes.len(),
        kept: plan.kept,
        elapsed: Duration::ZERO,
        dry_run: opts.dry_run,
        warnings: Vec::new(),
    };
    let refusal = plan.too_many_deletes().filter(|_| !opts.force);
    if opts.dry_run {
        print_plan(&plan);
        if let Some(why) = refusal {
            report.warnings.push(format!("warning: {why}"));
        }
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    if let Some(why) = refusal {
        return Err(fail(format!("nothing was changed: {why}")));
    }
    let progress = Progress::new(plan.uploads.len() + plan.deletes.len());
    let done = runtime.block_on(execute(&store, &opts.output, &plan, &progress));
    progress.finish();
    done.map_err(fail)?;
    drop(runtime);
    if let Some(site) = &target.website {
        report.warnings = website::check(site, &local);
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The listing, and the manifest when the bucket has a readable one. Without a manifest, the
/// ETags a listing left out are asked for one by one where the size matches a built file.
async fn remote_state(store: &Store, local: &[plan::LocalFile]) -> std::result::Result<Remote, store::StoreError> {
    let mut objects = store.list().await?;
    let manifest = match objects.remove(MANIFEST_KEY) {
        Some(_) => store.read(MANIFEST_KEY).await?.and_then(|b| plan::Manifest::parse(&b)),
        None => None,
    };
    if manifest.is_none() {
        let sizes: std::collections::HashMap<&str, u64> = local.iter().map(|f| (f.key.as_str(), f.size)).collect();
        let missing: Vec<String> = objects
            .iter()
            .filter(|(k, o)| o.etag.is_none() && sizes.get(k.as_str()) == Some(&o.size))
            .map(|(k, _)| k.clone())
            .collect();
        let mut asking = tokio::task::JoinSet::new();
        for chunk in missing.chunks(missing.len().div_ceil(PARALLEL).max(1)) {
            let (store, keys) = (store.clone(), chunk.to_vec());
            asking.spawn(async move {
                let mut found = Vec::new();
                for key in keys {
                    let etag = store.etag(&key).await?;
                    found.push((key, etag));
                }
                Ok::<_, store::StoreError>(found)
            });
        }
        while let Some(joined) = asking.join_next().await {
            let found = joined.map_err(|e| store::StoreError(format!("a request task failed: {e}")))??;
            for (key, etag) in found {
                if let Some(o) = objects.get_mut(&key) {
                    o.etag = etag;
                }
            }
        }
    }
    Ok(Remote { objects, manifest })
}

/// Which comparison decided, and over how many files.
fn method_line(plan: &Plan, remote: &Remote) -> String {
    match plan.method {
        Method::Manifest => format!(
            "Compared with the manifest {MANIFEST_KEY} in the bucket ({} files) and the listing ({} objects)",
            remote.manifest.as_ref().map_or(0, |m| m.files.len()),
            remote.objects.len()
        ),
        Method::Listing if remote.objects.is_empty() => {
            format!("The bucket holds nothing here yet (no {MANIFEST_KEY}): every file is new")
        }
        Method::Listing => format!(
            "No {MANIFEST_KEY} in the bucket: compared sizes and ETags (MD5) of the {} listed objects",
            remote.objects.len()
        ),
    }
}

/// Every action of a dry run, in the order a deploy would take them.
fn print_plan(plan: &Plan) {
    for u in &plan.uploads {
        println!(
            "would upload {} ({}, {}, {}, {})",
            u.key,
            u.reason,
            progress::size(u.size),
            u.content_type,
            u.cache_control
        );
    }
    if plan.manifest.is_some() {
        println!("would upload {MANIFEST_KEY} (the record of this deploy)");
    }
    for key in &plan.deletes {
        println!("would delete {key} (not in the build)");
    }
}

/// Uploads phase by phase, then the manifest, then deletes.
async fn execute(
    store: &Store,
    output: &std::path::Path,
    plan: &Plan,
    progress: &Progress,
) -> std::result::Result<(), String> {
    for phase in [Phase::Assets, Phase::Other, Phase::Html] {
        let uploads: Vec<&Upload> = plan.uploads.iter().filter(|u| u.phase == phase).collect();
        run_parallel(uploads, |u| upload(store.clone(), output.join(&u.key), u.clone()), progress).await?;
    }
    if let Some(manifest) = &plan.manifest {
        store
            .write(MANIFEST_KEY, manifest.to_bytes(), "application/json; charset=utf-8", "no-cache")
            .await
            .map_err(|e| e.0)?;
    }
    let deletes: Vec<&String> = plan.deletes.iter().collect();
    run_parallel(deletes, |key| delete(store.clone(), key.clone()), progress).await
}

/// What one finished step shows: verb, key, detail.
type Step = (&'static str, String, String);

/// Runs `work` for each item, [`PARALLEL`] at a time; the first failure stops new work and is
/// returned once the running work has ended. Ctrl-C stops it the same way.
async fn run_parallel<T, F, Fut>(items: Vec<T>, work: F, progress: &Progress) -> std::result::Result<(), String>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<Step, String>> + Send + 'static,
{
    let mut running = tokio::task::JoinSet::new();
    let mut first_error: Option<String> = None;
    let mut items = items.into_iter();
    loop {
        while first_error.is_none() && running.len() < PARALLEL {
            if crate::util::interrupt::requested() {
                first_error = Some("interrupted; run `kepu deploy` again to finish".into());
                break;
            }
            match items.next() {
                Some(item) => {
                    running.spawn(work(item));
                }
                None => break,
            }
        }
        let Some(joined) = running.join_next().await else { break };
        match joined.map_err(|e| format!("an upload task failed: {e}")).and_then(|r| r) {
            Ok((verb, key, detail)) => progress.step(verb, &key, &detail),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

async fn upload(store: Store, path: PathBuf, u: Upload) -> std::result::Result<Step, String> {
    let bytes =
        tokio::task::spawn_blocking(move || std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display())))
            .await
            .map_err(|e| format!("reading a file failed: {e}"))??;
    store.write(&u.key, bytes, &u.content_type, u.cache_control).await.map_err(|e| e.0)?;
    Ok(("uploaded", u.key, format!("{}, {}", u.reason, progress::size(u.size))))
}

async fn delete(store: Store, key: String) -> std::result::Result<Step, String> {
    store.delete(&key).await.map_err(|e| e.0)?;
    Ok(("deleted", key, String::new()))
}
