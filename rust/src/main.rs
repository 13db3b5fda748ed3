//! The `bootstrap` executable: wiring only. Everything that decides behaviour is in the library.

use std::error::Error;
use std::process::ExitCode;

use lambda_duel::app::AwsApp;
use lambda_duel::{Config, aws_clients, logging};
use lambda_http::service_fn;

// One invocation at a time per execution environment and two sequential awaits each:
// a second worker thread would only add start-up cost.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    logging::init();
    let app = match init().await {
        Ok(app) => app,
        Err(err) => {
            eprintln!("lambda-duel init error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let app = &app;
    match lambda_http::run(service_fn(move |request| app.handle(request))).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lambda-duel runtime error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn init() -> Result<AwsApp, Box<dyn Error>> {
    let config = Config::from_env()?;
    let sdk_config = aws_clients::load_sdk_config().await?;
    Ok(AwsApp::on_aws(&sdk_config, &config))
}
