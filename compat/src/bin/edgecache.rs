//! The compatibility programs against edgecache, unchanged apart from the import.
use edgecache as sdk;

#[path = "../program/mod.rs"]
mod program;

fn main() {
    program::main("edgecache");
}
