//! The Tauri command: a one-line wrapper over the core's dispatcher, run off the main thread so
//! a long import never freezes the window.

use serde::Serialize;
use serde_json::Value;
use storyline_core::api::dispatch::{dispatch, DispatchError};
use tauri::State;

use crate::db::{Db, Slot};

/// Every UI call: `invoke("api", { command, args })`, answered exactly as `storyline serve`
/// answers `POST /api/<command>`.
#[tauri::command]
pub async fn api(db: State<'_, Db>, command: String, args: Value) -> Result<Value, Failure> {
    let db = db.inner().clone();
    tauri::async_runtime::spawn_blocking(move || match &mut *db.ready() {
        Slot::Open(sl) => Ok(dispatch(sl, &command, args, chrono::Utc::now())?),
        Slot::Failed(e) => Err(Failure::new("database", e.clone())),
        Slot::Opening | Slot::Closed => Err(Failure::new("closing", "Storyline is closing".into())),
    })
    .await
    .map_err(|e| Failure::new("internal", e.to_string()))?
}

/// How an error reaches the UI: `{"kind", "message"}`, the shape `serve` sends too.
#[derive(Debug, Serialize)]
pub struct Failure {
    kind: String,
    message: String,
}

impl Failure {
    fn new(kind: &str, message: String) -> Failure {
        Failure {
            kind: kind.into(),
            message,
        }
    }
}

impl From<DispatchError> for Failure {
    fn from(e: DispatchError) -> Failure {
        Failure::new(e.kind(), e.to_string())
    }
}
