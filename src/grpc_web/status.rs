//! gRPC statuses: reading them from trailers or headers, and writing `grpc-timeout`.

use std::time::Duration;

/// A gRPC status as received from the service.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// The gRPC status code (0 is OK).
    pub code: i32,
    /// `grpc-message`, percent-decoded.
    pub message: String,
    /// Momento's machine-readable cause (`err` metadata), if any.
    pub err: Option<String>,
}

impl Status {
    /// A status with a code and a message.
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Status {
            code,
            message: message.into(),
            err: None,
        }
    }

    /// Builds a status from header-like `(name, value)` pairs, if they hold `grpc-status`.
    pub(crate) fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Option<Status>, String> {
        let mut code = None;
        let mut message = String::new();
        let mut err = None;
        for (name, value) in pairs {
            match name {
                "grpc-status" => {
                    let parsed = value
                        .trim()
                        .parse::<i32>()
                        .map_err(|_| format!("grpc-status {value:?} is not a number"))?;
                    code = Some(parsed);
                }
                "grpc-message" => message = percent_decode(value.trim()),
                "err" => err = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        Ok(code.map(|code| Status { code, message, err }))
    }
}

/// Parses the payload of a trailers frame: `name: value` lines separated by CRLF.
pub(crate) fn parse_trailer_block(block: &[u8]) -> Result<Status, String> {
    let text = std::str::from_utf8(block).map_err(|_| "trailers are not UTF-8".to_owned())?;
    let mut pairs = Vec::new();
    for line in text.split("\r\n").map(str::trim).filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("trailer line {line:?} has no ':'"))?;
        pairs.push((name.trim(), value));
    }
    let lowered: Vec<(String, &str)> = pairs
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    Status::from_pairs(lowered.iter().map(|(n, v)| (n.as_str(), *v)))?
        .ok_or_else(|| "trailers have no grpc-status".to_owned())
}

/// `grpc-message` is percent-encoded; undecodable input is kept as it came.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The gRPC code a failed HTTP exchange stands for, as grpc-web clients derive it.
pub fn status_from_http(http_status: u16) -> i32 {
    match http_status {
        400 => 3,
        401 => 16,
        403 => 7,
        404 => 5,
        409 => 10,
        412 => 9,
        429 => 8,
        499 => 1,
        500 => 2,
        501 => 12,
        503 => 14,
        504 => 4,
        _ => 2,
    }
}

/// Formats a `grpc-timeout` header: at most 8 digits, in the finest unit that fits.
pub fn grpc_timeout_header(remaining: Duration) -> String {
    let micros = remaining.as_micros();
    if micros < 100_000_000 {
        format!("{}u", micros.max(1))
    } else {
        let millis = remaining.as_millis();
        if millis < 100_000_000 {
            format!("{millis}m")
        } else {
            format!("{}S", remaining.as_secs().min(99_999_999))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_trailers_with_err_and_encoded_message() {
        let status = parse_trailer_block(
            b"grpc-status: 5\r\ngrpc-message: cache%20not%20found\r\nerr: store_not_found\r\n",
        )
        .unwrap();
        assert_eq!(status.code, 5);
        assert_eq!(status.message, "cache not found");
        assert_eq!(status.err.as_deref(), Some("store_not_found"));
    }

    #[test]
    fn trailer_names_are_case_insensitive() {
        assert_eq!(parse_trailer_block(b"Grpc-Status: 14").unwrap().code, 14);
    }

    #[test]
    fn rejects_trailers_without_status_or_with_junk() {
        assert!(parse_trailer_block(b"grpc-message: hi").is_err());
        assert!(parse_trailer_block(b"grpc-status: banana").is_err());
        assert!(parse_trailer_block(b"no colon here").is_err());
        assert!(parse_trailer_block(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%4"), "%4");
    }

    #[test]
    fn timeout_header_fits_eight_digits() {
        assert_eq!(grpc_timeout_header(Duration::from_millis(1100)), "1100000u");
        assert_eq!(grpc_timeout_header(Duration::ZERO), "1u");
        assert_eq!(grpc_timeout_header(Duration::from_secs(1000)), "1000000m");
        assert_eq!(
            grpc_timeout_header(Duration::from_secs(10_000_000)),
            "10000000S"
        );
        assert_eq!(grpc_timeout_header(Duration::MAX), "99999999S");
    }

    #[test]
    fn http_fallback_codes() {
        assert_eq!(status_from_http(503), 14);
        assert_eq!(status_from_http(401), 16);
        assert_eq!(status_from_http(418), 2);
    }
}
