//! Signing and checking the server's tokens: compact JWTs, HS256 only, through the
//! `jsonwebtoken` crate with HMAC-SHA256 from `ring`.
//!
//! `jsonwebtoken` does the parsing, the algorithm pinning (a token whose header names any
//! other algorithm, `none` included, is refused before its signature is looked at) and the
//! claim checks. Its own crypto backends would pull RSA and elliptic-curve crates (RustCrypto)
//! or a C toolchain (aws-lc); this server only ever needs HMAC, which `ring` (already here
//! for TLS) provides, so a small provider below plugs `ring::hmac` in.

use std::collections::HashSet;
use std::sync::Once;

use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error as JwtError, ErrorKind};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ring::hmac;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The `iss` claim of every token this server signs.
pub(crate) const ISSUER: &str = "edgecache-server";

/// Why a token was refused. The text never contains the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// Not three base64url segments of JSON, or claims of the wrong shape.
    Malformed,
    /// The header names an algorithm other than HS256 (`none` included).
    Algorithm,
    /// The signature does not match: tampered, or signed with another secret.
    Signature,
    Expired,
    NotYetValid,
    /// Signed by us, but not for this use (wrong issuer or kind).
    WrongKind,
}

impl Rejection {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Rejection::Malformed => "the credential is not a well-formed token",
            Rejection::Algorithm => {
                "the token is not signed with HS256 (unsigned tokens are refused)"
            }
            Rejection::Signature => "the token's signature does not match this server's secret",
            Rejection::Expired => "the token has expired",
            Rejection::NotYetValid => "the token is not valid yet",
            Rejection::WrongKind => "the token cannot be used for this request",
        }
    }
}

/// An HS256 key: signs and checks tokens.
#[derive(Clone)]
pub(crate) struct Hs256 {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Hs256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hs256(<redacted>)")
    }
}

impl Hs256 {
    /// A key from the secret's bytes (never empty: `AuthSecret` checks its length).
    pub(crate) fn new(secret: &[u8]) -> Self {
        install_provider();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_nbf = true;
        // `exp` is optional (keys may never expire); when present it must be a number, and
        // the claims type checks the rest of its shape.
        validation.required_spec_claims = ["iss", "iat", "nbf"]
            .into_iter()
            .map(String::from)
            .collect::<HashSet<_>>();
        validation.set_issuer(&[ISSUER]);
        Hs256 {
            encoding: EncodingKey::from_secret(secret).expect("the secret is not empty"),
            decoding: DecodingKey::from_secret(secret).expect("the secret is not empty"),
            validation,
        }
    }

    /// Signs `claims` into a compact JWT.
    pub(crate) fn sign<T: Serialize>(&self, claims: &T) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .expect("HMAC signing of serializable claims cannot fail")
    }

    /// Checks the signature, the algorithm, `iss`, `nbf` and `exp`, and decodes the claims.
    pub(crate) fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<T, Rejection> {
        jsonwebtoken::decode::<T>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match classify(&e) {
                Rejection::Malformed if names_another_algorithm(token) => Rejection::Algorithm,
                other => other,
            })
    }
}

/// Whether the token's header is JSON naming an algorithm other than HS256, such as `none`,
/// which `jsonwebtoken` cannot even parse into its algorithm list.
fn names_another_algorithm(token: &str) -> bool {
    use base64::Engine;
    let Some(header) = token.split('.').next() else {
        return false;
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).ok())
        .and_then(|header| header.get("alg").cloned())
        .is_some_and(|alg| alg != "HS256")
}

fn classify(error: &JwtError) -> Rejection {
    match error.kind() {
        ErrorKind::InvalidSignature => Rejection::Signature,
        ErrorKind::InvalidAlgorithm
        | ErrorKind::UnsupportedAlgorithm
        | ErrorKind::InvalidAlgorithmName => Rejection::Algorithm,
        ErrorKind::ExpiredSignature => Rejection::Expired,
        ErrorKind::ImmatureSignature => Rejection::NotYetValid,
        ErrorKind::InvalidIssuer => Rejection::WrongKind,
        _ => Rejection::Malformed,
    }
}

/// Makes `ring` the process's JWT crypto provider, once.
fn install_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Another part of the process may have installed one first; ours only needs HMAC,
        // which any provider has.
        let _ = RING_HMAC.install_default();
    });
}

static RING_HMAC: CryptoProvider = CryptoProvider {
    signer_factory: new_signer,
    verifier_factory: new_verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

fn new_signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>, JwtError> {
    match algorithm {
        Algorithm::HS256 => Ok(Box::new(RingHs256(hmac::Key::new(
            hmac::HMAC_SHA256,
            key.as_bytes(),
        )))),
        _ => Err(ErrorKind::UnsupportedAlgorithm.into()),
    }
}

fn new_verifier(
    algorithm: &Algorithm,
    key: &DecodingKey,
) -> Result<Box<dyn JwtVerifier>, JwtError> {
    match algorithm {
        Algorithm::HS256 => Ok(Box::new(RingHs256(hmac::Key::new(
            hmac::HMAC_SHA256,
            key.try_get_as_bytes()?,
        )))),
        _ => Err(ErrorKind::UnsupportedAlgorithm.into()),
    }
}

struct RingHs256(hmac::Key);

impl Signer<Vec<u8>> for RingHs256 {
    fn try_sign(&self, message: &[u8]) -> Result<Vec<u8>, signature::Error> {
        Ok(hmac::sign(&self.0, message).as_ref().to_vec())
    }
}

impl Verifier<Vec<u8>> for RingHs256 {
    /// Constant-time comparison (`ring::hmac::verify`).
    fn verify(&self, message: &[u8], tag: &Vec<u8>) -> Result<(), signature::Error> {
        hmac::verify(&self.0, message, tag).map_err(|_| signature::Error::new())
    }
}

impl JwtSigner for RingHs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for RingHs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde::Deserialize;

    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sample {
        iss: String,
        iat: u64,
        nbf: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        exp: Option<u64>,
    }

    fn now() -> u64 {
        jsonwebtoken::get_current_timestamp()
    }

    fn sample(exp: Option<u64>) -> Sample {
        Sample {
            iss: ISSUER.into(),
            iat: now(),
            nbf: now(),
            exp,
        }
    }

    /// A token with any header and claims, signed with HMAC-SHA256 over `secret`.
    fn hand_made(header: &str, claims: &str, secret: &[u8]) -> String {
        let message = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let tag = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, secret),
            message.as_bytes(),
        );
        format!("{message}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    }

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn signs_and_verifies_its_own_tokens() {
        let key = Hs256::new(SECRET);
        let claims = sample(Some(now() + 60));
        let token = key.sign(&claims);
        assert_eq!(key.verify::<Sample>(&token).unwrap(), claims);
        let never = sample(None);
        assert_eq!(key.verify::<Sample>(&key.sign(&never)).unwrap(), never);
        assert!(!format!("{key:?}").contains("0123"));
    }

    #[test]
    fn refuses_each_kind_of_bad_token_for_its_own_reason() {
        let key = Hs256::new(SECRET);
        let other = Hs256::new(b"another secret that is long enough!!");
        let good = sample(Some(now() + 60));
        let claims = |exp: i64, nbf: i64| {
            format!(
                r#"{{"iss":"{ISSUER}","iat":{0},"nbf":{1},"exp":{2}}}"#,
                now(),
                now() as i64 + nbf,
                now() as i64 + exp
            )
        };
        let hs256 = r#"{"alg":"HS256","typ":"JWT"}"#;
        let cases = [
            (other.sign(&good), Rejection::Signature),
            (format!("{}x", key.sign(&good)), Rejection::Signature),
            (
                hand_made(hs256, &claims(-5, -10), SECRET),
                Rejection::Expired,
            ),
            (
                hand_made(hs256, &claims(60, 30), SECRET),
                Rejection::NotYetValid,
            ),
            (
                hand_made(r#"{"alg":"none","typ":"JWT"}"#, &claims(60, 0), SECRET),
                Rejection::Algorithm,
            ),
            (
                format!(
                    "{}.{}.",
                    URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
                    URL_SAFE_NO_PAD.encode(claims(60, 0))
                ),
                Rejection::Algorithm,
            ),
            (
                hand_made(r#"{"alg":"HS512"}"#, &claims(60, 0), SECRET),
                Rejection::Algorithm,
            ),
            (
                hand_made(
                    hs256,
                    &format!(r#"{{"iss":"x","iat":{0},"nbf":{0}}}"#, now()),
                    SECRET,
                ),
                Rejection::WrongKind,
            ),
            (
                hand_made(
                    hs256,
                    &format!(r#"{{"iss":"{ISSUER}","iat":{0},"nbf":"{0}"}}"#, now()),
                    SECRET,
                ),
                Rejection::Malformed,
            ),
            (
                hand_made(
                    hs256,
                    &format!(
                        r#"{{"iss":"{ISSUER}","iat":{0},"nbf":{0},"exp":"never"}}"#,
                        now()
                    ),
                    SECRET,
                ),
                Rejection::Malformed,
            ),
            ("".to_string(), Rejection::Malformed),
            ("a.b".to_string(), Rejection::Malformed),
            ("....".to_string(), Rejection::Malformed),
        ];
        for (token, expected) in cases {
            assert_eq!(
                key.verify::<Sample>(&token).unwrap_err(),
                expected,
                "{token}"
            );
        }
    }
}
