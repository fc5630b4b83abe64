//! Starting a server on the current tokio runtime: [`start`] and [`RunningServer`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tonic_web::GrpcWebLayer;
use tower::Layer;

use crate::admin::Admin;
use crate::auth::{self, Authenticator};
use crate::config::ServerConfig;
use crate::error::ServerError;
use crate::faults::FaultController;
use crate::grpc::GrpcGate;
use crate::serve::{self, App, ShutdownMode};
use crate::stats::{Stats, StatsSnapshot};
use crate::topics::TopicHub;
use crate::{listener, service, store, tls};

/// What a started server tells its owner; shared by [`RunningServer`] and
/// [`crate::ServerHandle`].
#[derive(Clone, Debug)]
/// What a running server exposes: its addresses, counters, fault controls and certificate.
/// [`RunningServer`] and [`crate::ServerHandle`] both dereference to it.
pub struct ServerInfo {
    pub(crate) addr: SocketAddr,
    pub(crate) admin_addr: Option<SocketAddr>,
    pub(crate) url: String,
    pub(crate) stats: Arc<Stats>,
    pub(crate) faults: FaultController,
    pub(crate) cert_der: Option<Vec<u8>>,
    pub(crate) cert_pem: Option<String>,
}

impl ServerInfo {
    /// The bound address of the gRPC port.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://host:port` or `https://host:port` (unspecified hosts become loopback).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The admin port's address, when the admin endpoints have their own port.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin_addr
    }

    /// Base URL of `/stats` and `/admin/*` (the admin port, or the main URL).
    pub fn admin_url(&self) -> String {
        match self.admin_addr {
            Some(addr) => format!("http://{addr}"),
            None => self.url.clone(),
        }
    }

    /// A copy of the counters.
    pub fn stats(&self) -> StatsSnapshot {
        self.stats.snapshot()
    }

    /// Zeroes the counters (keeps in-flight and open-connection gauges).
    pub fn reset_stats(&self) {
        self.stats.reset();
    }

    /// Changes faults at run time.
    pub fn faults(&self) -> FaultController {
        self.faults.clone()
    }

    /// DER of the server's leaf certificate in TLS mode (to trust in test clients).
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.cert_der.as_deref()
    }

    /// PEM of the server's leaf certificate in TLS mode.
    pub fn certificate_pem(&self) -> Option<&str> {
        self.cert_pem.as_deref()
    }
}

/// A server running on the tokio runtime that called [`start`].
///
/// Dropping it stops accepting and closes every connection (in the background);
/// `shutdown().await` does the same and waits until the port is free.
#[derive(Debug)]
pub struct RunningServer {
    info: ServerInfo,
    stop: watch::Sender<Option<ShutdownMode>>,
    tasks: Vec<JoinHandle<()>>,
}

/// Starts a server on the current tokio runtime (call it inside one). Binds before
/// returning, so `addr()` is the real port even when the config asked for port 0.
pub async fn start(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let faults = FaultController::new(config.faults.clone())
        .map_err(|e| ServerError::InvalidConfig(e.to_string()))?;
    config
        .topics
        .validate()
        .map_err(ServerError::InvalidConfig)?;
    match config.api_key.as_deref() {
        Some("") => return Err(ServerError::InvalidConfig("the API key is empty".into())),
        Some(key) if !key.bytes().all(|b| (0x21..0x7f).contains(&b)) => {
            return Err(ServerError::InvalidConfig(
                "the API key must be printable ASCII without spaces".into(),
            ));
        }
        _ => {}
    }
    let tls = config.tls.as_ref().map(tls::setup).transpose()?;

    let addr = listener::resolve(&config.host, config.port).await?;
    let main_listener = listener::bind(addr)?;
    let addr = main_listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr, source })?;
    let admin_listener = match config.admin.port {
        Some(port) => {
            let admin_addr = listener::resolve(&config.admin.host, port).await?;
            let l = listener::bind(admin_addr)?;
            let bound = l.local_addr().map_err(|source| ServerError::Bind {
                addr: admin_addr,
                source,
            })?;
            Some((l, bound))
        }
        None => None,
    };

    let endpoint = config
        .endpoint
        .clone()
        .unwrap_or_else(|| format!("{}:{}", listener::url_host(&config.host, addr), addr.port()));
    let auth = Arc::new(Authenticator::new(
        config.auth_secret.as_ref(),
        config.api_key.as_deref(),
        endpoint,
    ));
    let store = store::Store::new(config.store.clone());
    for name in &config.caches {
        store.create_cache(name).map_err(|e| {
            ServerError::InvalidConfig(format!("cannot create cache {name:?}: {e}"))
        })?;
    }
    let topics = TopicHub::new(store.clone(), config.topics.clone());
    let stats = Arc::new(Stats::new(topics.counters().clone()));
    let admin = Admin {
        stats: stats.clone(),
        faults: faults.clone(),
        auth: auth.clone(),
        allow_remote: config.admin.allows_remote_peers(),
    };
    let routes = service::add_token_services(
        service::grpc_routes(store, topics, faults.clone()),
        auth::issue::Issuer::new(auth.clone()),
    );
    let gate = GrpcGate::new(routes, stats.clone(), faults.clone(), auth);
    let scheme = if tls.is_some() { "https" } else { "http" };
    let info = ServerInfo {
        addr,
        admin_addr: admin_listener.as_ref().map(|(_, a)| *a),
        url: format!(
            "{scheme}://{}:{}",
            listener::url_host(&config.host, addr),
            addr.port()
        ),
        stats: stats.clone(),
        faults,
        cert_der: tls.as_ref().map(|t| t.cert_der.clone()),
        cert_pem: tls.as_ref().map(|t| t.cert_pem.clone()),
    };

    let (stop, stop_rx) = watch::channel(None);
    let main_app = Arc::new(App {
        grpc: Some(GrpcWebLayer::new().layer(gate)),
        admin: admin_listener.is_none().then(|| admin.clone()),
        stats: stats.clone(),
        track_connections: true,
        tls: tls.map(|t| t.acceptor),
        http: serve::http_builder(),
    });
    let mut tasks = vec![tokio::spawn(serve::accept_loop(
        main_listener,
        main_app,
        stop_rx.clone(),
    ))];
    if let Some((l, _)) = admin_listener {
        let admin_app = Arc::new(App {
            grpc: None,
            admin: Some(admin),
            stats,
            track_connections: false,
            tls: None,
            http: serve::http_builder(),
        });
        tasks.push(tokio::spawn(serve::accept_loop(l, admin_app, stop_rx)));
    }
    Ok(RunningServer { info, stop, tasks })
}

impl std::ops::Deref for RunningServer {
    type Target = ServerInfo;

    fn deref(&self) -> &ServerInfo {
        &self.info
    }
}

impl RunningServer {
    pub(crate) fn info(&self) -> &ServerInfo {
        &self.info
    }

    /// Stops now: closes the listener(s) and every connection, then returns.
    pub async fn shutdown(self) {
        self.stop_with(ShutdownMode::Immediate).await;
    }

    /// Stops accepting, lets in-flight requests finish for up to `limit`, then closes
    /// whatever is left.
    pub async fn shutdown_graceful(self, limit: Duration) {
        self.stop_with(ShutdownMode::Graceful(limit)).await;
    }

    pub(crate) async fn stop_with(mut self, mode: ShutdownMode) {
        self.stop.send_replace(Some(mode));
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.stop.send_replace(Some(ShutdownMode::Immediate));
    }
}
