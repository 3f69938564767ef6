//! The preview server's tests: raw HTTP over real sockets.

use super::*;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread;
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
    assert!(status_line.starts_with("HTTP/1.1 ") || status_line.starts_with("HTTP/1.0 "), "{status_line}");
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
        ("/app.js", "javascript; charset=utf-8"),
        ("/en/atom.xml", "xml"),
        ("/sitemap.xml", "xml"),
        ("/data.bin", "application/octet-stream"),
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.header("content-type").is_some_and(|t| t.contains(mime)),
            "{path}: {:?}",
            reply.header("content-type")
        );
        assert_eq!(reply.body, fs::read(root.join(&path[1..])).unwrap(), "{path}");
    }
    server.stop();
}

#[test]
fn directory_without_slash_redirects() {
    let (_tmp, root) = site();
    let server = start(&root);
    let reply = get(server.addr(), "/about");
    assert_eq!(reply.status, 307);
    assert_eq!(reply.header("location"), Some("/about/"));
    let reply = get(server.addr(), "/about?x=1");
    assert_eq!(reply.header("location"), Some("/about/?x=1"));
    // Empty segments are dropped first, so the redirect can never become `//host`.
    let reply = get(server.addr(), "//about");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/about"));
    let reply = get(server.addr(), "//evil.example/");
    assert_eq!(reply.header("location"), Some("/evil.example/"));
    let reply = get(server.addr(), "/caf%C3%A9%20menu");
    assert_eq!(reply.status, 307);
    // A directory without index.html is not listed; a file with a slash is not a folder.
    assert_eq!(get(server.addr(), "/empty/").status, 404, "/empty/");
    assert_eq!(get(server.addr(), "/style.css/").status, 404, "/style.css/");
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
    let reply = raw_exchange(addr, b"GET /\xff HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
    let reply = raw_exchange(addr, b"GET secret.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
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
    for needle in ["textContent", "role\",\"alert", "dir=\"auto\"", "\"reload\"", "\"css\"", "\"error\"", "\"ok\""] {
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
    stream
        .write_all(b"GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\nHEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let first = read_reply(&mut stream, false);
    assert_eq!(first.text(), "body{color:#111}");
    let second = read_reply(&mut stream, true);
    assert_eq!(second.status, 200);
    stream.write_all(b"GET /about HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    assert_eq!(read_reply(&mut stream, false).status, 307);
    stream.write_all(b"GET /data.bin HTTP/1.0\r\n\r\n").unwrap();
    let last = read_reply(&mut stream, false);
    assert_eq!(last.text(), "0123456789");
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
    assert!(matches!(reply.status, 200 | 416), "several ranges are not served as parts: {}", reply.status);
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
        let n = stream.read(&mut buf).unwrap_or_else(|e| panic!("{e} waiting for {needle:?} in {seen:?}"));
        assert!(n > 0, "stream closed before {needle:?}: {seen:?}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

fn open_events(addr: SocketAddr) -> (TcpStream, String) {
    let mut stream = connect(addr);
    stream.write_all(b"GET /__kepu/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "retry: 1000\n\n");
    assert!(seen.starts_with("HTTP/1.1 200 OK\r\n"), "{seen}");
    let head = seen.to_ascii_lowercase();
    assert!(head.contains("content-type: text/event-stream\r\n"), "{seen}");
    assert!(head.contains("cache-control: no-store\r\n"), "{seen}");
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
    let deadline = Instant::now() + Duration::from_secs(10);
    while seen.matches("event: reload").count() < 4 {
        assert!(Instant::now() < deadline, "three reloads after a client left: {seen:?}");
        let mut buf = [0u8; 256];
        if let Ok(n) = stream.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }

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
    idle.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
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
    assert_eq!(encode_path("/a b/\u{e9}"), "/a%20b/%C3%A9");
}

#[test]
fn foreign_host_headers_are_refused_on_loopback() {
    let (_tmp, root) = site();
    let server = start(&root);
    let addr = server.addr();
    let with_host = |host: &str| {
        let mut stream = connect(addr);
        write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        read_reply(&mut stream, false).status
    };
    // A page on evil.example whose name was rebound to 127.0.0.1 sends its own name.
    for host in ["evil.example", "evil.example:1111", "localhost.evil.example"] {
        assert_eq!(with_host(host), 403, "{host}");
    }
    for host in ["localhost", &format!("localhost:{}", addr.port()), "127.0.0.1", "[::1]:1111", "LOCALHOST"] {
        assert_eq!(with_host(host), 200, "{host}");
    }
}

#[test]
fn a_request_whose_headers_never_end_is_closed_at_the_deadline() {
    let (_tmp, root) = site();
    let server = start(&root);
    let mut slow = connect(server.addr());
    slow.write_all(b"GET / HTTP/1.1\r\nHost: local").unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(waited >= HEADER_DEADLINE - Duration::from_millis(500), "closed after {waited:?}");
    assert!(waited < HEADER_DEADLINE + Duration::from_secs(3), "closed after {waited:?}");
}

#[test]
fn five_hundred_slow_clients_do_not_starve_a_normal_request() {
    let (_tmp, root) = site();
    let server = start(&root);
    let addr = server.addr();
    // Each sends one byte of a request and then nothing, as a slowloris client does.
    let slow: Vec<TcpStream> = (0..500)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"G").unwrap();
            s
        })
        .collect();
    thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let reply = get(addr, "/style.css");
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() < Duration::from_secs(2), "answered after {:?}", started.elapsed());
    drop(slow);
}

#[test]
fn at_the_connection_cap_idle_connections_make_room() {
    let (_tmp, root) = site();
    let server = start(&root);
    let addr = server.addr();
    let cap = server.shared.cap;
    let idle: Vec<TcpStream> = (0..cap + 20).filter_map(|_| TcpStream::connect(addr).ok()).collect();
    thread::sleep(Duration::from_millis(300));
    assert!(server.shared.open_connections() <= cap, "{} open, cap {cap}", server.shared.open_connections());
    assert_eq!(get(addr, "/").status, 200);
    drop(idle);
}
