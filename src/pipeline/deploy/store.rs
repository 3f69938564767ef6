//! The bucket, through Apache OpenDAL's S3 service: list, read, write with headers, delete.
//! The only module that knows the storage library; its errors become sentences that say what
//! to check, and a refused key is told apart from everything else.

use super::credentials::Credentials;
use super::plan::RemoteObject;
use crate::load::config::DeployTarget;
use opendal::layers::{RetryLayer, TimeoutLayer};
use opendal::{ErrorKind, Operator};
use std::collections::BTreeMap;
use std::time::Duration;

/// How long one request may take before it is retried.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one read or write of a body may stall.
const IO_TIMEOUT: Duration = Duration::from_secs(20);
/// Retries of a failed request, with exponential back-off from `MIN_DELAY`.
const RETRIES: usize = 3;
const MIN_DELAY: Duration = Duration::from_millis(300);
const MAX_DELAY: Duration = Duration::from_secs(5);

/// A connection to one target's bucket, below its prefix.
#[derive(Clone)]
pub(crate) struct Store {
    op: Operator,
    /// `s3://bucket/prefix`, for messages.
    url: String,
    endpoint: String,
    /// Removed from every message: the storage's error bodies may quote the key.
    secrets: Vec<String>,
}

/// A failed storage operation, as a sentence for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoreError(pub(crate) String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Store {
    /// Connects lazily: nothing is sent until the first operation.
    pub(crate) fn new(target: &DeployTarget, creds: &Credentials) -> Result<Store, StoreError> {
        let mut builder = opendal::services::S3::default()
            .bucket(&target.bucket)
            .root(&format!("/{}", target.prefix))
            .endpoint(&target.endpoint)
            .region(&target.region)
            .access_key_id(&creds.access_key_id)
            .secret_access_key(&creds.secret_access_key)
            // Keys come only from what `credentials` read, never from elsewhere behind its back.
            .disable_config_load()
            .disable_ec2_metadata();
        if let Some(token) = &creds.session_token {
            builder = builder.session_token(token);
        }
        if target.virtual_host {
            builder = builder.enable_virtual_host_style();
        }
        let op = Operator::new(builder)
            .map_err(|e| StoreError(format!("cannot set up the storage client for {}: {e}", target.url())))?
            .layer(TimeoutLayer::new().with_timeout(REQUEST_TIMEOUT).with_io_timeout(IO_TIMEOUT))
            .layer(
                RetryLayer::new()
                    .with_max_times(RETRIES)
                    .with_min_delay(MIN_DELAY)
                    .with_max_delay(MAX_DELAY)
                    .with_jitter(),
            )
            .finish();
        let mut secrets = vec![creds.access_key_id.clone(), creds.secret_access_key.clone()];
        secrets.extend(creds.session_token.clone());
        secrets.retain(|s| !s.is_empty());
        Ok(Store { op, url: target.url(), endpoint: target.endpoint.clone(), secrets })
    }

    /// Every object below the prefix, by key relative to it (folder markers left out).
    pub(crate) async fn list(&self) -> Result<BTreeMap<String, RemoteObject>, StoreError> {
        let entries = self.op.list_with("/").recursive(true).await.map_err(|e| self.error("list", "", &e))?;
        let mut out = BTreeMap::new();
        for entry in entries {
            let key = entry.path().trim_start_matches('/').to_string();
            if key.is_empty() || key.ends_with('/') {
                continue;
            }
            let meta = entry.metadata();
            let etag = meta.etag().map(|e| e.trim_matches('"').to_ascii_lowercase());
            out.insert(key, RemoteObject { size: meta.content_length(), etag });
        }
        Ok(out)
    }

    /// An object's ETag (without quotes), for storage whose listing leaves it out.
    pub(crate) async fn etag(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self.op.stat(key).await {
            Ok(meta) => Ok(meta.etag().map(|e| e.trim_matches('"').to_ascii_lowercase())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error("read", key, &e)),
        }
    }

    /// An object's bytes; `None` when there is no such object.
    pub(crate) async fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.op.read(key).await {
            Ok(buf) => Ok(Some(buf.to_vec())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error("read", key, &e)),
        }
    }

    /// Writes an object with its Content-Type and Cache-Control.
    pub(crate) async fn write(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        cache_control: &str,
    ) -> Result<(), StoreError> {
        self.op
            .write_with(key, bytes)
            .content_type(content_type)
            .cache_control(cache_control)
            .await
            .map(|_| ())
            .map_err(|e| self.error("upload", key, &e))
    }

    /// Deletes an object (one already gone counts as deleted).
    pub(crate) async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.op.delete(key).await.map_err(|e| self.error("delete", key, &e))
    }

    /// A sentence for a failed `what` of `key`, saying what to check.
    fn error(&self, what: &str, key: &str, e: &opendal::Error) -> StoreError {
        let place = if key.is_empty() { self.url.clone() } else { format!("{}/{key}", self.url.trim_end_matches('/')) };
        let mut detail = first_line(&e.to_string());
        for secret in &self.secrets {
            detail = detail.replace(secret.as_str(), "***");
        }
        let changed = if matches!(what, "list" | "read") {
            "Nothing was changed."
        } else {
            "Files uploaded before this one stay; the next `kepu deploy` completes the rest."
        };
        StoreError(match e.kind() {
            ErrorKind::PermissionDenied => format!(
                "the storage refused the access key ({what} {place}, HTTP {}): check AWS_ACCESS_KEY_ID and \
                 AWS_SECRET_ACCESS_KEY (or the profile AWS_PROFILE names in ~/.aws/credentials) belong to an \
                 account allowed to read and write this bucket, and that `region:` matches it. {changed}",
                status(&detail).unwrap_or("403")
            ),
            ErrorKind::NotFound => format!(
                "{place} was not found at {}: check `url:` (the bucket's name) and `endpoint:` in site.yaml's \
                 `deploy:`. ({detail})",
                self.endpoint
            ),
            _ => format!(
                "could not {what} {place} at {}: {detail}. Check the network and `endpoint:` in site.yaml, then \
                 run `kepu deploy` again: it carries on where this one stopped",
                self.endpoint
            ),
        })
    }
}

/// The HTTP status in an OpenDAL message (`status: 403`).
fn status(detail: &str) -> Option<&str> {
    let at = detail.find("status: ")? + "status: ".len();
    let digits = detail[at..].find(|c: char| !c.is_ascii_digit()).unwrap_or(detail.len() - at);
    Some(&detail[at..at + digits]).filter(|s| !s.is_empty())
}

/// OpenDAL's messages carry the whole response; the first line is the useful part.
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or(s);
    let mut out: String = line.chars().take(300).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}
