//! `auth.Auth/GenerateApiToken`: a longer-lived API key, with a refresh token.

use std::fmt;

use edgecache_proto::auth as wire;
use wire::generate_api_token_request::{Expires, Expiry, Never};

use super::generate_disposable_token::token_id;
use super::{AuthContext, AuthRequest, ExpiresAt, ExpiresIn, Permissions, to_proto};
use crate::cache::Prepared;
use crate::credential::v1_key;
use crate::error::{CacheError, CacheResult};

/// Mints an API key allowing `permissions` (a super user may call this).
#[derive(Clone, Debug)]
pub struct GenerateApiKeyRequest {
    permissions: Permissions,
    expires_in: ExpiresIn,
    token_id: Option<String>,
}

impl GenerateApiKeyRequest {
    /// A key for `permissions`, living `expires_in` (at least 1 s, or never).
    pub fn new(permissions: Permissions, expires_in: ExpiresIn) -> Self {
        GenerateApiKeyRequest {
            permissions,
            expires_in,
            token_id: None,
        }
    }

    /// An id of at most 64 characters carried by the key.
    pub fn token_id(mut self, token_id: impl Into<String>) -> Self {
        self.token_id = Some(token_id.into());
        self
    }
}

/// A minted (or refreshed) API key and the refresh token that renews it. `Debug` shows
/// neither.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeyResponse {
    api_key: String,
    refresh_token: String,
    endpoint: String,
    expires_at: ExpiresAt,
}

/// What [`crate::AuthClient::generate_api_key`] returns.
pub type GenerateApiKeyResponse = ApiKeyResponse;

impl ApiKeyResponse {
    /// The key as a v1 key, for [`crate::CredentialProvider::from_string`].
    pub fn api_key(&self) -> String {
        self.api_key.clone()
    }

    /// Renews the key before it expires ([`crate::AuthClient::refresh_api_key`]).
    pub fn refresh_token(&self) -> String {
        self.refresh_token.clone()
    }

    /// The base endpoint the key is for.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// When the key stops working.
    pub fn expires_at(&self) -> ExpiresAt {
        self.expires_at
    }

    pub(crate) fn from_reply(
        api_key: String,
        refresh_token: String,
        endpoint: String,
        valid_until: u64,
    ) -> CacheResult<Self> {
        if api_key.is_empty() || refresh_token.is_empty() {
            return Err(CacheError::unexpected_reply(
                "a minted key without its key or refresh token",
            ));
        }
        Ok(ApiKeyResponse {
            api_key: v1_key(&endpoint, &api_key),
            refresh_token,
            endpoint,
            expires_at: ExpiresAt::from_epoch(valid_until),
        })
    }
}

impl fmt::Debug for ApiKeyResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyResponse")
            .field("api_key", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("endpoint", &self.endpoint)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

fn expiry(expires_in: ExpiresIn) -> CacheResult<Expiry> {
    let Some(valid_for) = expires_in.valid_for() else {
        return Ok(Expiry::Never(Never {}));
    };
    let seconds = valid_for.as_secs();
    let valid_for_seconds = u32::try_from(seconds)
        .ok()
        .filter(|&s| s >= 1)
        .ok_or_else(|| {
            CacheError::invalid_argument(
                "expires_in",
                format!("must be 1 s to {} s, or never; got {seconds} s", u32::MAX),
            )
        })?;
    Ok(Expiry::Expires(Expires { valid_for_seconds }))
}

impl AuthRequest for GenerateApiKeyRequest {
    type Response = GenerateApiKeyResponse;

    fn prepare(self, context: &AuthContext) -> CacheResult<Prepared<Self::Response>> {
        let request = wire::GenerateApiTokenRequest {
            auth_token: context.caller_key(),
            permissions: Some(to_proto::api_key(&self.permissions)?),
            token_id: token_id(self.token_id)?,
            description: String::new(),
            expiry: Some(expiry(self.expires_in)?),
        };
        Prepared::without_cache(
            super::GENERATE_API_KEY,
            request,
            |reply: wire::GenerateApiTokenResponse| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::PermissionScopes;
    use crate::error::ErrorCode;

    #[test]
    fn never_is_allowed_zero_is_not_and_debug_hides_both_secrets() {
        let prepare = |expires_in| {
            GenerateApiKeyRequest::new(PermissionScopes::cache_read_only("c"), expires_in)
                .prepare(&AuthContext::for_tests())
                .map(drop)
        };
        prepare(ExpiresIn::never()).unwrap();
        prepare(ExpiresIn::days(365)).unwrap();
        let err = prepare(ExpiresIn::seconds(0)).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
        let response =
            ApiKeyResponse::from_reply("key-secret".into(), "refresh-secret".into(), "e".into(), 0)
                .unwrap();
        let shown = format!("{response:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(!response.expires_at().does_expire());
    }
}
