//! The `thumbnailer` executable, deployed as `bootstrap`: wiring only. Everything that decides
//! behaviour is in the library.

use std::error::Error;
use std::process::ExitCode;

use lambda_duel::{aws_clients, logging};
use lambda_duel_thumbnailer::Config;
use lambda_duel_thumbnailer::handler::AwsThumbnailer;
use lambda_runtime::service_fn;

// One invocation at a time per execution environment, and the image work is one thread's:
// a second worker thread would only add start-up cost.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    logging::init();
    let thumbnailer = match init().await {
        Ok(thumbnailer) => thumbnailer,
        Err(err) => {
            eprintln!("lambda-duel thumbnailer init error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let thumbnailer = &thumbnailer;
    // Boxed: the workflow's future, with the SDK's calls inside it, nests too deep for rustc to
    // lay out the runtime's future around it. One allocation an invocation.
    match lambda_runtime::run(service_fn(move |event| Box::pin(thumbnailer.handle(event)))).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lambda-duel thumbnailer runtime error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn init() -> Result<AwsThumbnailer, Box<dyn Error>> {
    let config = Config::from_env()?;
    let sdk_config = aws_clients::load_sdk_config().await?;
    Ok(AwsThumbnailer::on_aws(&sdk_config, config))
}
