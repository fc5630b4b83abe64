//! Running a server on its own thread and runtime: [`spawn`] and [`ServerHandle`].

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::config::ServerConfig;
use crate::error::ServerError;
use crate::serve::ShutdownMode;
use crate::server::{ServerInfo, start};

/// Worker threads of the background runtime.
const WORKER_THREADS: usize = 2;

/// A server running on a background thread with its own multi-threaded tokio
/// runtime, usable from any context (plain tests, current-thread runtimes).
/// Dropping it shuts the server down and waits until the port is free.
#[derive(Debug)]
pub struct ServerHandle {
    info: ServerInfo,
    stop: Option<oneshot::Sender<ShutdownMode>>,
    thread: Option<JoinHandle<()>>,
}

/// Starts a server on a new background thread; returns once it is listening.
pub fn spawn(config: ServerConfig) -> Result<ServerHandle, ServerError> {
    let (ready_tx, ready_rx) = mpsc::channel::<Result<ServerInfo, ServerError>>();
    let (stop_tx, stop_rx) = oneshot::channel::<ShutdownMode>();
    let thread = std::thread::Builder::new()
        .name("edgecache-server".to_string())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(WORKER_THREADS)
                .thread_name("edgecache-server-worker")
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    let _ = ready_tx.send(Err(ServerError::Runtime(e)));
                    return;
                }
            };
            runtime.block_on(async move {
                let server = match start(config).await {
                    Ok(server) => server,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(server.info().clone()));
                let mode = stop_rx.await.unwrap_or(ShutdownMode::Immediate);
                server.stop_with(mode).await;
            });
        })
        .map_err(ServerError::Runtime)?;
    match ready_rx.recv() {
        Ok(Ok(info)) => Ok(ServerHandle {
            info,
            stop: Some(stop_tx),
            thread: Some(thread),
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err(ServerError::Runtime(std::io::Error::other(
                "the server thread exited while starting",
            )))
        }
    }
}

impl std::ops::Deref for ServerHandle {
    type Target = ServerInfo;

    fn deref(&self) -> &ServerInfo {
        &self.info
    }
}

impl ServerHandle {
    /// Stops now: closes the listener(s) and every connection; returns when the
    /// port is free. Blocks the calling thread briefly.
    pub fn shutdown(mut self) {
        self.stop_with(ShutdownMode::Immediate);
    }

    /// Stops accepting, lets in-flight requests finish for up to `limit`, then
    /// closes whatever is left.
    pub fn shutdown_graceful(mut self, limit: Duration) {
        self.stop_with(ShutdownMode::Graceful(limit));
    }

    fn stop_with(&mut self, mode: ShutdownMode) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(mode);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.stop_with(ShutdownMode::Immediate);
    }
}
