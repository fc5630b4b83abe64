//! Checks the compiled schema against the protocol document, field by field.
//!
//! `shared/wire/PROTOCOL.md` is parsed mechanically: section 1.1 (files and
//! packages), section 1.2 (RPC index) and section 2 (one `####` heading plus
//! one table per message or enum). Every entry in scope must match the
//! descriptor set embedded in the crate, and the descriptor set must contain
//! nothing the document does not list. Pubsub (2.10) and extensions (2.11)
//! are out of scope.
//!
//! The document is read from `EDGECACHE_PROTOCOL_DOC` if set, otherwise from
//! `../../shared/wire/PROTOCOL.md` relative to this crate. A missing document
//! is a test failure, not a skip.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use edgecache_proto::FILE_DESCRIPTOR_SET;
use prost::Message as _;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorSet};

/// Packages whose messages and services this crate implements.
const IN_SCOPE_PACKAGES: &[&str] = &["common", "cache_client", "control_client"];

fn in_scope(full_name: &str) -> bool {
    IN_SCOPE_PACKAGES.contains(&package_of(full_name).as_str())
}

/// The package part of a full name: the leading lower-case segments
/// (`cache_client._ListFetchRequest` -> `cache_client`,
/// `cache_client.pubsub._TopicItem` -> `cache_client.pubsub`).
fn package_of(full_name: &str) -> String {
    full_name
        .split('.')
        .take_while(|seg| seg.starts_with(|c: char| c.is_ascii_lowercase()))
        .collect::<Vec<_>>()
        .join(".")
}

// ------------------------------------------------------------------ document

fn protocol_doc() -> String {
    let path = match std::env::var_os("EDGECACHE_PROTOCOL_DOC") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/wire/PROTOCOL.md"
        )),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => panic!(
            "cannot read the protocol document at {}: {err}\n\
             It is expected at shared/wire/PROTOCOL.md beside the repository clone; \
             set EDGECACHE_PROTOCOL_DOC to its path if it lives elsewhere.",
            path.display()
        ),
    }
}

/// Cells of a markdown table row, trimmed of whitespace.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// A cell's text without code backticks.
fn plain(cell: &str) -> String {
    cell.replace('`', "")
}

fn is_separator(line: &str) -> bool {
    line.trim().starts_with("|-") || line.trim().starts_with("| -")
}

/// The first `backticked` token in a string.
fn first_code(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// Lines of the section that starts with `heading_prefix` and ends at the
/// next heading of the same or higher level.
fn section<'a>(doc: &'a str, heading_prefix: &str) -> Vec<&'a str> {
    let level = heading_prefix.chars().take_while(|c| *c == '#').count();
    let mut out = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        if line.starts_with(heading_prefix) {
            inside = true;
            continue;
        }
        if inside {
            let hashes = line.chars().take_while(|c| *c == '#').count();
            if hashes > 0 && hashes <= level && line[hashes..].starts_with(' ') {
                break;
            }
            out.push(line);
        }
    }
    assert!(
        !out.is_empty(),
        "section `{heading_prefix}` not found in the protocol document"
    );
    out
}

#[derive(Debug, Clone, PartialEq)]
struct DocField {
    name: String,
    number: i32,
    ty: String,
    label: String,
}

#[derive(Debug, Default)]
struct DocEnum {
    values: Vec<(String, i32)>,
    /// Reserved number ranges, both ends inclusive.
    reserved: Vec<(i32, i32)>,
}

#[derive(Debug, Default)]
struct DocSchema {
    messages: BTreeMap<String, Vec<DocField>>,
    enums: BTreeMap<String, DocEnum>,
}

/// Parses section 2. Each `#### \`pkg.Msg\`` / `#### enum \`pkg.E\`` heading
/// is followed by either "No fields" or a table.
fn parse_section2(doc: &str) -> DocSchema {
    let lines = section(doc, "## 2. Messages");
    let mut schema = DocSchema::default();
    let mut skipping = false;
    let mut current: Option<(bool, String)> = None; // (is_enum, name)

    for line in lines {
        if let Some(h) = line.strip_prefix("### ") {
            // 2.10 pubsub and 2.11 extensions are out of scope.
            skipping = h.starts_with("2.10") || h.starts_with("2.11");
            current = None;
            continue;
        }
        if skipping {
            continue;
        }
        if let Some(h) = line.strip_prefix("#### ") {
            let is_enum = h.starts_with("enum ");
            let name = first_code(h)
                .unwrap_or_else(|| panic!("heading without a `name`: {line}"))
                .to_string();
            if !in_scope(&name) {
                current = None;
                continue;
            }
            if is_enum {
                assert!(
                    schema
                        .enums
                        .insert(name.clone(), Default::default())
                        .is_none(),
                    "enum {name} listed twice"
                );
            } else {
                assert!(
                    schema.messages.insert(name.clone(), Vec::new()).is_none(),
                    "message {name} listed twice"
                );
            }
            current = Some((is_enum, name));
            continue;
        }
        let Some((is_enum, name)) = &current else {
            continue;
        };
        if *is_enum && let Some(rest) = line.strip_prefix("Reserved numbers: ") {
            // e.g. "4 to 6 inclusive (must not be reused)."
            let words: Vec<&str> = rest.split_whitespace().collect();
            let lo: i32 = words[0].parse().expect("reserved range start");
            let hi: i32 = if words.get(1) == Some(&"to") {
                words[2].parse().expect("reserved range end")
            } else {
                lo
            };
            schema.enums.get_mut(name).unwrap().reserved.push((lo, hi));
            continue;
        }
        if !line.starts_with('|') || is_separator(line) {
            continue;
        }
        let c: Vec<String> = cells(line).iter().map(|c| plain(c)).collect();
        if c.get(1).map(String::as_str) == Some("number") {
            continue; // header row: `field | number | ...` or `value | number | ...`
        }
        if *is_enum {
            let number = c[1]
                .parse()
                .unwrap_or_else(|_| panic!("bad enum number in {line}"));
            schema
                .enums
                .get_mut(name)
                .unwrap()
                .values
                .push((c[0].clone(), number));
        } else {
            let number = c[1]
                .parse()
                .unwrap_or_else(|_| panic!("bad field number in {line}"));
            schema.messages.get_mut(name).unwrap().push(DocField {
                name: c[0].clone(),
                number,
                ty: c[2].clone(),
                label: c[3].clone(),
            });
        }
    }
    schema
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct DocRpc {
    path: String,
    request: String,
    response: String,
    server_streaming: bool,
}

/// Parses the RPC tables of section 1.2. Rows marked "in scope: no" and rows
/// of out-of-scope packages are returned separately.
fn parse_rpcs(doc: &str) -> (Vec<DocRpc>, Vec<DocRpc>) {
    let lines = section(doc, "### 1.2 ");
    let mut in_scope_rpcs = Vec::new();
    let mut excluded = Vec::new();
    let mut header: Vec<String> = Vec::new();
    for line in lines {
        if !line.starts_with('|') {
            header.clear();
            continue;
        }
        if is_separator(line) {
            continue;
        }
        let c = cells(line);
        if c.iter().any(|h| h == "full path") {
            header = c.iter().map(|h| plain(h)).collect();
            continue;
        }
        let col = |name: &str| {
            let i = header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("RPC table without a `{name}` column: {line}"));
            c[i].as_str()
        };
        // The path cell may carry a note, e.g. "`/cache_client.Scs/SetIfNotExists` (deprecated in schema)".
        let path = first_code(col("full path"))
            .unwrap_or_else(|| panic!("bad path cell: {line}"))
            .to_string();
        let request = plain(col("request"));
        let response_cell = col("response");
        let kind = col("kind");
        let server_streaming = response_cell.starts_with("stream of");
        let response = first_code(response_cell)
            .unwrap_or_else(|| panic!("bad response cell: {line}"))
            .to_string();
        match kind {
            "unary" => assert!(
                !server_streaming,
                "unary RPC with a stream response: {line}"
            ),
            "server-streaming" => {
                assert!(
                    server_streaming,
                    "streaming RPC without `stream of`: {line}"
                )
            }
            other => panic!("unexpected RPC kind `{other}` in: {line}"),
        }
        let rpc = DocRpc {
            path: path.clone(),
            request,
            response,
            server_streaming,
        };
        let service = path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let scope_no = header.iter().any(|h| h == "in scope") && col("in scope").starts_with("no");
        if scope_no || !in_scope(&service) {
            excluded.push(rpc);
        } else {
            in_scope_rpcs.push(rpc);
        }
    }
    (in_scope_rpcs, excluded)
}

/// Section 1.1: `.proto` file name -> package (for files that have one).
fn parse_files(doc: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in section(doc, "### 1.1 ") {
        if !line.starts_with("| `") {
            continue;
        }
        let raw: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        let (Some(file), Some(pkg)) = (first_code(raw[0]), first_code(raw[1])) else {
            continue;
        };
        if file.ends_with(".proto") {
            out.insert(file.to_string(), pkg.to_string());
        }
    }
    out
}

// ---------------------------------------------------------------- descriptor

struct Descriptors {
    fds: FileDescriptorSet,
    messages: BTreeMap<String, DescriptorProto>,
    enums: BTreeMap<String, EnumDescriptorProto>,
}

fn descriptors() -> Descriptors {
    let fds = FileDescriptorSet::decode(FILE_DESCRIPTOR_SET).expect("decode FILE_DESCRIPTOR_SET");
    let mut messages = BTreeMap::new();
    let mut enums = BTreeMap::new();

    fn walk(
        prefix: &str,
        msg: &DescriptorProto,
        messages: &mut BTreeMap<String, DescriptorProto>,
        enums: &mut BTreeMap<String, EnumDescriptorProto>,
    ) {
        let name = format!("{prefix}.{}", msg.name());
        for e in &msg.enum_type {
            enums.insert(format!("{name}.{}", e.name()), e.clone());
        }
        for nested in &msg.nested_type {
            walk(&name, nested, messages, enums);
        }
        messages.insert(name, msg.clone());
    }

    for file in &fds.file {
        for m in &file.message_type {
            walk(file.package(), m, &mut messages, &mut enums);
        }
        for e in &file.enum_type {
            enums.insert(format!("{}.{}", file.package(), e.name()), e.clone());
        }
    }
    Descriptors {
        fds,
        messages,
        enums,
    }
}

fn scalar_type(name: &str) -> Option<Type> {
    Some(match name {
        "double" => Type::Double,
        "float" => Type::Float,
        "int64" => Type::Int64,
        "uint64" => Type::Uint64,
        "int32" => Type::Int32,
        "fixed64" => Type::Fixed64,
        "fixed32" => Type::Fixed32,
        "bool" => Type::Bool,
        "string" => Type::String,
        "bytes" => Type::Bytes,
        "uint32" => Type::Uint32,
        "sfixed32" => Type::Sfixed32,
        "sfixed64" => Type::Sfixed64,
        "sint32" => Type::Sint32,
        "sint64" => Type::Sint64,
        _ => return None,
    })
}

// --------------------------------------------------------------------- tests

#[test]
fn every_message_and_field_matches_section_2() {
    let doc = protocol_doc();
    let schema = parse_section2(&doc);
    let desc = descriptors();
    let mut errors = Vec::new();

    // Guard against a silently broken parser: the document lists well over
    // a hundred in-scope messages.
    assert!(
        schema.messages.len() > 100,
        "only {} messages parsed from section 2; has the document format changed?",
        schema.messages.len()
    );

    let doc_names: BTreeSet<_> = schema.messages.keys().cloned().collect();
    let our_names: BTreeSet<_> = desc
        .messages
        .keys()
        .filter(|n| in_scope(n))
        .cloned()
        .collect();
    for n in doc_names.difference(&our_names) {
        errors.push(format!(
            "message {n} is in the document but not in the schema"
        ));
    }
    for n in our_names.difference(&doc_names) {
        errors.push(format!(
            "message {n} is in the schema but not in the document"
        ));
    }

    let mut checked_fields = 0;
    for (name, doc_fields) in &schema.messages {
        let Some(msg) = desc.messages.get(name) else {
            continue;
        };
        let doc_by_name: BTreeMap<_, _> = doc_fields.iter().map(|f| (f.name.as_str(), f)).collect();
        assert_eq!(
            doc_by_name.len(),
            doc_fields.len(),
            "{name}: duplicate field in document"
        );
        for f in &msg.field {
            if !doc_by_name.contains_key(f.name()) {
                errors.push(format!("{name}.{}: field not in the document", f.name()));
            }
        }
        for d in doc_fields {
            let Some(f) = msg.field.iter().find(|f| f.name() == d.name) else {
                errors.push(format!("{name}.{}: field missing from the schema", d.name));
                continue;
            };
            checked_fields += 1;
            let at = format!("{name}.{}", d.name);
            if f.number() != d.number {
                errors.push(format!(
                    "{at}: number {} != document {}",
                    f.number(),
                    d.number
                ));
            }
            match scalar_type(&d.ty) {
                Some(t) => {
                    if f.r#type() != t {
                        errors.push(format!("{at}: type {:?} != document {}", f.r#type(), d.ty));
                    }
                }
                None => {
                    let expected = format!(".{}", d.ty);
                    let kind_ok = if desc.enums.contains_key(&d.ty) {
                        f.r#type() == Type::Enum
                    } else {
                        f.r#type() == Type::Message
                    };
                    if f.type_name() != expected || !kind_ok {
                        errors.push(format!(
                            "{at}: type {:?} {} != document {}",
                            f.r#type(),
                            f.type_name(),
                            d.ty
                        ));
                    }
                }
            }
            if f.proto3_optional() {
                errors.push(format!(
                    "{at}: uses proto3 `optional`, the document has none"
                ));
            }
            let oneof = f
                .oneof_index
                .map(|i| msg.oneof_decl[i as usize].name().to_string());
            let ours = match (f.label(), oneof) {
                (Label::Repeated, _) => "repeated".to_string(),
                (_, Some(group)) => format!("oneof {group}"),
                (Label::Optional, None) => "—".to_string(),
                (other, None) => format!("{other:?}"),
            };
            if ours != d.label {
                errors.push(format!("{at}: label `{ours}` != document `{}`", d.label));
            }
        }
    }

    let doc_enums: BTreeSet<_> = schema.enums.keys().cloned().collect();
    let our_enums: BTreeSet<_> = desc.enums.keys().filter(|n| in_scope(n)).cloned().collect();
    for n in doc_enums.symmetric_difference(&our_enums) {
        errors.push(format!("enum {n} is in only one of document and schema"));
    }
    for (name, DocEnum { values, reserved }) in &schema.enums {
        let Some(e) = desc.enums.get(name) else {
            continue;
        };
        let ours: Vec<(String, i32)> = e
            .value
            .iter()
            .map(|v| (v.name().to_string(), v.number()))
            .collect();
        let (mut a, mut b) = (ours.clone(), values.clone());
        a.sort();
        b.sort();
        if a != b {
            errors.push(format!(
                "enum {name}: values {ours:?} != document {values:?}"
            ));
        }
        // EnumReservedRange ends are inclusive.
        let our_reserved: Vec<(i32, i32)> = e
            .reserved_range
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect();
        if &our_reserved != reserved {
            errors.push(format!(
                "enum {name}: reserved {our_reserved:?} != document {reserved:?}"
            ));
        }
    }

    assert!(
        errors.is_empty(),
        "schema differs from the protocol document:\n  {}",
        errors.join("\n  ")
    );
    eprintln!(
        "checked {} messages, {} fields, {} enums",
        schema.messages.len(),
        checked_fields,
        schema.enums.len()
    );
}

#[test]
fn every_rpc_matches_section_1_2() {
    let doc = protocol_doc();
    let (doc_rpcs, excluded) = parse_rpcs(&doc);
    let desc = descriptors();

    // 47 Scs + 1 Ping + 4 ScsControl.
    assert_eq!(doc_rpcs.len(), 52, "unexpected number of in-scope RPC rows");

    let mut ours = BTreeMap::new();
    for file in &desc.fds.file {
        for svc in &file.service {
            for m in &svc.method {
                let path = format!("/{}.{}/{}", file.package(), svc.name(), m.name());
                assert!(!m.client_streaming(), "{path} must not be client-streaming");
                let rpc = DocRpc {
                    path: path.clone(),
                    request: m.input_type().trim_start_matches('.').to_string(),
                    response: m.output_type().trim_start_matches('.').to_string(),
                    server_streaming: m.server_streaming(),
                };
                assert!(ours.insert(path, rpc).is_none());
            }
        }
    }

    let mut errors = Vec::new();
    for d in &doc_rpcs {
        match ours.get(&d.path) {
            None => errors.push(format!(
                "{} is in the document but not in the schema",
                d.path
            )),
            Some(o) if o != d => errors.push(format!("{}: schema {o:?} != document {d:?}", d.path)),
            Some(_) => {}
        }
    }
    let doc_paths: BTreeSet<_> = doc_rpcs.iter().map(|r| r.path.as_str()).collect();
    for path in ours.keys() {
        if !doc_paths.contains(path.as_str()) {
            let why = if excluded.iter().any(|r| &r.path == path) {
                "out of scope"
            } else {
                "not in the document"
            };
            errors.push(format!("{path} is in the schema but is {why}"));
        }
    }
    assert!(
        errors.is_empty(),
        "services differ from the protocol document:\n  {}",
        errors.join("\n  ")
    );
}

#[test]
fn files_and_packages_match_section_1_1() {
    let doc = protocol_doc();
    let doc_files = parse_files(&doc);
    let desc = descriptors();
    let ours: BTreeMap<_, _> = desc
        .fds
        .file
        .iter()
        .map(|f| (f.name().to_string(), f.package().to_string()))
        .collect();
    assert_eq!(
        ours.len(),
        4,
        "expected exactly four .proto files: {ours:?}"
    );
    for (file, pkg) in &ours {
        assert_eq!(
            doc_files.get(file),
            Some(pkg),
            "{file}: package `{pkg}` does not match the document"
        );
    }
    for f in &desc.fds.file {
        assert_eq!(f.syntax(), "proto3", "{} must be proto3", f.name());
    }
}
