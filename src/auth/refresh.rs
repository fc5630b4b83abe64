//! Disposable tokens renewed before they expire, for long-lived clients (beyond the official
//! SDKs, where a client keeps the token it was built with). [`TokenRefresher::run`] asks the
//! application for a new token ahead of each expiry and swaps it in place: the clients built
//! from the credential keep their connection and send the new token from their next call on.

use std::future::Future;
use std::time::Duration;

use web_time::{SystemTime, UNIX_EPOCH};

use super::{ExpiresAt, GenerateDisposableTokenResponse};
use crate::credential::{ApiKey, CredentialProvider};
use crate::error::{CacheError, CacheResult};
use crate::platform::sleep;

/// Swaps fresh disposable tokens into a credential before the current one expires. Made by
/// [`CredentialProvider::from_refreshing_token`]; drive it with [`Self::run`].
pub struct TokenRefresher {
    key: ApiKey,
    expires_at: ExpiresAt,
}

impl std::fmt::Debug for TokenRefresher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRefresher")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// A retry of a failed refresh waits this long, while the current token still has time.
const RETRY_AFTER: Duration = Duration::from_secs(1);

impl CredentialProvider {
    /// A credential presenting `first` now, and whatever [`TokenRefresher::run`] swaps in
    /// later. Clients built from it (or from its clones) all follow the swaps. For a local
    /// server, follow with [`Self::endpoint_override`] as for
    /// [`Self::from_disposable_token`]; later tokens keep this credential's endpoints.
    pub fn from_refreshing_token(
        first: &GenerateDisposableTokenResponse,
    ) -> CacheResult<(CredentialProvider, TokenRefresher)> {
        let credentials = CredentialProvider::from_disposable_token(first.auth_token())?;
        let refresher = TokenRefresher {
            key: credentials.api_key().clone(),
            expires_at: first.expires_at(),
        };
        Ok((credentials, refresher))
    }
}

impl TokenRefresher {
    /// Presents `token` from now on.
    pub fn replace(&mut self, token: &GenerateDisposableTokenResponse) -> CacheResult<()> {
        let parsed = CredentialProvider::from_disposable_token(token.auth_token())?;
        self.key.replace(parsed.api_key().expose());
        self.expires_at = token.expires_at();
        Ok(())
    }

    /// When the current token should be replaced: a quarter of its remaining life before it
    /// expires, and at least a second before (expiry is counted in whole seconds).
    fn refresh_in(&self) -> Option<Duration> {
        let expires = Duration::from_secs(self.expires_at.epoch()?);
        let left = expires.saturating_sub(now());
        let margin = (left / 4).max(Duration::from_secs(1));
        Some(left.saturating_sub(margin))
    }

    /// Calls `fetch` for a new token before each expiry, for as long as it is polled (spawn it
    /// beside the clients, or select it against their work). A failed `fetch` is retried every
    /// second while the current token is valid; the error is returned once it has expired. A
    /// token that never expires is never refreshed.
    pub async fn run<F, Fut>(mut self, mut fetch: F) -> CacheError
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = CacheResult<GenerateDisposableTokenResponse>>,
    {
        loop {
            let Some(wait) = self.refresh_in() else {
                return std::future::pending().await;
            };
            sleep(wait).await;
            let outcome = fetch().await.and_then(|token| self.replace(&token));
            if let Err(error) = outcome {
                let expired = self
                    .expires_at
                    .epoch()
                    .is_some_and(|e| now() + RETRY_AFTER >= Duration::from_secs(e));
                if expired {
                    return error;
                }
                sleep(RETRY_AFTER).await;
            }
        }
    }
}
