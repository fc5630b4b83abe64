//! Arguments and settings crossing from JavaScript: presets and configuration objects, strings,
//! options objects, wrongly typed arguments, and key-value pairs and batch items.

use std::time::Duration;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use super::super::config::{self, preset};
use super::super::convert;
use super::super::operations;
use super::super::request::Args;
use super::{code_of, get};
use crate::config::{
    Browser, Configuration, Edge, InRegion, Lambda, Laptop, LowLatency, ReadConcern,
};
use crate::error::ErrorCode;

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
        ("readConcern", JsValue::from("eventual"), "readConcern"),
        ("readConcern", JsValue::UNDEFINED, "readConcern"),
        ("maxResponseBytes", JsValue::UNDEFINED, "maxResponseBytes"),
    ] {
        let err = with(key, value).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::InvalidArgumentError, "{key}");
        assert!(err.message.starts_with(argument), "{key}: {}", err.message);
    }
    let tuned = config::from_js(&{
        let copy = Object::assign(&Object::new(), base.unchecked_ref());
        Reflect::set(&copy, &"timeoutMillis".into(), &100.into()).unwrap();
        Reflect::set(&copy, &"framing".into(), &"text".into()).unwrap();
        Reflect::set(&copy, &"readConcern".into(), &"consistent".into()).unwrap();
        copy.into()
    })
    .unwrap();
    assert_eq!(tuned.timeout(), Duration::from_millis(100));
    assert_eq!(tuned.framing(), crate::Framing::Text);
    assert_eq!(tuned.read_concern(), ReadConcern::Consistent);
    assert_eq!(
        get(&config::to_js(&tuned), "readConcern")
            .as_string()
            .unwrap(),
        "consistent"
    );
    assert!(config::from_js(&JsValue::from(7)).is_err());
}

#[wasm_bindgen_test]
fn a_lone_surrogate_is_refused_rather_than_stored_as_a_replacement_character() {
    let lone = js_sys::JsString::from("a").concat(&js_sys::JsString::from_char_code1(0xD800));
    let err = convert::bytes("key", &lone.into()).unwrap_err();
    assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
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
    let args = Args(Array::of2(&"cache".into(), &"key".into()));
    for options in [JsValue::from_str("opts"), JsValue::from(3)] {
        let Err(err) = operations::request("get", &args, &options) else {
            panic!("options {options:?} were accepted");
        };
        assert_eq!(err.message, "options must be an object when given");
    }
    for options in [JsValue::UNDEFINED, JsValue::NULL, Object::new().into()] {
        assert!(operations::request("get", &args, &options).is_ok());
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
}

#[wasm_bindgen_test]
fn pairs_come_as_a_map_a_record_or_an_array_of_pairs_or_items() {
    let read = |value: JsValue| convert::pairs("items", &value, |v| convert::bytes("items", v));
    let expected = vec![
        (b"a".to_vec(), b"1".to_vec()),
        (b"b".to_vec(), b"2".to_vec()),
    ];
    let map = js_sys::Map::new();
    map.set(&"a".into(), &"1".into());
    map.set(&"b".into(), &"2".into());
    let record = Object::new();
    Reflect::set(&record, &"a".into(), &"1".into()).unwrap();
    Reflect::set(&record, &"b".into(), &"2".into()).unwrap();
    let pairs = Array::of2(
        &Array::of2(&"a".into(), &"1".into()),
        &Array::of2(&"b".into(), &"2".into()),
    );
    let item = |k: &str, v: &str| {
        let item = Object::new();
        Reflect::set(&item, &"key".into(), &k.into()).unwrap();
        Reflect::set(&item, &"value".into(), &v.into()).unwrap();
        item
    };
    let items = Array::of2(&item("a", "1"), &item("b", "2"));
    for (form, value) in [("pairs", JsValue::from(pairs)), ("items", items.into())] {
        assert_eq!(read(value).unwrap(), expected, "{form}");
    }
    let short = Array::of2(
        &Array::of2(&"k".into(), &"v".into()),
        &Array::of1(&"x".into()),
    );
    for bad in [
        JsValue::from("ab"),
        JsValue::from(7),
        JsValue::NULL,
        Uint8Array::from(&[1u8][..]).into(),
        short.into(),
        Array::of1(&3.into()).into(),
    ] {
        let err = read(bad).unwrap_err();
        assert!(
            err.message.starts_with("items must be a Map, a record"),
            "{}",
            err.message
        );
    }
}

#[wasm_bindgen_test]
fn batch_items_carry_their_own_ttl_and_other_pairs_refuse_one() {
    let item = |key: &str, ttl: JsValue| {
        let item = Object::new();
        Reflect::set(&item, &"key".into(), &key.into()).unwrap();
        Reflect::set(&item, &"value".into(), &"v".into()).unwrap();
        Reflect::set(&item, &"ttl".into(), &ttl).unwrap();
        item
    };
    let items: Array = [
        item("a", JsValue::UNDEFINED),
        item("b", 1.5.into()),
        item("c", JsValue::NULL),
    ]
    .iter()
    .collect();
    let read = convert::batch_items("items", &items).unwrap();
    let ttls: Vec<_> = read
        .iter()
        .map(|(key, _, ttl)| (key.clone(), *ttl))
        .collect();
    assert_eq!(
        ttls,
        [
            (b"a".to_vec(), None),
            (b"b".to_vec(), Some(Duration::from_millis(1500))),
            (b"c".to_vec(), None),
        ]
    );
    let negative = Array::of1(&item("a", (-1).into()));
    let err = convert::batch_items("items", &negative).unwrap_err();
    assert_eq!(err.message, "item ttl must be a positive number of seconds");
    // Pairs and records have no place for a TTL, and read as items without one.
    let pairs = Array::of1(&Array::of2(&"a".into(), &"1".into()));
    assert_eq!(convert::batch_items("items", &pairs).unwrap()[0].2, None);

    let with_ttl = Array::of1(&item("f", 5.into()));
    let err = convert::pairs("elements", &with_ttl, |v| convert::bytes("elements", v)).unwrap_err();
    assert_eq!(err.message, "elements take no ttl per item");
}
