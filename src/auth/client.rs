//! [`AuthClient`]: mints disposable tokens and API keys with the credential it holds.

use std::sync::Arc;

use web_time::Instant;

use super::{
    AuthContext, AuthRequest, DisposableTokenScope, ExpiresIn, GenerateApiKeyRequest,
    GenerateApiKeyResponse, GenerateDisposableTokenRequest, GenerateDisposableTokenResponse,
    Permissions, RefreshApiKeyRequest, RefreshApiKeyResponse,
};
use crate::call::Invoker;
use crate::config::{Configuration, Laptop};
use crate::credential::CredentialProvider;
use crate::error::{CacheError, CacheResult};

/// Mints disposable tokens (and API keys) with the key it holds. Cheap to build (no I/O)
/// and to clone.
#[derive(Clone)]
pub struct AuthClient {
    inner: Arc<Inner>,
}

struct Inner {
    invoker: Invoker,
    context: AuthContext,
}

impl std::fmt::Debug for AuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthClient")
            .field("configuration", self.inner.invoker.config())
            .finish_non_exhaustive()
    }
}

/// Builds an [`AuthClient`]. `credential_provider` is required; the configuration (deadline,
/// retries) defaults to [`Laptop::latest`].
#[derive(Clone, Debug, Default)]
pub struct AuthClientBuilder {
    configuration: Option<Configuration>,
    credential_provider: Option<CredentialProvider>,
}

impl AuthClientBuilder {
    /// The key that mints, and where its service is.
    pub fn credential_provider(mut self, credential_provider: CredentialProvider) -> Self {
        self.credential_provider = Some(credential_provider);
        self
    }

    /// Deadline and the rest; see [`crate::configurations`].
    pub fn configuration(mut self, configuration: Configuration) -> Self {
        self.configuration = Some(configuration);
        self
    }

    /// Checks the settings and returns the client, without I/O.
    pub fn build(self) -> CacheResult<AuthClient> {
        let credentials = self
            .credential_provider
            .ok_or_else(|| CacheError::invalid_argument("credential_provider", "must be set"))?;
        let configuration = self.configuration.unwrap_or_else(Laptop::latest);
        Ok(AuthClient {
            inner: Arc::new(Inner {
                invoker: Invoker::new(configuration, &credentials.for_token_service())?,
                context: AuthContext::new(credentials.api_key().clone()),
            }),
        })
    }
}

impl AuthClient {
    /// Starts building a client.
    pub fn builder() -> AuthClientBuilder {
        AuthClientBuilder::default()
    }

    /// Mints a token allowing only `scope`, living `expires_in` (1 s to 25 h).
    pub async fn generate_disposable_token<K: Clone + Into<Vec<u8>>>(
        &self,
        scope: DisposableTokenScope<K>,
        expires_in: ExpiresIn,
    ) -> CacheResult<GenerateDisposableTokenResponse> {
        self.send_request(GenerateDisposableTokenRequest::new(scope, expires_in))
            .await
    }

    /// Mints an API key allowing `permissions` (needs a super-user key), with a refresh token.
    pub async fn generate_api_key(
        &self,
        permissions: Permissions,
        expires_in: ExpiresIn,
    ) -> CacheResult<GenerateApiKeyResponse> {
        self.send_request(GenerateApiKeyRequest::new(permissions, expires_in))
            .await
    }

    /// Renews the key this client holds with its refresh token: a new key with the same
    /// permissions and lifetime, and a new refresh token.
    pub async fn refresh_api_key(
        &self,
        refresh_token: impl Into<String>,
    ) -> CacheResult<RefreshApiKeyResponse> {
        self.send_request(RefreshApiKeyRequest::new(refresh_token))
            .await
    }

    /// Sends any auth request, with its options (such as a token id).
    pub async fn send_request<R: AuthRequest>(&self, request: R) -> CacheResult<R::Response> {
        let started = Instant::now();
        let prepared = request.prepare(&self.inner.context)?;
        let outcome = Box::pin(self.inner.invoker.invoke(&prepared.call, started)).await;
        (prepared.decode)(outcome)
    }
}
