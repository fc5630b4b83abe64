//! The one list of operations the JavaScript `CacheClient` offers, in families that mirror the
//! crate's own (`cache::scalar`, `cache::dictionary`, `cache::list`, `cache::set`,
//! `cache::sorted_set`, `cache::control`). Every other layer follows it:
//!
//! - the dispatcher: [`request`] finds an operation by name and builds its request;
//! - the JavaScript methods: `js/src/cache-client.js` defines one method per entry, from
//!   [`cache_operations`];
//! - the TypeScript declarations and the response classes: `tests/js/node/operations.test.mjs`
//!   names each entry that `js/edgecache.d.ts` or the JavaScript layer lacks, and each
//!   declared method this list lacks.
//!
//! So adding an RPC to the package is one entry in its family's list (with its build
//! function), its response namespace in the JavaScript layer, and its declaration in the
//! family's interface in the `.d.ts`; a test names whichever is missing.
//!
//! Another client (topics, auth) gets a list of its own: `Family<R>` is generic over the
//! request type its client sends. Each family declares its list with [`family!`].

use js_sys::Array;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use super::auth::JsAuthRequest;
use super::request::{Args, JsRequest};
use super::topics::JsTopicRequest;
use super::{auth, control, dictionary, list, scalar, set, sorted_set, topics};
use crate::error::{CacheError, CacheResult};

/// One method of a JavaScript client.
pub(super) struct Operation {
    /// The method name, as `@gomomento/sdk-web` spells it.
    pub name: &'static str,
    /// The response namespace its answer becomes (`CacheGet`, ...); empty for a call that
    /// resolves to nothing and throws its error (`ping`).
    pub response: &'static str,
    /// Positional arguments, `cacheName` included; the one after them is the options object.
    pub arity: u32,
}

/// The operations of one family, and how to build any of them by name from its positional
/// arguments and options object.
pub(super) struct Family<R: 'static = JsRequest> {
    /// The family's name in JavaScript; `control` operations are not bound by `cache(name)`.
    pub name: &'static str,
    pub operations: &'static [Operation],
    pub build: fn(&str, &Args, &JsValue) -> CacheResult<R>,
}

/// Declares a family's `FAMILY`: one line per operation, `name, response, arity => |args,
/// options| build`, after an optional `let binding = |args| prelude;` that reads what every
/// operation of the family takes first (a collection's cache and name). The builds become the
/// arms of one `match` behind the prelude, which keeps the `.wasm` far smaller than a function
/// per operation, each reading its own arguments, would.
macro_rules! family {
    ($family:literal; $(let $bind:pat = |$pre_args:pat_param| $prelude:expr;)?
     $($name:literal, $response:literal, $arity:literal =>
        |$args:pat_param, $options:pat_param| $build:expr),* $(,)?) => {
        pub(super) const FAMILY: $crate::js::operations::Family =
            $crate::js::operations::Family {
                name: $family,
                operations: &[$($crate::js::operations::Operation {
                    name: $name,
                    response: $response,
                    arity: $arity,
                }),*],
                build: |name, args, options| {
                    $(
                        let $pre_args = args;
                        let $bind = $prelude;
                    )?
                    match name {
                        $($name => {
                            let $args = args;
                            let $options = options;
                            $build
                        })*
                        _ => Err($crate::js::operations::unknown()),
                    }
                },
            };
    };
}
pub(super) use family;

pub(super) fn unknown() -> CacheError {
    CacheError::invalid_argument("operation", "is not one this client supports")
}

/// Every operation of the JavaScript `CacheClient`.
pub(super) const CACHE_CLIENT: &[Family] = &[
    scalar::FAMILY,
    dictionary::FAMILY,
    list::FAMILY,
    set::FAMILY,
    sorted_set::FAMILY,
    control::FAMILY,
];

/// Every operation of the JavaScript `TopicClient`.
pub(super) const TOPIC_CLIENT: &[Family<JsTopicRequest>] = &[topics::FAMILY];

/// Every operation of the JavaScript `AuthClient`.
pub(super) const AUTH_CLIENT: &[Family<JsAuthRequest>] = &[auth::FAMILY];

/// The family of the operation called `name`, and the operation.
pub(super) fn find<'a, R>(
    families: &'a [Family<R>],
    name: &str,
) -> Option<(&'a Family<R>, &'a Operation)> {
    families.iter().find_map(|family| {
        let operation = family.operations.iter().find(|op| op.name == name)?;
        Some((family, operation))
    })
}

/// Builds the `CacheClient` operation `name`. Unknown operations and bad arguments are
/// `INVALID_ARGUMENT_ERROR`s.
pub(super) fn request(name: &str, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    // Every operation's last argument is an optional options object; anything else is a
    // mistake worth naming even for operations that read no option.
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(CacheError::invalid_argument(
            "options",
            "must be an object when given",
        ));
    }
    let (family, _) = find(CACHE_CLIENT, name).ok_or_else(unknown)?;
    (family.build)(name, args, options)
}

/// The list as JavaScript reads it: `[[family, name, response, arity], ...]`.
pub(super) fn to_js<R>(families: &[Family<R>]) -> Array {
    families
        .iter()
        .flat_map(|family| {
            family.operations.iter().map(|operation| {
                let row: [JsValue; 4] = [
                    family.name.into(),
                    operation.name.into(),
                    operation.response.into(),
                    operation.arity.into(),
                ];
                row.iter().collect::<Array>()
            })
        })
        .collect()
}

/// The `CacheClient` operations, `[[family, name, response, arity], ...]`, from which the
/// JavaScript layer defines its methods.
#[wasm_bindgen(js_name = cacheOperations)]
pub fn cache_operations() -> Array {
    to_js(CACHE_CLIENT)
}

/// The `AuthClient` operations, in the same shape as [`cache_operations`].
#[wasm_bindgen(js_name = authOperations)]
pub fn auth_operations() -> Array {
    to_js(AUTH_CLIENT)
}

/// The `TopicClient` operations, in the same shape as [`cache_operations`].
#[wasm_bindgen(js_name = topicOperations)]
pub fn topic_operations() -> Array {
    to_js(TOPIC_CLIENT)
}
