//! Names the target axis once: `web` (wasm32 in a JavaScript host, transport `fetch`) and
//! `native` (everything that is not wasm32, transport one HTTP/2 connection). Other wasm32
//! targets (WASI, emscripten) are neither, so they fail with a clear message in lib.rs rather
//! than silently picking the `fetch` transport.

use cfg_aliases::cfg_aliases;

fn main() {
    cfg_aliases! {
        web: { all(target_arch = "wasm32", target_os = "unknown") },
        native: { not(target_arch = "wasm32") },
    }
}
