//! After a deploy, a look at the public address: object storage serves `articles/x/index.html`
//! for `/articles/x/` only with its static-website mode on, so one folder URL or two are
//! fetched and a warning names the provider's setting when they do not answer with the page.

use super::plan::LocalFile;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(15);

/// Where each provider turns the static-website mode on.
const SETTINGS: &str = "  the site is uploaded, but readers cannot open folder addresses until the bucket's static \
website mode is on (index document index.html, error document 404.html):
    Alibaba OSS: Bucket > 数据管理 Data Management > 静态页面 Static Pages: 默认首页 index.html, 子目录首页 on, 默认 404 页 404.html
    Tencent COS: Bucket > 基础配置 Basic Configuration > 静态网站 Static Website: 索引文档 index.html, 错误文档 404.html
    AWS S3: Bucket > Properties > Static website hosting: index document index.html, error document 404.html";

/// Fetches `/` and one deeper folder URL of `website`; warnings when they are not pages, the
/// last saying which setting to turn on.
pub(crate) fn check(website: &str, files: &[LocalFile]) -> Vec<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("kepu-deploy-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut warnings: Vec<String> = folder_urls(files)
        .into_iter()
        .filter_map(|folder| {
            let url = format!("{website}/{folder}");
            probe(&agent, &url).err().map(|why| format!("warning: {url} {why} instead of the page {folder}index.html"))
        })
        .collect();
    if !warnings.is_empty() {
        warnings.push(SETTINGS.to_string());
    }
    warnings
}

/// The folder URLs (relative, ending in `/`) to try: the home page and the first page one
/// level or more down, articles preferred.
fn folder_urls(files: &[LocalFile]) -> Vec<String> {
    let folders: Vec<&str> = files
        .iter()
        .filter_map(|f| f.key.strip_suffix("index.html"))
        .filter(|d| d.is_empty() || d.ends_with('/'))
        .collect();
    let mut out = Vec::new();
    if folders.contains(&"") {
        out.push(String::new());
    }
    let deeper = folders.iter().filter(|d| !d.is_empty());
    let chosen = deeper.clone().find(|d| d.starts_with("articles/") && d.matches('/').count() == 2).or(deeper.min());
    out.extend(chosen.map(|d| d.to_string()));
    out
}

/// `Ok` when `url` answers with an HTML page, else what it did answer.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let mut response = agent.get(url).call().map_err(|e| format!("could not be fetched ({e})"))?;
    let status = response.status();
    let body = response.body_mut().with_config().limit(1 << 20).read_to_string().unwrap_or_default();
    if status.is_success() && body.to_ascii_lowercase().contains("<html") {
        Ok(())
    } else if status.is_success() {
        Err("answered without an HTML page (a folder listing or the object store's XML?)".into())
    } else if status.as_u16() == 403 {
        Err("answered HTTP 403 (is the bucket public-read, and its website mode on?)".into())
    } else {
        Err(format!("answered HTTP {}", status.as_u16()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(key: &str) -> LocalFile {
        LocalFile { key: key.into(), size: 0, sha256: String::new(), md5: String::new() }
    }

    #[test]
    fn the_home_page_and_an_article_folder_are_tried() {
        let files = [f("index.html"), f("en/index.html"), f("articles/a/index.html"), f("style.css")];
        assert_eq!(folder_urls(&files), ["", "articles/a/"]);
        assert_eq!(folder_urls(&[f("en/index.html")]), ["en/"]);
    }
}
