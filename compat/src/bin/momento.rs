//! The compatibility programs against the official `momento` crate.
use momento as sdk;

#[path = "../program/mod.rs"]
mod program;

fn main() {
    program::main("momento");
}
