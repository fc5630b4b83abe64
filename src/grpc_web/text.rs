//! gRPC-web text mode: bodies are base64 of the frames.
//!
//! A server may encode each chunk it flushes separately, padding included, so a response can be
//! several padded base64 runs back to back. Decoding runs one padded run at a time.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;

/// The body was not valid base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// Byte offset in the body where the bad run starts.
    pub offset: usize,
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "text-mode response is not valid base64 (at byte {})",
            self.offset
        )
    }
}

impl std::error::Error for TextError {}

/// Encodes a framed request body for text mode.
pub fn encode_text(framed: &[u8]) -> Bytes {
    Bytes::from(STANDARD.encode(framed))
}

/// Decodes a text-mode response body, which may hold several independently padded runs.
pub fn decode_text(body: &[u8]) -> Result<Bytes, TextError> {
    let body: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(body.len() / 4 * 3);
    let mut start = 0;
    while start < body.len() {
        // A run ends after the 4-character group that holds padding, or at the end of the body.
        let end = match body[start..].iter().position(|&b| b == b'=') {
            Some(pad) => {
                let first_pad = start + pad;
                let group_end = start + (pad / 4 + 1) * 4;
                if group_end > body.len() || body[first_pad..group_end].iter().any(|&b| b != b'=') {
                    return Err(TextError { offset: start });
                }
                group_end
            }
            None => body.len(),
        };
        STANDARD
            .decode_vec(&body[start..end], &mut out)
            .map_err(|_| TextError { offset: start })?;
        start = end;
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_captured_set_request() {
        let framed = [
            0, 0, 0, 0, 0x0e, 0x0a, 0x03, b'f', b'o', b'o', 0x12, 0x03, b'F', b'O', b'O', 0x18,
            0xe0, 0xd4, 0x03,
        ];
        let text = encode_text(&framed);
        assert_eq!(&text[..], b"AAAAAA4KA2ZvbxIDRk9PGODUAw==");
        assert_eq!(&decode_text(&text).unwrap()[..], &framed);
    }

    #[test]
    fn decodes_concatenated_padded_runs() {
        let mut body = STANDARD.encode(b"a").into_bytes(); // "YQ=="
        body.extend(STANDARD.encode(b"bc").into_bytes()); // "YmM="
        body.extend(STANDARD.encode(b"def").into_bytes()); // no padding
        assert_eq!(&decode_text(&body).unwrap()[..], b"abcdef");
    }

    #[test]
    fn rejects_garbage_and_misplaced_padding() {
        assert!(decode_text(b"!!!!").is_err());
        assert!(decode_text(b"YQ=a").is_err());
        assert!(decode_text(b"YQ=").is_err());
        assert!(decode_text(b"Y").is_err());
    }
}
