//! The binary: listening line with the real port, admin over HTTP, signals, clear errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_edgecache-server");

/// A child process killed on drop.
struct Server {
    child: Child,
    line: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary and reads its first stdout line (waits up to 30 s).
fn start(args: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("listening line in time");
    Server { child, line }
}

/// Runs the binary expecting it to exit by itself; returns status and stderr.
fn run_to_exit(args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("process did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn port_of(line: &str, scheme: &str) -> u16 {
    let prefix = format!("edgecache-server listening on {scheme}://127.0.0.1:");
    assert!(line.starts_with(&prefix), "unexpected line {line:?}");
    assert!(line.ends_with('\n'));
    line[prefix.len()..]
        .trim_end()
        .parse()
        .expect("port number")
}

/// One HTTP/1.1 request over a raw socket; returns the whole response text.
fn http(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn prints_the_real_port_serves_and_stops_on_sigterm() {
    let mut server = start(&["--port", "0"]);
    let port = port_of(&server.line, "http");
    assert_ne!(port, 0);

    let health = http(
        port,
        "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let stats = http(
        port,
        "GET /stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(stats.starts_with("HTTP/1.1 200"), "{stats}");
    assert!(stats.contains("\"total_requests\":0"), "{stats}");
    let preflight = http(
        port,
        "OPTIONS /cache_client.Scs/Get HTTP/1.1\r\nHost: localhost\r\nOrigin: http://example.test\r\n\
         Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n",
    );
    assert!(preflight.starts_with("HTTP/1.1 200"), "{preflight}");
    assert!(
        preflight
            .to_ascii_lowercase()
            .contains("access-control-allow-origin: *")
    );

    let kill = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let status = wait_with_timeout(&mut server.child, Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}

#[test]
fn tls_flag_prints_https_and_writes_the_certificate() {
    let cert = std::env::temp_dir().join(format!("edgecache-cli-cert-{}.pem", std::process::id()));
    let server = start(&[
        "--port",
        "0",
        "--tls",
        "--write-cert",
        cert.to_str().unwrap(),
    ]);
    port_of(&server.line, "https");
    let pem = std::fs::read_to_string(&cert).expect("certificate written");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let _ = std::fs::remove_file(&cert);
}

#[test]
fn port_in_use_exits_with_a_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (status, stderr) = run_to_exit(&["--port", &port]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_flags_exit_with_usage_errors() {
    for args in [
        &["--port", "http"][..],
        &["--error-percent", "150"],
        &["--error-code", "99"],
        &["--cert", "only-cert.pem"],
        &["--no-such-flag"],
    ] {
        let (status, stderr) = run_to_exit(args);
        assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{stderr}");
    }
}

#[test]
fn unreadable_certificate_exits_with_a_message() {
    let missing = std::env::temp_dir().join("edgecache-missing-dir/server.pem");
    let missing = missing.to_str().unwrap();
    let (status, stderr) = run_to_exit(&["--port", "0", "--cert", missing, "--key", missing]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("TLS setup failed"), "{stderr}");
    assert!(stderr.contains("server.pem"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
