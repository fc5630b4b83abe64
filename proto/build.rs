//! Compiles `proto/*.proto` without a system `protoc`: `protox` parses the
//! files into a descriptor set, which `tonic-prost-build` turns into Rust.

use std::{env, fs, path::PathBuf};

use prost::Message as _;
use prost_types::FileDescriptorSet;

const PROTO_DIR: &str = "proto";
const FILES: &[&str] = &[
    "common.proto",
    "cacheclient.proto",
    "cacheping.proto",
    "controlclient.proto",
    "cachepubsub.proto",
    "permissionmessages.proto",
    "token.proto",
    "auth.proto",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={PROTO_DIR}");
    for file in FILES {
        println!("cargo:rerun-if-changed={PROTO_DIR}/{file}");
    }

    let fds: FileDescriptorSet = match protox::compile(FILES, [PROTO_DIR]) {
        Ok(fds) => fds,
        Err(err) => panic!("failed to compile .proto files: {err:?}"),
    };

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    fs::write(
        out_dir.join("edgecache_descriptor.bin"),
        fds.encode_to_vec(),
    )
    .expect("write descriptor set");

    let server = env::var_os("CARGO_FEATURE_SERVER").is_some();
    let client = env::var_os("CARGO_FEATURE_CLIENT").is_some();

    // `prost::Name` on every message ties each Rust type to its protobuf full
    // name, which the schema checks rely on.
    let mut config = tonic_prost_build::Config::new();
    config.enable_type_names();

    tonic_prost_build::configure()
        .build_server(server)
        .build_client(client)
        .build_transport(false)
        .emit_rerun_if_changed(false)
        .compile_fds_with_config(fds, config)
        .expect("generate Rust code from descriptors");
}
