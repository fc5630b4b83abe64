//! Copies between wasm memory and JavaScript `Uint8Array`s that stay correct when wasm memory
//! grows.
//!
//! js-sys's `Uint8Array::from(&[u8])` and `Uint8Array::to_vec()` first hand a view of wasm
//! memory back to Rust as a JS value, then copy through it. Handing a value to Rust can
//! allocate (the externref table's slab), and when that allocation grows memory the view's
//! buffer is detached before the copy: under load that threw "detached ArrayBuffer" from
//! inside a call. Here the view is made by the import glue in the same JavaScript step as
//! the copy, so nothing can run in between.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `Uint8Array.from(view)`: the glue builds `view` over the slice and the copy follows.
    #[wasm_bindgen(js_namespace = Uint8Array, js_name = from)]
    fn uint8_array_from(bytes: &[u8]) -> Uint8Array;

    /// `Uint8Array.prototype.set.call(view, source)`: writes `source` into the slice.
    #[wasm_bindgen(js_namespace = ["Uint8Array", "prototype", "set"], js_name = call)]
    fn set_into(target: &mut [u8], source: &Uint8Array);
}

/// The bytes as a new `Uint8Array` that JavaScript owns.
pub(crate) fn to_js(bytes: &[u8]) -> Uint8Array {
    uint8_array_from(bytes)
}

/// The contents of a `Uint8Array`, copied into wasm memory.
pub(crate) fn from_js(array: &Uint8Array) -> Vec<u8> {
    // Allocating first: any growth of wasm memory happens before the glue makes its view.
    let mut bytes = vec![0; array.length() as usize];
    if !bytes.is_empty() {
        set_into(&mut bytes, array);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// Copies both ways while thousands of JS values stay alive and wasm memory keeps growing:
    /// every copy must be exact. (The detached-buffer failure itself needs a memory growth
    /// inside one js-sys call, which a test cannot force; the Node load runs at 200 in flight
    /// and 5,000 requested in `bench/js` are where it showed.)
    #[wasm_bindgen_test]
    fn copies_stay_exact_while_wasm_memory_grows() {
        let mut held = Vec::new();
        for round in 0..2_000u32 {
            let bytes: Vec<u8> = (0..=255u8)
                .cycle()
                .skip(round as usize % 7)
                .take(300)
                .collect();
            let array = to_js(&bytes);
            held.push(JsValue::from(array.clone()));
            held.push(JsValue::from(vec![0u8; 4096].len() as u32));
            assert_eq!(from_js(&array), bytes, "round {round}");
            // Memory grows under the copies: a fresh large allocation each round.
            held.push(JsValue::from(to_js(&vec![round as u8; 16 * 1024])));
        }
        assert_eq!(from_js(&to_js(&[])), Vec::<u8>::new());
    }
}
