//! gRPC-web framing: request frames, response decoding (binary and text mode), trailers and
//! statuses. Pure functions over bytes, shared by every transport.

mod frame;
mod status;
mod stream;
mod text;

pub use frame::{MAX_FRAME_LEN, decode_body, encode_request};
pub use status::{Status, grpc_timeout_header, status_from_http};
pub use stream::{StreamDecoder, StreamError, StreamEvent};
pub use text::{decode_text, encode_text};

/// How request and response bodies are framed on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Framing {
    /// `application/grpc-web+proto`: raw frames. The default; smaller and cheaper.
    #[default]
    Binary,
    /// `application/grpc-web-text`: base64 of the frames, as `@gomomento/sdk-web` sends.
    Text,
}

impl Framing {
    /// The `content-type` (and `accept`) header value for this framing.
    pub const fn content_type(self) -> &'static str {
        match self {
            Framing::Binary => "application/grpc-web+proto",
            Framing::Text => "application/grpc-web-text",
        }
    }
}
