//! The claims inside this server's tokens, and the v1 key format clients are handed.
//!
//! A token is a compact JWT (HS256) whose payload is [`Claims`]: registered claims (`iss`,
//! `jti`, `iat`, `nbf`, `exp`) plus `kind`, `tid` (the token id chosen by whoever minted a
//! disposable token; published messages carry it as `publisher_id`), `scope` and, for
//! refresh tokens, `renews`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::jwt::ISSUER;
use super::scope::Scope;
use super::secret::random_id;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    /// An API key (from `mint-key` or `GenerateApiToken`): may call the token RPCs.
    Key,
    /// A disposable token: data plane only, at most 25 hours, mints nothing.
    Disposable,
    /// Renews one API key through `RefreshApiToken`; opens nothing by itself.
    Refresh,
}

/// The payload of every token this server signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub(crate) iss: String,
    pub(crate) kind: Kind,
    /// Unique id of this token (128 random bits, hex).
    pub(crate) jti: String,
    /// The token id given when it was minted ("" when none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) tid: String,
    pub(crate) iat: u64,
    pub(crate) nbf: u64,
    /// Epoch seconds from which the token is refused; absent = never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exp: Option<u64>,
    /// What it allows (absent on refresh tokens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) scope: Option<Scope>,
    /// Refresh tokens: the `jti` of the key they renew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) renews: Option<String>,
}

impl Claims {
    /// New claims issued now, valid for `valid_for` seconds (`None` = forever).
    pub(crate) fn issue(
        kind: Kind,
        scope: Option<Scope>,
        token_id: String,
        now: u64,
        valid_for: Option<u64>,
    ) -> Self {
        Claims {
            iss: ISSUER.to_owned(),
            kind,
            jti: random_id(),
            tid: token_id,
            iat: now,
            nbf: now,
            exp: valid_for.map(|secs| now.saturating_add(secs)),
            scope,
            renews: None,
        }
    }
}

/// A credential as the official SDKs read it (`CredentialProvider.fromString`): standard
/// base64 of `{"endpoint": …, "api_key": …}`, whose `api_key` goes in `authorization`.
pub(crate) fn v1_key(endpoint: &str, api_key: &str) -> String {
    let json = serde_json::json!({ "endpoint": endpoint, "api_key": api_key });
    STANDARD.encode(json.to_string())
}

/// Seconds since the Unix epoch.
pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_claims_serialize_compactly() {
        let claims = Claims::issue(
            Kind::Disposable,
            Some(Scope::SuperUser),
            "t1".into(),
            100,
            Some(5),
        );
        assert_eq!(claims.exp, Some(105));
        let json = serde_json::to_value(&claims).unwrap();
        assert_eq!(json["kind"], "disposable");
        assert_eq!(json["tid"], "t1");
        assert!(json.get("renews").is_none());
        let never = Claims::issue(Kind::Key, Some(Scope::SuperUser), String::new(), 100, None);
        let json = serde_json::to_value(&never).unwrap();
        assert!(json.get("exp").is_none() && json.get("tid").is_none());
    }

    #[test]
    fn v1_keys_are_base64_json() {
        let key = v1_key("127.0.0.1:8080", "a.b.c");
        let json: serde_json::Value =
            serde_json::from_slice(&STANDARD.decode(key).unwrap()).unwrap();
        assert_eq!(json["endpoint"], "127.0.0.1:8080");
        assert_eq!(json["api_key"], "a.b.c");
    }
}
