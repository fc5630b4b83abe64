//! Minting: disposable tokens (`token.Token/GenerateDisposableToken`) and API keys with
//! their refresh tokens (`auth.Auth/GenerateApiToken`, `RefreshApiToken`), with Momento's
//! limits. Each answer follows the same order: authenticate the caller (`UNAUTHENTICATED`),
//! check the request (`INVALID_ARGUMENT`), then check that the caller may ask for it
//! (`PERMISSION_DENIED`): a credential never hands out more than it holds.

use std::sync::Arc;

use edgecache_proto::auth::{
    GenerateApiTokenRequest, GenerateApiTokenResponse, RefreshApiTokenRequest,
    RefreshApiTokenResponse, generate_api_token_request,
};
use edgecache_proto::token::{GenerateDisposableTokenRequest, GenerateDisposableTokenResponse};
use tonic::Status;
use tonic::metadata::MetadataMap;

use super::from_proto::{Purpose, scope_from_proto};
use super::{Authenticator, Claims, Grant, Kind, Rejection, Scope, now_secs, unauthenticated};

/// The longest a disposable token lives: 25 hours.
pub(crate) const MAX_DISPOSABLE_SECONDS: u64 = 25 * 60 * 60;
/// The longest token id, in characters.
pub(crate) const MAX_TOKEN_ID_CHARS: usize = 64;

/// Answers the token RPCs for one server.
#[derive(Debug, Clone)]
pub(crate) struct Issuer {
    auth: Arc<Authenticator>,
}

impl Issuer {
    pub(crate) fn new(auth: Arc<Authenticator>) -> Self {
        Issuer { auth }
    }

    /// The caller's grant: the credential in the body, as the official SDKs send it, or in
    /// `authorization` when the body has none.
    fn caller(&self, in_body: &str, metadata: &MetadataMap) -> Result<Grant, Status> {
        if !in_body.is_empty() {
            return self.auth.authenticate(in_body);
        }
        self.auth
            .authenticate_headers(&metadata.clone().into_headers())
    }

    pub(crate) fn generate_disposable_token(
        &self,
        request: &GenerateDisposableTokenRequest,
        metadata: &MetadataMap,
    ) -> Result<GenerateDisposableTokenResponse, Status> {
        let caller = self.caller(&request.auth_token, metadata)?;
        let valid_for = match &request.expires {
            None => {
                return Err(Status::invalid_argument(
                    "expires must be set: disposable tokens expire",
                ));
            }
            Some(expires) => u64::from(expires.valid_for_seconds),
        };
        if valid_for == 0 || valid_for > MAX_DISPOSABLE_SECONDS {
            return Err(Status::invalid_argument(format!(
                "expires.valid_for_seconds is {valid_for}; a disposable token lives from 1 second to 25 hours ({MAX_DISPOSABLE_SECONDS} seconds)"
            )));
        }
        check_token_id(&request.token_id)?;
        let scope = scope_from_proto(request.permissions.as_ref(), Purpose::DisposableToken)?;
        if caller.kind() == Some(Kind::Disposable) {
            return Err(Status::permission_denied(
                "Insufficient permissions: a disposable token cannot mint tokens; use an API key",
            ));
        }
        check_within(&caller, &scope)?;
        let now = now_secs();
        if let Some(caller_expiry) = caller.expires_at()
            && now + valid_for > caller_expiry
        {
            return Err(Status::permission_denied(format!(
                "Insufficient permissions: the token would outlive the key that asks for it, which expires at {caller_expiry} (epoch seconds)"
            )));
        }
        let claims = Claims::issue(
            Kind::Disposable,
            Some(scope),
            request.token_id.clone(),
            now,
            Some(valid_for),
        );
        Ok(GenerateDisposableTokenResponse {
            api_key: self.auth.sign(&claims),
            endpoint: self.auth.endpoint().to_owned(),
            valid_until: claims.exp.unwrap_or_default(),
        })
    }

    pub(crate) fn generate_api_token(
        &self,
        request: &GenerateApiTokenRequest,
        metadata: &MetadataMap,
    ) -> Result<GenerateApiTokenResponse, Status> {
        let caller = self.caller(&request.auth_token, metadata)?;
        let valid_for = match &request.expiry {
            None => {
                return Err(Status::invalid_argument(
                    "expiry must be set: never, or expires with valid_for_seconds",
                ));
            }
            Some(generate_api_token_request::Expiry::Never(_)) => None,
            Some(generate_api_token_request::Expiry::Expires(expires)) => {
                if expires.valid_for_seconds == 0 {
                    return Err(Status::invalid_argument(
                        "expires.valid_for_seconds is 0; a key must live at least 1 second",
                    ));
                }
                Some(u64::from(expires.valid_for_seconds))
            }
        };
        check_token_id(&request.token_id)?;
        let scope = scope_from_proto(request.permissions.as_ref(), Purpose::ApiKey)?;
        if !caller.is_super_user() || caller.kind() == Some(Kind::Disposable) {
            return Err(Status::permission_denied(
                "Insufficient permissions: only a super-user key may create API keys",
            ));
        }
        if scope.is_super_user() {
            return Err(Status::permission_denied(
                "Insufficient permissions: super-user keys are made with `edgecache-server mint-key`, not through the API",
            ));
        }
        let (api_key, refresh_token, valid_until) =
            self.key_pair(scope, request.token_id.clone(), now_secs(), valid_for);
        Ok(GenerateApiTokenResponse {
            api_key,
            refresh_token,
            endpoint: self.auth.endpoint().to_owned(),
            valid_until,
        })
    }

    /// A new key with the same scope, token id and lifetime as the one presented, which
    /// must still be valid, and whose refresh token must be the one issued with it.
    pub(crate) fn refresh_api_token(
        &self,
        request: &RefreshApiTokenRequest,
    ) -> Result<RefreshApiTokenResponse, Status> {
        let key = self
            .auth
            .verify(&request.api_key)
            .map_err(unauthenticated)?;
        if key.kind != Kind::Key || key.scope.is_none() {
            return Err(unauthenticated(Rejection::WrongKind));
        }
        let refresh = self
            .auth
            .verify(&request.refresh_token)
            .map_err(unauthenticated)?;
        if refresh.kind != Kind::Refresh || refresh.renews.as_deref() != Some(key.jti.as_str()) {
            return Err(Status::unauthenticated(
                "the refresh token does not belong to this key",
            ));
        }
        let lifetime = key.exp.map(|exp| exp.saturating_sub(key.iat).max(1));
        let scope = key.scope.unwrap_or(Scope::Explicit(Vec::new()));
        let (api_key, refresh_token, valid_until) =
            self.key_pair(scope, key.tid, now_secs(), lifetime);
        Ok(RefreshApiTokenResponse {
            api_key,
            refresh_token,
            endpoint: self.auth.endpoint().to_owned(),
            valid_until,
        })
    }

    /// A signed key and the refresh token that renews it (both expire together), and the
    /// expiry in epoch seconds (0 = never).
    fn key_pair(
        &self,
        scope: Scope,
        token_id: String,
        now: u64,
        valid_for: Option<u64>,
    ) -> (String, String, u64) {
        let key = Claims::issue(Kind::Key, Some(scope), token_id, now, valid_for);
        let mut refresh = Claims::issue(Kind::Refresh, None, String::new(), now, valid_for);
        refresh.renews = Some(key.jti.clone());
        (
            self.auth.sign(&key),
            self.auth.sign(&refresh),
            key.exp.unwrap_or(0),
        )
    }
}

fn check_token_id(token_id: &str) -> Result<(), Status> {
    let chars = token_id.chars().count();
    if chars > MAX_TOKEN_ID_CHARS {
        return Err(Status::invalid_argument(format!(
            "token_id has {chars} characters; at most {MAX_TOKEN_ID_CHARS} are allowed"
        )));
    }
    Ok(())
}

/// `PERMISSION_DENIED` unless the caller holds everything `wanted` allows.
fn check_within(caller: &Grant, wanted: &Scope) -> Result<(), Status> {
    match caller.scope() {
        Some(held) if !held.covers(wanted) => Err(Status::permission_denied(
            "Insufficient permissions: the token would allow more than the key that asks for it",
        )),
        _ => Ok(()),
    }
}
