//! The 5-byte-prefixed frames of a gRPC-web body: data frames and the final trailers frame.

use bytes::{Buf, Bytes, BytesMut};

use super::status::{Status, parse_trailer_block};

/// The largest frame payload accepted from the network: 10 MiB plus headroom, in line with the
/// official SDKs' 10,486,000-byte message limit. A length prefix above it is rejected before
/// any allocation.
pub const MAX_FRAME_LEN: usize = 16 * 1024 * 1024;

pub(super) const TRAILERS_FLAG: u8 = 0x80;
pub(super) const COMPRESSED_FLAG: u8 = 0x01;

/// Frames one protobuf message for sending.
pub fn encode_request(message: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(5 + message.len());
    out.extend_from_slice(&[0]);
    // A message over 4 GiB cannot be framed; requests are validated far below that.
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
    out.freeze()
}

/// A decoded response body: its data messages, in order, and the status from its trailers
/// frame when it had one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DecodedBody {
    /// Payloads of the data frames, in arrival order.
    pub messages: Vec<Bytes>,
    /// The status from the trailers frame, if the body carried one.
    pub trailers: Option<Status>,
}

/// Why a response body could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The body ended inside a frame header or payload.
    Truncated { needed: usize, available: usize },
    /// A frame announced a payload larger than [`MAX_FRAME_LEN`].
    TooLarge { announced: usize },
    /// The frame is marked compressed, and no compression was negotiated.
    Compressed,
    /// Bytes followed the trailers frame.
    DataAfterTrailers,
    /// The trailers frame was not a valid header block.
    BadTrailers(String),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Truncated { needed, available } => write!(
                f,
                "response body truncated: a frame needs {needed} more bytes but {available} remain"
            ),
            FrameError::TooLarge { announced } => write!(
                f,
                "response frame announces {announced} bytes, above the {MAX_FRAME_LEN}-byte limit"
            ),
            FrameError::Compressed => {
                f.write_str("response frame is compressed, which was not negotiated")
            }
            FrameError::DataAfterTrailers => {
                f.write_str("response has data after its trailers frame")
            }
            FrameError::BadTrailers(why) => write!(f, "response trailers are malformed: {why}"),
        }
    }
}

impl std::error::Error for FrameError {}

/// Splits a binary gRPC-web body into its messages and trailers.
pub fn decode_body(mut body: Bytes) -> Result<DecodedBody, FrameError> {
    let mut decoded = DecodedBody::default();
    while body.has_remaining() {
        if decoded.trailers.is_some() {
            return Err(FrameError::DataAfterTrailers);
        }
        if body.len() < 5 {
            return Err(FrameError::Truncated {
                needed: 5,
                available: body.len(),
            });
        }
        let flags = body[0];
        let len = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        if len > MAX_FRAME_LEN {
            return Err(FrameError::TooLarge { announced: len });
        }
        body.advance(5);
        if body.len() < len {
            return Err(FrameError::Truncated {
                needed: len,
                available: body.len(),
            });
        }
        let payload = body.split_to(len);
        if flags & COMPRESSED_FLAG != 0 {
            return Err(FrameError::Compressed);
        }
        if flags & TRAILERS_FLAG != 0 {
            decoded.trailers =
                Some(parse_trailer_block(&payload).map_err(FrameError::BadTrailers)?);
        } else {
            decoded.messages.push(payload);
        }
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(flags: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![flags];
        v.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        v.extend_from_slice(payload);
        v
    }

    #[test]
    fn encodes_the_protocol_worked_example() {
        let msg = [
            0x0a, 0x03, b'f', b'o', b'o', 0x12, 0x03, b'F', b'O', b'O', 0x18, 0xe0, 0xd4, 0x03,
        ];
        let framed = encode_request(&msg);
        assert_eq!(&framed[..5], &[0, 0, 0, 0, 0x0e]);
        assert_eq!(&framed[5..], &msg);
    }

    #[test]
    fn decodes_messages_then_trailers() {
        let mut body = frame(0, b"one");
        body.extend(frame(0, b""));
        body.extend(frame(0x80, b"grpc-status: 0\r\ngrpc-message: \r\n"));
        let decoded = decode_body(Bytes::from(body)).unwrap();
        assert_eq!(
            decoded.messages,
            vec![Bytes::from_static(b"one"), Bytes::new()]
        );
        assert_eq!(decoded.trailers.unwrap().code, 0);
    }

    #[test]
    fn rejects_truncated_header_and_payload() {
        assert!(matches!(
            decode_body(Bytes::from_static(&[0, 0, 0])),
            Err(FrameError::Truncated { .. })
        ));
        let mut body = frame(0, b"hello");
        body.truncate(7);
        assert!(matches!(
            decode_body(Bytes::from(body)),
            Err(FrameError::Truncated {
                needed: 5,
                available: 2
            })
        ));
    }

    #[test]
    fn rejects_a_huge_length_prefix_without_allocating() {
        // 5 GB cannot even be expressed in 32 bits; the largest prefix is 4 GiB - 1.
        let body = Bytes::from_static(&[0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
        assert_eq!(
            decode_body(body),
            Err(FrameError::TooLarge {
                announced: u32::MAX as usize
            })
        );
    }

    #[test]
    fn rejects_compressed_frames_and_data_after_trailers() {
        assert_eq!(
            decode_body(Bytes::from(frame(1, b"x"))),
            Err(FrameError::Compressed)
        );
        let mut body = frame(0x80, b"grpc-status: 0");
        body.extend(frame(0, b"late"));
        assert_eq!(
            decode_body(Bytes::from(body)),
            Err(FrameError::DataAfterTrailers)
        );
    }

    #[test]
    fn empty_body_has_no_messages_and_no_trailers() {
        assert_eq!(decode_body(Bytes::new()).unwrap(), DecodedBody::default());
    }
}
