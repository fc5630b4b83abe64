//! A frame-level HTTP/2 client for tests that must see frames no HTTP library shows, such as
//! the last stream id of a GOAWAY. Requests are plain gRPC POSTs with literal HPACK headers.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{CACHE, grpc_frame};

pub const DATA: u8 = 0x0;
pub const HEADERS: u8 = 0x1;
pub const RST_STREAM: u8 = 0x3;
pub const SETTINGS: u8 = 0x4;
pub const PING: u8 = 0x6;
pub const GOAWAY: u8 = 0x7;

pub const END_STREAM: u8 = 0x1;
pub const ACK: u8 = 0x1;
pub const END_HEADERS: u8 = 0x4;

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub kind: u8,
    pub flags: u8,
    pub stream_id: u32,
    pub payload: Vec<u8>,
}

impl Frame {
    /// `(last stream id, error code)` of a GOAWAY frame.
    pub fn goaway(&self) -> Option<(u32, u32)> {
        (self.kind == GOAWAY).then(|| {
            let word = |at: usize| {
                u32::from_be_bytes([
                    self.payload[at],
                    self.payload[at + 1],
                    self.payload[at + 2],
                    self.payload[at + 3],
                ])
            };
            (word(0) & 0x7fff_ffff, word(4))
        })
    }

    /// Whether this frame ends its stream (the response is complete).
    pub fn ends_stream(&self) -> bool {
        matches!(self.kind, DATA | HEADERS) && self.flags & END_STREAM != 0
    }
}

pub struct RawH2 {
    tcp: TcpStream,
    read: Vec<u8>,
}

impl RawH2 {
    /// Connects with prior knowledge: preface and an empty SETTINGS frame.
    pub async fn connect(addr: SocketAddr) -> Self {
        let mut tcp = TcpStream::connect(addr).await.expect("connects");
        tcp.write_all(PREFACE).await.expect("preface");
        let mut conn = RawH2 {
            tcp,
            read: Vec::new(),
        };
        conn.send(SETTINGS, 0, 0, &[]).await;
        conn
    }

    pub async fn send(&mut self, kind: u8, flags: u8, stream_id: u32, payload: &[u8]) {
        let len = payload.len() as u32;
        let mut frame = len.to_be_bytes()[1..].to_vec();
        frame.extend([kind, flags]);
        frame.extend(stream_id.to_be_bytes());
        frame.extend_from_slice(payload);
        // The peer may have closed already; the test decides whether that matters.
        let _ = self.tcp.write_all(&frame).await;
    }

    /// A unary gRPC call on `stream_id`: HEADERS then one DATA frame that ends the stream.
    pub async fn grpc_call(&mut self, stream_id: u32, path: &str, message: &impl prost::Message) {
        let mut block = Vec::new();
        for (name, value) in [
            (":method", "POST"),
            (":scheme", "http"),
            (":path", path),
            (":authority", "localhost"),
            ("content-type", "application/grpc"),
            ("te", "trailers"),
            ("cache", CACHE),
        ] {
            literal_header(&mut block, name, value);
        }
        self.send(HEADERS, END_HEADERS, stream_id, &block).await;
        self.send(DATA, END_STREAM, stream_id, &grpc_frame(message))
            .await;
    }

    /// The next frame, answering SETTINGS as it goes; `None` once the server closed the
    /// connection. Waits at most 5 s.
    pub async fn next_frame(&mut self) -> Option<Frame> {
        let frame = tokio::time::timeout(Duration::from_secs(5), self.read_frame())
            .await
            .expect("a frame or the end within 5 s")?;
        if frame.kind == SETTINGS && frame.flags & ACK == 0 {
            self.send(SETTINGS, ACK, 0, &[]).await;
        }
        Some(frame)
    }

    /// Reads frames until `done` says stop (returning every frame read), or the connection ends.
    pub async fn read_until(&mut self, mut done: impl FnMut(&Frame) -> bool) -> Vec<Frame> {
        let mut frames = Vec::new();
        while let Some(frame) = self.next_frame().await {
            let stop = done(&frame);
            frames.push(frame);
            if stop {
                break;
            }
        }
        frames
    }

    async fn read_frame(&mut self) -> Option<Frame> {
        loop {
            if self.read.len() >= 9 {
                let len =
                    u32::from_be_bytes([0, self.read[0], self.read[1], self.read[2]]) as usize;
                if self.read.len() >= 9 + len {
                    let head: Vec<u8> = self.read.drain(..9).collect();
                    let payload = self.read.drain(..len).collect();
                    return Some(Frame {
                        kind: head[3],
                        flags: head[4],
                        stream_id: u32::from_be_bytes([head[5], head[6], head[7], head[8]])
                            & 0x7fff_ffff,
                        payload,
                    });
                }
            }
            let mut chunk = [0u8; 16 * 1024];
            match self.tcp.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.read.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// HPACK "literal header field without indexing, new name", no Huffman coding.
fn literal_header(block: &mut Vec<u8>, name: &str, value: &str) {
    assert!(name.len() < 127 && value.len() < 127, "short headers only");
    block.push(0x00);
    block.push(name.len() as u8);
    block.extend_from_slice(name.as_bytes());
    block.push(value.len() as u8);
    block.extend_from_slice(value.as_bytes());
}
