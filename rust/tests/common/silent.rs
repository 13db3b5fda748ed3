//! A store that has stalled, as a loopback TCP server that takes requests and never answers.

use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub struct SilentServer {
    pub endpoint: String,
    accepting: JoinHandle<()>,
}

impl SilentServer {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("address"));
        let accepting = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                // Reads whatever comes, so the client's writes never block, and answers nothing.
                tokio::spawn(async move {
                    let mut sink = [0_u8; 4096];
                    while matches!(socket.read(&mut sink).await, Ok(read) if read > 0) {}
                });
            }
        });
        Self {
            endpoint,
            accepting,
        }
    }
}

impl Drop for SilentServer {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// An endpoint on loopback where nothing listens: every connection is refused.
pub async fn refusing_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{address}")
}
