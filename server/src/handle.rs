//! Running a server on its own thread and runtime: [`spawn`] and [`ServerHandle`].

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::config::ServerConfig;
use crate::error::ServerError;
use crate::faults::FaultController;
use crate::serve::ShutdownMode;
use crate::server::{ServerInfo, start};
use crate::stats::StatsSnapshot;

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

impl ServerHandle {
    /// The bound address of the gRPC port.
    pub fn addr(&self) -> SocketAddr {
        self.info.addr
    }

    /// `http://host:port` or `https://host:port` (unspecified hosts become loopback).
    pub fn url(&self) -> String {
        self.info.url.clone()
    }

    /// The admin port's address, when the admin endpoints have their own port.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.info.admin_addr
    }

    /// Base URL of `/stats` and `/admin/*` (the admin port, or the main URL).
    pub fn admin_url(&self) -> String {
        self.info.admin_url()
    }

    /// A copy of the counters.
    pub fn stats(&self) -> StatsSnapshot {
        self.info.stats.snapshot()
    }

    /// Zeroes the counters (keeps in-flight and open-connection gauges).
    pub fn reset_stats(&self) {
        self.info.stats.reset();
    }

    /// Changes faults at run time.
    pub fn faults(&self) -> FaultController {
        self.info.faults.clone()
    }

    /// DER of the server's leaf certificate in TLS mode (to trust in test clients).
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.info.cert_der.as_deref()
    }

    /// PEM of the server's leaf certificate in TLS mode.
    pub fn certificate_pem(&self) -> Option<&str> {
        self.info.cert_pem.as_deref()
    }

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
