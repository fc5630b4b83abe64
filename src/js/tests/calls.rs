//! Credentials and calls: the key never echoed, bad calls refused before any I/O, a round trip
//! against edgecache-server, and what an observer (the middlewares' view) hears of a call.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use super::super::WasmCacheClient;
use super::super::config::preset;
use super::super::credentials::WasmCredentials;
use super::{call, code_of, get, local_client, message_of, server_port};

#[wasm_bindgen_test]
fn credentials_never_echo_the_key() {
    let secret = "SUPERSECRET-not-a-key";
    let err = WasmCredentials::from_string(&secret.into()).err().unwrap();
    assert_eq!(code_of(&err), "INVALID_ARGUMENT_ERROR");
    assert!(
        !message_of(&err).contains("SUPERSECRET"),
        "{}",
        message_of(&err)
    );
    assert!(WasmCredentials::from_string(&42.into()).is_err());
    let err = WasmCredentials::from_environment("MY_KEY", &JsValue::UNDEFINED, &JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert_eq!(message_of(&err), "MY_KEY is not set");

    let local = WasmCredentials::local(&"127.0.0.1".into(), &8080.into()).unwrap();
    assert_eq!(local.cache_endpoint(), "http://127.0.0.1:8080");
    assert_eq!(local.control_endpoint(), "http://127.0.0.1:8080");
    for port in [JsValue::from(0), JsValue::from(70000), JsValue::from("80")] {
        assert!(WasmCredentials::local(&"127.0.0.1".into(), &port).is_err());
    }
    let moved = local.with_endpoint(&"cache.example:8443".into()).unwrap();
    assert_eq!(moved.cache_endpoint(), "https://cache.example:8443");
}

#[wasm_bindgen_test]
async fn bad_calls_resolve_to_error_values_before_any_io() {
    // Port 9 (discard) is never contacted: each call fails its checks first.
    let client = local_client(9, 1000);
    let cases: [(&str, Vec<JsValue>, JsValue, &str); 5] = [
        (
            "get",
            vec![42.into(), "k".into()],
            JsValue::UNDEFINED,
            "cacheName must be a string",
        ),
        (
            "get",
            vec!["c".into(), "".into()],
            JsValue::UNDEFINED,
            "key must not be empty",
        ),
        (
            "set",
            vec!["c".into(), "k".into(), "v".into()],
            JsValue::from(3),
            "options must be an object",
        ),
        (
            "increment",
            vec!["c".into(), "k".into(), 0.5.into()],
            JsValue::UNDEFINED,
            "amount must be a whole number",
        ),
        (
            "nonsense",
            vec![],
            JsValue::UNDEFINED,
            "operation is not one",
        ),
    ];
    for (op, args, options, expected) in cases {
        let answer = call(&client, op, &args, options).await;
        assert_eq!(get(&answer, "type").as_string().unwrap(), "Error", "{op}");
        assert_eq!(code_of(&answer), "INVALID_ARGUMENT_ERROR", "{op}");
        assert!(
            message_of(&answer).starts_with(expected),
            "{op}: {}",
            message_of(&answer)
        );
    }
    let bad_ttl = WasmCacheClient::new(
        &preset("Edge", "v1").unwrap(),
        &WasmCredentials::local(&"127.0.0.1".into(), &9.into()).unwrap(),
        &(-5).into(),
    );
    assert_eq!(code_of(&bad_ttl.err().unwrap()), "INVALID_ARGUMENT_ERROR");
}

#[wasm_bindgen_test]
async fn round_trip_through_fetch_against_edgecache_server() {
    let client = local_client(server_port(), 5000);
    let cache: JsValue = "wasm-bindgen-test".into();
    let created = call(
        &client,
        "createCache",
        std::slice::from_ref(&cache),
        JsValue::UNDEFINED,
    )
    .await;
    let created = get(&created, "type").as_string().unwrap();
    assert!(
        created == "Success" || created == "AlreadyExists",
        "{created}"
    );
    let value = Uint8Array::from(&[1u8, 2, 3, 0, 255][..]);
    let set = call(
        &client,
        "set",
        &[cache.clone(), "k".into(), value.into()],
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(get(&set, "type").as_string().unwrap(), "Success");
    let hit = call(
        &client,
        "get",
        &[cache.clone(), "k".into()],
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(get(&hit, "type").as_string().unwrap(), "Hit");
    let bytes: Uint8Array = get(&hit, "value").dyn_into().unwrap();
    assert_eq!(bytes.to_vec(), vec![1, 2, 3, 0, 255]);
    let miss = call(
        &client,
        "get",
        &[cache.clone(), "absent".into()],
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(get(&miss, "type").as_string().unwrap(), "Miss");
    let missing = call(
        &client,
        "get",
        &["no-such-cache".into(), "k".into()],
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(code_of(&missing), "NOT_FOUND_ERROR");
    assert_eq!(get(&missing, "grpcCode").as_f64(), Some(5.0));
}

#[wasm_bindgen_test]
async fn an_observer_hears_the_rpc_its_size_and_the_reply_sizes() {
    let client = local_client(server_port(), 5000);
    let cache: JsValue = "wasm-bindgen-observer".into();
    call(
        &client,
        "createCache",
        std::slice::from_ref(&cache),
        JsValue::UNDEFINED,
    )
    .await;
    let observe = |op: &str, args: Vec<JsValue>| {
        let events = Array::new();
        let hook = js_sys::Function::new_with_args("event, a, b", "this.push([event, a, b])");
        let hook: js_sys::Function = hook.bind(&events);
        let args: Array = args.iter().collect();
        let answer = client.invoke(op, args, JsValue::UNDEFINED, None, Some(hook));
        async move {
            let answer = JsFuture::from(answer).await.unwrap();
            let events: Vec<Vec<JsValue>> = events
                .iter()
                .map(|e| e.dyn_into::<Array>().unwrap().iter().collect())
                .collect();
            (answer, events)
        }
    };
    let (answer, events) = observe("set", vec![cache.clone(), "k".into(), "v".into()]).await;
    assert_eq!(get(&answer, "type").as_string().unwrap(), "Success");
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0][0].as_string().unwrap(), "request");
    assert_eq!(events[0][1].as_string().unwrap(), "/cache_client.Scs/Set");
    assert!(
        events[0][2].as_f64().unwrap() >= 4.0,
        "key, value and TTL are encoded"
    );
    assert_eq!(events[1][0].as_string().unwrap(), "response");
    let replies: Array = events[1][1].clone().dyn_into().unwrap();
    assert_eq!(replies.length(), 1, "one reply message");

    let (answer, events) = observe("get", vec![cache.clone(), "".into()]).await;
    assert_eq!(code_of(&answer), "INVALID_ARGUMENT_ERROR");
    assert!(
        events.is_empty(),
        "a call refused before sending reports nothing"
    );
}
