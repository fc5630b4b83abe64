//! `auth.Auth/RefreshApiToken`: renews the client's own API key.

use edgecache_proto::auth as wire;

use super::{ApiKeyResponse, AuthContext, AuthRequest};
use crate::cache::Prepared;
use crate::error::{CacheError, CacheResult};

/// Renews the key the client holds, with the refresh token that came with it. The new key
/// has the same permissions and lifetime.
#[derive(Clone)]
pub struct RefreshApiKeyRequest {
    refresh_token: String,
}

impl std::fmt::Debug for RefreshApiKeyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshApiKeyRequest { refresh_token: <redacted> }")
    }
}

impl RefreshApiKeyRequest {
    /// Renews the client's key with `refresh_token`.
    pub fn new(refresh_token: impl Into<String>) -> Self {
        RefreshApiKeyRequest {
            refresh_token: refresh_token.into(),
        }
    }
}

/// What [`crate::AuthClient::refresh_api_key`] returns.
pub type RefreshApiKeyResponse = ApiKeyResponse;

impl AuthRequest for RefreshApiKeyRequest {
    type Response = RefreshApiKeyResponse;

    fn prepare(self, context: &AuthContext) -> CacheResult<Prepared<Self::Response>> {
        if self.refresh_token.trim().is_empty() {
            return Err(CacheError::invalid_argument(
                "refresh_token",
                "must not be empty",
            ));
        }
        let request = wire::RefreshApiTokenRequest {
            api_key: context.caller_key(),
            refresh_token: self.refresh_token,
        };
        Prepared::without_cache(
            super::REFRESH_API_KEY,
            request,
            |reply: wire::RefreshApiTokenResponse| {
                ApiKeyResponse::from_reply(
                    reply.api_key,
                    reply.refresh_token,
                    reply.endpoint,
                    reply.valid_until,
                )
            },
        )
    }
}
