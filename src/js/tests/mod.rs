//! The bindings, tested in Node by `wasm-bindgen-test-runner` (`scripts/test-js` runs them with
//! `EDGECACHE_TEST_PORT` set to a running edgecache-server for the calls that reach one). This
//! module holds what the tests share; each file beside it tests one part of the bindings.

mod arguments;
mod calls;
mod operations;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::WasmCacheClient;
use super::config::preset;
use super::credentials::WasmCredentials;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn code_of(value: &JsValue) -> String {
    get(value, "code").as_string().unwrap_or_default()
}

fn message_of(value: &JsValue) -> String {
    get(value, "message").as_string().unwrap_or_default()
}

fn local_client(port: u16, timeout_ms: u32) -> WasmCacheClient {
    let config = preset("Edge", "v1").unwrap();
    Reflect::set(&config, &"timeoutMillis".into(), &timeout_ms.into()).unwrap();
    let credentials = WasmCredentials::local(&"127.0.0.1".into(), &port.into()).unwrap();
    WasmCacheClient::new(&config, &credentials, &60.into()).unwrap()
}

async fn call(client: &WasmCacheClient, op: &str, args: &[JsValue], options: JsValue) -> JsValue {
    let args: Array = args.iter().collect();
    JsFuture::from(client.invoke(op, args, options, None, None))
        .await
        .expect("invoke never rejects")
}

/// The port of the edgecache-server `scripts/test-js` started, from Node's environment.
fn server_port() -> u16 {
    let env = Reflect::get(&js_sys::global(), &"process".into())
        .and_then(|p| Reflect::get(&p, &"env".into()))
        .expect("these tests run in Node");
    let port = Reflect::get(&env, &"EDGECACHE_TEST_PORT".into())
        .ok()
        .and_then(|p| p.as_string())
        .expect(
            "EDGECACHE_TEST_PORT must name a running edgecache-server (scripts/test-js sets it)",
        );
    port.parse().expect("EDGECACHE_TEST_PORT is a port number")
}
