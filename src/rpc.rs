//! What the call pipeline needs to know about each RPC: its path, which endpoint serves it,
//! and whether repeating it is safe.

/// Whether a call may be repeated after a failure that might not have reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// Reads change nothing.
    Read,
    /// Writes whose repetition leaves the same state.
    IdempotentWrite,
    /// Writes that would apply twice (increments, pushes, conditional writes).
    NotIdempotent,
}

/// Which endpoint serves an RPC, and which headers it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Plane {
    /// `cache_client.Scs`: the data endpoint, with a `cache` header.
    Data,
    /// `control_client.ScsControl`: the control endpoint.
    Control,
    /// `cache_client.Ping`: the data endpoint, without a `cache` header.
    Ping,
}

/// How many reply messages an RPC has on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One reply message.
    Unary,
    /// Any number of reply messages, read as they arrive (native targets).
    ServerStreaming,
}

/// One RPC of the protocol.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rpc {
    pub path: &'static str,
    pub plane: Plane,
    pub idempotency: Idempotency,
    /// Read on native targets; the web transport reads every reply as one body for now.
    #[cfg_attr(web, allow(dead_code))]
    pub shape: Shape,
}

macro_rules! rpcs {
    (@shape) => { Shape::Unary };
    (@shape $shape:ident) => { Shape::$shape };
    ($($(#[$attr:meta])* $name:ident = $plane:ident $path:literal $idem:ident $($shape:ident)?;)*) => {
        $($(#[$attr])* pub(crate) const $name: Rpc = Rpc { path: $path, plane: Plane::$plane, idempotency: Idempotency::$idem, shape: rpcs!(@shape $($shape)?) };)*
        /// Every RPC this client can send.
        #[cfg(test)]
        pub(crate) const ALL: &[Rpc] = &[$($name),*];
    };
}

rpcs! {
    GET = Data "/cache_client.Scs/Get" Read;
    GET_WITH_HASH = Data "/cache_client.Scs/GetWithHash" Read;
    GET_BATCH = Data "/cache_client.Scs/GetBatch" Read ServerStreaming;
    SET = Data "/cache_client.Scs/Set" IdempotentWrite;
    SET_BATCH = Data "/cache_client.Scs/SetBatch" IdempotentWrite ServerStreaming;
    SET_IF = Data "/cache_client.Scs/SetIf" NotIdempotent;
    SET_IF_HASH = Data "/cache_client.Scs/SetIfHash" NotIdempotent;
    SET_IF_NOT_EXISTS = Data "/cache_client.Scs/SetIfNotExists" NotIdempotent;
    DELETE = Data "/cache_client.Scs/Delete" IdempotentWrite;
    KEYS_EXIST = Data "/cache_client.Scs/KeysExist" Read;
    INCREMENT = Data "/cache_client.Scs/Increment" NotIdempotent;
    UPDATE_TTL = Data "/cache_client.Scs/UpdateTtl" NotIdempotent;
    ITEM_GET_TTL = Data "/cache_client.Scs/ItemGetTtl" Read;
    ITEM_GET_TYPE = Data "/cache_client.Scs/ItemGetType" Read;
    DICTIONARY_GET = Data "/cache_client.Scs/DictionaryGet" Read;
    DICTIONARY_FETCH = Data "/cache_client.Scs/DictionaryFetch" Read;
    DICTIONARY_SET = Data "/cache_client.Scs/DictionarySet" IdempotentWrite;
    DICTIONARY_INCREMENT = Data "/cache_client.Scs/DictionaryIncrement" NotIdempotent;
    DICTIONARY_DELETE = Data "/cache_client.Scs/DictionaryDelete" IdempotentWrite;
    DICTIONARY_LENGTH = Data "/cache_client.Scs/DictionaryLength" Read;
    SET_FETCH = Data "/cache_client.Scs/SetFetch" Read;
    SET_SAMPLE = Data "/cache_client.Scs/SetSample" Read;
    SET_UNION = Data "/cache_client.Scs/SetUnion" IdempotentWrite;
    SET_DIFFERENCE = Data "/cache_client.Scs/SetDifference" IdempotentWrite;
    SET_CONTAINS = Data "/cache_client.Scs/SetContains" Read;
    SET_LENGTH = Data "/cache_client.Scs/SetLength" Read;
    SET_POP = Data "/cache_client.Scs/SetPop" NotIdempotent;
    LIST_PUSH_FRONT = Data "/cache_client.Scs/ListPushFront" NotIdempotent;
    LIST_PUSH_BACK = Data "/cache_client.Scs/ListPushBack" NotIdempotent;
    LIST_POP_FRONT = Data "/cache_client.Scs/ListPopFront" NotIdempotent;
    LIST_POP_BACK = Data "/cache_client.Scs/ListPopBack" NotIdempotent;
    LIST_ERASE = Data "/cache_client.Scs/ListErase" NotIdempotent;
    LIST_REMOVE = Data "/cache_client.Scs/ListRemove" IdempotentWrite;
    LIST_FETCH = Data "/cache_client.Scs/ListFetch" Read;
    LIST_LENGTH = Data "/cache_client.Scs/ListLength" Read;
    LIST_CONCATENATE_FRONT = Data "/cache_client.Scs/ListConcatenateFront" NotIdempotent;
    LIST_CONCATENATE_BACK = Data "/cache_client.Scs/ListConcatenateBack" NotIdempotent;
    LIST_RETAIN = Data "/cache_client.Scs/ListRetain" NotIdempotent;
    SORTED_SET_PUT = Data "/cache_client.Scs/SortedSetPut" IdempotentWrite;
    SORTED_SET_FETCH = Data "/cache_client.Scs/SortedSetFetch" Read;
    SORTED_SET_GET_SCORE = Data "/cache_client.Scs/SortedSetGetScore" Read;
    SORTED_SET_REMOVE = Data "/cache_client.Scs/SortedSetRemove" IdempotentWrite;
    SORTED_SET_INCREMENT = Data "/cache_client.Scs/SortedSetIncrement" NotIdempotent;
    SORTED_SET_GET_RANK = Data "/cache_client.Scs/SortedSetGetRank" Read;
    SORTED_SET_LENGTH = Data "/cache_client.Scs/SortedSetLength" Read;
    SORTED_SET_LENGTH_BY_SCORE = Data "/cache_client.Scs/SortedSetLengthByScore" Read;
    SORTED_SET_UNION_STORE = Data "/cache_client.Scs/SortedSetUnionStore" IdempotentWrite;
    CREATE_CACHE = Control "/control_client.ScsControl/CreateCache" NotIdempotent;
    DELETE_CACHE = Control "/control_client.ScsControl/DeleteCache" NotIdempotent;
    LIST_CACHES = Control "/control_client.ScsControl/ListCaches" Read;
    FLUSH_CACHE = Control "/control_client.ScsControl/FlushCache" NotIdempotent;
    PING = Ping "/cache_client.Ping/Ping" Read;
    // Topics: a publish repeated would deliver the value twice; a subscribe is a stream
    // whose resumption the subscription itself manages. Native targets only, for now.
    #[cfg_attr(web, allow(dead_code))]
    PUBLISH = Data "/cache_client.pubsub.Pubsub/Publish" NotIdempotent;
    #[cfg_attr(web, allow(dead_code))]
    SUBSCRIBE = Data "/cache_client.pubsub.Pubsub/Subscribe" Read ServerStreaming;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_complete() {
        let paths: std::collections::HashSet<_> = ALL.iter().map(|rpc| rpc.path).collect();
        assert_eq!(paths.len(), ALL.len());
        // 47 data RPCs and 2 of Topics, 4 control RPCs and Ping.
        assert_eq!(ALL.iter().filter(|r| r.plane == Plane::Data).count(), 49);
        assert_eq!(ALL.iter().filter(|r| r.plane == Plane::Control).count(), 4);
        assert_eq!(ALL.iter().filter(|r| r.plane == Plane::Ping).count(), 1);
    }

    #[test]
    fn every_scs_rpc_in_the_descriptor_is_listed() {
        use prost::Message;
        let set =
            prost_types::FileDescriptorSet::decode(edgecache_proto::FILE_DESCRIPTOR_SET).unwrap();
        // The services this table covers. The token and API-key services (`token.Token`,
        // `auth.Auth`) are in the schema but are not sent through this table.
        const SERVICES: &[&str] = &[
            "cache_client.Scs",
            "cache_client.pubsub.Pubsub",
            "cache_client.Ping",
            "control_client.ScsControl",
        ];
        let mut from_proto = Vec::new();
        for file in &set.file {
            for service in &file.service {
                let name = format!("{}.{}", file.package(), service.name());
                if !SERVICES.contains(&name.as_str()) {
                    continue;
                }
                for method in &service.method {
                    from_proto.push((
                        format!("/{}.{}/{}", file.package(), service.name(), method.name()),
                        method.server_streaming(),
                    ));
                }
            }
        }
        let ours: std::collections::HashSet<_> =
            ALL.iter().map(|rpc| rpc.path.to_owned()).collect();
        assert_eq!(from_proto.len(), ours.len(), "proto has {from_proto:?}");
        for (path, streaming) in from_proto {
            assert!(ours.contains(&path), "{path} has no entry in rpc.rs");
            let rpc = ALL.iter().find(|rpc| rpc.path == path).unwrap();
            let shape = if streaming {
                Shape::ServerStreaming
            } else {
                Shape::Unary
            };
            assert_eq!(rpc.shape, shape, "{path}");
        }
    }
}
