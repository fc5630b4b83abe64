//! The `edgecache-server` binary: parse flags, start, print the listening line, wait for a
//! signal; or run `mint-key` and print a key.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use edgecache_server::cli::{Cli, Command};

/// How long in-flight requests may take to finish after Ctrl-C / SIGTERM.
const GRACE: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::MintKey(mint)) = &cli.command {
        return match mint.run() {
            Ok(key) => {
                println!("{key}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("edgecache-server mint-key: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut config = cli.to_config();
    match cli.auth_secret() {
        Ok(secret) => config.auth_secret = secret,
        Err(e) => {
            eprintln!("edgecache-server: {e}");
            return ExitCode::from(2);
        }
    }
    if cli.write_cert.is_some() && config.tls.is_none() {
        eprintln!("edgecache-server: --write-cert needs --tls (or --cert/--key)");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("edgecache-server: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let server = match edgecache_server::start(config).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("edgecache-server: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let (Some(path), Some(pem)) = (&cli.write_cert, server.certificate_pem()) {
            let written = std::fs::write(path, pem);
            if let Err(e) = written {
                eprintln!("edgecache-server: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        let mut stdout = std::io::stdout().lock();
        let printed = writeln!(stdout, "edgecache-server listening on {}", server.url())
            .and_then(|()| stdout.flush());
        drop(stdout);
        if let Err(e) = printed {
            eprintln!("edgecache-server: cannot write to stdout: {e}");
        }
        if let Some(admin) = server.admin_addr() {
            eprintln!("edgecache-server: admin endpoints on http://{admin}");
        }
        wait_for_signal().await;
        eprintln!("edgecache-server: shutting down");
        server.shutdown_graceful(GRACE).await;
        ExitCode::SUCCESS
    })
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
