//! Credential providers: the constructors and endpoint overrides, without connecting.
use super::{Checks, LOCAL_KEY};
use crate::sdk;
use sdk::{CredentialProvider, MomentoErrorCode, MomentoResult};

pub fn run(checks: &mut Checks) -> MomentoResult<()> {
    // SAFETY: the programs run on one thread and nothing else reads these variables.
    unsafe {
        std::env::set_var("COMPAT_API_KEY", LOCAL_KEY);
        std::env::set_var("COMPAT_ENDPOINT", "compat.example.com");
    }
    let named = CredentialProvider::from_env_var_v2("COMPAT_API_KEY", "COMPAT_ENDPOINT");
    checks.equal("from_env_var_v2 reads both variables", named.is_ok(), true);
    let unset = CredentialProvider::from_env_var_v2("COMPAT_API_KEY", "COMPAT_UNSET");
    checks.equal(
        "from_env_var_v2 with an unset variable",
        unset.err().map(|e| e.error_code),
        Some(MomentoErrorCode::InvalidArgumentError),
    );
    let v2 = CredentialProvider::from_api_key_v2(LOCAL_KEY, "compat.example.com")?;
    let _ = v2
        .clone()
        .secure_endpoint_override("compat.example.com:443")
        .full_endpoint_override("compat.example.com:443")
        .base_endpoint("compat.example.com");
    // Deprecated in momento 0.70 in favour of the two above, and still there.
    #[allow(deprecated)]
    let from_string = CredentialProvider::from_string(LOCAL_KEY);
    checks.equal(
        "from_string rejects a v2 key",
        from_string.err().map(|e| e.error_code),
        Some(MomentoErrorCode::InvalidArgumentError),
    );
    let token = CredentialProvider::from_disposable_token("");
    checks.equal(
        "from_disposable_token rejects an empty token",
        token.err().map(|e| e.error_code),
        Some(MomentoErrorCode::InvalidArgumentError),
    );
    Ok(())
}
