//! Authentication and permissions: which credential a request carries, and what it may do.
//!
//! - **Open** (no `--auth-secret-file`, no `--api-key`): nothing is checked, as a local
//!   development server should be. The token RPCs still answer, signing with a secret made
//!   at start, so code written against a real account runs unchanged.
//! - **Keys**: every request except `Ping` carries a credential in `authorization` (the token
//!   RPCs may carry it in their body instead, as the official SDKs do). A credential is
//!   either the fixed `--api-key` (a super user, compared byte for byte) or a token this
//!   server signed with its secret ([`jwt`]): an API key, or a disposable token.
//!
//! The gate in front of the services ([`crate::grpc`]) authenticates and attaches a
//! [`Grant`] to the request; control-plane calls need a super user there; the data-plane
//! services check each item or topic a call touches ([`access`]) before touching the store.
//! A refused request reads and writes nothing.

pub(crate) mod access;
mod claims;
mod from_proto;
pub(crate) mod issue;
mod jwt;
mod scope;
mod secret;

use std::sync::Arc;

use http::HeaderMap;
use subtle::ConstantTimeEq;
use tonic::Status;

pub(crate) use claims::{Claims, Kind, now_secs, v1_key};
pub(crate) use jwt::Rejection;
pub(crate) use scope::{Need, Resource, Scope};
pub use secret::AuthSecret;

use jwt::Hs256;

/// Who is calling and what they may do. The gate attaches one to every gRPC request.
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    /// `None` on an open server: everything is allowed.
    scope: Option<Arc<Scope>>,
    /// What kind of token authenticated the call (`None`: the fixed key, or an open server).
    kind: Option<Kind>,
    token_id: Arc<str>,
    expires_at: Option<u64>,
}

impl Grant {
    /// Everything allowed, nobody in particular.
    pub(crate) fn open() -> Self {
        Grant {
            scope: None,
            kind: None,
            token_id: Arc::from(""),
            expires_at: None,
        }
    }

    fn super_user() -> Self {
        Grant {
            scope: Some(Arc::new(Scope::SuperUser)),
            ..Grant::open()
        }
    }

    fn from_claims(claims: Claims, enforced: bool) -> Self {
        Grant {
            scope: enforced.then(|| Arc::new(claims.scope.unwrap_or(Scope::Explicit(Vec::new())))),
            kind: Some(claims.kind),
            token_id: Arc::from(claims.tid),
            expires_at: claims.exp,
        }
    }

    /// The token id given when the token was minted; "" for keys without one.
    pub(crate) fn token_id(&self) -> &str {
        &self.token_id
    }

    /// Epoch seconds at which the credential stops working.
    pub(crate) fn expires_at(&self) -> Option<u64> {
        self.expires_at
    }

    pub(crate) fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// The scope checked against, `None` when nothing is checked.
    pub(crate) fn scope(&self) -> Option<&Scope> {
        self.scope.as_deref()
    }

    pub(crate) fn is_super_user(&self) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|scope| scope.is_super_user())
    }

    /// `PERMISSION_DENIED` unless `need` on `resource` is allowed.
    pub(crate) fn check(&self, need: Need, resource: Resource<'_>) -> Result<(), Status> {
        match &self.scope {
            Some(scope) if !scope.allows(need, resource) => Err(denied(need, resource)),
            _ => Ok(()),
        }
    }

    /// `PERMISSION_DENIED` unless this is a super user: cache management is for them only.
    pub(crate) fn check_control_plane(&self) -> Result<(), Status> {
        if self.is_super_user() {
            Ok(())
        } else {
            Err(Status::permission_denied(
                "Insufficient permissions: this credential allows data operations only; creating, deleting, listing and flushing caches needs a super-user key",
            ))
        }
    }
}

fn denied(need: Need, resource: Resource<'_>) -> Status {
    let verb = match need {
        Need::Read => "read",
        Need::Write => "write",
        Need::ReadWrite => "read and write",
    };
    let what = match resource {
        Resource::Item { cache, key } => format!(
            "{verb} item {:?} of cache {cache:?}",
            String::from_utf8_lossy(&key[..key.len().min(64)])
        ),
        Resource::Topic { cache, topic } => {
            let action = match need {
                Need::Read => "subscribe to",
                Need::Write => "publish to",
                Need::ReadWrite => "publish to and subscribe to",
            };
            format!("{action} topic {topic:?} of cache {cache:?}")
        }
    };
    Status::permission_denied(format!(
        "Insufficient permissions: this credential may not {what}"
    ))
}

/// The grant the gate attached to a request; an open grant when there is none (services
/// used on their own, without the server's gate, check nothing).
pub(crate) fn grant_of<T>(request: &tonic::Request<T>) -> Grant {
    request
        .extensions()
        .get::<Grant>()
        .cloned()
        .unwrap_or_else(Grant::open)
}

/// The fixed `--api-key`: a super-user credential compared in constant time.
#[derive(Clone)]
struct FixedKey(Box<[u8]>);

impl FixedKey {
    fn matches(&self, credential: &str) -> bool {
        bool::from(credential.as_bytes().ct_eq(&self.0))
    }
}

/// The server's credentials: its signing key, the fixed key if any, and the endpoint it
/// writes into the keys and tokens it issues.
pub(crate) struct Authenticator {
    signer: Hs256,
    /// Whether credentials are required (a secret or a fixed key was configured).
    enforced: bool,
    fixed_key: Option<FixedKey>,
    endpoint: String,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("enforced", &self.enforced)
            .field("fixed_key", &self.fixed_key.as_ref().map(|_| "<redacted>"))
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    /// Credentials are required once a secret or a fixed key is given. Without a secret,
    /// tokens are signed with one made now, so they work until the server stops.
    pub(crate) fn new(
        secret: Option<&AuthSecret>,
        fixed_key: Option<&str>,
        endpoint: String,
    ) -> Self {
        let enforced = secret.is_some() || fixed_key.is_some();
        let secret = secret.cloned().unwrap_or_else(AuthSecret::generate);
        Authenticator {
            signer: Hs256::new(secret.bytes()),
            enforced,
            fixed_key: fixed_key.map(|k| FixedKey(k.as_bytes().into())),
            endpoint,
        }
    }

    /// The endpoint written into issued keys and tokens.
    pub(crate) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Signs claims with the server's secret.
    pub(crate) fn sign(&self, claims: &Claims) -> String {
        self.signer.sign(claims)
    }

    /// Checks a token signed by this server (any kind) and returns its claims.
    pub(crate) fn verify(&self, token: &str) -> Result<Claims, Rejection> {
        let claims: Claims = self.signer.verify(token)?;
        // `jsonwebtoken` accepts a token during the second its `exp` names; ours stop then.
        if claims.exp.is_some_and(|exp| now_secs() >= exp) {
            return Err(Rejection::Expired);
        }
        Ok(claims)
    }

    /// The grant of a credential presented as an API key or a disposable token.
    pub(crate) fn authenticate(&self, credential: &str) -> Result<Grant, Status> {
        if self
            .fixed_key
            .as_ref()
            .is_some_and(|key| key.matches(credential))
        {
            return Ok(Grant::super_user());
        }
        match self.verify(credential) {
            Ok(claims) if claims.kind != Kind::Refresh => {
                Ok(Grant::from_claims(claims, self.enforced))
            }
            Ok(_) => Err(unauthenticated(Rejection::WrongKind)),
            Err(_) if !self.enforced => Ok(Grant::open()),
            Err(rejection) => Err(unauthenticated(rejection)),
        }
    }

    /// The grant of a request's `authorization` header. On an open server a missing or
    /// unreadable credential is no error; a valid token still names its token id.
    pub(crate) fn authenticate_headers(&self, headers: &HeaderMap) -> Result<Grant, Status> {
        let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
        let credential = match (values.next(), values.next()) {
            (None, _) if !self.enforced => return Ok(Grant::open()),
            (None, _) => {
                return Err(Status::unauthenticated(
                    "missing credential: send an API key or token in `authorization`",
                ));
            }
            (Some(_), Some(_)) if self.enforced => {
                return Err(Status::unauthenticated(
                    "more than one `authorization` header",
                ));
            }
            (Some(value), _) => value.to_str().unwrap_or_default(),
        };
        self.authenticate(credential)
    }

    /// Whether the headers carry a super-user credential (or nothing is checked): the
    /// admin endpoints' rule.
    pub(crate) fn admits_admin(&self, headers: &HeaderMap) -> bool {
        self.authenticate_headers(headers)
            .is_ok_and(|grant| grant.is_super_user())
    }
}

/// A new super-user API key in the v1 format (what `edgecache-server mint-key` prints):
/// base64 of `{"endpoint": endpoint, "api_key": <token signed with secret>}`. It never
/// expires unless `expires_in_seconds` is given.
pub fn mint_super_user_key(
    secret: &AuthSecret,
    endpoint: &str,
    expires_in_seconds: Option<u64>,
) -> String {
    let signer = Hs256::new(secret.bytes());
    let claims = Claims::issue(
        Kind::Key,
        Some(Scope::SuperUser),
        String::new(),
        now_secs(),
        expires_in_seconds,
    );
    v1_key(endpoint, &signer.sign(&claims))
}

/// `UNAUTHENTICATED` naming why, never the credential.
pub(crate) fn unauthenticated(rejection: Rejection) -> Status {
    Status::unauthenticated(rejection.describe())
}

/// gRPC paths that need no credential: `cache_client.Ping` (clients send no key on Ping).
pub(crate) fn is_public_grpc_path(path: &str) -> bool {
    path.starts_with("/cache_client.Ping/")
}

/// gRPC paths whose credential travels in the request body (`auth_token` / `api_key`), as
/// the official SDKs send it: the token and API-key services.
pub(crate) fn is_token_service_path(path: &str) -> bool {
    path.starts_with("/token.Token/") || path.starts_with("/auth.Auth/")
}

/// gRPC paths of the control plane (cache management): super users only.
pub(crate) fn is_control_plane_path(path: &str) -> bool {
    path.starts_with("/control_client.ScsControl/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "test secret, thirty-two bytes long at least";

    fn headers(value: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = value {
            headers.insert("authorization", value.parse().unwrap());
        }
        headers
    }

    fn token(auth: &Authenticator, kind: Kind, scope: Scope, valid_for: Option<u64>) -> String {
        auth.sign(&Claims::issue(
            kind,
            Some(scope),
            "tid-1".into(),
            now_secs(),
            valid_for,
        ))
    }

    #[test]
    fn the_fixed_key_is_a_super_user_matched_exactly() {
        let auth = Authenticator::new(None, Some("fixed-key"), "e".into());
        assert!(auth.enforced);
        assert!(auth.authenticate("fixed-key").unwrap().is_super_user());
        for bad in [
            None,
            Some("fixed-ke"),
            Some("Bearer fixed-key"),
            Some("fixed-key "),
        ] {
            let err = auth.authenticate_headers(&headers(bad)).unwrap_err();
            assert_eq!(err.code(), tonic::Code::Unauthenticated, "{bad:?}");
        }
        let mut twice = headers(Some("fixed-key"));
        twice.append("authorization", "fixed-key".parse().unwrap());
        assert!(auth.authenticate_headers(&twice).is_err());
        assert!(!format!("{auth:?}").contains("fixed-key"));
    }

    #[test]
    fn signed_tokens_carry_their_scope_and_token_id() {
        let secret = AuthSecret::new(SECRET).unwrap();
        let auth = Authenticator::new(Some(&secret), None, "e".into());
        let scope = Scope::Explicit(Vec::new());
        let grant = auth
            .authenticate(&token(&auth, Kind::Disposable, scope.clone(), Some(60)))
            .unwrap();
        assert_eq!(grant.scope(), Some(&scope));
        assert_eq!(grant.token_id(), "tid-1");
        assert_eq!(grant.kind(), Some(Kind::Disposable));
        assert!(grant.expires_at().is_some());
        assert!(grant.check_control_plane().is_err());

        let refresh = token(&auth, Kind::Refresh, scope, Some(60));
        assert_eq!(
            auth.authenticate(&refresh).unwrap_err().message(),
            Rejection::WrongKind.describe()
        );
        let expired = auth.sign(&Claims::issue(
            Kind::Key,
            Some(Scope::SuperUser),
            String::new(),
            now_secs() - 10,
            Some(10),
        ));
        assert_eq!(
            auth.authenticate(&expired).unwrap_err().message(),
            Rejection::Expired.describe()
        );
    }

    #[test]
    fn an_open_server_checks_nothing_but_reads_token_ids() {
        let auth = Authenticator::new(None, None, "e".into());
        assert!(!auth.enforced);
        assert!(
            auth.authenticate_headers(&headers(None))
                .unwrap()
                .is_super_user()
        );
        assert!(
            auth.authenticate_headers(&headers(Some("junk")))
                .unwrap()
                .is_super_user()
        );
        let scoped = token(
            &auth,
            Kind::Disposable,
            Scope::Explicit(Vec::new()),
            Some(60),
        );
        let grant = auth.authenticate_headers(&headers(Some(&scoped))).unwrap();
        assert_eq!(grant.token_id(), "tid-1");
        assert!(grant.scope().is_none(), "nothing is enforced");
        assert!(auth.admits_admin(&headers(None)));
    }

    #[test]
    fn admin_needs_a_super_user() {
        let secret = AuthSecret::new(SECRET).unwrap();
        let auth = Authenticator::new(Some(&secret), None, "e".into());
        let key = token(&auth, Kind::Key, Scope::SuperUser, None);
        let scoped = token(&auth, Kind::Key, Scope::Explicit(Vec::new()), None);
        assert!(auth.admits_admin(&headers(Some(&key))));
        assert!(!auth.admits_admin(&headers(Some(&scoped))));
        assert!(!auth.admits_admin(&headers(None)));
    }

    #[test]
    fn path_classes() {
        assert!(is_public_grpc_path("/cache_client.Ping/Ping"));
        assert!(!is_public_grpc_path("/cache_client.Scs/Get"));
        assert!(is_token_service_path(
            "/token.Token/GenerateDisposableToken"
        ));
        assert!(is_token_service_path("/auth.Auth/RefreshApiToken"));
        assert!(is_control_plane_path(
            "/control_client.ScsControl/CreateCache"
        ));
        assert!(!is_control_plane_path(
            "/cache_client.pubsub.Pubsub/Publish"
        ));
    }
}
