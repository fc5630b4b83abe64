//! `token.Token/GenerateDisposableToken`.

use std::fmt;

use edgecache_proto::token as wire;

use super::{AuthContext, AuthRequest, DisposableTokenScope, ExpiresAt, ExpiresIn, to_proto};
use crate::cache::Prepared;
use crate::credential::v1_key;
use crate::error::{CacheError, CacheResult};

/// The longest a disposable token may live: 25 hours, the service's limit.
pub const MAX_DISPOSABLE_TOKEN_LIFETIME_SECS: u64 = 25 * 3600;

/// The longest token id, in characters.
pub const MAX_TOKEN_ID_CHARS: usize = 64;

/// Mints a short-lived token allowing only `scope`, for a browser or worker.
#[derive(Clone, Debug)]
pub struct GenerateDisposableTokenRequest<K = Vec<u8>> {
    scope: DisposableTokenScope<K>,
    expires_in: ExpiresIn,
    token_id: Option<String>,
}

impl<K> GenerateDisposableTokenRequest<K> {
    /// A token for `scope` living `expires_in` (1 s to 25 h).
    pub fn new(scope: DisposableTokenScope<K>, expires_in: ExpiresIn) -> Self {
        GenerateDisposableTokenRequest {
            scope,
            expires_in,
            token_id: None,
        }
    }

    /// An id of at most 64 characters, carried by the token: messages published with it
    /// arrive with this id as their publisher.
    pub fn token_id(mut self, token_id: impl Into<String>) -> Self {
        self.token_id = Some(token_id.into());
        self
    }
}

/// A minted disposable token. `Debug` shows its endpoint and expiry, never the token.
#[derive(Clone, PartialEq, Eq)]
pub struct GenerateDisposableTokenResponse {
    auth_token: String,
    endpoint: String,
    expires_at: ExpiresAt,
}

impl GenerateDisposableTokenResponse {
    /// The token as a v1 key: hand it to [`crate::CredentialProvider::from_disposable_token`]
    /// (or the JavaScript `CredentialProvider.fromDisposableToken`).
    pub fn auth_token(&self) -> String {
        self.auth_token.clone()
    }

    /// The base endpoint the token is for.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// When the token stops working.
    pub fn expires_at(&self) -> ExpiresAt {
        self.expires_at
    }
}

impl fmt::Debug for GenerateDisposableTokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenerateDisposableTokenResponse")
            .field("auth_token", &"<redacted>")
            .field("endpoint", &self.endpoint)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Whole seconds from 1 s to 25 h: disposable tokens always expire.
fn lifetime(expires_in: ExpiresIn) -> CacheResult<u32> {
    let Some(valid_for) = expires_in.valid_for() else {
        return Err(CacheError::invalid_argument(
            "expires_in",
            "must be set: disposable tokens always expire",
        ));
    };
    let seconds = valid_for.as_secs();
    if !(1..=MAX_DISPOSABLE_TOKEN_LIFETIME_SECS).contains(&seconds) {
        return Err(CacheError::invalid_argument(
            "expires_in",
            format!(
                "must be 1 s to 25 h ({MAX_DISPOSABLE_TOKEN_LIFETIME_SECS} s), got {seconds} s"
            ),
        ));
    }
    Ok(seconds as u32)
}

pub(crate) fn token_id(token_id: Option<String>) -> CacheResult<String> {
    let token_id = token_id.unwrap_or_default();
    let chars = token_id.chars().count();
    if chars > MAX_TOKEN_ID_CHARS {
        return Err(CacheError::invalid_argument(
            "token_id",
            format!("must be at most {MAX_TOKEN_ID_CHARS} characters, got {chars}"),
        ));
    }
    Ok(token_id)
}

impl<K: Clone + Into<Vec<u8>>> AuthRequest for GenerateDisposableTokenRequest<K> {
    type Response = GenerateDisposableTokenResponse;

    fn prepare(self, context: &AuthContext) -> CacheResult<Prepared<Self::Response>> {
        let request = wire::GenerateDisposableTokenRequest {
            expires: Some(wire::generate_disposable_token_request::Expires {
                valid_for_seconds: lifetime(self.expires_in)?,
            }),
            auth_token: context.caller_key(),
            permissions: Some(to_proto::disposable(&self.scope)?),
            token_id: token_id(self.token_id)?,
        };
        Prepared::without_cache(
            super::GENERATE_DISPOSABLE_TOKEN,
            request,
            |reply: wire::GenerateDisposableTokenResponse| {
                if reply.api_key.is_empty() {
                    return Err(CacheError::unexpected_reply("a minted token with no key"));
                }
                Ok(GenerateDisposableTokenResponse {
                    auth_token: v1_key(&reply.endpoint, &reply.api_key),
                    endpoint: reply.endpoint,
                    expires_at: ExpiresAt::from_epoch(reply.valid_until),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::DisposableTokenScopes;
    use crate::error::ErrorCode;

    fn prepare(request: GenerateDisposableTokenRequest<&'static str>) -> CacheResult<()> {
        request.prepare(&AuthContext::for_tests()).map(drop)
    }

    #[test]
    fn expiry_and_token_id_limits() {
        let scope = || DisposableTokenScopes::cache_key_read_only("c", "k");
        let cases = [
            (ExpiresIn::never(), None, "always expire"),
            (ExpiresIn::seconds(0), None, "got 0 s"),
            (ExpiresIn::seconds(90_001), None, "got 90001 s"),
            (ExpiresIn::seconds(60), Some("x".repeat(65)), "got 65"),
        ];
        for (expires_in, id, expected) in cases {
            let mut request = GenerateDisposableTokenRequest::new(scope(), expires_in);
            if let Some(id) = id {
                request = request.token_id(id);
            }
            let err = prepare(request).unwrap_err();
            assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
            assert!(err.message.contains(expected), "{}", err.message);
        }
        let at_limits = GenerateDisposableTokenRequest::new(scope(), ExpiresIn::hours(25))
            .token_id("é".repeat(64));
        prepare(at_limits).unwrap();
        prepare(GenerateDisposableTokenRequest::new(
            scope(),
            ExpiresIn::seconds(1),
        ))
        .unwrap();
    }

    #[test]
    fn debug_never_shows_the_token() {
        let response = GenerateDisposableTokenResponse {
            auth_token: "the-secret-token".into(),
            endpoint: "e.example".into(),
            expires_at: ExpiresAt::from_epoch(5),
        };
        let shown = format!("{response:?}");
        assert!(!shown.contains("the-secret-token"), "{shown}");
        assert!(shown.contains("e.example"), "{shown}");
    }
}
