//! Disposable tokens and API keys: [`AuthClient`] mints them, with the scopes in
//! [`PermissionScopes`] and [`DisposableTokenScopes`]. A backend holding an API key hands
//! each browser or worker a short-lived token allowing only what it needs; the browser
//! reads it with [`crate::CredentialProvider::from_disposable_token`].
//!
//! ```no_run
//! use edgecache::auth::{DisposableTokenScopes, ExpiresIn};
//! use edgecache::{AuthClient, CredentialProvider};
//!
//! # async fn run() -> edgecache::CacheResult<()> {
//! let auth = AuthClient::builder()
//!     .credential_provider(CredentialProvider::from_env_var("MOMENTO_API_KEY")?)
//!     .build()?;
//! let token = auth
//!     .generate_disposable_token(
//!         DisposableTokenScopes::cache_key_prefix_read_write("sessions", "user-42:"),
//!         ExpiresIn::minutes(30),
//!     )
//!     .await?;
//! // Send token.auth_token() to the browser.
//! # Ok(()) }
//! ```

mod client;
mod expires;
mod generate_api_key;
mod generate_disposable_token;
mod permissions;
mod refresh;
mod refresh_api_key;
mod scopes;
mod to_proto;

pub use client::{AuthClient, AuthClientBuilder};
pub use expires::{ExpiresAt, ExpiresIn};
pub use generate_api_key::{ApiKeyResponse, GenerateApiKeyRequest, GenerateApiKeyResponse};
pub use generate_disposable_token::{
    GenerateDisposableTokenRequest, GenerateDisposableTokenResponse,
    MAX_DISPOSABLE_TOKEN_LIFETIME_SECS, MAX_TOKEN_ID_CHARS,
};
pub use permissions::{
    CacheItemSelector, CachePermission, CacheRole, CacheSelector, DisposableTokenCachePermission,
    DisposableTokenCachePermissions, DisposableTokenScope, Permission, Permissions,
    TopicPermission, TopicRole, TopicSelector,
};
pub use refresh::TokenRefresher;
pub use refresh_api_key::{RefreshApiKeyRequest, RefreshApiKeyResponse};
pub use scopes::{DisposableTokenScopes, PermissionScopes};

use crate::cache::Prepared;
use crate::credential::ApiKey;
use crate::error::CacheResult;
use crate::rpc::{Idempotency, Plane, Rpc, Shape};

// The token service is reached through the AuthClient's data transport, which points at the
// token endpoint; API keys are a control-plane service. Minting is never repeated on its own.
const GENERATE_DISPOSABLE_TOKEN: Rpc = Rpc {
    path: "/token.Token/GenerateDisposableToken",
    plane: Plane::Data,
    idempotency: Idempotency::NotIdempotent,
    shape: Shape::Unary,
};
const GENERATE_API_KEY: Rpc = Rpc {
    path: "/auth.Auth/GenerateApiToken",
    plane: Plane::Control,
    idempotency: Idempotency::NotIdempotent,
    shape: Shape::Unary,
};
const REFRESH_API_KEY: Rpc = Rpc {
    path: "/auth.Auth/RefreshApiToken",
    plane: Plane::Control,
    idempotency: Idempotency::NotIdempotent,
    shape: Shape::Unary,
};

/// A request that [`AuthClient::send_request`] can send.
pub trait AuthRequest {
    /// What a successful call returns.
    type Response;

    /// Validates and encodes the request. Called by the client; not meant for direct use.
    #[doc(hidden)]
    fn prepare(self, context: &AuthContext) -> CacheResult<Prepared<Self::Response>>;
}

/// What an auth request needs from its client: the caller's own credential, which the
/// token and key services read from the request body.
#[doc(hidden)]
#[derive(Clone)]
pub struct AuthContext {
    key: ApiKey,
}

impl AuthContext {
    pub(crate) fn new(key: ApiKey) -> Self {
        AuthContext { key }
    }

    fn caller_key(&self) -> String {
        self.key.expose().to_owned()
    }

    #[cfg(test)]
    fn for_tests() -> Self {
        AuthContext {
            key: ApiKey("caller".into()),
        }
    }
}
