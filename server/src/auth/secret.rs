//! The signing secret (`--auth-secret-file`): read once, never printed.

use std::path::Path;
use std::sync::Arc;

use ring::rand::{SecureRandom, SystemRandom};

use crate::error::ServerError;

/// The secret that signs and checks this server's keys and tokens (HMAC-SHA256). Its
/// `Debug` output never shows it.
///
/// ```
/// use edgecache_server::AuthSecret;
///
/// let secret = AuthSecret::new("a secret of at least thirty-two bytes").unwrap();
/// assert!(!format!("{secret:?}").contains("thirty"));
/// assert!(AuthSecret::new("too short").is_err());
/// ```
#[derive(Clone)]
pub struct AuthSecret(Arc<[u8]>);

impl std::fmt::Debug for AuthSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthSecret(<redacted>)")
    }
}

impl AuthSecret {
    /// Fewest bytes accepted: HS256 wants a key as long as its 256-bit hash.
    pub const MIN_LEN: usize = 32;

    /// A secret from bytes, refused when shorter than [`Self::MIN_LEN`].
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, ServerError> {
        let secret = secret.as_ref();
        if secret.len() < Self::MIN_LEN {
            return Err(ServerError::InvalidConfig(format!(
                "the auth secret has {} bytes; it needs at least {} (e.g. `head -c 32 /dev/urandom | base64 > secret`)",
                secret.len(),
                Self::MIN_LEN
            )));
        }
        Ok(AuthSecret(secret.into()))
    }

    /// Reads the secret from a file. Whitespace around it (a trailing newline) is not part
    /// of it, so `echo`-written files and editors' final newlines do not change the secret.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ServerError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| {
            ServerError::InvalidConfig(format!(
                "cannot read the auth secret file {}: {e}",
                path.display()
            ))
        })?;
        Self::new(bytes.trim_ascii()).map_err(|e| match e {
            ServerError::InvalidConfig(msg) => {
                ServerError::InvalidConfig(format!("{}: {msg}", path.display()))
            }
            other => other,
        })
    }

    /// A random secret, for a server that signs tokens without being asked to check them.
    pub(crate) fn generate() -> Self {
        let mut bytes = [0u8; Self::MIN_LEN];
        SystemRandom::new()
            .fill(&mut bytes)
            .expect("the system random source works");
        AuthSecret(bytes.as_slice().into())
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// A random identifier: 128 bits as 32 lowercase hex digits.
pub(crate) fn random_id() -> String {
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_secrets_are_trimmed_and_checked() {
        let dir = std::env::temp_dir().join(format!("edgecache-secret-{}", random_id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good");
        std::fs::write(&good, format!("{}\n", "s".repeat(32))).unwrap();
        assert_eq!(
            AuthSecret::from_file(&good).unwrap().bytes(),
            "s".repeat(32).as_bytes()
        );

        let short = dir.join("short");
        std::fs::write(&short, "  short secret \n").unwrap();
        let err = AuthSecret::from_file(&short).unwrap_err().to_string();
        assert!(
            err.contains("12 bytes") && err.contains("at least 32"),
            "{err}"
        );
        assert!(!err.contains("short secret"), "{err}");

        let missing = AuthSecret::from_file(dir.join("missing"))
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("cannot read the auth secret file"),
            "{missing}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn generated_secrets_and_ids_differ() {
        assert_ne!(
            AuthSecret::generate().bytes(),
            AuthSecret::generate().bytes()
        );
        let id = random_id();
        assert_eq!(id.len(), 32);
        assert_ne!(id, random_id());
    }
}
