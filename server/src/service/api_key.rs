//! The `auth.Auth` service: API keys and their refresh tokens (see [`crate::auth`]).

use edgecache_proto::auth::auth_server::Auth;
use edgecache_proto::auth::{
    GenerateApiTokenRequest, GenerateApiTokenResponse, RefreshApiTokenRequest,
    RefreshApiTokenResponse,
};
use tonic::{Request, Response, Status};

use crate::auth::issue::Issuer;

/// `auth.Auth`, answered by the server's [`Issuer`].
#[derive(Debug, Clone)]
pub(crate) struct ApiKeyService(pub(crate) Issuer);

#[tonic::async_trait]
impl Auth for ApiKeyService {
    async fn generate_api_token(
        &self,
        request: Request<GenerateApiTokenRequest>,
    ) -> Result<Response<GenerateApiTokenResponse>, Status> {
        self.0
            .generate_api_token(request.get_ref(), request.metadata())
            .map(Response::new)
    }

    async fn refresh_api_token(
        &self,
        request: Request<RefreshApiTokenRequest>,
    ) -> Result<Response<RefreshApiTokenResponse>, Status> {
        self.0
            .refresh_api_token(request.get_ref())
            .map(Response::new)
    }
}
