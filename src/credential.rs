//! API keys and the endpoints they lead to. The key itself is kept out of every `Debug`,
//! `Display` and error message.

use std::fmt;
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE};
use miniserde::{Deserialize, Serialize};

use crate::error::CacheError;

/// The value sent in the `authorization` header. Never printed. Clones share one cell, so a
/// [`crate::auth::TokenRefresher`] can swap the token under every client built from the same
/// credential; nothing else replaces it.
#[derive(Clone, Default)]
pub(crate) struct ApiKey(pub(crate) SharedKey);

/// The cell behind [`ApiKey`]. A mutex rather than a lock-free cell: it is locked once per
/// request for a few nanoseconds, never contended on one event loop, and needs no dependency.
#[derive(Clone, Default)]
pub(crate) struct SharedKey(Arc<Mutex<String>>);

impl From<String> for SharedKey {
    fn from(key: String) -> Self {
        SharedKey(Arc::new(Mutex::new(key)))
    }
}

impl From<&str> for SharedKey {
    fn from(key: &str) -> Self {
        key.to_owned().into()
    }
}

impl ApiKey {
    fn cell(&self) -> std::sync::MutexGuard<'_, String> {
        // Nothing panics while holding the lock, but a poisoned lock still holds a whole key.
        self.0
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn expose(&self) -> String {
        self.cell().clone()
    }

    /// Presents `key` from now on, for this key and every clone of it.
    pub(crate) fn replace(&self, key: String) {
        *self.cell() = key;
    }
}

impl PartialEq for ApiKey {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0.0, &other.0.0) || self.expose() == other.expose()
    }
}

impl Eq for ApiKey {}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.cell().is_empty() {
            "<none>"
        } else {
            "<redacted>"
        })
    }
}

/// Where a client connects and the credential it presents.
///
/// ```
/// use edgecache::CredentialProvider;
///
/// // The local edgecache-server, as the quickstart and tests use it.
/// let local = CredentialProvider::local();
/// assert_eq!(local.cache_endpoint(), "http://127.0.0.1:8080");
///
/// // A malformed key names the problem, never the key.
/// let err = CredentialProvider::from_string("not-a-key").unwrap_err();
/// assert!(!err.message.contains("not-a-key"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialProvider {
    api_key: ApiKey,
    cache_endpoint: String,
    control_endpoint: String,
    token_endpoint: String,
    allow_insecure_http: bool,
}

impl fmt::Debug for CredentialProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialProvider")
            .field("api_key", &self.api_key)
            .field("cache_endpoint", &self.cache_endpoint)
            .field("control_endpoint", &self.control_endpoint)
            .field("token_endpoint", &self.token_endpoint)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

/// The JSON inside a v1 API key.
#[derive(Deserialize)]
struct V1Key {
    api_key: Option<String>,
    endpoint: Option<String>,
}

/// The same JSON, written: how minted tokens and keys are handed out.
#[derive(Serialize)]
struct V1KeyOut<'a> {
    endpoint: &'a str,
    api_key: &'a str,
}

/// Wraps a raw credential and its base endpoint as a v1 key (standard base64 of
/// `{"endpoint","api_key"}`), the form the official SDKs hand out and read.
pub(crate) fn v1_key(endpoint: &str, api_key: &str) -> String {
    STANDARD.encode(miniserde::json::to_string(&V1KeyOut { endpoint, api_key }))
}

/// The claims of a JWT-shaped key: `t: "g"` marks a v2 key; `c`/`cp` are a legacy token's hosts.
#[derive(Deserialize)]
struct Claims {
    t: Option<String>,
    c: Option<String>,
    cp: Option<String>,
}

fn key_error(problem: &str) -> CacheError {
    CacheError::invalid_argument("api_key", problem)
}

/// Accepts padded or unpadded input, so keys copied without trailing `=` still parse.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);

fn decode_base64_any(text: &str) -> Option<Vec<u8>> {
    [
        GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT),
        GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT),
    ]
    .iter()
    .find_map(|engine| engine.decode(text).ok())
    .or_else(|| STANDARD.decode(text).ok())
    .or_else(|| URL_SAFE.decode(text).ok())
}

/// The claims of a three-segment JWT-shaped string, if it is one.
fn jwt_claims(key: &str) -> Option<Claims> {
    let mut segments = key.split('.');
    let (_, claims, _) = (segments.next()?, segments.next()?, segments.next()?);
    if segments.next().is_some() {
        return None;
    }
    let json = String::from_utf8(decode_base64_any(claims)?).ok()?;
    miniserde::json::from_str(&json).ok()
}

/// The data, control and token URLs of a Momento base endpoint.
fn web_endpoints(host: &str) -> Endpoints {
    Endpoints {
        cache: format!("https://web.cache.{host}"),
        control: format!("https://web.control.{host}"),
        token: format!("https://web.token.{host}"),
    }
}

struct Endpoints {
    cache: String,
    control: String,
    token: String,
}

impl Endpoints {
    /// One origin for everything, as a local server or an override serves it.
    fn single(url: String) -> Self {
        Endpoints {
            cache: url.clone(),
            control: url.clone(),
            token: url,
        }
    }
}

/// `https://` is assumed when no scheme is given; any other scheme is kept, so that building
/// the client rejects it by name instead of silently reading it as part of a host.
fn with_scheme(url: &str) -> String {
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    }
}

impl CredentialProvider {
    /// Reads a Momento API key: a v1 key (base64 JSON holding `api_key` and `endpoint`) or a
    /// legacy token. A v2 key carries no endpoint; use [`Self::from_api_key_v2`] for it.
    pub fn from_string(key: impl AsRef<str>) -> Result<Self, CacheError> {
        let key = key.as_ref().trim();
        if key.is_empty() {
            return Err(key_error("is empty"));
        }
        if let Some(claims) = jwt_claims(key) {
            if claims.t.as_deref() == Some("g") {
                return Err(key_error(
                    "is a v2 key, which carries no endpoint: use CredentialProvider::from_api_key_v2(key, endpoint) or set MOMENTO_ENDPOINT with from_env_var",
                ));
            }
            let (Some(cache), Some(control)) = (claims.c, claims.cp) else {
                return Err(key_error(
                    "is a token without the `c` and `cp` endpoint claims",
                ));
            };
            // A legacy token names its data and control hosts; its token host is the data
            // host's sibling, as the official SDKs derive it.
            let token = match cache.split_once('.') {
                Some(("cache", rest)) => format!("https://web.token.{rest}"),
                _ => format!("https://web.{cache}"),
            };
            return Self::with_key(
                key.to_owned(),
                Endpoints {
                    cache: format!("https://web.{cache}"),
                    control: format!("https://web.{control}"),
                    token,
                },
            );
        }
        let json = decode_base64_any(key).ok_or_else(|| {
            key_error("is neither base64 JSON (a v1 key) nor a JWT-shaped v2 key")
        })?;
        let v1: V1Key = std::str::from_utf8(&json)
            .ok()
            .and_then(|text| miniserde::json::from_str(text).ok())
            .ok_or_else(|| key_error("decodes from base64 but not to a JSON object"))?;
        let api_key = v1
            .api_key
            .filter(|k| !k.is_empty())
            .ok_or_else(|| key_error("JSON has no `api_key` member"))?;
        let endpoint = v1
            .endpoint
            .filter(|e| !e.is_empty())
            .ok_or_else(|| key_error("JSON has no `endpoint` member"))?;
        Self::with_key(api_key, web_endpoints(&endpoint))
    }

    /// A disposable token, as [`crate::AuthClient::generate_disposable_token`] hands it out
    /// (a v1 key: it carries its endpoint). For a local server, follow with
    /// [`Self::endpoint_override`], since the token names the server's `host:port` and not a
    /// Momento base endpoint.
    ///
    /// ```
    /// use edgecache::CredentialProvider;
    ///
    /// let err = CredentialProvider::from_disposable_token("").unwrap_err();
    /// assert_eq!(err.error_code, edgecache::ErrorCode::InvalidArgumentError);
    /// ```
    pub fn from_disposable_token(token: impl AsRef<str>) -> Result<Self, CacheError> {
        Self::from_string(token).map_err(|mut err| {
            err.message = err.message.replacen("api_key", "disposable token", 1);
            err
        })
    }

    /// A v2 API key with the base endpoint it belongs to, e.g.
    /// `cell-4-us-west-2-1.prod.a.momentohq.com`.
    pub fn from_api_key_v2(
        key: impl AsRef<str>,
        endpoint: impl AsRef<str>,
    ) -> Result<Self, CacheError> {
        let key = key.as_ref().trim();
        if key.is_empty() {
            return Err(key_error("is empty"));
        }
        if jwt_claims(key).and_then(|c| c.t).as_deref() != Some("g") {
            return Err(key_error(
                "is not a v2 key (a JWT-shaped string whose claims hold \"t\": \"g\")",
            ));
        }
        let endpoint = endpoint.as_ref().trim();
        if endpoint.is_empty() {
            return Err(CacheError::invalid_argument("endpoint", "is empty"));
        }
        Self::with_key(key.to_owned(), web_endpoints(endpoint))
    }

    /// Reads a key from the environment variable `name` (usually `MOMENTO_API_KEY`). A v2 key
    /// takes its endpoint from `MOMENTO_ENDPOINT`; a v1 key carries its own.
    pub fn from_env_var(name: impl AsRef<str>) -> Result<Self, CacheError> {
        let name = name.as_ref();
        let key = std::env::var(name)
            .map_err(|_| CacheError::invalid_argument(name, "is not set or not valid UTF-8"))?;
        if jwt_claims(key.trim()).and_then(|c| c.t).as_deref() == Some("g") {
            let endpoint = std::env::var("MOMENTO_ENDPOINT").map_err(|_| {
                CacheError::invalid_argument(
                    "MOMENTO_ENDPOINT",
                    format!("must be set: {name} holds a v2 key, which carries no endpoint"),
                )
            })?;
            return Self::from_api_key_v2(key, endpoint);
        }
        Self::from_string(key)
    }

    /// A v2 API key from the environment variable `api_key_env_var` and its base endpoint
    /// from `endpoint_env_var`, as [`Self::from_api_key_v2`] takes them.
    pub fn from_env_var_v2(
        api_key_env_var: impl AsRef<str>,
        endpoint_env_var: impl AsRef<str>,
    ) -> Result<Self, CacheError> {
        let read = |name: &str| {
            if name.is_empty() {
                return Err(CacheError::invalid_argument(
                    "environment variable name",
                    "is empty",
                ));
            }
            std::env::var(name)
                .map_err(|_| CacheError::invalid_argument(name, "is not set or not valid UTF-8"))
        };
        let key = read(api_key_env_var.as_ref())?;
        let endpoint = read(endpoint_env_var.as_ref())?;
        Self::from_api_key_v2(key, endpoint)
    }

    /// [`Self::from_env_var_v2`] with `MOMENTO_API_KEY` and `MOMENTO_ENDPOINT`.
    pub fn from_default_env_var_v2() -> Result<Self, CacheError> {
        Self::from_env_var_v2("MOMENTO_API_KEY", "MOMENTO_ENDPOINT")
    }

    /// The local edgecache-server at `http://127.0.0.1:8080`, without authentication.
    pub fn local() -> Self {
        Self::local_at("127.0.0.1", 8080)
    }

    /// A local server at `http://host:port`, without authentication.
    pub fn local_at(host: &str, port: u16) -> Self {
        let url = if host.contains(':') && !host.starts_with('[') {
            format!("http://[{host}]:{port}")
        } else {
            format!("http://{host}:{port}")
        };
        Self::at(ApiKey::default(), Endpoints::single(url))
    }

    fn at(api_key: ApiKey, endpoints: Endpoints) -> Self {
        CredentialProvider {
            api_key,
            cache_endpoint: endpoints.cache,
            control_endpoint: endpoints.control,
            token_endpoint: endpoints.token,
            allow_insecure_http: false,
        }
    }

    fn with_key(api_key: String, endpoints: Endpoints) -> Result<Self, CacheError> {
        if !api_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(key_error(
                "contains characters that cannot be sent in an HTTP header",
            ));
        }
        Ok(Self::at(ApiKey(api_key.into()), endpoints))
    }

    /// Presents `key` as-is in the `authorization` header, for example to a local server
    /// started with `--api-key`.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Result<Self, CacheError> {
        let key = key.into();
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(key_error(
                "contains characters that cannot be sent in an HTTP header",
            ));
        }
        self.api_key = ApiKey(key.into());
        Ok(self)
    }

    /// Derives the endpoints from another base endpoint: `https://web.cache.<base>`,
    /// `https://web.control.<base>` and `https://web.token.<base>`.
    pub fn base_endpoint(self, base: &str) -> Self {
        self.with_endpoints(web_endpoints(base.trim()))
    }

    fn with_endpoints(mut self, endpoints: Endpoints) -> Self {
        self.cache_endpoint = endpoints.cache;
        self.control_endpoint = endpoints.control;
        self.token_endpoint = endpoints.token;
        self
    }

    /// Sends data and control calls to `url` verbatim (`https://` is assumed when no scheme is
    /// given). Plain `http://` is accepted only for loopback hosts unless
    /// [`Self::allow_insecure_http`] is set.
    pub fn endpoint_override(self, url: &str) -> Self {
        self.with_endpoints(Endpoints::single(with_scheme(url.trim())))
    }

    /// The `momento` crate's name for [`Self::endpoint_override`]: every call goes to `url`,
    /// over TLS unless the URL says `http://` (to a loopback host).
    pub fn full_endpoint_override(self, url: &str) -> Self {
        self.endpoint_override(url)
    }

    /// Every call goes to `url` over TLS: a URL without a scheme, or with `http://`, gets
    /// `https://`.
    pub fn secure_endpoint_override(self, url: &str) -> Self {
        let url = url.trim();
        let host = url.strip_prefix("http://").unwrap_or(url);
        self.endpoint_override(&with_scheme(host))
    }

    /// Sends data and control calls to `url` over plain `http://`, to any host (the
    /// `momento` crate's name for [`Self::endpoint_override`] plus
    /// [`Self::allow_insecure_http`]). A URL without a scheme gets `http://`.
    pub fn insecure_endpoint_override(self, url: &str) -> Self {
        let url = url.trim();
        let url = if url.contains("://") {
            url.to_owned()
        } else {
            format!("http://{url}")
        };
        self.endpoint_override(&url).allow_insecure_http()
    }

    /// Permits plain `http://` to hosts other than loopback. The key then crosses the network
    /// unencrypted, so use it only on networks you trust.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The URL data-plane calls go to.
    pub fn cache_endpoint(&self) -> &str {
        &self.cache_endpoint
    }

    /// The URL control-plane calls go to.
    pub fn control_endpoint(&self) -> &str {
        &self.control_endpoint
    }

    /// The URL disposable tokens are minted at (`token.Token`).
    pub fn token_endpoint(&self) -> &str {
        &self.token_endpoint
    }

    /// The same credential with data calls sent to the token endpoint: what an
    /// [`crate::AuthClient`] connects with.
    pub(crate) fn for_token_service(&self) -> Self {
        let mut token = self.clone();
        token.cache_endpoint = self.token_endpoint.clone();
        token
    }

    pub(crate) fn api_key(&self) -> &ApiKey {
        &self.api_key
    }

    pub(crate) fn insecure_http_allowed(&self) -> bool {
        self.allow_insecure_http
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v1(json: &str) -> String {
        STANDARD.encode(json)
    }

    fn v2_key() -> String {
        let part = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.{}",
            part(r#"{"alg":"HS512","typ":"JWT"}"#),
            part(r#"{"t":"g","jti":"some-id"}"#),
            "c2lnbmF0dXJl"
        )
    }

    #[test]
    fn v1_key_gives_web_endpoints_and_inner_key() {
        let creds = CredentialProvider::from_string(v1(
            r#"{"api_key":"secret-token","endpoint":"cell-1.example.com"}"#,
        ))
        .unwrap();
        assert_eq!(
            creds.cache_endpoint(),
            "https://web.cache.cell-1.example.com"
        );
        assert_eq!(
            creds.control_endpoint(),
            "https://web.control.cell-1.example.com"
        );
        assert_eq!(creds.api_key().expose(), "secret-token");
    }

    #[test]
    fn v1_key_in_url_safe_alphabet_without_padding_parses() {
        let json = r#"{"api_key":"k??>","endpoint":"e.example"}"#;
        let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        assert!(
            key.contains('_') || key.contains('-'),
            "test needs a URL-safe-only key: {key}"
        );
        assert_eq!(
            CredentialProvider::from_string(&key)
                .unwrap()
                .api_key()
                .expose(),
            "k??>"
        );
    }

    #[test]
    fn v2_key_needs_and_takes_an_endpoint() {
        let key = v2_key();
        let err = CredentialProvider::from_string(&key).unwrap_err();
        assert!(err.message.contains("v2"), "{}", err.message);
        let creds = CredentialProvider::from_api_key_v2(&key, "cell-2.example.com").unwrap();
        assert_eq!(
            creds.cache_endpoint(),
            "https://web.cache.cell-2.example.com"
        );
        assert_eq!(creds.api_key().expose(), key);
    }

    #[test]
    fn legacy_token_uses_its_claims() {
        let part = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let token = format!(
            "{}.{}.sig",
            part("{}"),
            part(r#"{"c":"cache.x.example","cp":"control.x.example"}"#)
        );
        let creds = CredentialProvider::from_string(token).unwrap();
        assert_eq!(creds.cache_endpoint(), "https://web.cache.x.example");
        assert_eq!(creds.control_endpoint(), "https://web.control.x.example");
    }

    #[test]
    fn malformed_keys_name_the_problem_and_never_echo_the_key() {
        let secret = "SUPERSECRET";
        let cases = [
            (String::new(), "is empty"),
            (format!("{secret}!!"), "neither base64 JSON"),
            (
                STANDARD.encode(format!("[{secret:?}]")),
                "not to a JSON object",
            ),
            (
                v1(&format!(r#"{{"endpoint":"{secret}.example"}}"#)),
                "no `api_key`",
            ),
            (v1(&format!(r#"{{"api_key":"{secret}"}}"#)), "no `endpoint`"),
            (
                v1(&format!(r#"{{"api_key":"{secret} x","endpoint":"e"}}"#)),
                "HTTP header",
            ),
        ];
        for (key, expected) in cases {
            let err = CredentialProvider::from_string(&key).unwrap_err();
            assert_eq!(err.error_code, crate::ErrorCode::InvalidArgumentError);
            assert!(err.message.contains(expected), "{key:?}: {}", err.message);
            assert!(!err.message.contains(secret), "{}", err.message);
            assert!(!format!("{err:?}").contains(secret));
        }
    }

    #[test]
    fn debug_output_redacts_the_key() {
        let creds = CredentialProvider::from_string(v1(
            r#"{"api_key":"SUPERSECRET","endpoint":"e.example"}"#,
        ))
        .unwrap();
        let debug = format!("{creds:?}");
        assert!(!debug.contains("SUPERSECRET"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn overrides_and_local_endpoints() {
        assert_eq!(
            CredentialProvider::local_at("::1", 9000).cache_endpoint(),
            "http://[::1]:9000"
        );
        let creds = CredentialProvider::local().base_endpoint("cell.example");
        assert_eq!(creds.cache_endpoint(), "https://web.cache.cell.example");
        let creds = CredentialProvider::local().endpoint_override("cache.internal:8443");
        assert_eq!(creds.cache_endpoint(), "https://cache.internal:8443");
        assert_eq!(creds.control_endpoint(), "https://cache.internal:8443");
        assert_eq!(creds.token_endpoint(), "https://cache.internal:8443");
        let token = creds.for_token_service();
        assert_eq!(token.cache_endpoint(), "https://cache.internal:8443");
    }

    #[test]
    fn minted_tokens_round_trip_with_their_token_endpoint() {
        // `?>` makes the standard alphabet's `+` or `/` appear, which must parse back.
        let wrapped = v1_key("cell-3.example", "tok?>en\"quoted\"");
        let creds = CredentialProvider::from_disposable_token(&wrapped).unwrap();
        assert_eq!(creds.api_key().expose(), "tok?>en\"quoted\"");
        assert_eq!(creds.token_endpoint(), "https://web.token.cell-3.example");
        assert_eq!(
            creds.for_token_service().cache_endpoint(),
            "https://web.token.cell-3.example"
        );
        assert_eq!(
            creds.control_endpoint(),
            "https://web.control.cell-3.example"
        );
        let err = CredentialProvider::from_disposable_token("not a token").unwrap_err();
        assert!(
            err.message.starts_with("disposable token"),
            "{}",
            err.message
        );
    }

    #[test]
    fn env_var_reads_v1_and_v2_keys() {
        // SAFETY: this is the only test that touches these variables.
        unsafe {
            std::env::set_var(
                "EDGECACHE_TEST_KEY_V1",
                v1(r#"{"api_key":"t","endpoint":"v1.example"}"#),
            );
            std::env::set_var("EDGECACHE_TEST_KEY_V2", v2_key());
            std::env::remove_var("MOMENTO_ENDPOINT");
        }
        assert_eq!(
            CredentialProvider::from_env_var("EDGECACHE_TEST_KEY_V1")
                .unwrap()
                .cache_endpoint(),
            "https://web.cache.v1.example"
        );
        let err = CredentialProvider::from_env_var("EDGECACHE_TEST_KEY_V2").unwrap_err();
        assert!(
            err.message.starts_with("MOMENTO_ENDPOINT"),
            "{}",
            err.message
        );
        unsafe { std::env::set_var("MOMENTO_ENDPOINT", "v2.example") };
        assert_eq!(
            CredentialProvider::from_env_var("EDGECACHE_TEST_KEY_V2")
                .unwrap()
                .cache_endpoint(),
            "https://web.cache.v2.example"
        );
        assert!(CredentialProvider::from_env_var("EDGECACHE_TEST_KEY_MISSING").is_err());

        // The v2 pair, named or by the default names.
        unsafe { std::env::set_var("EDGECACHE_TEST_ENDPOINT", "named.example") };
        assert_eq!(
            CredentialProvider::from_env_var_v2("EDGECACHE_TEST_KEY_V2", "EDGECACHE_TEST_ENDPOINT")
                .unwrap()
                .cache_endpoint(),
            "https://web.cache.named.example"
        );
        let err = CredentialProvider::from_env_var_v2("EDGECACHE_TEST_KEY_V2", "").unwrap_err();
        assert_eq!(err.error_code, crate::ErrorCode::InvalidArgumentError);
        let err = CredentialProvider::from_env_var_v2("EDGECACHE_TEST_KEY_V1", "MOMENTO_ENDPOINT")
            .unwrap_err();
        assert!(err.message.contains("not a v2 key"), "{}", err.message);
        unsafe { std::env::remove_var("MOMENTO_API_KEY") };
        let err = CredentialProvider::from_default_env_var_v2().unwrap_err();
        assert!(
            err.message.starts_with("MOMENTO_API_KEY"),
            "{}",
            err.message
        );
        unsafe { std::env::set_var("MOMENTO_API_KEY", v2_key()) };
        assert_eq!(
            CredentialProvider::from_default_env_var_v2()
                .unwrap()
                .control_endpoint(),
            "https://web.control.v2.example"
        );
    }

    #[test]
    fn momento_endpoint_overrides() {
        let provider = CredentialProvider::local();
        let secure = provider
            .clone()
            .secure_endpoint_override("http://10.0.0.1:9000");
        assert_eq!(secure.cache_endpoint(), "https://10.0.0.1:9000");
        assert!(!secure.insecure_http_allowed());
        let full = provider.full_endpoint_override("host.example:443");
        assert_eq!(full.cache_endpoint(), "https://host.example:443");
        assert_eq!(full.control_endpoint(), "https://host.example:443");
    }
}
