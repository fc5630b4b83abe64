//! The bindings, tested in Node by `wasm-bindgen-test-runner` (`scripts/test-js` runs them with
//! `EDGECACHE_TEST_PORT` set to a running edgecache-server for the round trip at the end).

use std::time::Duration;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use super::WasmCacheClient;
use super::config::{self, preset};
use super::convert;
use super::credentials::WasmCredentials;
use crate::config::{Browser, Configuration, Edge, InRegion, Lambda, Laptop, LowLatency};
use crate::error::ErrorCode;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn code_of(value: &JsValue) -> String {
    get(value, "code").as_string().unwrap_or_default()
}

fn message_of(value: &JsValue) -> String {
    get(value, "message").as_string().unwrap_or_default()
}

fn presets() -> [(&'static str, Configuration, Configuration); 6] {
    [
        ("Laptop", Laptop::v1(), Laptop::latest()),
        ("InRegion", InRegion::v1(), InRegion::latest()),
        ("LowLatency", LowLatency::v1(), LowLatency::latest()),
        ("Lambda", Lambda::v1(), Lambda::latest()),
        ("Browser", Browser::v1(), Browser::latest()),
        ("Edge", Edge::v1(), Edge::latest()),
    ]
}

#[wasm_bindgen_test]
fn presets_cross_the_boundary_unchanged() {
    for (name, v1, latest) in presets() {
        for (version, expected) in [("v1", v1), ("latest", latest)] {
            let value = preset(name, version).unwrap();
            assert_eq!(
                get(&value, "timeoutMillis").as_f64(),
                Some(expected.timeout().as_millis() as f64),
                "{name}.{version}"
            );
            assert_eq!(
                get(&value, "maxConcurrentRequests").as_f64(),
                Some(expected.max_concurrent_requests() as f64),
                "{name}.{version}"
            );
            assert_eq!(
                config::from_js(&value).unwrap(),
                expected,
                "{name}.{version} round trip"
            );
        }
    }
    assert_eq!(
        code_of(&preset("Nope", "v1").unwrap_err()),
        "INVALID_ARGUMENT_ERROR"
    );
    assert_eq!(
        code_of(&preset("Laptop", "v9").unwrap_err()),
        "INVALID_ARGUMENT_ERROR"
    );
}

#[wasm_bindgen_test]
fn configuration_objects_are_checked_by_the_rust_builder() {
    let base = preset("Edge", "v1").unwrap();
    let with = |key: &str, value: JsValue| {
        let copy = Object::assign(&Object::new(), base.unchecked_ref());
        Reflect::set(&copy, &key.into(), &value).unwrap();
        config::from_js(&copy)
    };
    for (key, value, argument) in [
        ("timeoutMillis", JsValue::from(0), "timeout"),
        ("timeoutMillis", JsValue::from(f64::NAN), "timeoutMillis"),
        ("timeoutMillis", JsValue::from("100"), "timeoutMillis"),
        (
            "maxConcurrentRequests",
            JsValue::from(0),
            "max_concurrent_requests",
        ),
        (
            "maxConcurrentRequests",
            JsValue::from(-3),
            "maxConcurrentRequests",
        ),
        ("retryMaxAttempts", JsValue::from(1.5), "retryMaxAttempts"),
        ("framing", JsValue::from("morse"), "framing"),
        ("maxResponseBytes", JsValue::UNDEFINED, "maxResponseBytes"),
    ] {
        let err = with(key, value).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgumentError, "{key}");
        assert!(err.message.starts_with(argument), "{key}: {}", err.message);
    }
    let tuned = config::from_js(&{
        let copy = Object::assign(&Object::new(), base.unchecked_ref());
        Reflect::set(&copy, &"timeoutMillis".into(), &100.into()).unwrap();
        Reflect::set(&copy, &"framing".into(), &"text".into()).unwrap();
        copy.into()
    })
    .unwrap();
    assert_eq!(tuned.timeout(), Duration::from_millis(100));
    assert_eq!(tuned.framing(), crate::Framing::Text);
    assert!(config::from_js(&JsValue::from(7)).is_err());
}

#[wasm_bindgen_test]
fn a_lone_surrogate_is_refused_rather_than_stored_as_a_replacement_character() {
    let lone = js_sys::JsString::from("a").concat(&js_sys::JsString::from_char_code1(0xD800));
    let err = convert::bytes("key", &lone.into()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgumentError);
    assert_eq!(
        err.message,
        "key must be well-formed text, but holds a lone UTF-16 surrogate"
    );
    let pair = js_sys::JsString::from_char_code2(0xD83D, 0xDE00);
    assert_eq!(
        convert::bytes("key", &pair.into()).unwrap(),
        "\u{1F600}".as_bytes()
    );
}

#[wasm_bindgen_test]
fn options_that_are_not_an_object_are_refused_by_every_operation() {
    let args = super::ops::Args(Array::of2(&"cache".into(), &"key".into()));
    for options in [JsValue::from_str("opts"), JsValue::from(3)] {
        let Err(err) = super::ops::request("get", &args, &options) else {
            panic!("options {options:?} were accepted");
        };
        assert_eq!(err.message, "options must be an object when given");
    }
    for options in [JsValue::UNDEFINED, JsValue::NULL, Object::new().into()] {
        assert!(super::ops::request("get", &args, &options).is_ok());
    }
}

#[wasm_bindgen_test]
fn arguments_of_the_wrong_type_are_errors_not_traps() {
    assert_eq!(
        convert::bytes("key", &"ké".into()).unwrap(),
        "ké".as_bytes()
    );
    let array = Uint8Array::from(&[0u8, 255][..]);
    assert_eq!(convert::bytes("key", &array.into()).unwrap(), vec![0, 255]);
    for bad in [
        JsValue::from(42),
        JsValue::NULL,
        Object::new().into(),
        Array::new().into(),
    ] {
        let err = convert::bytes("key", &bad).unwrap_err();
        assert_eq!(err.message, "key must be a string or a Uint8Array");
    }
    assert_eq!(convert::seconds("ttl", &JsValue::UNDEFINED).unwrap(), None);
    assert_eq!(convert::seconds("ttl", &0.into()).unwrap(), None);
    assert_eq!(
        convert::seconds("ttl", &1.5.into()).unwrap(),
        Some(Duration::from_millis(1500))
    );
    for bad in [
        JsValue::from(-1),
        JsValue::from(f64::INFINITY),
        JsValue::from("60"),
    ] {
        assert!(convert::seconds("ttl", &bad).is_err());
    }
    assert_eq!(
        convert::integer("amount", &JsValue::UNDEFINED, Some(1)).unwrap(),
        1
    );
    assert_eq!(
        convert::integer("amount", &(-7).into(), Some(1)).unwrap(),
        -7
    );
    for bad in [
        JsValue::from(0.5),
        JsValue::from(1e300),
        JsValue::from(true),
    ] {
        assert!(convert::integer("amount", &bad, None).is_err());
    }
    assert!(convert::millis("ttlMilliseconds", &0.into()).is_err());
    assert!(convert::member(&JsValue::from("ttl"), "ttl").is_err());
    let pairs = Array::of2(
        &Array::of2(&"k".into(), &"v".into()),
        &Array::of1(&"x".into()),
    );
    let err = convert::pairs("items", &pairs.into(), |v| convert::bytes("items", v)).unwrap_err();
    assert!(
        err.message.contains("[key, value] pairs"),
        "{}",
        err.message
    );
}

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

fn local_client(port: u16, timeout_ms: u32) -> WasmCacheClient {
    let config = preset("Edge", "v1").unwrap();
    Reflect::set(&config, &"timeoutMillis".into(), &timeout_ms.into()).unwrap();
    let credentials = WasmCredentials::local(&"127.0.0.1".into(), &port.into()).unwrap();
    WasmCacheClient::new(&config, &credentials, &60.into()).unwrap()
}

async fn call(client: &WasmCacheClient, op: &str, args: &[JsValue], options: JsValue) -> JsValue {
    let args: Array = args.iter().collect();
    JsFuture::from(client.invoke(op, args, options, None))
        .await
        .expect("invoke never rejects")
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
