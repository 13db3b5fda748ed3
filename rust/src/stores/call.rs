//! One store call under a deadline, and what its failure means for the data: a store that refused
//! applied nothing; one that did not answer may still apply the call later.

use std::error::Error;
use std::future::Future;
use std::io::ErrorKind;

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::config::interceptors::InterceptorContext;
use aws_sdk_s3::config::retry::{ClassifyRetry, RetryAction};
use aws_sdk_s3::error::{ConnectorError, ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::RequestId;
use thiserror::Error;
use tokio::time::Instant;

use super::{BoxError, describe};

/// How a store call that did not succeed ended.
#[derive(Debug)]
pub enum CallError<E> {
    /// The store refused, or the call never reached it: nothing was applied. Boxed, as the SDK's
    /// error is ten times the size of the other variants.
    Refused(Box<SdkError<E, HttpResponse>>),
    /// The deadline had passed before the call was sent.
    NoTimeLeft,
    /// No definite answer (none by the deadline, a dropped connection, a 5xx): it may still take effect.
    Unknown(BoxError),
}

#[derive(Debug, Error)]
#[error("not sent: its deadline had passed")]
pub struct NoTimeLeft;

#[derive(Debug, Error)]
#[error("no answer by its deadline")]
pub struct NoAnswerByDeadline;

/// Sends the call unless its deadline has passed, and abandons it (drops it) at the deadline.
pub async fn call_by<T, E>(
    deadline: Instant,
    call: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
) -> Result<T, CallError<E>>
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
    SdkError<E, HttpResponse>: RequestId,
{
    if Instant::now() >= deadline {
        return Err(CallError::NoTimeLeft);
    }
    match tokio::time::timeout_at(deadline, call).await {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(err)) if cannot_have_taken_effect(&err) => Err(CallError::Refused(Box::new(err))),
        Ok(Err(err)) => Err(CallError::Unknown(describe(err))),
        Err(_elapsed) => Err(CallError::Unknown(NoAnswerByDeadline.into())),
    }
}

/// True when the store answered with a refusal (below 500) or the connection was refused, so
/// nothing was applied. A timeout, a dropped connection or a 5xx may have been applied.
fn cannot_have_taken_effect<E>(err: &SdkError<E, HttpResponse>) -> bool {
    match err {
        SdkError::ConstructionFailure(_) => true,
        SdkError::ServiceError(service) => !service.raw().status().is_server_error(),
        SdkError::DispatchFailure(dispatch) => dispatch
            .as_connector_error()
            .is_some_and(connection_refused),
        _ => false,
    }
}

fn connection_refused(err: &ConnectorError) -> bool {
    let mut cause: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(err) = cause {
        let refused = err
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::ConnectionRefused);
        if refused {
            return true;
        }
        cause = err.source();
    }
    false
}

/// Lets the SDK retry an attempt only when it cannot have taken effect (refused or throttled), so
/// the last attempt's error tells the call's outcome: an attempt that may have been applied is
/// never followed by one whose refusal would hide it.
#[derive(Debug, Clone, Copy)]
pub struct RetryOnlyWhatCannotHaveTakenEffect;

impl ClassifyRetry for RetryOnlyWhatCannotHaveTakenEffect {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(err)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let answered_refusal = err.as_operation_error().is_some()
            && ctx
                .response()
                .is_some_and(|response| !response.status().is_server_error());
        let refused_connection = err.as_connector_error().is_some_and(connection_refused);
        if answered_refusal || refused_connection {
            // The SDK's own classifiers decide whether it is worth another attempt.
            RetryAction::NoActionIndicated
        } else {
            RetryAction::RetryForbidden
        }
    }

    fn name(&self) -> &'static str {
        "retry only what cannot have taken effect"
    }
}
