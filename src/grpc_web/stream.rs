//! Incremental decoding of a streamed gRPC-web body: bytes arrive in chunks cut anywhere (inside
//! a frame header, a payload, a trailers block or, in text mode, a base64 group), and each frame
//! comes out as soon as its last byte is in.
//!
//! Hand-written because the body is already framed by HTTP/2 below and gRPC-web above: no
//! published crate decodes gRPC-web frames from a client's point of view, and `decode_body`
//! (the unary path) needs the whole body at once.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::{Buf, Bytes, BytesMut};

use super::frame::{COMPRESSED_FLAG, FrameError, TRAILERS_FLAG};
use super::status::{Status, parse_trailer_block};

/// One decoded frame of a stream.
#[derive(Debug, PartialEq, Eq)]
pub enum StreamEvent {
    /// A data frame's payload: one protobuf message.
    Message(Bytes),
    /// The trailers frame's status; nothing may follow it.
    Trailers(Status),
}

/// Why a streamed body could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// A frame was malformed (too large, compressed, bad trailers, data after trailers, or
    /// the body ended inside a frame).
    Frame(FrameError),
    /// Text mode: the body was not valid base64.
    Text,
    /// A frame announced a message above the stream's per-message bound.
    MessageTooLarge { announced: usize, limit: usize },
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamError::Frame(error) => error.fmt(f),
            StreamError::Text => f.write_str("text-mode response is not valid base64"),
            StreamError::MessageTooLarge { announced, limit } => write!(
                f,
                "a streamed message announces {announced} bytes, above the {limit}-byte limit"
            ),
        }
    }
}

impl std::error::Error for StreamError {}

/// Decodes one streamed response body. Holds at most one partial frame (bounded by the
/// per-message limit) plus, in text mode, up to three base64 characters of a split group.
#[derive(Debug)]
pub struct StreamDecoder {
    text: bool,
    max_message: usize,
    /// Text mode: base64 characters not yet decoded (fewer than a whole group, or a run
    /// waiting for its padding group).
    pending_text: Vec<u8>,
    /// Binary frames not yet split off.
    frames: BytesMut,
    trailers_seen: bool,
}

impl StreamDecoder {
    /// A decoder for binary (`text == false`) or base64 text framing, refusing any message
    /// announced larger than `max_message` bytes.
    pub fn new(text: bool, max_message: usize) -> Self {
        StreamDecoder {
            text,
            max_message,
            pending_text: Vec::new(),
            frames: BytesMut::new(),
            trailers_seen: false,
        }
    }

    /// Takes in the next chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), StreamError> {
        if !self.text {
            self.frames.extend_from_slice(chunk);
            return Ok(());
        }
        self.pending_text
            .extend(chunk.iter().copied().filter(|b| !b.is_ascii_whitespace()));
        // Whole 4-character groups decode on their own, padded or not, so a run can be cut
        // at any group boundary; the remainder waits for the next chunk.
        let whole = self.pending_text.len() / 4 * 4;
        let mut start = 0;
        while start < whole {
            let end = match self.pending_text[start..whole]
                .iter()
                .position(|&b| b == b'=')
            {
                Some(pad) => start + (pad / 4 + 1) * 4,
                None => whole,
            };
            let mut decoded = Vec::with_capacity((end - start) / 4 * 3);
            STANDARD
                .decode_vec(&self.pending_text[start..end], &mut decoded)
                .map_err(|_| StreamError::Text)?;
            self.frames.extend_from_slice(&decoded);
            start = end;
        }
        self.pending_text.drain(..whole);
        Ok(())
    }

    /// The next complete frame, if one is in; `Ok(None)` means more bytes are needed.
    pub fn next_event(&mut self) -> Result<Option<StreamEvent>, StreamError> {
        if self.frames.is_empty() {
            return Ok(None);
        }
        if self.trailers_seen {
            return Err(StreamError::Frame(FrameError::DataAfterTrailers));
        }
        if self.frames.len() < 5 {
            return Ok(None);
        }
        let flags = self.frames[0];
        let len = u32::from_be_bytes([
            self.frames[1],
            self.frames[2],
            self.frames[3],
            self.frames[4],
        ]) as usize;
        if len > self.max_message {
            return Err(StreamError::MessageTooLarge {
                announced: len,
                limit: self.max_message,
            });
        }
        if flags & COMPRESSED_FLAG != 0 {
            return Err(StreamError::Frame(FrameError::Compressed));
        }
        if self.frames.len() < 5 + len {
            return Ok(None);
        }
        self.frames.advance(5);
        let payload = self.frames.split_to(len).freeze();
        if flags & TRAILERS_FLAG != 0 {
            self.trailers_seen = true;
            let status = parse_trailer_block(&payload)
                .map_err(|why| StreamError::Frame(FrameError::BadTrailers(why)))?;
            return Ok(Some(StreamEvent::Trailers(status)));
        }
        Ok(Some(StreamEvent::Message(payload)))
    }

    /// Checks that the body ended between frames: call once the body has no more chunks
    /// and `next_event` has returned `Ok(None)`.
    pub fn finish(&self) -> Result<(), StreamError> {
        if !self.pending_text.is_empty() {
            return Err(StreamError::Text);
        }
        if !self.frames.is_empty() {
            return Err(StreamError::Frame(FrameError::Truncated {
                needed: 5,
                available: self.frames.len(),
            }));
        }
        Ok(())
    }
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

    fn sample_body() -> Vec<u8> {
        let mut body = frame(0, b"first");
        body.extend(frame(0, b""));
        body.extend(frame(0, &[7u8; 300]));
        body.extend(frame(0x80, b"grpc-status: 0\r\ngrpc-message: done\r\n"));
        body
    }

    /// Feeds `chunks` and gathers every event; panics on an error.
    fn decode(text: bool, chunks: &[&[u8]]) -> Vec<StreamEvent> {
        let mut decoder = StreamDecoder::new(text, 1024);
        let mut events = Vec::new();
        for chunk in chunks {
            decoder.push(chunk).unwrap();
            while let Some(event) = decoder.next_event().unwrap() {
                events.push(event);
            }
        }
        decoder.finish().unwrap();
        events
    }

    fn expected() -> Vec<StreamEvent> {
        vec![
            StreamEvent::Message(Bytes::from_static(b"first")),
            StreamEvent::Message(Bytes::new()),
            StreamEvent::Message(Bytes::from(vec![7u8; 300])),
            StreamEvent::Trailers(Status::new(0, "done")),
        ]
    }

    #[test]
    fn binary_split_at_every_byte_gives_the_same_frames() {
        let body = sample_body();
        assert_eq!(decode(false, &[&body]), expected());
        for cut in 0..=body.len() {
            let (a, b) = body.split_at(cut);
            assert_eq!(decode(false, &[a, b]), expected(), "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(decode(false, &bytes), expected());
    }

    #[test]
    fn text_split_at_every_byte_gives_the_same_frames() {
        let body = sample_body();
        // One run for the whole body, and one padded run per frame as a server flushing each
        // frame on its own sends it.
        let one_run = STANDARD.encode(&body).into_bytes();
        let mut runs = Vec::new();
        let mut rest = &body[..];
        for size in [10, 5, 305, body.len() - 320] {
            let (frame, tail) = rest.split_at(size);
            runs.extend(STANDARD.encode(frame).into_bytes());
            rest = tail;
        }
        for text in [one_run, runs] {
            for cut in 0..=text.len() {
                let (a, b) = text.split_at(cut);
                assert_eq!(decode(true, &[a, b]), expected(), "cut at {cut}");
            }
            let bytes: Vec<&[u8]> = text.chunks(1).collect();
            assert_eq!(decode(true, &bytes), expected());
        }
    }

    #[test]
    fn a_message_is_released_as_soon_as_its_last_byte_arrives() {
        let mut decoder = StreamDecoder::new(false, 1024);
        let first = frame(0, b"abc");
        decoder.push(&first[..7]).unwrap();
        assert_eq!(decoder.next_event().unwrap(), None);
        decoder.push(&first[7..]).unwrap();
        assert_eq!(
            decoder.next_event().unwrap(),
            Some(StreamEvent::Message(Bytes::from_static(b"abc")))
        );
        assert_eq!(decoder.next_event().unwrap(), None);
    }

    #[test]
    fn an_oversized_message_is_refused_from_its_header() {
        let mut decoder = StreamDecoder::new(false, 16);
        decoder.push(&[0, 0, 0, 0, 17]).unwrap();
        assert_eq!(
            decoder.next_event(),
            Err(StreamError::MessageTooLarge {
                announced: 17,
                limit: 16
            })
        );
        let mut decoder = StreamDecoder::new(false, 16);
        decoder.push(&[0, 0xff, 0xff, 0xff, 0xff]).unwrap();
        assert!(decoder.next_event().is_err());
    }

    #[test]
    fn malformed_streams_are_errors() {
        let mut decoder = StreamDecoder::new(false, 1024);
        decoder.push(&frame(1, b"x")).unwrap();
        assert_eq!(
            decoder.next_event(),
            Err(StreamError::Frame(FrameError::Compressed))
        );

        let mut decoder = StreamDecoder::new(false, 1024);
        decoder.push(&frame(0x80, b"grpc-status: 0")).unwrap();
        decoder.push(&frame(0, b"late")).unwrap();
        assert!(matches!(
            decoder.next_event(),
            Ok(Some(StreamEvent::Trailers(_)))
        ));
        assert_eq!(
            decoder.next_event(),
            Err(StreamError::Frame(FrameError::DataAfterTrailers))
        );

        let mut decoder = StreamDecoder::new(false, 1024);
        decoder.push(&frame(0, b"cut")[..6]).unwrap();
        assert_eq!(decoder.next_event(), Ok(None));
        assert!(decoder.finish().is_err(), "ended inside a frame");

        let mut decoder = StreamDecoder::new(true, 1024);
        assert_eq!(decoder.push(b"!!!!"), Err(StreamError::Text));
        let mut decoder = StreamDecoder::new(true, 1024);
        decoder.push(b"AAA").unwrap();
        assert_eq!(decoder.finish(), Err(StreamError::Text));
    }
}
