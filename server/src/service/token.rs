//! The `token.Token` service: disposable tokens (see [`crate::auth`] for the rules).

use edgecache_proto::token::token_server::Token;
use edgecache_proto::token::{GenerateDisposableTokenRequest, GenerateDisposableTokenResponse};
use tonic::{Request, Response, Status};

use crate::auth::issue::Issuer;

/// `token.Token`, answered by the server's [`Issuer`].
#[derive(Debug, Clone)]
pub(crate) struct TokenService(pub(crate) Issuer);

#[tonic::async_trait]
impl Token for TokenService {
    async fn generate_disposable_token(
        &self,
        request: Request<GenerateDisposableTokenRequest>,
    ) -> Result<Response<GenerateDisposableTokenResponse>, Status> {
        self.0
            .generate_disposable_token(request.get_ref(), request.metadata())
            .map(Response::new)
    }
}
