//! Read concern: how fresh the service must make the values a read returns.

/// How fresh a read must be. The service applies it to data-plane reads; the client sends it
/// as the `read-concern` header, and only when it is not [`ReadConcern::Balanced`] (no header
/// means balanced), as the official SDKs do.
///
/// edgecache-server is a single node: every read there sees the latest write, whatever the
/// read concern.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReadConcern {
    /// The service's default: reads may briefly lag a write made through another node.
    #[default]
    Balanced,
    /// Read-after-write consistency, at a higher cost per read.
    Consistent,
}

impl ReadConcern {
    /// The `read-concern` header value, or `None` for the default, which is sent as no header.
    pub const fn header_value(self) -> Option<&'static str> {
        match self {
            ReadConcern::Balanced => None,
            ReadConcern::Consistent => Some("consistent"),
        }
    }
}
