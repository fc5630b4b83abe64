//! Credentials for JavaScript. The key is parsed and kept here, in wasm memory: JavaScript
//! objects hold only a handle, so no `console.log`, `JSON.stringify` or error message on the
//! JavaScript side can show it. Errors name the problem, never the key (see `credential.rs`).

use wasm_bindgen::prelude::*;

use super::convert;
use crate::credential::CredentialProvider;
use crate::error::{CacheError, CacheResult};

/// A parsed credential: where to connect and the key to present.
#[wasm_bindgen]
pub struct WasmCredentials(CredentialProvider);

fn thrown(result: CacheResult<CredentialProvider>) -> Result<WasmCredentials, JsValue> {
    result
        .map(WasmCredentials)
        .map_err(|e| convert::error_value(&e))
}

#[wasm_bindgen]
impl WasmCredentials {
    /// A Momento API key (v1 or a legacy token).
    #[wasm_bindgen(js_name = fromString)]
    pub fn from_string(api_key: &JsValue) -> Result<WasmCredentials, JsValue> {
        thrown(convert::string("apiKey", api_key).and_then(CredentialProvider::from_string))
    }

    /// A v2 API key with the endpoint it belongs to.
    #[wasm_bindgen(js_name = fromApiKeyV2)]
    pub fn from_api_key_v2(
        api_key: &JsValue,
        endpoint: &JsValue,
    ) -> Result<WasmCredentials, JsValue> {
        thrown((|| {
            CredentialProvider::from_api_key_v2(
                convert::string("apiKey", api_key)?,
                convert::string("endpoint", endpoint)?,
            )
        })())
    }

    /// What `CredentialProvider::from_env_var` does, with the environment read by JavaScript:
    /// `value` is the variable `name`, `endpoint` is `MOMENTO_ENDPOINT` (either may be
    /// `undefined`). A v2 key needs the endpoint; a v1 key carries its own.
    #[wasm_bindgen(js_name = fromEnvironment)]
    pub fn from_environment(
        name: &str,
        value: &JsValue,
        endpoint: &JsValue,
    ) -> Result<WasmCredentials, JsValue> {
        thrown((|| {
            let key = value
                .as_string()
                .ok_or_else(|| CacheError::invalid_argument(name, "is not set"))?;
            match (CredentialProvider::from_string(&key), endpoint.as_string()) {
                (Err(_), Some(endpoint)) => CredentialProvider::from_api_key_v2(&key, endpoint),
                (result, _) => result,
            }
        })())
    }

    /// A local server at `http://hostname:port`, without authentication.
    pub fn local(hostname: &JsValue, port: &JsValue) -> Result<WasmCredentials, JsValue> {
        thrown((|| {
            let hostname = convert::string("hostname", hostname)?;
            if hostname.trim().is_empty() {
                return Err(CacheError::invalid_argument(
                    "hostname",
                    "must not be empty",
                ));
            }
            let port = convert::integer("port", port, None)?;
            let port = u16::try_from(port)
                .ok()
                .filter(|&p| p > 0)
                .ok_or_else(|| CacheError::invalid_argument("port", "must be 1 to 65535"))?;
            Ok(CredentialProvider::local_at(hostname.trim(), port))
        })())
    }

    /// The same credential with both endpoints replaced by `url` (`https://` when no scheme).
    #[wasm_bindgen(js_name = withEndpoint)]
    pub fn with_endpoint(&self, url: &JsValue) -> Result<WasmCredentials, JsValue> {
        thrown(convert::string("endpoint", url).map(|url| self.0.clone().endpoint_override(&url)))
    }

    /// The same credential with endpoints derived from another base endpoint.
    #[wasm_bindgen(js_name = withBaseEndpoint)]
    pub fn with_base_endpoint(&self, base: &JsValue) -> Result<WasmCredentials, JsValue> {
        thrown(
            convert::string("baseEndpoint", base).map(|base| self.0.clone().base_endpoint(&base)),
        )
    }

    /// The same endpoints, presenting `api_key` verbatim (for a local server run with
    /// `--api-key`).
    #[wasm_bindgen(js_name = withApiKey)]
    pub fn with_api_key(&self, api_key: &JsValue) -> Result<WasmCredentials, JsValue> {
        thrown(convert::string("apiKey", api_key).and_then(|key| self.0.clone().with_api_key(key)))
    }

    /// The same credential, allowing plain `http://` to hosts other than loopback.
    #[wasm_bindgen(js_name = allowInsecureHttp)]
    pub fn allow_insecure_http(&self) -> WasmCredentials {
        WasmCredentials(self.0.clone().allow_insecure_http())
    }

    /// Presents the disposable token `auth_token` from now on, in every client built from
    /// this credential (and its copies with other endpoints): what a refreshing credential
    /// calls before the current token expires. The endpoints stay as they are.
    #[wasm_bindgen(js_name = replaceToken)]
    pub fn replace_token(&self, auth_token: &JsValue) -> Result<(), JsValue> {
        let parsed = convert::string("authToken", auth_token)
            .and_then(CredentialProvider::from_disposable_token)
            .map_err(|e| convert::error_value(&e))?;
        self.0.api_key().replace(parsed.api_key().expose());
        Ok(())
    }

    /// The URL data calls go to.
    #[wasm_bindgen(getter, js_name = cacheEndpoint)]
    pub fn cache_endpoint(&self) -> String {
        self.0.cache_endpoint().to_owned()
    }

    /// The URL control calls go to.
    #[wasm_bindgen(getter, js_name = controlEndpoint)]
    pub fn control_endpoint(&self) -> String {
        self.0.control_endpoint().to_owned()
    }
}

impl WasmCredentials {
    pub(super) fn provider(&self) -> &CredentialProvider {
        &self.0
    }
}
