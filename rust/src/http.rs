//! Maps one API Gateway HTTP API invocation to the workflow and its outcome to the response.

use std::convert::Infallible;

use lambda_http::http::StatusCode;
use lambda_http::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;

use crate::RUNTIME;
use crate::app::App;
use crate::deadlines::Deadlines;
use crate::error::Chain;
use crate::stores::{ItemStore, ObjectStore};
use crate::write_uuid::{Written, write_uuid};

const X_COLD_START: HeaderName = HeaderName::from_static("x-cold-start");

impl<O: ObjectStore, I: ItemStore> App<O, I> {
    /// Never fails: a storage failure is an answer (502), not a Lambda error, so API Gateway
    /// passes it through instead of replacing it with its own 500.
    pub async fn handle(&self, request: Request) -> Result<Response<Body>, Infallible> {
        let cold_start = self.take_cold_start();
        // Lambda sends every invocation's deadline; without one there is no time to spend.
        let deadline_ms = request
            .lambda_context_ref()
            .map_or(0, |context| context.deadline);
        let deadlines = Deadlines::until_epoch_ms(deadline_ms);
        let response = match write_uuid(&self.objects, &self.items, deadlines).await {
            Ok(written) => created(&written, cold_start),
            Err(err) => {
                // The same fields as the Node twin's line: `outcome` says whether the stores
                // refused or may still apply the write, `key` names the object.
                tracing::error!(
                    outcome = err.outcome().as_str(),
                    step = err.step(),
                    key = err.key(),
                    error = %Chain(&err),
                    "{}",
                    err.summary()
                );
                storage_unavailable(cold_start)
            }
        };
        Ok(response)
    }
}

/// The success body; field order is the contract's, so both twins answer byte-alike.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Created<'a> {
    id: String,
    runtime: &'a str,
    key: &'a str,
    cold_start: bool,
}

/// The same vague body for every failure: details go to the log, never to the caller.
#[derive(Serialize)]
struct Failed {
    message: &'static str,
}

fn created(written: &Written, cold_start: bool) -> Response<Body> {
    let body = Created {
        id: written.id.to_string(),
        runtime: RUNTIME,
        key: &written.key,
        cold_start,
    };
    json_response(StatusCode::CREATED, &body, cold_start)
}

fn storage_unavailable(cold_start: bool) -> Response<Body> {
    let body = Failed {
        message: "storage unavailable",
    };
    json_response(StatusCode::BAD_GATEWAY, &body, cold_start)
}

fn json_response(status: StatusCode, body: &impl Serialize, cold_start: bool) -> Response<Body> {
    // Strings and booleans always serialise; the fallback only keeps this free of panics.
    let text = serde_json::to_string(body).unwrap_or_default();
    let mut response = Response::new(Body::Text(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(
        X_COLD_START,
        HeaderValue::from_static(if cold_start { "true" } else { "false" }),
    );
    response
}
