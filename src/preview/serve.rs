//! The local preview server, on axum and tower-http: static files from the preview folder
//! (`ServeDir`: ranges, conditional requests, types from `mime_guess`), live reload over
//! Server-Sent Events, and Kepu's own rules on top:
//!
//! - the live-reload script and the build-error overlay are added to HTML responses only, on
//!   the way out (files on disk never contain them);
//! - a path is percent-decoded once and refused (400) if it holds `..` or `.` segments,
//!   backslashes, encoded slashes, NUL or invalid UTF-8; a file reached through a symbolic link
//!   must still lie inside the folder;
//! - every request resolves its path afresh, so a build swapping the folder is seen at once;
//! - hardened for a machine on a shared network: a deadline for a request's headers, a cap on
//!   connections computed from the process's file-descriptor limit (idle connections are closed
//!   first when it is reached, so slow clients cannot starve others and rebuilds keep descriptors),
//!   and, on a loopback address, only `localhost` or IP-literal `Host` headers (a web page cannot
//!   reach the preview by DNS rebinding).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::task::AbortHandle;
use tokio_stream::StreamExt as _;
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

/// The Server-Sent Events endpoint that the injected script listens on.
pub(crate) const EVENTS_PATH: &str = "/__kepu/events";

/// How long a client may take to send a request's headers (also the idle time allowed between
/// two requests on one connection).
const HEADER_DEADLINE: Duration = Duration::from_secs(5);
/// File descriptors left for the build beside the server's connections.
const RESERVED_DESCRIPTORS: u64 = 96;
/// Event streams (open browser tabs) served at once.
const MAX_EVENT_STREAMS: usize = 64;
/// The largest HTML page the script is added to.
const MAX_HTML_BYTES: usize = 64 * 1024 * 1024;
/// Until the first build puts the folder in place, the root is missing: wait this long for it.
const ROOT_WAIT: Duration = Duration::from_millis(250);

/// The script added before `</body>` of every HTML response. Plain JS, no framework; messages
/// are set with `textContent`, never parsed as HTML.
const LIVE_RELOAD_SCRIPT: &str = concat!(
    "<script>/* kepu live reload */(function(){",
    "var o=null,s=new EventSource(\"/__kepu/events\");",
    "s.addEventListener(\"reload\",function(){location.reload()});",
    "s.addEventListener(\"css\",function(){var t=Date.now();",
    "document.querySelectorAll(\"link[rel~=stylesheet i]\").forEach(function(l){",
    "var u=new URL(l.href,location.href);u.searchParams.set(\"kepu-reload\",t);l.href=u.href})});",
    "s.addEventListener(\"error\",function(e){if(e.data==null)return;",
    "if(!o){o=document.createElement(\"div\");o.id=\"kepu-error\";o.setAttribute(\"role\",\"alert\");",
    "o.style.cssText=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;",
    "background:#111;color:#fff;border-top:.5rem solid #e00;font:1rem/1.5 system-ui,sans-serif;text-align:start\";",
    "var h=document.createElement(\"p\");h.style.cssText=\"margin:0 0 1rem;font-weight:bold;color:#fff\";",
    "h.textContent=\"Kepu: the build failed. The last good build is still served.\";",
    "var p=document.createElement(\"pre\");p.dir=\"auto\";",
    "p.style.cssText=\"margin:0;white-space:pre-wrap;font:1rem/1.5 ui-monospace,monospace;color:#fff;background:none\";",
    "o.appendChild(h);o.appendChild(p);(document.body||document.documentElement).appendChild(o)}",
    "o.lastChild.textContent=e.data});",
    "s.addEventListener(\"ok\",function(){if(o){o.remove();o=null}})})();</script>",
);

/// Where and what to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerConfig {
    /// The folder to serve.
    pub(crate) root: PathBuf,
    /// The address to listen on (default 127.0.0.1).
    pub(crate) bind: IpAddr,
    /// The port (default 1111); 0 picks any free port.
    pub(crate) port: u16,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig { root: PathBuf::from("output"), bind: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 1111 }
    }
}

/// A running preview server. Dropping it stops it too.
pub(crate) struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    stop: watch::Sender<bool>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).field("root", &self.shared.root).finish()
    }
}

/// What the request handlers and the accept loop share.
struct Shared {
    root: PathBuf,
    /// Only `localhost` and IP literals are accepted as `Host` (the server is on loopback).
    check_host: bool,
    events: broadcast::Sender<(&'static str, String)>,
    error: Mutex<Option<String>>,
    streams: AtomicUsize,
    conns: Mutex<Conns>,
    cap: usize,
}

/// Open connections, oldest first, with what is needed to close them.
#[derive(Default)]
struct Conns {
    next_id: u64,
    open: BTreeMap<u64, (Arc<Conn>, AbortHandle)>,
}

/// One connection: how many requests (or event streams) it is in the middle of.
#[derive(Default)]
struct Conn {
    busy: AtomicUsize,
}

/// Locks a mutex, going on after a panic elsewhere (the data stays consistent).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Server {
    /// Binds and starts serving on background threads; returns once the socket is listening.
    pub(crate) fn start(config: ServerConfig) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(SocketAddr::new(config.bind, config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("kepu-serve")
            .enable_all()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let shared = Arc::new(Shared {
            root: std::path::absolute(&config.root).unwrap_or(config.root),
            check_host: config.bind.is_loopback(),
            events: broadcast::channel(16).0,
            error: Mutex::new(None),
            streams: AtomicUsize::new(0),
            conns: Mutex::new(Conns::default()),
            cap: connection_cap(),
        });
        let (stop, stopped) = watch::channel(false);
        runtime.spawn(accept_loop(listener, Arc::clone(&shared), router(Arc::clone(&shared)), stopped));
        Ok(Server { shared, addr, runtime: Some(runtime), stop })
    }

    /// The address actually listened on (with the real port when 0 was asked for).
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Tell connected browsers a new build is ready: `css_only` lets pages swap stylesheets without a full reload.
    pub(crate) fn reload(&self, css_only: bool) {
        let name = if css_only { "css" } else { "reload" };
        let _ = self.shared.events.send((name, name.to_string()));
    }

    /// Show (Some(message)) or clear (None) a build-error overlay in connected browsers; the last good output keeps being served.
    pub(crate) fn set_error(&self, message: Option<String>) {
        // One line break per line: Server-Sent Events would read `\r\n` as two.
        let message = message.map(|m| m.replace("\r\n", "\n"));
        let event = match &message {
            Some(m) => ("error", m.clone()),
            None => ("ok", "ok".to_string()),
        };
        *lock(&self.shared.error) = message;
        let _ = self.shared.events.send(event);
    }

    /// Stop accepting connections and close the open ones (also on Drop).
    pub(crate) fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(runtime) = self.runtime.take() else { return };
        let _ = self.stop.send(true);
        for (_, (_, task)) in std::mem::take(&mut lock(&self.shared.conns).open) {
            task.abort();
        }
        runtime.shutdown_timeout(Duration::from_secs(2));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Connections served at once: half of what the descriptor limit leaves after the build's share.
fn connection_cap() -> usize {
    #[cfg(target_os = "linux")]
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current.unwrap_or(1024);
    #[cfg(not(target_os = "linux"))]
    let limit = 256u64;
    (limit.saturating_sub(RESERVED_DESCRIPTORS) / 2).clamp(8, 1024) as usize
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    router: Router,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped.changed() => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors (or a connection reset before accept): free one and retry.
                shared.close_idle();
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        if shared.open_connections() >= shared.cap && !shared.close_idle() {
            continue; // every connection is busy: this one is dropped
        }
        shared.serve_connection(stream, router.clone());
    }
}

impl Shared {
    fn open_connections(&self) -> usize {
        lock(&self.conns).open.len()
    }

    /// Closes the oldest connection that is not in the middle of a request (a slow client still
    /// sending its headers, or an idle keep-alive one). Returns whether one was closed.
    fn close_idle(&self) -> bool {
        let mut conns = lock(&self.conns);
        let idle = conns.open.iter().find(|(_, (c, _))| c.busy.load(Ordering::SeqCst) == 0).map(|(id, _)| *id);
        match idle.and_then(|id| conns.open.remove(&id)) {
            Some((_, task)) => {
                task.abort();
                true
            }
            None => false,
        }
    }

    fn serve_connection(self: &Arc<Self>, stream: tokio::net::TcpStream, router: Router) {
        let conn = Arc::new(Conn::default());
        let for_requests = Arc::clone(&conn);
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            let (router, conn) = (router.clone(), Arc::clone(&for_requests));
            async move {
                conn.busy.fetch_add(1, Ordering::SeqCst);
                request.extensions_mut().insert(Arc::clone(&conn));
                let response = router.oneshot(request.map(Body::new)).await;
                conn.busy.fetch_sub(1, Ordering::SeqCst);
                response
            }
        });
        let shared = Arc::clone(self);
        // The lock is held while the task is spawned and registered, so its own removal at the
        // end always finds it.
        let mut conns = lock(&self.conns);
        let id = conns.next_id;
        conns.next_id += 1;
        let task = tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEADER_DEADLINE).max_buf_size(16 * 1024);
            let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
            lock(&shared.conns).open.remove(&id);
        });
        conns.open.insert(id, (conn, task.abort_handle()));
    }

    fn host_allowed(&self, host: Option<&HeaderValue>) -> bool {
        if !self.check_host {
            return true;
        }
        // Browsers always send a Host; a request without one does not come from a web page.
        let Some(host) = host else { return true };
        let Ok(host) = host.to_str() else { return false };
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.rsplit_once(':').map_or(host, |(name, _)| name),
        };
        name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let root = shared.root.clone();
    let not_found = {
        let root = root.clone();
        move || not_found(root.clone())
    };
    let files = ServeDir::new(&root)
        .append_index_html_on_directories(true)
        .not_found_service(axum::handler::HandlerWithoutStateExt::into_service(not_found));
    Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// The site's own 404 page, read afresh (a build may have replaced it), or a plain message.
async fn not_found(root: PathBuf) -> Response {
    match tokio::fs::read(root.join("404.html")).await {
        Ok(page) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response(),
        Err(_) => "Not found".into_response(),
    }
}

/// Kepu's rules around the file service: host, method and path checks on the way in; types,
/// caching headers and the live-reload script on the way out.
async fn guard(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    if !shared.host_allowed(request.headers().get(header::HOST)) {
        return plain(StatusCode::FORBIDDEN, "This preview answers only at localhost or an IP address.");
    }
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD.");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = request.uri().path().to_string();
    if path != EVENTS_PATH {
        if let Some(refused) = check_path(&shared.root, &path).await {
            return refused;
        }
        // The injected page is always sent whole.
        if path.ends_with('/') || path.ends_with(".html") || path.ends_with(".htm") {
            request.headers_mut().remove(header::RANGE);
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if let Some(with_charset) = utf8_type(&kind) {
        headers.insert(header::CONTENT_TYPE, with_charset);
    }
    if kind.starts_with("text/html") {
        return with_live_reload(response, head).await;
    }
    response
}

/// Kepu writes every text file in UTF-8: say so where `mime_guess` does not.
fn utf8_type(kind: &str) -> Option<HeaderValue> {
    let with = crate::util::mime::with_utf8(kind);
    (with != kind).then(|| HeaderValue::from_str(&with).ok()).flatten()
}

/// Refuses paths that try to leave the folder; waits briefly while the folder is missing.
async fn check_path(root: &Path, path: &str) -> Option<Response> {
    let Some(segments) = decode_path(path) else {
        return Some(plain(StatusCode::BAD_REQUEST, "Bad path."));
    };
    if path.contains("//") {
        // `//host` would be read as another site by the redirect that adds a slash.
        let mut clean = format!("/{}", segments.join("/"));
        if path.ends_with('/') && !segments.is_empty() {
            clean.push('/');
        }
        let location = encode_path(&clean);
        let mut response = plain(StatusCode::MOVED_PERMANENTLY, "Moved.");
        response.headers_mut().insert(header::LOCATION, HeaderValue::from_str(&location).ok()?);
        return Some(response);
    }
    for _ in 0..5 {
        if tokio::fs::metadata(root).await.is_ok() {
            break;
        }
        tokio::time::sleep(ROOT_WAIT / 5).await;
    }
    let file = segments.iter().fold(root.to_path_buf(), |p, s| p.join(s));
    // `/style.css/` names a folder, and there is none.
    if path.ends_with('/') && tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_file()) {
        return Some(plain(StatusCode::NOT_FOUND, "Not found"));
    }
    // A symbolic link inside the folder must not lead out of it.
    if let (Ok(real_root), Ok(real)) = (tokio::fs::canonicalize(root).await, tokio::fs::canonicalize(&file).await) {
        if !real.starts_with(real_root) {
            return Some(plain(StatusCode::NOT_FOUND, "Not found"));
        }
    }
    None
}

/// The decoded segments of a path, or `None` when it is unsafe or malformed.
fn decode_path(path: &str) -> Option<Vec<String>> {
    if !path.starts_with('/') {
        return None;
    }
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let lower = raw.to_ascii_lowercase();
        if lower.contains("%2f") || lower.contains("%5c") || raw.contains('\\') {
            return None;
        }
        if raw.bytes().enumerate().any(|(i, b)| b == b'%' && !is_escape(&raw.as_bytes()[i..])) {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
        if decoded == "." || decoded == ".." || decoded.chars().any(char::is_control) || decoded.contains('/') {
            return None;
        }
        segments.push(decoded.into_owned());
    }
    Some(segments)
}

/// Whether `bytes` starts with a complete `%XX` escape.
fn is_escape(bytes: &[u8]) -> bool {
    bytes.len() >= 3 && bytes[1].is_ascii_hexdigit() && bytes[2].is_ascii_hexdigit()
}

fn encode_path(path: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'%');
    percent_encoding::utf8_percent_encode(path, SEGMENT).to_string()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Adds the live-reload script to an HTML response (for HEAD, only to its length).
async fn with_live_reload(response: Response, head: bool) -> Response {
    let (mut parts, body) = response.into_parts();
    if head {
        let len = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if let Some(len) = len {
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len + LIVE_RELOAD_SCRIPT.len()));
        }
        return Response::from_parts(parts, Body::empty());
    }
    let Ok(html) = axum::body::to_bytes(body, MAX_HTML_BYTES).await else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "Could not read the page.");
    };
    let html = inject_live_reload(html.to_vec());
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(html.len()));
    Response::from_parts(parts, Body::from(html))
}

/// Puts the script before the last `</body>` (any case), or at the end when there is none.
fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, LIVE_RELOAD_SCRIPT.bytes());
    html
}

/// `GET /__kepu/events`: the build's news for one browser tab, starting with the error being
/// shown, if any.
async fn events(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if shared.streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        shared.streams.fetch_sub(1, Ordering::SeqCst);
        return plain(StatusCode::SERVICE_UNAVAILABLE, "Too many open previews.");
    }
    let conn = request.extensions().get::<Arc<Conn>>().cloned();
    let guard = StreamGuard::new(Arc::clone(&shared), conn);
    let first = lock(&shared.error).clone().map(|m| ("error", m));
    let news = tokio_stream::wrappers::BroadcastStream::new(shared.events.subscribe()).filter_map(Result::ok);
    let stream = tokio_stream::iter(first).chain(news).map(move |(name, data)| {
        let _open = &guard;
        Ok::<_, Infallible>(Event::default().event(name).data(data))
    });
    let retry = tokio_stream::once(Ok(Event::default().retry(Duration::from_secs(1))));
    let mut response =
        Sse::new(retry.chain(stream)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Counts an open event stream, and keeps its connection from being closed as idle.
struct StreamGuard {
    shared: Arc<Shared>,
    conn: Option<Arc<Conn>>,
}

impl StreamGuard {
    fn new(shared: Arc<Shared>, conn: Option<Arc<Conn>>) -> StreamGuard {
        if let Some(c) = &conn {
            c.busy.fetch_add(1, Ordering::SeqCst);
        }
        StreamGuard { shared, conn }
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.shared.streams.fetch_sub(1, Ordering::SeqCst);
        if let Some(c) = &self.conn {
            c.busy.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests;
