//! Entry points for the fuzz targets in `fuzz/`: the credential parser, which reads the
//! `authorization` header and the token RPCs' bodies from the network. Hidden from the docs
//! and not part of the supported API.

use std::sync::{Arc, LazyLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use edgecache_proto::auth::GenerateApiTokenRequest;
use edgecache_proto::token::GenerateDisposableTokenRequest;
use prost::Message;
use tonic::metadata::MetadataMap;

use crate::auth::issue::Issuer;
use crate::auth::{AuthSecret, Authenticator};

const SECRET: &str = "the fuzzing server's secret, 32+ bytes";

static AUTH: LazyLock<Arc<Authenticator>> = LazyLock::new(|| {
    let secret = AuthSecret::new(SECRET).expect("long enough");
    Arc::new(Authenticator::new(Some(&secret), None, "fuzz:1".into()))
});

/// The first byte picks what the rest is:
/// - 0: a credential as sent in `authorization`;
/// - 1: the claims of a token correctly signed with the server's secret, so the input
///   reaches the claims and scope parsers past the signature check;
/// - 2: a `GenerateDisposableToken` request, 3: a `GenerateApiToken` request, both sent
///   by a super user, so the input reaches the permission parser and the limits.
pub fn credential(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let issuer = Issuer::new(AUTH.clone());
    match selector % 4 {
        0 => {
            let _ = AUTH.authenticate(&String::from_utf8_lossy(rest));
        }
        1 => {
            let message = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
                URL_SAFE_NO_PAD.encode(rest)
            );
            let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET.as_bytes());
            let tag = ring::hmac::sign(&key, message.as_bytes());
            let token = format!("{message}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()));
            let _ = AUTH.authenticate(&token);
        }
        2 => {
            if let Ok(mut request) = GenerateDisposableTokenRequest::decode(rest) {
                request.auth_token = super_user();
                let _ = issuer.generate_disposable_token(&request, &MetadataMap::new());
            }
        }
        _ => {
            if let Ok(mut request) = GenerateApiTokenRequest::decode(rest) {
                request.auth_token = super_user();
                let _ = issuer.generate_api_token(&request, &MetadataMap::new());
            }
        }
    }
}

fn super_user() -> String {
    static KEY: LazyLock<String> = LazyLock::new(|| {
        let v1 = crate::auth::mint_super_user_key(
            &AuthSecret::new(SECRET).expect("long enough"),
            "fuzz:1",
            None,
        );
        let json: serde_json::Value = serde_json::from_slice(
            &base64::engine::general_purpose::STANDARD
                .decode(v1)
                .expect("base64"),
        )
        .expect("JSON");
        json["api_key"].as_str().expect("api_key").to_owned()
    });
    KEY.clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_selector_runs() {
        for selector in 0..4u8 {
            super::credential(&[selector]);
            super::credential(&[selector, b'{', b'}']);
        }
        super::credential(&[]);
    }
}
