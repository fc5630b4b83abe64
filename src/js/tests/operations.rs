//! The one list of operations, as the dispatcher and the JavaScript layer read it.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use super::super::operations::{self, CACHE_CLIENT};
use super::super::request::Args;

#[wasm_bindgen_test]
fn the_operation_list_names_each_operation_once_with_its_answer() {
    let mut names = std::collections::HashSet::new();
    for family in CACHE_CLIENT {
        assert!(!family.operations.is_empty(), "{}", family.name);
        for operation in family.operations {
            assert!(names.insert(operation.name), "{} twice", operation.name);
            let (found_in, found) = operations::find(CACHE_CLIENT, operation.name).unwrap();
            assert!(std::ptr::eq(found, operation) && std::ptr::eq(found_in, family));
            // Built by its family (here refused for a missing cache name), never "unknown".
            if let Err(err) =
                (family.build)(operation.name, &Args(Array::new()), &JsValue::UNDEFINED)
            {
                assert!(
                    !err.message.starts_with("operation"),
                    "{}: {}",
                    operation.name,
                    err.message
                );
            }
            assert!(
                operation.response.is_empty() == (operation.name == "ping"),
                "{}: only ping answers with no response namespace",
                operation.name
            );
        }
    }
    // One row per operation, in the shape the JavaScript layer reads.
    let rows = operations::cache_operations();
    assert_eq!(rows.length() as usize, names.len());
    let get_row: Array = rows.get(0).dyn_into().unwrap();
    let get_row: Vec<JsValue> = get_row.iter().collect();
    assert_eq!(get_row[0].as_string().unwrap(), "scalar");
    assert_eq!(get_row[1].as_string().unwrap(), "get");
    assert_eq!(get_row[2].as_string().unwrap(), "CacheGet");
    assert_eq!(get_row[3].as_f64(), Some(2.0));
}
