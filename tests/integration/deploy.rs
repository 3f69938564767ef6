//! `kepu deploy` against a real S3 server: `s3s-fs` on loopback, checking request signatures,
//! started and killed by each test in a folder of its own. What landed is read back with boto3
//! (`s3_objects.py`), an S3 client independent of Kepu. Every process runs under `timeout` and
//! every wait is bounded, so no test can hang.

use crate::common::{page, snapshot, Fixture, CONFIG};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const ACCESS_KEY: &str = "KEPUTESTACCESSKEY";
const SECRET_KEY: &str = "kepu-test-secret-key-1234567890";
const BUCKET: &str = "site";
const PREFIX: &str = "www";
/// The longest any one process may run.
const PROCESS_TIMEOUT: &str = "120";
const STARTUP: Duration = Duration::from_secs(20);

/// An `s3s-fs` process serving `dir`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

fn s3s_fs() -> PathBuf {
    let home = std::env::var("HOME").unwrap_or_default();
    let candidates = [PathBuf::from("s3s-fs"), Path::new(&home).join(".cargo/bin/s3s-fs")];
    for c in candidates {
        if Command::new(&c).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok() {
            return c;
        }
    }
    panic!("s3s-fs is not installed: run scripts/test, or `cargo install s3s-fs --version 0.14.1 --locked --features binary`");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Server {
    /// Starts a server on a free port, waiting (bounded) until it accepts connections.
    fn start(dir: &Path) -> Server {
        std::fs::create_dir_all(dir.join(BUCKET)).unwrap();
        let port = free_port();
        let mut child = Command::new(s3s_fs())
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--access-key", ACCESS_KEY])
            .args(["--secret-key", SECRET_KEY])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start s3s-fs");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + STARTUP;
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("s3s-fs exited at start: {status}");
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("s3s-fs did not listen on {addr} within {STARTUP:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An object as boto3 read it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct Object {
    size: u64,
    sha256: String,
    etag: String,
    content_type: Option<String>,
    cache_control: Option<String>,
}

/// Runs `s3_objects.py` against the server.
fn s3py(server: &Server, args: &[&str]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/s3_objects.py");
    let out = Command::new("timeout")
        .args(["-k", "5", "60", "python3"])
        .arg(script)
        .args([server.endpoint().as_str(), BUCKET])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("run python3 (scripts/test installs boto3)");
    assert!(out.status.success(), "s3_objects.py {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Every object in the bucket, read back with boto3.
fn bucket(server: &Server) -> BTreeMap<String, Object> {
    serde_json::from_slice(&s3py(server, &["list"]).stdout).expect("JSON from s3_objects.py")
}

/// A site with a deploy target pointing at `server`, built once.
struct Site {
    f: Fixture,
}

impl Site {
    fn new(server: &Server) -> Site {
        let f = Fixture::new(&[
            ("content/_index.md", &page("title: 首页", "欢迎。")),
            ("content/_index.en.md", &page("title: Home", "Welcome.")),
            ("content/articles/_index.md", &page("title: 科普文章", "")),
            ("content/articles/myopia.md", &page("title: 近视\ndate: 2026-06-01", "每天户外活动两小时。")),
            ("content/articles/myopia.en.md", &page("title: Myopia\ndate: 2026-06-01", "Two hours outdoors.")),
            ("content/articles/flu.md", &page("title: 流感疫苗\ndate: 2026-05-01", "每年接种。")),
        ]);
        let site = Site { f };
        site.point_at(server, "");
        site.f.build();
        site
    }

    /// Writes site.yaml with a target at `server`, plus `extra` lines in the target.
    fn point_at(&self, server: &Server, extra: &str) {
        self.f.write(
            "site.yaml",
            format!(
                "{CONFIG}deploy:\n  - name: test\n    url: s3://{BUCKET}/{PREFIX}\n    endpoint: {}\n    region: us-east-1\n{extra}",
                server.endpoint()
            ),
        );
    }

    /// Runs `kepu ARGS --root SITE` with the test keys, under a time limit.
    fn kepu_with(&self, args: &[&str], secret: &str) -> Output {
        Command::new("timeout")
            .args(["-k", "5", PROCESS_TIMEOUT])
            .arg(env!("CARGO_BIN_EXE_kepu"))
            .args(args)
            .arg("--root")
            .arg(self.f.root())
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_PROFILE")
            .env("AWS_SHARED_CREDENTIALS_FILE", self.f.root().join("no-credentials"))
            .env("NO_PROXY", "127.0.0.1,localhost")
            .output()
            .expect("run kepu")
    }

    /// `kepu deploy ARGS`, which must succeed; its standard output.
    fn deploy(&self, args: &[&str]) -> String {
        let mut all = vec!["deploy"];
        all.extend(args);
        let out = self.kepu_with(&all, SECRET_KEY);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "kepu {all:?} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        stdout
    }

    /// The built files, by key.
    fn built(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.f.out(""))
            .into_iter()
            .filter(|(p, _)| !p.to_string_lossy().ends_with('/') && p != Path::new(".kepu-manifest"))
            .map(|(p, b)| (p.to_string_lossy().replace('\\', "/"), b))
            .collect()
    }
}

/// The keys a deploy's plain output lists after `verb ` (`uploaded`, `deleted`).
fn listed(stdout: &str, verb: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix(verb)?.strip_prefix(' '))
        .map(|l| l.split(" (").next().unwrap_or(l).to_string())
        .collect()
}

/// The site's objects in the bucket, by key below the prefix, the manifest left out.
fn site_objects(server: &Server) -> BTreeMap<String, Object> {
    bucket(server)
        .into_iter()
        .filter_map(|(k, o)| Some((k.strip_prefix(&format!("{PREFIX}/"))?.to_string(), o)))
        .filter(|(k, _)| k != ".kepu-manifest.json")
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// The bucket holds exactly the built files, byte for byte.
fn assert_bucket_is_build(site: &Site, server: &Server) {
    let objects = site_objects(server);
    let built = site.built();
    assert_eq!(objects.keys().collect::<Vec<_>>(), built.keys().collect::<Vec<_>>());
    for (key, bytes) in &built {
        assert_eq!(objects[key].sha256, sha256(bytes), "{key}");
    }
}

#[test]
fn first_deploy_uploads_everything_with_headers_and_a_second_nothing() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    let site = Site::new(&server);
    site.point_at(&server, &format!("    website: {}/{BUCKET}/{PREFIX}\n", server.endpoint()));
    let first = site.deploy(&[]);
    assert!(first.contains("every file is new"), "{first}");
    assert_eq!(listed(&first, "uploaded"), site.built().keys().cloned().collect(), "{first}");
    assert_bucket_is_build(&site, &server);
    // Stylesheets, scripts and fonts land before any page, pages last.
    let order: Vec<String> = first.lines().filter_map(|l| l.strip_prefix("uploaded ")).map(str::to_string).collect();
    let last_asset = order.iter().rposition(|l| [".css (", ".js (", ".woff2 ("].iter().any(|e| l.contains(e)));
    let first_page = order.iter().position(|l| l.contains(".html ("));
    assert!(last_asset.unwrap() < first_page.unwrap(), "{first}");
    assert!(order.last().unwrap().contains(".html ("), "{first}");

    let objects = site_objects(&server);
    let header = |key: &str| (objects[key].content_type.clone().unwrap(), objects[key].cache_control.clone().unwrap());
    assert_eq!(header("index.html"), ("text/html; charset=utf-8".into(), "public, max-age=300".into()));
    assert_eq!(header("articles/myopia/index.html").1, "public, max-age=300");
    let css = site.f.asset_name("style", "css");
    assert_eq!(header(&css), ("text/css; charset=utf-8".into(), "public, max-age=31536000, immutable".into()));
    let feed = objects
        .keys()
        .find(|k| k.ends_with(".xml") && k.contains("atom"))
        .or(objects.keys().find(|k| k.ends_with("feed.xml")));
    if let Some(feed) = feed {
        assert_eq!(header(feed).1, "public, max-age=300", "{feed}");
    }
    assert_eq!(header("robots.txt"), ("text/plain; charset=utf-8".into(), "public, max-age=3600".into()));
    assert!(bucket(&server).contains_key(&format!("{PREFIX}/.kepu-manifest.json")));

    // The same build again: nothing to upload, decided by the manifest.
    let second = site.deploy(&[]);
    assert!(second.contains("Compared with the manifest"), "{second}");
    assert!(listed(&second, "uploaded").is_empty(), "{second}");
    assert!(second.contains("uploaded 0 (0 bytes)"), "{second}");

    // Without the manifest, sizes and ETags (MD5) recognise every file.
    s3py(&server, &["delete", &format!("{PREFIX}/.kepu-manifest.json")]);
    let third = site.deploy(&["--no-delete"]);
    assert!(third.contains("compared sizes and ETags"), "{third}");
    assert!(listed(&third, "uploaded").is_empty(), "{third}");
}

#[test]
fn the_website_check_warns_when_folders_do_not_serve_index_html() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    let site = Site::new(&server);
    // s3s-fs is no website: its folder URLs answer with an error, as a bucket in plain mode does.
    site.point_at(&server, &format!("    website: {}/{BUCKET}/{PREFIX}\n", server.endpoint()));
    let out = site.kepu_with(&["deploy"], SECRET_KEY);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a warning, not a failure: {stderr}");
    assert!(stderr.contains("static website") && stderr.contains("index.html"), "{stderr}");
    assert!(stderr.contains("静态页面") && stderr.contains("Static website hosting"), "{stderr}");
}

#[test]
fn an_edited_page_uploads_only_what_changed_and_a_removed_page_is_deleted() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    let site = Site::new(&server);
    site.deploy(&[]);

    let before = site.built();
    site.f.write("content/articles/myopia.md", page("title: 近视\ndate: 2026-06-01", "每天户外活动两小时，少看屏幕。"));
    site.f.build();
    let after = site.built();
    let changed: BTreeSet<String> =
        after.iter().filter(|(k, b)| before.get(*k) != Some(*b)).map(|(k, _)| k.clone()).collect();
    assert!(changed.contains("articles/myopia/index.html"), "{changed:?}");
    let out = site.deploy(&[]);
    assert_eq!(listed(&out, "uploaded"), changed, "{out}");
    assert!(listed(&out, "deleted").is_empty(), "{out}");
    assert_bucket_is_build(&site, &server);

    site.f.remove("content/articles/flu.md");
    site.f.build();
    let gone: BTreeSet<String> = after.keys().filter(|k| !site.built().contains_key(*k)).cloned().collect();
    assert!(gone.contains("articles/flu/index.html"), "{gone:?}");
    let out = site.deploy(&[]);
    assert_eq!(listed(&out, "deleted"), gone, "{out}");
    assert_bucket_is_build(&site, &server);
}

#[test]
fn the_guard_dry_run_and_no_delete_protect_the_bucket() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    let site = Site::new(&server);
    site.deploy(&[]);
    let files = site.built().len();
    // More foreign files below the prefix than the site has, and one outside it.
    let foreign: Vec<String> = (0..files + 2).map(|i| format!("{PREFIX}/old/{i}.html")).collect();
    let mut put = vec!["put", "outside.txt"];
    put.extend(foreign.iter().map(String::as_str));
    s3py(&server, &put);
    let state = bucket(&server);

    let dry = site.deploy(&["--dry-run"]);
    assert_eq!(listed(&dry, "would delete").len(), foreign.len(), "{dry}");
    assert!(dry.contains("Nothing was changed"), "{dry}");
    assert_eq!(bucket(&server), state, "a dry run changes nothing");

    let refused = site.kepu_with(&["deploy"], SECRET_KEY);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("delete {} of the", foreign.len())) && stderr.contains("--force"), "{stderr}");
    assert_eq!(bucket(&server), state, "a refused deploy changes nothing");

    let kept = site.deploy(&["--no-delete"]);
    assert!(kept.contains(&format!("kept {}", foreign.len())), "{kept}");
    assert_eq!(bucket(&server), state);

    let forced = site.deploy(&["--force"]);
    assert_eq!(listed(&forced, "deleted").len(), foreign.len(), "{forced}");
    assert_bucket_is_build(&site, &server);
    assert!(bucket(&server).contains_key("outside.txt"), "objects outside the prefix are left alone");
}

#[test]
fn a_wrong_key_fails_clearly_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    let site = Site::new(&server);
    let out = site.kepu_with(&["deploy"], "wrong-secret-key-000000");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refused the access key") && stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
    assert!(!stderr.contains("wrong-secret-key") && !stderr.contains(ACCESS_KEY), "keys are never printed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(bucket(&server).is_empty(), "nothing uploaded");
}

#[test]
fn an_interrupted_deploy_is_completed_by_the_next_run() {
    let data = tempfile::tempdir().unwrap();
    let mut server = Server::start(data.path());
    let site = Site::new(&server);
    // Enough bytes that the server can be killed half-way.
    for i in 0..120 {
        let noise: String = (0..60_000).map(|j| char::from(b'a' + ((i * 7 + j * 13) % 26) as u8)).collect();
        site.f.write(&format!("static/files/f{i:03}.txt"), noise);
    }
    site.f.build();
    let deploy = Command::new("timeout")
        .args(["-k", "5", PROCESS_TIMEOUT])
        .arg(env!("CARGO_BIN_EXE_kepu"))
        .args(["deploy", "--root"])
        .arg(site.f.root())
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_SHARED_CREDENTIALS_FILE", site.f.root().join("no-credentials"))
        .env("NO_PROXY", "127.0.0.1,localhost")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill the server once a few objects have landed.
    let stored = data.path().join(BUCKET).join(PREFIX);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let landed = walkdir::WalkDir::new(&stored)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        if landed >= 5 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    let out = deploy.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the deploy fails when the server dies: {stderr}");
    assert!(stderr.contains("run `kepu deploy` again"), "{stderr}");

    // The same folder served again (on a new port): the next deploy finishes the job.
    let server = Server::start(data.path());
    site.point_at(&server, "");
    assert!(
        !bucket(&server).contains_key(&format!("{PREFIX}/.kepu-manifest.json")),
        "no manifest after a failed deploy"
    );
    let partial = site_objects(&server).len();
    assert!(partial < site.built().len(), "killed half-way ({partial} objects)");
    site.deploy(&[]);
    assert_bucket_is_build(&site, &server);
    let again = site.deploy(&[]);
    assert!(listed(&again, "uploaded").is_empty(), "{again}");
}

#[test]
fn deploy_says_what_to_type_when_something_is_missing() {
    let f = Fixture::new(&[("content/_index.md", &page("title: 首页", "欢迎。"))]);
    let run = |f: &Fixture| {
        let out = f.cli(&["deploy"]);
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    assert!(run(&f).contains("no `deploy:` targets"));
    let target = "deploy:\n  - name: oss\n    url: s3://health-site\n    endpoint: https://oss-cn-hangzhou.aliyuncs.com\n    region: oss-cn-hangzhou\n";
    f.write("site.yaml", format!("{CONFIG}{target}"));
    let err = run(&f);
    assert!(err.contains("run `kepu build` first"), "{err}");
    f.write("site.yaml", format!("{CONFIG}{}", target.replace("s3://health-site", "health-site")));
    let err = run(&f);
    let line = CONFIG.lines().count() + 2;
    assert!(err.contains(&format!("site.yaml:{line}:")) && err.contains("s3://BUCKET"), "{err}");
    f.write("site.yaml", format!("{CONFIG}{target}    access_key: AK\n"));
    assert!(run(&f).contains("access_key"));

    // The README's example targets are valid: the deploy gets as far as asking for a build.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("deploy:\n  - name: oss").expect("the README's deploy example");
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    f.write("site.yaml", format!("{CONFIG}{example}"));
    let err = run(&f);
    assert!(err.contains("lists 3 deploy targets (oss, cos, s3)"), "{err}");
    let out = f.cli(&["deploy", "cos"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("run `kepu build` first"), "{err}");
    let out = f.cli(&["deploy", "oos"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `kepu deploy oss`?"));
}
