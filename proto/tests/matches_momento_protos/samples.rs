//! Encoded sample messages built from our own descriptor set: every field set,
//! one sample per oneof arm, with values chosen so that a field read under a
//! different number, wire type or scalar type decodes to something else.
//!
//! The bytes are written by hand (a few lines of varint and length framing)
//! rather than through a typed message: the probes are deliberately wider than
//! the declared field type (a 64-bit varint in an `int32` field, invalid UTF-8
//! in a `bytes` field), which no typed message can hold.

use std::collections::BTreeMap;

use edgecache_proto::FILE_DESCRIPTOR_SET;
use prost::Message as _;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorSet};

/// Varint probe. Its low 32 bits (0x8000_0005) and all 64 bits read as
/// different numbers under int32, uint32, sint32, int64, uint64 and sint64,
/// so a 32/64-bit, signed/unsigned or zigzag mix-up changes the value.
const VARINT_PROBE: u64 = 0x8000_0001_8000_0005;
/// Second element of repeated varint fields.
const VARINT_PROBE_2: u64 = 0x4000_0003_C000_0007;
/// Fixed-width probes: float, fixed32 and sfixed32 read these bits differently
/// (none of them is a NaN, so equality still holds after a round trip).
const FIXED32_PROBE: u32 = 0x8000_0005;
const FIXED64_PROBE: u64 = VARINT_PROBE;

/// Nested messages deeper than this are sent empty (guards recursive types).
const MAX_DEPTH: usize = 6;

/// Messages, enums and RPCs of our schema, by full name without the leading dot.
pub struct Schema {
    pub messages: BTreeMap<String, DescriptorProto>,
    pub enums: BTreeMap<String, EnumDescriptorProto>,
    /// Keyed by path, `/package.Service/Method`.
    pub rpcs: BTreeMap<String, RpcSignature>,
}

/// The parts of an RPC that both ends have to agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcSignature {
    pub request: String,
    pub response: String,
    pub server_streaming: bool,
}

impl Schema {
    /// The descriptor set the crate embeds (the one its code is generated from).
    pub fn ours() -> Schema {
        let fds = FileDescriptorSet::decode(FILE_DESCRIPTOR_SET).expect("embedded descriptor set");
        let mut schema = Schema {
            messages: BTreeMap::new(),
            enums: BTreeMap::new(),
            rpcs: BTreeMap::new(),
        };
        for file in &fds.file {
            let package = file.package();
            for message in &file.message_type {
                schema.add_message(package, message);
            }
            for e in &file.enum_type {
                schema
                    .enums
                    .insert(format!("{package}.{}", e.name()), e.clone());
            }
            for service in &file.service {
                for method in &service.method {
                    let path = format!("/{package}.{}/{}", service.name(), method.name());
                    assert!(
                        !method.client_streaming(),
                        "{path}: client streaming is not part of the protocol"
                    );
                    let signature = RpcSignature {
                        request: method.input_type().trim_start_matches('.').to_string(),
                        response: method.output_type().trim_start_matches('.').to_string(),
                        server_streaming: method.server_streaming(),
                    };
                    schema.rpcs.insert(path, signature);
                }
            }
        }
        schema
    }

    fn add_message(&mut self, scope: &str, message: &DescriptorProto) {
        let name = format!("{scope}.{}", message.name());
        assert!(
            !message.options.as_ref().is_some_and(|o| o.map_entry()),
            "{name}: map fields are not covered by these samples; extend samples.rs first"
        );
        for nested in &message.nested_type {
            self.add_message(&name, nested);
        }
        for e in &message.enum_type {
            self.enums.insert(format!("{name}.{}", e.name()), e.clone());
        }
        self.messages.insert(name, message.clone());
    }

    /// One encoded sample per arm index: sample `k` sets every plain field and
    /// arm `k` (modulo its size) of every oneof, so each arm is sent at least once.
    pub fn samples(&self, message: &str) -> Vec<Vec<u8>> {
        let most_arms = oneof_arms(&self.messages[message])
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(1);
        (0..most_arms)
            .map(|k| {
                let mut buf = Vec::new();
                self.encode_message(message, k, 0, &mut buf);
                buf
            })
            .collect()
    }

    fn encode_message(&self, message: &str, k: usize, depth: usize, buf: &mut Vec<u8>) {
        if depth > MAX_DEPTH {
            return;
        }
        let descriptor = &self.messages[message];
        let arms = oneof_arms(descriptor);
        let mut fields: Vec<&FieldDescriptorProto> = descriptor
            .field
            .iter()
            .filter(|f| match real_oneof(f) {
                Some(i) => arms[i][k % arms[i].len()] == f.number(),
                None => true,
            })
            .collect();
        fields.sort_by_key(|f| f.number());
        for field in fields {
            self.encode_field(field, k, depth, buf);
        }
    }

    fn encode_field(
        &self,
        field: &FieldDescriptorProto,
        k: usize,
        depth: usize,
        buf: &mut Vec<u8>,
    ) {
        let number = field.number() as u32;
        let repeated = field.label() == Label::Repeated;
        let elements = if repeated { 2 } else { 1 };
        match field.r#type() {
            Type::Message => {
                let type_name = field.type_name().trim_start_matches('.');
                for i in 0..elements {
                    let mut nested = Vec::new();
                    self.encode_message(type_name, k + i, depth + 1, &mut nested);
                    put_len_delimited(buf, number, &nested);
                }
            }
            Type::String => {
                for i in 0..elements {
                    let text = format!("{}·{k}{i}", field.name());
                    put_len_delimited(buf, number, text.as_bytes());
                }
            }
            Type::Bytes => {
                for i in 0..elements {
                    // Not UTF-8: a peer that declares the field `string` rejects it.
                    put_len_delimited(buf, number, &[0xFF, 0xFE, number as u8, i as u8]);
                }
            }
            Type::Group => panic!("{}: groups are not part of proto3", field.name()),
            scalar => {
                let mut payload = Vec::new();
                for i in 0..elements {
                    self.put_scalar(&mut payload, scalar, field, i);
                }
                if repeated {
                    // proto3 packs repeated scalars.
                    put_len_delimited(buf, number, &payload);
                } else {
                    put_key(buf, number, wire_type(scalar));
                    buf.extend_from_slice(&payload);
                }
            }
        }
    }

    fn put_scalar(&self, buf: &mut Vec<u8>, scalar: Type, field: &FieldDescriptorProto, i: usize) {
        match scalar {
            Type::Enum => {
                // The highest-numbered value: a peer that numbers or names the
                // values differently reads another variant (or a bare number).
                let e = &self.enums[field.type_name().trim_start_matches('.')];
                let highest = e.value.iter().map(|v| v.number()).max().unwrap_or(0);
                put_varint(buf, i64::from(highest) as u64);
            }
            Type::Fixed32 | Type::Sfixed32 | Type::Float => {
                buf.extend_from_slice(&(FIXED32_PROBE ^ i as u32).to_le_bytes())
            }
            Type::Fixed64 | Type::Sfixed64 | Type::Double => {
                buf.extend_from_slice(&(FIXED64_PROBE ^ i as u64).to_le_bytes())
            }
            _ => put_varint(buf, if i == 0 { VARINT_PROBE } else { VARINT_PROBE_2 }),
        }
    }
}

/// The field numbers of each oneof, indexed like `oneof_decl`. Synthetic
/// oneofs (proto3 `optional`) stay empty: their fields count as plain fields.
fn oneof_arms(message: &DescriptorProto) -> Vec<Vec<i32>> {
    let mut arms = vec![Vec::new(); message.oneof_decl.len()];
    for field in &message.field {
        if let Some(i) = real_oneof(field) {
            arms[i].push(field.number());
        }
    }
    arms
}

fn real_oneof(field: &FieldDescriptorProto) -> Option<usize> {
    match field.oneof_index {
        Some(i) if !field.proto3_optional() => Some(i as usize),
        _ => None,
    }
}

fn wire_type(scalar: Type) -> u32 {
    match scalar {
        Type::Fixed64 | Type::Sfixed64 | Type::Double => 1,
        Type::Fixed32 | Type::Sfixed32 | Type::Float => 5,
        _ => 0,
    }
}

fn put_key(buf: &mut Vec<u8>, number: u32, wire_type: u32) {
    put_varint(buf, u64::from((number << 3) | wire_type));
}

fn put_len_delimited(buf: &mut Vec<u8>, number: u32, payload: &[u8]) {
    put_key(buf, number, 2);
    put_varint(buf, payload.len() as u64);
    buf.extend_from_slice(payload);
}

fn put_varint(buf: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        buf.push((value as u8) | 0x80);
        value >>= 7;
    }
    buf.push(value as u8);
}
