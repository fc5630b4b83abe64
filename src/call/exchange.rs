//! One gRPC-web exchange: the HTTP request for a call, and what its response means.

use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;

use crate::config::ReadConcern;
use crate::credential::ApiKey;
use crate::error::{CacheError, CacheResult, ErrorCode};
use crate::grpc_web::{self, Framing, Status};
use crate::platform::{AGENT, HttpRequest, HttpResponse, RUNTIME_VERSION, TransportError};
use crate::rpc::Plane;

use super::Call;

pub(super) struct Exchange {
    framing: Framing,
    read_concern: ReadConcern,
    api_key: ApiKey,
}

impl Exchange {
    pub(super) fn new(framing: Framing, read_concern: ReadConcern, api_key: ApiKey) -> Self {
        Exchange {
            framing,
            read_concern,
            api_key,
        }
    }

    /// How request and response bodies are framed (binary or text gRPC-web).
    pub(super) fn framing(&self) -> Framing {
        self.framing
    }

    /// The request body for a message, framed once and reused by retries.
    pub(super) fn frame(&self, message: &[u8]) -> Bytes {
        let framed = grpc_web::encode_request(message);
        match self.framing {
            Framing::Binary => framed,
            Framing::Text => grpc_web::encode_text(&framed),
        }
    }

    pub(super) fn request(
        &self,
        call: &Call,
        body: Bytes,
        remaining: Option<Duration>,
        first: bool,
    ) -> HttpRequest {
        let content_type = self.framing.content_type();
        let mut headers = vec![
            ("content-type", content_type.to_owned()),
            ("accept", content_type.to_owned()),
            ("x-grpc-web", "1".to_owned()),
        ];
        // A stream's deadline covers only its opening, which the client enforces itself: a
        // `grpc-timeout` would tell the server to end the whole stream then.
        if let Some(remaining) = remaining {
            headers.push(("grpc-timeout", grpc_web::grpc_timeout_header(remaining)));
        }
        if !self.api_key.expose().is_empty() && call.rpc.plane != Plane::Ping {
            headers.push(("authorization", self.api_key.expose().to_owned()));
        }
        if let Some(cache) = &call.cache {
            headers.push(("cache", cache.clone()));
        }
        if let (Plane::Data, Some(concern)) = (call.rpc.plane, self.read_concern.header_value()) {
            headers.push(("read-concern", concern.to_owned()));
        }
        if first {
            headers.push(("agent", AGENT.to_owned()));
            headers.push(("runtime-version", RUNTIME_VERSION.to_owned()));
        }
        HttpRequest {
            path: call.rpc.path,
            headers,
            body,
        }
    }

    /// Turns a transport result into the reply messages or a typed error.
    pub(super) fn interpret(
        &self,
        result: Result<HttpResponse, TransportError>,
    ) -> CacheResult<Vec<Bytes>> {
        interpret_response(result.map_err(transport_error)?)
    }
}

/// What a gRPC-web HTTP response means: the reply messages, or a typed error.
pub(crate) fn interpret_response(response: HttpResponse) -> CacheResult<Vec<Bytes>> {
    if !(200..300).contains(&response.status) {
        let code = grpc_web::status_from_http(response.status);
        return Err(CacheError::from_status(Status::new(
            code,
            format!("the server answered HTTP {}", response.status),
        )));
    }
    // A trailers-only response carries its status in the headers.
    if let Some(status) = header_status(&response.headers)?
        && (status.code != 0 || response.body.is_empty())
    {
        return status_result(status, Vec::new());
    }
    let content_type = response
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let frames = if content_type.starts_with("application/grpc-web-text") {
        grpc_web::decode_text(&response.body).map_err(malformed)?
    } else if content_type.starts_with("application/grpc") {
        response.body
    } else {
        return Err(malformed(format!(
            "unexpected content-type {content_type:?}"
        )));
    };
    let decoded = grpc_web::decode_body(frames).map_err(malformed)?;
    let status = match decoded.trailers {
        Some(status) => status,
        None => response
            .trailers
            .as_ref()
            .map(header_status)
            .transpose()?
            .flatten()
            .ok_or_else(|| malformed("the response ended without a grpc-status (no trailers)"))?,
    };
    status_result(status, decoded.messages)
}

fn status_result(status: Status, messages: Vec<Bytes>) -> CacheResult<Vec<Bytes>> {
    if status.code == 0 {
        Ok(messages)
    } else {
        Err(CacheError::from_status(status))
    }
}

pub(super) fn header_status(headers: &HeaderMap) -> CacheResult<Option<Status>> {
    let pairs = ["grpc-status", "grpc-message", "err"]
        .into_iter()
        .filter_map(|name| Some((name, headers.get(name)?.to_str().ok()?)));
    Status::from_pairs(pairs).map_err(malformed)
}

/// The service's bytes could not be understood.
pub(crate) fn malformed(why: impl std::fmt::Display) -> CacheError {
    CacheError::new(
        ErrorCode::UnknownServiceError,
        format!("malformed response: {why}"),
    )
}

/// Failures below gRPC. Unreachable servers count as UNAVAILABLE, so retries apply to them
/// as they would to a gRPC client.
pub(crate) fn transport_error(error: TransportError) -> CacheError {
    match error {
        TransportError::Unavailable(message) => {
            let mut err = CacheError::new(ErrorCode::ServerUnavailable, message.clone());
            err.status = Some(Status::new(14, message));
            err
        }
        TransportError::Misconfigured(message) => {
            CacheError::new(ErrorCode::ConnectionError, message)
        }
        TransportError::ResponseTooLarge { limit } => CacheError::new(
            ErrorCode::ClientResourceExhausted,
            format!("the response is larger than max_response_bytes ({limit} bytes)"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn exchange() -> Exchange {
        Exchange::new(Framing::Binary, ReadConcern::Balanced, ApiKey::default())
    }

    fn response(content_type: &str, body: Vec<u8>) -> HttpResponse {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_str(content_type).unwrap());
        HttpResponse {
            status: 200,
            headers,
            body: Bytes::from(body),
            trailers: None,
        }
    }

    fn frame(flags: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![flags];
        v.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        v.extend_from_slice(payload);
        v
    }

    #[test]
    fn binary_reply_with_ok_trailers() {
        let mut body = frame(0, b"msg");
        body.extend(frame(0x80, b"grpc-status:0\r\n"));
        let messages = exchange()
            .interpret(Ok(response("application/grpc-web+proto", body)))
            .unwrap();
        assert_eq!(messages, vec![Bytes::from_static(b"msg")]);
    }

    #[test]
    fn text_reply_is_base64_decoded() {
        let mut body = frame(0, b"msg");
        body.extend(frame(0x80, b"grpc-status: 0"));
        let text = grpc_web::encode_text(&body).to_vec();
        let messages = exchange()
            .interpret(Ok(response("application/grpc-web-text+proto", text)))
            .unwrap();
        assert_eq!(messages, vec![Bytes::from_static(b"msg")]);
    }

    #[test]
    fn trailers_only_error_in_headers() {
        let mut reply = response("application/grpc-web+proto", Vec::new());
        reply
            .headers
            .insert("grpc-status", HeaderValue::from_static("5"));
        reply
            .headers
            .insert("grpc-message", HeaderValue::from_static("cache%20missing"));
        let err = exchange().interpret(Ok(reply)).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::CacheNotFoundError);
        assert_eq!(err.message, "cache missing");
    }

    #[test]
    fn malformed_replies_are_typed_errors() {
        let cases = [
            response("text/html", b"<html>".to_vec()),
            response("application/grpc-web+proto", frame(0, b"no trailers")),
            response("application/grpc-web+proto", vec![0, 0, 0, 0, 9, 1]),
            response("application/grpc-web-text", b"%%%%".to_vec()),
            response("application/grpc-web+proto", frame(0x80, b"grpc-status: x")),
        ];
        for reply in cases {
            let err = exchange().interpret(Ok(reply)).unwrap_err();
            assert_eq!(
                err.error_code,
                ErrorCode::UnknownServiceError,
                "{}",
                err.message
            );
            assert!(err.status.is_none(), "malformed replies are not retried");
        }
    }

    #[test]
    fn http_errors_map_through_the_grpc_web_table() {
        let mut reply = response("text/plain", Vec::new());
        reply.status = 503;
        let err = exchange().interpret(Ok(reply)).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::ServerUnavailable);
        assert_eq!(err.status.unwrap().code, 14);
    }

    #[test]
    fn unreachable_server_is_retryable_unavailable() {
        let err = exchange()
            .interpret(Err(TransportError::Unavailable("refused".into())))
            .unwrap_err();
        assert_eq!(err.error_code, ErrorCode::ServerUnavailable);
        assert_eq!(err.status.unwrap().code, 14);
        let err = exchange()
            .interpret(Err(TransportError::ResponseTooLarge { limit: 10 }))
            .unwrap_err();
        assert_eq!(err.error_code, ErrorCode::ClientResourceExhausted);
    }

    #[test]
    fn headers_carry_key_cache_timeout_and_first_request_agent() {
        let exchange = Exchange::new(Framing::Text, ReadConcern::Balanced, ApiKey("k".into()));
        let call = Call {
            rpc: crate::rpc::GET,
            cache: Some("c".into()),
            message: Bytes::new(),
        };
        let request =
            exchange.request(&call, Bytes::new(), Some(Duration::from_millis(1100)), true);
        let get = |name: &str| {
            request
                .headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("content-type"), Some("application/grpc-web-text"));
        assert_eq!(get("authorization"), Some("k"));
        assert_eq!(get("cache"), Some("c"));
        assert_eq!(get("grpc-timeout"), Some("1100000u"));
        assert!(get("agent").is_some() && get("runtime-version").is_some());
        assert_eq!(get("read-concern"), None, "balanced is sent as no header");
        let later = exchange.request(&call, Bytes::new(), Some(Duration::from_millis(5)), false);
        assert!(!later.headers.iter().any(|(n, _)| *n == "agent"));
        let stream = exchange.request(&call, Bytes::new(), None, false);
        assert!(!stream.headers.iter().any(|(n, _)| *n == "grpc-timeout"));
        let ping = Call {
            rpc: crate::rpc::PING,
            cache: None,
            message: Bytes::new(),
        };
        let ping = exchange.request(&ping, Bytes::new(), None, false);
        assert!(
            !ping
                .headers
                .iter()
                .any(|(n, _)| *n == "authorization" || *n == "cache")
        );
    }

    #[test]
    fn consistent_read_concern_rides_on_data_calls_only() {
        let exchange = Exchange::new(Framing::Binary, ReadConcern::Consistent, ApiKey::default());
        let read_concern = |rpc, cache: Option<&str>| {
            let call = Call {
                rpc,
                cache: cache.map(str::to_owned),
                message: Bytes::new(),
            };
            let request =
                exchange.request(&call, Bytes::new(), Some(Duration::from_secs(1)), false);
            let values: Vec<_> = request
                .headers
                .into_iter()
                .filter(|(name, _)| *name == "read-concern")
                .map(|(_, value)| value)
                .collect();
            values
        };
        assert_eq!(read_concern(crate::rpc::GET, Some("c")), ["consistent"]);
        assert_eq!(read_concern(crate::rpc::SET, Some("c")), ["consistent"]);
        assert!(read_concern(crate::rpc::CREATE_CACHE, None).is_empty());
        assert!(read_concern(crate::rpc::PING, None).is_empty());
    }
}
