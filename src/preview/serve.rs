//! The local preview server: static files from the output folder, safe paths, correct types, and live reload.
//!
//! Std only: one thread accepts, one thread serves each connection (HTTP/1.1 keep-alive), and
//! browsers listen on `/__kepu/events` (Server-Sent Events) for `reload`, `css`, `error` and `ok`.
//!
//! Every request resolves its path afresh from [`ServerConfig::root`] — a build renames files (or,
//! the first time, the whole folder) into place, so nothing (no handle, no canonical root) is kept
//! between requests. A path
//! is percent-decoded once and refused (400) if it holds `..` or `.` segments, backslashes, encoded
//! slashes, NUL or invalid UTF-8; the file it names is then canonicalized and must still lie inside
//! the canonical root, so a symlink cannot lead out either.
//!
//! The live-reload script is added to HTML responses only, on the way out: files on disk never
//! contain it.

use std::collections::HashMap;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The Server-Sent Events endpoint that the injected script listens on.
pub const EVENTS_PATH: &str = "/__kepu/events";

/// A comment sent to idle event streams this often, so dead clients are noticed.
const KEEPALIVE_EVERY: Duration = Duration::from_secs(15);
/// How long a connection may sit idle (or stall mid-request) before it is closed.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one write may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request head (request line and headers) accepted.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
const MAX_HEADERS: usize = 100;
/// A request body (never used, but allowed) up to this size is read and dropped to keep the connection.
const MAX_DRAINED_BODY: u64 = 1024 * 1024;
/// Connections served at once; more get a 503.
const MAX_CONNECTIONS: usize = 512;
/// Until the first build renames the output folder into place, the root is missing: wait this
/// long for it.
const ROOT_SWAP_WAIT: Duration = Duration::from_millis(250);

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
pub struct ServerConfig {
    /// The output folder to serve.
    pub root: PathBuf,
    /// The address to listen on (default 127.0.0.1).
    pub bind: IpAddr,
    /// The port (default 1111); 0 picks any free port.
    pub port: u16,
}

impl ServerConfig {
    /// Serves `root` on the default address and port.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServerConfig { root: root.into(), ..ServerConfig::default() }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig { root: PathBuf::from("output"), bind: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 1111 }
    }
}

/// A running preview server. Dropping it stops it too.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept: Option<JoinHandle<()>>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).field("root", &self.shared.root).finish()
    }
}

struct Shared {
    root: PathBuf,
    stopping: AtomicBool,
    hub: Mutex<Hub>,
    conns: Mutex<Conns>,
}

/// The live-reload side: connected event streams and the error being shown.
#[derive(Default)]
struct Hub {
    clients: Vec<mpsc::Sender<Arc<str>>>,
    error: Option<String>,
    closed: bool,
}

/// Open connections (a clone of each stream, to shut them down on stop) and their threads.
#[derive(Default)]
struct Conns {
    next_id: u64,
    open: HashMap<u64, TcpStream>,
    threads: Vec<JoinHandle<()>>,
}

/// Locks a mutex, going on after a panic elsewhere (the data stays consistent).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Server {
    /// Binds and starts serving in background threads; returns once the socket is listening.
    pub fn start(config: ServerConfig) -> io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::new(config.bind, config.port))?;
        let addr = listener.local_addr()?;
        let root = std::path::absolute(&config.root).unwrap_or(config.root);
        let shared = Arc::new(Shared {
            root,
            stopping: AtomicBool::new(false),
            hub: Mutex::new(Hub::default()),
            conns: Mutex::new(Conns::default()),
        });
        let for_thread = Arc::clone(&shared);
        let accept =
            thread::Builder::new().name("kepu-serve".into()).spawn(move || accept_loop(&listener, &for_thread))?;
        Ok(Server { shared, addr, accept: Some(accept) })
    }

    /// The address actually listened on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Tell connected browsers a new build is ready: `css_only` lets pages swap stylesheets without a full reload.
    pub fn reload(&self, css_only: bool) {
        let (name, data) = if css_only { ("css", "css") } else { ("reload", "reload") };
        lock(&self.shared.hub).broadcast(&sse_event(name, data));
    }

    /// Show (Some(message)) or clear (None) a build-error overlay in connected browsers; the last good output keeps being served.
    pub fn set_error(&self, message: Option<String>) {
        let mut hub = lock(&self.shared.hub);
        let event = match &message {
            Some(m) => sse_event("error", m),
            None => sse_event("ok", "ok"),
        };
        hub.error = message;
        hub.broadcast(&event);
    }

    /// Stop accepting connections and join threads (also on Drop).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(accept) = self.accept.take() else { return };
        self.shared.stopping.store(true, Ordering::SeqCst);
        // The accept loop is blocked in accept(): a connection of our own wakes it to see the flag.
        if TcpStream::connect_timeout(&wake_addr(self.addr), Duration::from_secs(2)).is_ok() {
            let _ = accept.join();
        }
        {
            let mut hub = lock(&self.shared.hub);
            hub.closed = true;
            hub.clients.clear(); // event streams see their channel close and end
        }
        let threads = {
            let mut conns = lock(&self.shared.conns);
            for stream in conns.open.values() {
                let _ = stream.shutdown(Shutdown::Both);
            }
            std::mem::take(&mut conns.threads)
        };
        for t in threads {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl Hub {
    fn broadcast(&mut self, event: &str) {
        let event: Arc<str> = Arc::from(event);
        self.clients.retain(|tx| tx.send(Arc::clone(&event)).is_ok());
    }
}

/// Where to connect to reach a listener bound to `addr` (an unspecified address means loopback).
fn wake_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port()),
        _ => addr,
    }
}

/// One Server-Sent Event; every line of `data` gets its own `data:` field.
fn sse_event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.replace("\r\n", "\n").split(['\n', '\r']) {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for conn in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        match conn {
            Ok(stream) => spawn_connection(shared, stream),
            Err(e) => match e.kind() {
                io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::Interrupted => {}
                // Out of file descriptors or the like: don't spin.
                _ => thread::sleep(Duration::from_millis(50)),
            },
        }
    }
}

fn spawn_connection(shared: &Arc<Shared>, mut stream: TcpStream) {
    let mut conns = lock(&shared.conns);
    conns.threads.retain(|t| !t.is_finished());
    if conns.open.len() >= MAX_CONNECTIONS {
        drop(conns);
        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
        let _ = Response::text(503, "Too many connections.\n").send(&mut stream, false, false);
        return;
    }
    let Ok(clone) = stream.try_clone() else { return };
    let id = conns.next_id;
    conns.next_id += 1;
    conns.open.insert(id, clone);
    let for_thread = Arc::clone(shared);
    let spawned = thread::Builder::new().name("kepu-serve-conn".into()).spawn(move || {
        let _guard = ConnGuard { shared: &for_thread, id };
        handle_connection(&for_thread, stream);
    });
    match spawned {
        Ok(t) => conns.threads.push(t),
        Err(_) => {
            conns.open.remove(&id);
        }
    }
}

/// Forgets a connection when its thread ends, however it ends.
struct ConnGuard<'a> {
    shared: &'a Shared,
    id: u64,
}

impl Drop for ConnGuard<'_> {
    fn drop(&mut self) {
        lock(&self.shared.conns).open.remove(&self.id);
    }
}

fn handle_connection(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut out = stream;
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let request = match read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) | Err(HeadError::Io) => return,
            Err(HeadError::Bad(status)) => {
                let _ = Response::text(status, reason(status)).send(&mut out, false, false);
                return;
            }
        };
        let mut keep_alive = request.keep_alive();
        match request.body_len() {
            Some(0) => {}
            Some(n) if n <= MAX_DRAINED_BODY => {
                let drained = io::copy(&mut reader.by_ref().take(n), &mut io::sink());
                if !matches!(drained, Ok(got) if got == n) {
                    return;
                }
            }
            _ => keep_alive = false,
        }
        match respond(shared, &request, &mut out, keep_alive) {
            Ok(true) => {}
            Ok(false) | Err(_) => return,
        }
    }
}

struct Request {
    method: String,
    target: String,
    http11: bool,
    /// Names lowercased.
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn connection_has(&self, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n == "connection")
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    fn keep_alive(&self) -> bool {
        if self.http11 {
            !self.connection_has("close")
        } else {
            self.connection_has("keep-alive")
        }
    }

    /// The body's length: Some(0) when there is none, None when it can't be known (chunked, bad).
    fn body_len(&self) -> Option<u64> {
        if self.header("transfer-encoding").is_some() {
            return None;
        }
        match self.header("content-length") {
            None => Some(0),
            Some(v) => v.trim().parse().ok(),
        }
    }
}

enum HeadError {
    /// The connection failed or timed out: close without a word.
    Io,
    /// A malformed request: answer with this status and close.
    Bad(u16),
}

/// Reads one line (without its CRLF or LF) within what remains of the head's byte budget.
fn read_line(reader: &mut BufReader<TcpStream>, budget: &mut u64) -> Result<Option<Vec<u8>>, HeadError> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(*budget).read_until(b'\n', &mut line).map_err(|_| HeadError::Io)?;
    *budget -= n as u64;
    if line.last() != Some(&b'\n') {
        return if *budget == 0 {
            Err(HeadError::Bad(431))
        } else if n == 0 {
            Ok(None)
        } else {
            Err(HeadError::Io) // the peer closed mid-line
        };
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads a request head; Ok(None) when the client closed the connection between requests.
fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, HeadError> {
    let mut budget = MAX_HEAD_BYTES;
    let mut line = Vec::new();
    // A server should ignore empty lines before a request line.
    for _ in 0..4 {
        match read_line(reader, &mut budget)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue,
            Some(l) => {
                line = l;
                break;
            }
        }
    }
    let line = std::str::from_utf8(&line).map_err(|_| HeadError::Bad(400))?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Bad(400));
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") => return Err(HeadError::Bad(505)),
        _ => return Err(HeadError::Bad(400)),
    };
    if method.is_empty() || target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(HeadError::Bad(400));
    }
    let mut headers = Vec::new();
    loop {
        let Some(line) = read_line(reader, &mut budget)? else { return Err(HeadError::Io) };
        if line.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(HeadError::Bad(431));
        }
        let line = String::from_utf8_lossy(&line);
        let Some((name, value)) = line.split_once(':') else { return Err(HeadError::Bad(400)) };
        if name.is_empty() || name.bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(HeadError::Bad(400)); // includes obsolete line folding
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok(Some(Request { method: method.to_string(), target: target.to_string(), http11, headers }))
}

/// Answers one request; Ok(true) when the connection may serve another.
fn respond(shared: &Shared, request: &Request, out: &mut TcpStream, keep_alive: bool) -> io::Result<bool> {
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let mut response = Response::text(405, "Only GET and HEAD are served.\n");
        response.headers.push(("Allow", "GET, HEAD".into()));
        response.send(out, false, keep_alive)?;
        return Ok(keep_alive);
    }
    let Some((path, query)) = split_target(&request.target) else {
        Response::text(400, "Bad request target.\n").send(out, head_only, false)?;
        return Ok(false);
    };
    if path == EVENTS_PATH {
        events(shared, out, head_only)?;
        return Ok(false);
    }
    let response = match decode_path(path) {
        Some(segments) => resolve(shared, &segments, path.ends_with('/'), query, request),
        None => Response::text(400, "Bad path.\n"),
    };
    response.send(out, head_only, keep_alive)?;
    Ok(keep_alive)
}

/// Splits a request target into its path and query; the fragment and an absolute form's
/// scheme and authority are dropped. None when it is not a path.
fn split_target(target: &str) -> Option<(&str, Option<&str>)> {
    let target = match target.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            rest.find('/').map_or("/", |i| &rest[i..])
        }
        _ => target,
    };
    if !target.starts_with('/') {
        return None;
    }
    let target = target.split('#').next().unwrap_or_default();
    Some(match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes a URL path into its segments (empty ones dropped). None for anything that
/// could step outside the root or be read two ways: `.`/`..` segments, backslashes, encoded
/// slashes, NUL and control characters, bad escapes, invalid UTF-8.
fn decode_path(raw: &str) -> Option<Vec<String>> {
    if raw.contains('\\') {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value)?;
            let lo = bytes.get(i + 2).copied().and_then(hex_value)?;
            let b = hi * 16 + lo;
            if b == b'/' || b == b'\\' {
                return None;
            }
            decoded.push(b);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.chars().any(char::is_control) {
            return None;
        }
        if cfg!(windows) && (segment.contains(':') || segment.ends_with('.') || segment.ends_with(' ')) {
            return None;
        }
        let mut components = Path::new(segment).components();
        if !matches!((components.next(), components.next()), (Some(Component::Normal(_)), None)) {
            return None;
        }
        segments.push(segment.to_string());
    }
    Some(segments)
}

/// Encodes segments back into a URL path for a redirect (always one leading slash).
fn encode_path(segments: &[String]) -> String {
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The root, canonicalized now; waits briefly when a build is in the middle of swapping it.
fn canonical_root(root: &Path) -> Option<PathBuf> {
    let start = std::time::Instant::now();
    loop {
        if let Ok(real) = fs::canonicalize(root) {
            if real.is_dir() {
                return Some(real);
            }
        }
        if start.elapsed() >= ROOT_SWAP_WAIT {
            return None;
        }
        thread::sleep(Duration::from_millis(25));
    }
}

/// `path` canonicalized, when it exists and lies inside `root` (already canonical).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok().filter(|real| real.starts_with(root))
}

enum Located {
    File(PathBuf),
    /// A directory asked for without its trailing slash.
    Redirect,
    Missing,
}

fn locate(root: &Path, segments: &[String], trailing_slash: bool) -> Located {
    let mut candidate = root.to_path_buf();
    candidate.extend(segments);
    let Some(real) = inside(root, &candidate) else { return Located::Missing };
    let Ok(meta) = fs::metadata(&real) else { return Located::Missing };
    if meta.is_dir() {
        if !trailing_slash && !segments.is_empty() {
            return Located::Redirect;
        }
        match inside(root, &real.join("index.html")) {
            Some(index) if index.is_file() => Located::File(index),
            _ => Located::Missing,
        }
    } else if meta.is_file() && !trailing_slash {
        Located::File(real)
    } else {
        Located::Missing
    }
}

fn resolve(
    shared: &Shared,
    segments: &[String],
    trailing_slash: bool,
    query: Option<&str>,
    request: &Request,
) -> Response {
    let Some(root) = canonical_root(&shared.root) else {
        return Response::text(404, "Nothing has been built yet: the output folder does not exist.\n");
    };
    match locate(&root, segments, trailing_slash) {
        Located::File(path) => serve_file(&path, 200, request),
        Located::Redirect => {
            let mut location = encode_path(segments);
            location.push('/');
            if let Some(q) = query {
                location.push('?');
                location.push_str(q);
            }
            let mut response = Response::text(301, "Moved permanently.\n");
            response.headers.push(("Location", location));
            response
        }
        Located::Missing => not_found(&root, request),
    }
}

fn not_found(root: &Path, request: &Request) -> Response {
    match locate(root, &["404.html".to_string()], false) {
        Located::File(page) => serve_file(&page, 404, request),
        _ => Response::text(404, "Not found.\n"),
    }
}

fn serve_file(path: &Path, status: u16, request: &Request) -> Response {
    let content_type = mime_type(path);
    let opened = File::open(path).and_then(|f| f.metadata().map(|m| (f, m.len())));
    let (mut file, len) = match opened {
        Ok(ok) => ok,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return Response::text(403, "Forbidden.\n"),
        Err(_) => return Response::text(404, "Not found.\n"),
    };
    if content_type.starts_with("text/html") {
        let mut html = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + LIVE_RELOAD_SCRIPT.len());
        if file.read_to_end(&mut html).is_err() {
            return Response::text(500, "The file could not be read.\n");
        }
        return Response::new(status, content_type, Body::Bytes(inject_live_reload(html)));
    }
    let mut response = match (status, parse_range(request.header("range"), len)) {
        (200, Range::Partial(start, end)) => {
            let mut r = Response::new(206, content_type, Body::File { file, start, len: end - start + 1 });
            r.headers.push(("Content-Range", format!("bytes {start}-{end}/{len}")));
            r
        }
        (200, Range::Unsatisfiable) => {
            let mut r = Response::text(416, "Range not satisfiable.\n");
            r.headers.push(("Content-Range", format!("bytes */{len}")));
            r
        }
        _ => Response::new(status, content_type, Body::File { file, start: 0, len }),
    };
    response.headers.push(("Accept-Ranges", "bytes".into()));
    response
}

/// Adds the live-reload script before the last `</body>` (any case), or at the end.
fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    const CLOSE: &[u8] = b"</body>";
    let at = html.windows(CLOSE.len()).rposition(|w| w.eq_ignore_ascii_case(CLOSE)).unwrap_or(html.len());
    html.splice(at..at, LIVE_RELOAD_SCRIPT.bytes());
    html
}

enum Range {
    Full,
    Partial(u64, u64),
    Unsatisfiable,
}

/// A single `bytes=` range; anything else (several ranges, bad syntax) means the whole file.
fn parse_range(header: Option<&str>, len: u64) -> Range {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return Range::Full };
    let Some((first, last)) = spec.split_once('-') else { return Range::Full };
    if spec.contains(',') {
        return Range::Full;
    }
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        let Ok(suffix) = last.parse::<u64>() else { return Range::Full };
        if suffix == 0 || len == 0 {
            return Range::Unsatisfiable;
        }
        return Range::Partial(len.saturating_sub(suffix), len - 1);
    }
    let Ok(start) = first.parse::<u64>() else { return Range::Full };
    let end = if last.is_empty() {
        u64::MAX
    } else {
        match last.parse::<u64>() {
            Ok(end) if end >= start => end,
            _ => return Range::Full,
        }
    };
    if start >= len {
        return Range::Unsatisfiable;
    }
    Range::Partial(start, end.min(len - 1))
}

/// The Content-Type for a file, by its name.
pub fn mime_type(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    match name.as_str() {
        "atom.xml" => return "application/atom+xml",
        "rss.xml" => return "application/rss+xml",
        _ => {}
    }
    let ext = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or_default();
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" | "xsl" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

enum Body {
    Bytes(Vec<u8>),
    File { file: File, start: u64, len: u64 },
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", Body::Bytes(text.as_bytes().to_vec()))
    }

    /// Writes the response; for HEAD, the same headers without the body.
    fn send(self, out: &mut TcpStream, head_only: bool, keep_alive: bool) -> io::Result<()> {
        let len = match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File { len, .. } => *len,
        };
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
            self.status,
            reason(self.status),
            http_date(SystemTime::now()),
            if keep_alive { "keep-alive" } else { "close" },
        );
        for (name, value) in &self.headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        match self.body {
            Body::Bytes(body) => {
                if !head_only {
                    bytes.extend_from_slice(&body);
                }
                out.write_all(&bytes)?;
            }
            Body::File { mut file, start, len } => {
                out.write_all(&bytes)?;
                if !head_only {
                    file.seek(SeekFrom::Start(start))?;
                    let sent = io::copy(&mut file.take(len), out)?;
                    if sent != len {
                        // The file shrank while being sent: the length is now wrong, so close.
                        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file changed while sent"));
                    }
                }
            }
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// Serves `/__kepu/events` until the client goes away or the server stops.
fn events(shared: &Shared, out: &mut TcpStream, head_only: bool) -> io::Result<()> {
    let mut first = format!(
        "HTTP/1.1 200 OK\r\nDate: {}\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        http_date(SystemTime::now())
    );
    if head_only {
        return out.write_all(first.as_bytes());
    }
    let (tx, rx) = mpsc::channel();
    {
        // Registering and reading the current error under one lock: no event falls in between.
        let mut hub = lock(&shared.hub);
        if hub.closed {
            return Ok(());
        }
        hub.clients.push(tx);
        first.push_str("retry: 1000\n\n");
        if let Some(message) = &hub.error {
            first.push_str(&sse_event("error", message));
        }
    }
    out.write_all(first.as_bytes())?;
    out.flush()?;
    loop {
        match rx.recv_timeout(KEEPALIVE_EVERY) {
            Ok(event) => out.write_all(event.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(time: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let (hour, minute, second) = (secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {hour:02}:{minute:02}:{second:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Instant;

    /// A folder under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> TempDir {
            static COUNT: AtomicUsize = AtomicUsize::new(0);
            let n = COUNT.fetch_add(1, Ordering::SeqCst);
            let dir = std::env::temp_dir().join(format!("kepu-serve-test-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    const SECRET: &str = "TOP-SECRET-7f3a";
    const HOME: &str = "<!doctype html><html><body><h1>Home</h1></body></html>";

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// base/out is the served root; base/secret.txt and base/outside/ lie outside it.
    fn site() -> (TempDir, PathBuf) {
        let tmp = TempDir::new();
        let out = tmp.0.join("out");
        write(&out.join("index.html"), HOME);
        write(&out.join("about/index.html"), "<html><BODY><p>About</p></BODY></html>");
        write(&out.join("empty/note.txt"), "no index here");
        write(&out.join("style.css"), "body{color:#111}");
        write(&out.join("app.js"), "console.log('</body>')");
        write(&out.join("en/calendar.ics"), "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
        write(&out.join("en/atom.xml"), "<feed/>");
        write(&out.join("sitemap.xml"), "<urlset/>");
        write(&out.join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        write(&out.join("site.webmanifest"), "{}");
        write(&out.join("data.bin"), "0123456789");
        write(&out.join("caf\u{e9} menu/index.html"), "<p>caf\u{e9}</p>");
        write(&out.join("404.html"), "<!doctype html><title>Lost</title><p>Page not found</p>");
        write(&tmp.0.join("secret.txt"), SECRET);
        write(&tmp.0.join("etc/passwd"), SECRET);
        write(&tmp.0.join("outside/secret.txt"), SECRET);
        write(&tmp.0.join("outside/index.html"), SECRET);
        (tmp, out)
    }

    fn start(root: &Path) -> Server {
        Server::start(ServerConfig { root: root.to_path_buf(), port: 0, ..ServerConfig::default() }).unwrap()
    }

    #[derive(Debug)]
    struct Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Reply {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
        }

        fn text(&self) -> String {
            String::from_utf8_lossy(&self.body).into_owned()
        }
    }

    fn connect(addr: SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream
    }

    /// Reads one response off a stream; the body by Content-Length, or to the end (HEAD: none).
    fn read_reply(stream: &mut TcpStream, head_only: bool) -> Reply {
        let mut raw = Vec::new();
        let mut byte = [0u8; 1];
        while !raw.ends_with(b"\r\n\r\n") {
            let n = stream.read(&mut byte).unwrap();
            assert!(n == 1, "connection closed inside the head: {:?}", String::from_utf8_lossy(&raw));
            raw.push(byte[0]);
        }
        let head = String::from_utf8(raw).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
        let status = status_line[9..12].parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_string(), v.trim().to_string())
            })
            .collect();
        let mut reply = Reply { status, headers, body: Vec::new() };
        if !head_only {
            match reply.header("content-length").map(|v| v.parse::<usize>().unwrap()) {
                Some(len) => {
                    reply.body = vec![0; len];
                    stream.read_exact(&mut reply.body).unwrap();
                }
                None => {
                    stream.read_to_end(&mut reply.body).unwrap();
                }
            }
        }
        reply
    }

    fn request_with(addr: SocketAddr, method: &str, target: &str, extra: &str) -> Reply {
        let mut stream = connect(addr);
        write!(stream, "{method} {target} HTTP/1.1\r\nHost: localhost\r\n{extra}Connection: close\r\n\r\n").unwrap();
        let reply = read_reply(&mut stream, method == "HEAD");
        // With Connection: close nothing may follow the response.
        let mut rest = Vec::new();
        stream.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty(), "bytes after the response: {:?}", String::from_utf8_lossy(&rest));
        reply
    }

    fn get(addr: SocketAddr, target: &str) -> Reply {
        request_with(addr, "GET", target, "")
    }

    /// Sends raw bytes and returns everything the server answers until it closes.
    fn raw_exchange(addr: SocketAddr, bytes: &[u8]) -> String {
        let mut stream = connect(addr);
        stream.write_all(bytes).unwrap();
        let mut all = Vec::new();
        let _ = stream.read_to_end(&mut all);
        String::from_utf8_lossy(&all).into_owned()
    }

    #[test]
    fn index_resolution_and_types() {
        let (_tmp, root) = site();
        let server = start(&root);
        let addr = server.addr();

        let home = get(addr, "/");
        assert_eq!(home.status, 200);
        assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(home.header("cache-control"), Some("no-store"));
        assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
        assert!(home.text().contains("<h1>Home</h1>"));

        let about = get(addr, "/about/?utm=1");
        assert_eq!(about.status, 200);
        assert!(about.text().contains("<p>About</p>"));
        assert_eq!(get(addr, "/about/index.html").status, 200);

        // Percent-encoded UTF-8 and spaces.
        let cafe = get(addr, "/caf%C3%A9%20menu/");
        assert_eq!(cafe.status, 200, "{}", cafe.text());
        assert!(cafe.text().contains("<p>caf\u{e9}</p>"));

        for (path, mime) in [
            ("/en/calendar.ics", "text/calendar; charset=utf-8"),
            ("/logo.svg", "image/svg+xml"),
            ("/site.webmanifest", "application/manifest+json"),
            ("/style.css", "text/css; charset=utf-8"),
            ("/app.js", "text/javascript; charset=utf-8"),
            ("/en/atom.xml", "application/atom+xml"),
            ("/sitemap.xml", "application/xml"),
            ("/data.bin", "application/octet-stream"),
        ] {
            let reply = get(addr, path);
            assert_eq!(reply.status, 200, "{path}");
            assert_eq!(reply.header("content-type"), Some(mime), "{path}");
            assert_eq!(reply.body, fs::read(root.join(&path[1..])).unwrap(), "{path}");
        }
        server.stop();
    }

    #[test]
    fn directory_without_slash_redirects() {
        let (_tmp, root) = site();
        let server = start(&root);
        let reply = get(server.addr(), "/about");
        assert_eq!(reply.status, 301);
        assert_eq!(reply.header("location"), Some("/about/"));
        let reply = get(server.addr(), "/about?x=1");
        assert_eq!(reply.header("location"), Some("/about/?x=1"));
        // Empty segments are dropped, so the redirect can never become `//host`.
        let reply = get(server.addr(), "//about");
        assert_eq!(reply.status, 301);
        assert_eq!(reply.header("location"), Some("/about/"));
        let reply = get(server.addr(), "/caf%c3%a9%20menu");
        assert_eq!(reply.header("location"), Some("/caf%C3%A9%20menu/"));
        // A directory without index.html is not listed; a file with a slash is not a folder.
        assert_eq!(get(server.addr(), "/empty/").status, 404);
        assert_eq!(get(server.addr(), "/style.css/").status, 404);
    }

    #[test]
    fn missing_files_get_the_404_page() {
        let (_tmp, root) = site();
        let server = start(&root);
        let reply = get(server.addr(), "/no/such/page/");
        assert_eq!(reply.status, 404);
        assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(reply.text().starts_with("<!doctype html><title>Lost</title><p>Page not found</p>"));
        // No </body>: the script goes at the end.
        assert!(reply.text().ends_with("</script>"));
        assert_eq!(reply.header("content-length"), Some(reply.body.len().to_string().as_str()));

        fs::remove_file(root.join("404.html")).unwrap();
        let reply = get(server.addr(), "/no/such/page");
        assert_eq!(reply.status, 404);
        assert_eq!(reply.header("content-type"), Some("text/plain; charset=utf-8"));
    }

    #[test]
    fn traversal_is_refused() {
        let (tmp, root) = site();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.0.join("secret.txt"), root.join("leak.txt")).unwrap();
            std::os::unix::fs::symlink(tmp.0.join("outside"), root.join("leakdir")).unwrap();
            std::os::unix::fs::symlink("../outside/secret.txt", root.join("relative-leak.txt")).unwrap();
            // A symlink that stays inside is fine.
            std::os::unix::fs::symlink("style.css", root.join("alias.css")).unwrap();
        }
        let server = start(&root);
        let addr = server.addr();
        for target in [
            "/../etc/passwd",
            "/../secret.txt",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/a/..%5c..%5csecret.txt",
            "/..\\secret.txt",
            "/about/../../secret.txt",
            "/./index.html",
            "/%00index.html",
            "/index.html%00",
            "/%ff%fe",
            "/bad%zzescape",
            "/trunc%2",
            "/leak.txt",
            "/relative-leak.txt",
            "/leakdir/secret.txt",
            "/leakdir/",
            "/leakdir",
            "http://evil.example/../secret.txt",
        ] {
            let reply = get(addr, target);
            assert!(matches!(reply.status, 400 | 404), "{target}: {}", reply.status);
            assert!(!reply.text().contains(SECRET), "{target} leaked the secret");
            assert!(reply.header("location").is_none(), "{target} redirected");
        }
        for target in ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fsecret", "/a/..%5c..%5csecret"] {
            assert_eq!(get(addr, target).status, 400, "{target}");
        }
        #[cfg(unix)]
        assert_eq!(get(addr, "/alias.css").text(), "body{color:#111}");
        // Raw bytes outside ASCII in the request line, and a relative target.
        let reply = raw_exchange(addr, b"GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
        let reply = raw_exchange(addr, b"GET secret.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
        assert!(!reply.contains(SECRET));
    }

    #[test]
    fn script_injected_into_html_only() {
        let (_tmp, root) = site();
        let server = start(&root);
        let addr = server.addr();
        let home = get(addr, "/");
        let text = home.text();
        assert_eq!(home.header("content-length"), Some(home.body.len().to_string().as_str()));
        assert_eq!(home.body.len(), HOME.len() + LIVE_RELOAD_SCRIPT.len());
        assert!(text.contains("new EventSource(\"/__kepu/events\")"));
        assert!(text.ends_with("</script></body></html>"), "{text}");
        assert_eq!(text.matches("<script>").count(), 1);
        // Uppercase </BODY> is found too.
        assert!(get(addr, "/about/").text().ends_with("</script></BODY></html>"));
        // The file on disk is untouched.
        assert_eq!(fs::read_to_string(root.join("index.html")).unwrap(), HOME);
        // Not into CSS, JS (even one that mentions </body>), SVG or XML.
        for path in ["/style.css", "/app.js", "/logo.svg", "/sitemap.xml", "/en/calendar.ics"] {
            let reply = get(addr, path);
            assert!(!reply.text().contains("EventSource"), "{path}");
            assert_eq!(reply.body, fs::read(root.join(&path[1..])).unwrap(), "{path}");
        }
        // HEAD: the same length, no body.
        let head = request_with(addr, "HEAD", "/", "");
        assert_eq!(head.status, 200);
        assert_eq!(head.header("content-length"), home.header("content-length"));
        assert!(head.body.is_empty());
    }

    #[test]
    fn script_is_small_and_safe() {
        assert!(LIVE_RELOAD_SCRIPT.len() < 1536, "{} bytes", LIVE_RELOAD_SCRIPT.len());
        assert!(!LIVE_RELOAD_SCRIPT.contains("innerHTML"));
        for needle in ["textContent", "role\",\"alert", "dir=\"auto\"", "\"reload\"", "\"css\"", "\"error\"", "\"ok\""]
        {
            assert!(LIVE_RELOAD_SCRIPT.contains(needle), "{needle}");
        }
        let inject = |html: &str| String::from_utf8(inject_live_reload(html.as_bytes().to_vec())).unwrap();
        assert_eq!(inject("<p>x</p>"), format!("<p>x</p>{LIVE_RELOAD_SCRIPT}"));
        // The last </body> is the closing tag; an earlier one in a script string is left alone.
        assert_eq!(
            inject("<body><script>s=\"</body>\"</script></Body>\n"),
            format!("<body><script>s=\"</body>\"</script>{LIVE_RELOAD_SCRIPT}</Body>\n")
        );
    }

    #[test]
    fn methods_other_than_get_and_head_are_refused() {
        let (_tmp, root) = site();
        let server = start(&root);
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "get"] {
            let reply = request_with(server.addr(), method, "/", "Content-Length: 0\r\n");
            assert_eq!(reply.status, 405, "{method}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"));
        }
        let reply = raw_exchange(server.addr(), b"GET / HTTP/2.0\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 505 "), "{reply}");
        let reply = raw_exchange(server.addr(), b"nonsense\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
        let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(20_000));
        let reply = raw_exchange(server.addr(), huge.as_bytes());
        assert!(reply.starts_with("HTTP/1.1 431 "), "{reply}");
    }

    #[test]
    fn keep_alive_serves_several_requests_on_one_connection() {
        let (_tmp, root) = site();
        let server = start(&root);
        let mut stream = connect(server.addr());
        // Two pipelined requests, then a third after reading.
        stream.write_all(b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let first = read_reply(&mut stream, false);
        assert_eq!(first.text(), "body{color:#111}");
        assert_eq!(first.header("connection"), Some("keep-alive"));
        let second = read_reply(&mut stream, true);
        assert_eq!(second.status, 200);
        stream.write_all(b"GET /about HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(read_reply(&mut stream, false).status, 301);
        stream.write_all(b"GET /data.bin HTTP/1.0\r\n\r\n").unwrap();
        let last = read_reply(&mut stream, false);
        assert_eq!(last.text(), "0123456789");
        assert_eq!(last.header("connection"), Some("close"));
    }

    #[test]
    fn byte_ranges() {
        let (_tmp, root) = site();
        let server = start(&root);
        let addr = server.addr();
        let reply = request_with(addr, "GET", "/data.bin", "Range: bytes=2-5\r\n");
        assert_eq!(reply.status, 206);
        assert_eq!(reply.text(), "2345");
        assert_eq!(reply.header("content-range"), Some("bytes 2-5/10"));
        assert_eq!(request_with(addr, "GET", "/data.bin", "Range: bytes=7-\r\n").text(), "789");
        assert_eq!(request_with(addr, "GET", "/data.bin", "Range: bytes=-3\r\n").text(), "789");
        assert_eq!(request_with(addr, "GET", "/data.bin", "Range: bytes=5-100\r\n").text(), "56789");
        let reply = request_with(addr, "GET", "/data.bin", "Range: bytes=10-\r\n");
        assert_eq!(reply.status, 416);
        assert_eq!(reply.header("content-range"), Some("bytes */10"));
        let reply = request_with(addr, "GET", "/data.bin", "Range: bytes=0-1,4-5\r\n");
        assert_eq!((reply.status, reply.text().as_str()), (200, "0123456789"));
        // HTML ignores ranges: the injected page is always whole.
        assert_eq!(request_with(addr, "GET", "/", "Range: bytes=0-3\r\n").status, 200);
    }

    #[test]
    fn root_is_resolved_afresh_on_every_request() {
        let (tmp, root) = site();
        let server = start(&root);
        assert!(get(server.addr(), "/").text().contains("Home"));
        // Swap the folder the way a build does: rename away, rename the new one in.
        let staged = tmp.0.join("staged");
        write(&staged.join("index.html"), "<body>Second build</body>");
        fs::rename(&root, tmp.0.join("old")).unwrap();
        fs::rename(&staged, &root).unwrap();
        let reply = get(server.addr(), "/");
        assert!(reply.text().contains("Second build"), "{}", reply.text());
        assert_eq!(get(server.addr(), "/style.css").status, 404);
        // No root at all: a plain 404, no panic.
        fs::rename(&root, tmp.0.join("gone")).unwrap();
        assert_eq!(get(server.addr(), "/").status, 404);
    }

    /// Reads from an event stream until `needle` has arrived; returns everything read.
    fn read_until(stream: &mut TcpStream, seen: &mut String, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut buf = [0u8; 1024];
        while !seen.contains(needle) {
            assert!(Instant::now() < deadline, "timed out waiting for {needle:?} in {seen:?}");
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "stream closed before {needle:?}: {seen:?}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }

    fn open_events(addr: SocketAddr) -> (TcpStream, String) {
        let mut stream = connect(addr);
        stream.write_all(b"GET /__kepu/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut seen = String::new();
        read_until(&mut stream, &mut seen, "retry: 1000\n\n");
        assert!(seen.starts_with("HTTP/1.1 200 OK\r\n"), "{seen}");
        assert!(seen.contains("Content-Type: text/event-stream\r\n"), "{seen}");
        assert!(seen.contains("Cache-Control: no-store\r\n"), "{seen}");
        (stream, seen)
    }

    #[test]
    fn live_reload_events() {
        let (_tmp, root) = site();
        let server = start(&root);
        let addr = server.addr();
        let (mut stream, mut seen) = open_events(addr);
        assert!(!seen.contains("event:"), "{seen}");

        server.reload(false);
        read_until(&mut stream, &mut seen, "event: reload\ndata: reload\n\n");
        server.reload(true);
        read_until(&mut stream, &mut seen, "event: css\ndata: css\n\n");

        // File requests are served while the event stream stays open.
        assert_eq!(get(addr, "/style.css").status, 200);

        server.set_error(Some("content/a.md:3: bad date\r\n<b>not markup</b>".into()));
        read_until(&mut stream, &mut seen, "event: error\ndata: content/a.md:3: bad date\ndata: <b>not markup</b>\n\n");

        // A browser that connects while the error stands sees it at once.
        let (mut late, mut late_seen) = open_events(addr);
        read_until(&mut late, &mut late_seen, "event: error\ndata: content/a.md:3: bad date\n");

        server.set_error(None);
        read_until(&mut stream, &mut seen, "event: ok\ndata: ok\n\n");
        read_until(&mut late, &mut late_seen, "event: ok\n");

        // Once cleared, new browsers get no error.
        let (_fresh, fresh_seen) = open_events(addr);
        assert!(!fresh_seen.contains("event: error"));

        // A client that went away is forgotten without trouble.
        drop(late);
        for _ in 0..3 {
            server.reload(false);
            thread::sleep(Duration::from_millis(20));
        }
        read_until(&mut stream, &mut seen, "event: reload\ndata: reload\n\nevent: reload");

        let started = Instant::now();
        server.stop();
        assert!(started.elapsed() < Duration::from_secs(5), "stop took {:?}", started.elapsed());
        // The stream ends with the server.
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
    }

    #[test]
    fn stop_returns_promptly_with_open_connections() {
        let (_tmp, root) = site();
        let server = start(&root);
        let addr = server.addr();
        let (_events, _) = open_events(addr);
        // An idle keep-alive connection and one that sent half a request.
        let mut idle = connect(addr);
        idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let _ = read_reply(&mut idle, false);
        let mut half = connect(addr);
        half.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
        thread::sleep(Duration::from_millis(50));

        let started = Instant::now();
        server.stop();
        assert!(started.elapsed() < Duration::from_secs(5), "stop took {:?}", started.elapsed());
        let mut rest = Vec::new();
        assert!(matches!(idle.read_to_end(&mut rest), Ok(0) | Err(_)));
        // Nothing listens any more (or, at worst, nothing answers).
        if let Ok(mut late) = TcpStream::connect(addr) {
            late.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
            let _ = late.write_all(b"GET / HTTP/1.1\r\n\r\n");
            let mut buf = Vec::new();
            assert!(matches!(late.read_to_end(&mut buf), Ok(0) | Err(_)));
        }
    }

    #[test]
    fn dropping_the_server_stops_it() {
        let (_tmp, root) = site();
        let server = start(&root);
        let addr = server.addr();
        assert_eq!(get(addr, "/").status, 200);
        let started = Instant::now();
        drop(server);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn binding_a_taken_port_is_an_error() {
        let (_tmp, root) = site();
        let server = start(&root);
        let again = Server::start(ServerConfig { root, port: server.addr().port(), ..ServerConfig::default() });
        assert!(again.is_err());
    }

    #[test]
    fn path_decoding() {
        assert_eq!(decode_path("/"), Some(vec![]));
        assert_eq!(decode_path("/a//b/"), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(decode_path("/a%20b/%C3%A9"), Some(vec!["a b".to_string(), "\u{e9}".to_string()]));
        assert_eq!(decode_path("/a..b/...x"), Some(vec!["a..b".to_string(), "...x".to_string()]));
        for bad in ["/..", "/a/../b", "/.", "/%2e", "/a%2fb", "/a%5Cb", "/a\\b", "/%00", "/%0a", "/%c3", "/%", "/%g0"] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
        assert_eq!(encode_path(&["a b".to_string(), "\u{e9}".to_string()]), "/a%20b/%C3%A9");
    }

    #[test]
    fn targets() {
        assert_eq!(split_target("/a?b=c#d"), Some(("/a", Some("b=c"))));
        assert_eq!(split_target("/a#d?x"), Some(("/a", None)));
        assert_eq!(split_target("http://host:1/x/y?q"), Some(("/x/y", Some("q"))));
        assert_eq!(split_target("http://host"), Some(("/", None)));
        assert_eq!(split_target("*"), None);
        assert_eq!(split_target("a/b"), None);
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type(Path::new("a/INDEX.HTML")), "text/html; charset=utf-8");
        assert_eq!(mime_type(Path::new("fonts/x.woff2")), "font/woff2");
        assert_eq!(mime_type(Path::new("clip.mp4")), "video/mp4");
        assert_eq!(mime_type(Path::new("photo.JPEG")), "image/jpeg");
        assert_eq!(mime_type(Path::new("flyer.pdf")), "application/pdf");
        assert_eq!(mime_type(Path::new("favicon.ico")), "image/x-icon");
        assert_eq!(mime_type(Path::new("robots.txt")), "text/plain; charset=utf-8");
        assert_eq!(mime_type(Path::new("pic.avif")), "image/avif");
        assert_eq!(mime_type(Path::new("pic.webp")), "image/webp");
        assert_eq!(mime_type(Path::new("data.json")), "application/json");
        assert_eq!(mime_type(Path::new("Makefile")), "application/octet-stream");
    }

    #[test]
    fn dates_and_events() {
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(951_782_400)), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(sse_event("error", "a\nb\r\nc\rd"), "event: error\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
        assert_eq!(sse_event("ok", ""), "event: ok\ndata: \n\n");
    }
}
