//! A real `edgecache-server` process, apart from the test's own, that a test can kill
//! with SIGKILL (like a crash) and start again on the same port.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use web_time::Instant;

/// An `edgecache-server` process of its own, killed with SIGKILL (like a crash) when dropped.
pub struct ServerProcess {
    child: Child,
    pub port: u16,
}

impl ServerProcess {
    /// The binary: `$EDGECACHE_SERVER_BIN`, else the one cargo builds beside this test
    /// (`target/<profile>/edgecache-server`; `cargo test` for the workspace builds it).
    pub fn binary() -> PathBuf {
        let binary = std::env::var_os("EDGECACHE_SERVER_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let test = std::env::current_exe().expect("the test binary's path");
                // target/<profile>/deps/reliability-<hash> -> target/<profile>/edgecache-server
                let profile_dir = test.parent().and_then(|deps| deps.parent());
                profile_dir
                    .expect("the test binary sits in target/<profile>/deps")
                    .join("edgecache-server")
            });
        assert!(
            binary.exists(),
            "{} not found: build it with `cargo build -p edgecache-server` or set EDGECACHE_SERVER_BIN",
            binary.display()
        );
        binary
    }

    /// Starts the server on `port` (0: any free one) with `caches`, and waits (at most 15 s,
    /// without blocking the event loop) for its listening line.
    pub async fn start(port: u16, caches: &[&str]) -> ServerProcess {
        let mut command = Command::new(Self::binary());
        command.args(["--port", &port.to_string()]);
        for cache in caches {
            command.args(["--cache", cache]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("edgecache-server starts");
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let (line_tx, line_rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = BufReader::new(stdout).read_line(&mut line);
            if read.is_err() || line.is_empty() {
                // No listening line: the server failed, and says why on stderr.
                let _ = stderr.read_to_string(&mut line);
            }
            let _ = line_tx.send(line);
        });
        let line = tokio::time::timeout(Duration::from_secs(15), line_rx)
            .await
            .expect("edgecache-server prints its listening line within 15 s")
            .unwrap_or_default();
        let port = line
            .trim()
            .rsplit_once("127.0.0.1:")
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or_else(|| panic!("edgecache-server did not start: {line}"));
        ServerProcess { child, port }
    }

    /// Sends SIGKILL and waits (at most 5 s) until the process is gone, so its port is closed.
    pub async fn kill(&mut self) {
        self.child.kill().expect("SIGKILL is delivered");
        let gone_by = Instant::now() + Duration::from_secs(5);
        while self
            .child
            .try_wait()
            .expect("the process can be waited for")
            .is_none()
        {
            assert!(
                Instant::now() < gone_by,
                "edgecache-server survived SIGKILL"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
