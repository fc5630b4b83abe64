//! The auth family for JavaScript (`crate::auth`): the `AuthClient` operations, and the
//! scopes as `@gomomento/sdk-web` writes them (`{permissions: [...]}` with role strings,
//! selectors as strings, `{name}`, `{key}`, `{keyPrefix}`, or the `AllCaches`, `AllTopics`
//! and `AllCacheItems` symbols) read into the Rust types.

use std::time::Duration;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::config;
use super::convert::{self, Obj};
use super::credentials::WasmCredentials;
use super::operations::{self, Family, Operation};
use super::request::{Args, JsRequest};
use crate::auth::{
    ApiKeyResponse, AuthContext, AuthRequest, CacheItemSelector, CachePermission, CacheRole,
    CacheSelector, DisposableTokenCachePermission, DisposableTokenScope, ExpiresIn,
    GenerateApiKeyRequest, GenerateDisposableTokenRequest, Permission, Permissions,
    RefreshApiKeyRequest, TopicPermission, TopicRole, TopicSelector,
};
use crate::cache::Prepared;
use crate::client::CacheClient;
use crate::error::{CacheError, CacheResult};

type PrepareJs = Box<dyn FnOnce(&AuthContext) -> CacheResult<Prepared<JsValue>>>;

/// One auth operation ready to send, its answer converted to JavaScript.
pub(super) struct JsAuthRequest(PrepareJs);

impl AuthRequest for JsAuthRequest {
    type Response = JsValue;

    fn prepare(self, context: &AuthContext) -> CacheResult<Prepared<JsValue>> {
        (self.0)(context)
    }
}

fn js<R>(request: R, to_js: fn(R::Response) -> JsValue) -> JsAuthRequest
where
    R: AuthRequest + 'static,
    R::Response: 'static,
{
    JsAuthRequest(Box::new(move |context| {
        Ok(request.prepare(context)?.map(to_js))
    }))
}

fn expires_at(epoch: Option<u64>) -> JsValue {
    epoch.map_or(JsValue::NULL, |e| JsValue::from_f64(e as f64))
}

fn api_key_js(response: ApiKeyResponse) -> JsValue {
    Obj::typed("Success")
        .set("apiKey", &response.api_key().into())
        .set("refreshToken", &response.refresh_token().into())
        .set("endpoint", &response.endpoint().into())
        .set("expiresAt", &expires_at(response.expires_at().epoch()))
        .done()
}

/// The `AuthClient` operations.
pub(super) const FAMILY: Family<JsAuthRequest> = Family {
    name: "auth",
    operations: &[
        Operation {
            name: "generateDisposableToken",
            response: "GenerateDisposableToken",
            arity: 2,
        },
        Operation {
            name: "generateApiKey",
            response: "GenerateApiKey",
            arity: 2,
        },
        Operation {
            name: "refreshApiKey",
            response: "RefreshApiKey",
            arity: 1,
        },
    ],
    build: |name, args, options| match name {
        "generateDisposableToken" => {
            let mut request = GenerateDisposableTokenRequest::new(
                disposable_scope(&args.at(0))?,
                expires_in(&args.at(1))?,
            );
            let token_id = convert::member(options, "tokenId")?;
            if !(token_id.is_undefined() || token_id.is_null()) {
                request = request.token_id(convert::string("tokenId", &token_id)?);
            }
            Ok(js(request, |r| {
                Obj::typed("Success")
                    .set("authToken", &r.auth_token().into())
                    .set("endpoint", &r.endpoint().into())
                    .set("expiresAt", &expires_at(r.expires_at().epoch()))
                    .done()
            }))
        }
        "generateApiKey" => Ok(js(
            GenerateApiKeyRequest::new(permissions(&args.at(0))?, expires_in(&args.at(1))?),
            api_key_js,
        )),
        "refreshApiKey" => Ok(js(
            RefreshApiKeyRequest::new(convert::string("refreshToken", &args.at(0))?),
            api_key_js,
        )),
        _ => Err(operations::unknown()),
    },
};

/// An `ExpiresIn` (anything with its `seconds()` method): a whole number of seconds, or
/// `Infinity` for never.
fn expires_in(value: &JsValue) -> CacheResult<ExpiresIn> {
    let seconds = get(value, "seconds")
        .dyn_into::<js_sys::Function>()
        .ok()
        .and_then(|seconds| seconds.call0(value).ok())
        .and_then(|n| n.as_f64());
    match seconds {
        Some(n) if n == f64::INFINITY => Ok(ExpiresIn::never()),
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u64::MAX as f64 => {
            Ok(ExpiresIn::seconds(n as u64))
        }
        _ => Err(CacheError::invalid_argument(
            "expiresIn",
            "must be an ExpiresIn of whole seconds (ExpiresIn.seconds(n), .minutes(n), .never(), ...)",
        )),
    }
}

fn get(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Whether `value` is the symbol described `all`, which stands for "every one".
fn is_all(value: &JsValue, all: &str) -> bool {
    value
        .dyn_ref::<js_sys::Symbol>()
        .is_some_and(|symbol| symbol.to_string() == format!("Symbol({all})"))
}

fn cache_selector(value: &JsValue) -> CacheResult<CacheSelector> {
    if is_all(value, "AllCaches") {
        return Ok(CacheSelector::AllCaches);
    }
    let name = if value.is_object() {
        get(value, "name")
    } else {
        value.clone()
    };
    convert::string("cache", &name)
        .map(CacheSelector::from)
        .map_err(|_| {
            CacheError::invalid_argument("cache", "must be AllCaches, a cache name or {name}")
        })
}

fn topic_selector(value: &JsValue) -> CacheResult<TopicSelector> {
    if is_all(value, "AllTopics") {
        return Ok(TopicSelector::AllTopics);
    }
    if value.is_object() {
        let prefix = get(value, "namePrefix");
        if !prefix.is_undefined() {
            return Ok(TopicSelector::TopicNamePrefix {
                name_prefix: convert::string("topic.namePrefix", &prefix)?,
            });
        }
        return Ok(TopicSelector::from(convert::string(
            "topic.name",
            &get(value, "name"),
        )?));
    }
    convert::string("topic", value)
        .map(TopicSelector::from)
        .map_err(|_| {
            CacheError::invalid_argument(
                "topic",
                "must be AllTopics, a topic name, {name} or {namePrefix}",
            )
        })
}

fn item_selector(value: &JsValue) -> CacheResult<CacheItemSelector> {
    if is_all(value, "AllCacheItems") {
        return Ok(CacheItemSelector::AllCacheItems);
    }
    if value.is_object() {
        let prefix = get(value, "keyPrefix");
        if !prefix.is_undefined() {
            return Ok(CacheItemSelector::CacheItemKeyPrefix {
                key_prefix: convert::bytes("item.keyPrefix", &prefix)?,
            });
        }
        return Ok(CacheItemSelector::CacheItemKey {
            key: convert::bytes("item.key", &get(value, "key"))?,
        });
    }
    convert::string("item", value)
        .map(|key| CacheItemSelector::CacheItemKey {
            key: key.into_bytes(),
        })
        .map_err(|_| {
            CacheError::invalid_argument(
                "item",
                "must be AllCacheItems, a key, {key} or {keyPrefix}",
            )
        })
}

fn cache_role(value: &JsValue) -> CacheResult<CacheRole> {
    match value.as_string().as_deref() {
        Some("readwrite") => Ok(CacheRole::ReadWrite),
        Some("readonly") => Ok(CacheRole::ReadOnly),
        Some("writeonly") => Ok(CacheRole::WriteOnly),
        _ => Err(CacheError::invalid_argument(
            "role",
            "of a cache permission must be a CacheRole ('readwrite', 'readonly' or 'writeonly')",
        )),
    }
}

fn topic_role(value: &JsValue) -> CacheResult<TopicRole> {
    match value.as_string().as_deref() {
        Some("publishsubscribe") => Ok(TopicRole::PublishSubscribe),
        Some("subscribeonly") => Ok(TopicRole::SubscribeOnly),
        Some("publishonly") => Ok(TopicRole::PublishOnly),
        _ => Err(CacheError::invalid_argument(
            "role",
            "of a topic permission must be a TopicRole ('publishsubscribe', 'subscribeonly' or 'publishonly')",
        )),
    }
}

/// One statement: a topic permission when it names a topic, else a cache permission with
/// its item selector, if any.
enum Statement {
    Cache(CachePermission, Option<CacheItemSelector>),
    Topic(TopicPermission),
}

fn statements(scope: &JsValue) -> CacheResult<Vec<Statement>> {
    if !scope.is_object() {
        return Err(CacheError::invalid_argument(
            "scope",
            "must be a scope such as DisposableTokenScopes.cacheReadWrite(cache) or {permissions: [...]}",
        ));
    }
    convert::list("scope.permissions", &get(scope, "permissions"), |p| {
        if !p.is_object() {
            return Err(CacheError::invalid_argument(
                "scope.permissions",
                "must hold permission objects",
            ));
        }
        let cache = cache_selector(&get(p, "cache"))?;
        let topic = get(p, "topic");
        if !topic.is_undefined() {
            return Ok(Statement::Topic(TopicPermission {
                role: topic_role(&get(p, "role"))?,
                cache_selector: cache,
                topic_selector: topic_selector(&topic)?,
            }));
        }
        let item = get(p, "item");
        let item = (!item.is_undefined())
            .then(|| item_selector(&item))
            .transpose()?;
        Ok(Statement::Cache(
            CachePermission {
                role: cache_role(&get(p, "role"))?,
                cache_selector: cache,
            },
            item,
        ))
    })
}

/// A disposable token's scope. Whole-cache and item-level cache statements and topic
/// statements may mix: each keeps exactly what it says.
fn disposable_scope(scope: &JsValue) -> CacheResult<DisposableTokenScope> {
    let mut cache = Vec::new();
    let mut topics = Vec::new();
    for statement in statements(scope)? {
        match statement {
            Statement::Cache(permission, item) => cache.push(DisposableTokenCachePermission {
                role: permission.role,
                cache_selector: permission.cache_selector,
                item_selector: item.unwrap_or(CacheItemSelector::AllCacheItems),
            }),
            Statement::Topic(topic) => topics.push(topic),
        }
    }
    Ok(DisposableTokenScope::Mixed { cache, topics })
}

/// An API key's permissions: whole caches and topics (item selectors are for disposable
/// tokens only).
fn permissions(scope: &JsValue) -> CacheResult<Permissions> {
    let permissions = statements(scope)?
        .into_iter()
        .map(|statement| match statement {
            Statement::Cache(_, Some(_)) => Err(CacheError::invalid_argument(
                "scope",
                "of an API key cannot select keys or key prefixes: those are for disposable tokens",
            )),
            Statement::Cache(permission, None) => Ok(Permission::CachePermission(permission)),
            Statement::Topic(topic) => Ok(Permission::TopicPermission(topic)),
        })
        .collect::<CacheResult<_>>()?;
    Ok(Permissions { permissions })
}

/// An auth client for JavaScript. Cheap to construct: no I/O until the first call.
///
/// Its calls go through a [`CacheClient`] pointed at the token endpoint (API-key calls use
/// its control endpoint), the same one path cache calls take: a separate `AuthClient` would
/// put a second copy of the call pipeline into the `.wasm`.
#[wasm_bindgen]
pub struct WasmAuthClient {
    client: CacheClient,
    context: AuthContext,
}

#[wasm_bindgen]
impl WasmAuthClient {
    /// Builds a client from a configuration object (the shape `preset` returns) and the
    /// credential that mints. Throws `{type: "Error", code, message}` on invalid settings.
    #[wasm_bindgen(constructor)]
    pub fn new(
        configuration: &JsValue,
        credentials: &WasmCredentials,
    ) -> Result<WasmAuthClient, JsValue> {
        let credentials = credentials.provider();
        config::from_js(configuration)
            .and_then(|configuration| {
                CacheClient::builder()
                    .configuration(configuration)
                    .credential_provider(credentials.for_token_service())
                    // Required by the builder; auth calls write no items.
                    .default_ttl(Duration::from_secs(60))
                    .build()
            })
            .map(|client| WasmAuthClient {
                client,
                context: AuthContext::new(credentials.api_key().clone()),
            })
            .map_err(|e| convert::error_value(&e))
    }

    /// Runs operation `op` with positional `args` and `options`. Resolves to `{type, ...}`;
    /// never rejects.
    pub fn invoke(&self, op: &str, args: Array, options: JsValue) -> Promise {
        let started = web_time::Instant::now();
        let context = self.context.clone();
        let request = operations::find(operations::AUTH_CLIENT, op)
            .ok_or_else(operations::unknown)
            .and_then(|(family, _)| (family.build)(op, &Args(args), &options))
            .map(|request| JsRequest::prepared_by(move || request.prepare(&context)));
        super::run(self.client.clone(), request, started, None, None)
    }
}
