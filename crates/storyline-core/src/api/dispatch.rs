//! One JSON entry point for every front end that is not Rust: `storyline serve` (HTTP) and the
//! Tauri shell both hand `(command, args)` to [`dispatch`] and send back its JSON, so the web UI
//! talks to exactly the same API in a browser and in the desktop window.
//!
//! `args` is a JSON object. A story is given by id (number or string) or title. Errors serialise
//! as `{"kind": "...", "message": "..."}` like the core's [`Error`].
//!
//! | command           | args                                                        | returns                     |
//! |-------------------|-------------------------------------------------------------|-----------------------------|
//! | `commands`        | –                                                           | the command names           |
//! | `now`             | –                                                           | the caller's `now` (RFC 3339), so a UI can agree with `STORYLINE_NOW` |
//! | `stories`         | –                                                           | `[StorySummary]`            |
//! | `story`           | `story`                                                     | `Story`                     |
//! | `create_story`    | `title`                                                     | `Story`                     |
//! | `rename_story`    | `story`, `title`                                            | `Story`                     |
//! | `delete_story`    | `story`                                                     | `DeletedStory`              |
//! | `snapshots`       | `story`                                                     | `[SnapshotInfo]`            |
//! | `snapshot`        | `id`                                                        | `Snapshot` (with text)      |
//! | `add_snapshot`    | [`AddSnapshot`]: `story`, `content`, `format`, `title`, `outlet`, `url`, `published`, `version_of` | `AddResult` |
//! | `delete_snapshot` | `id`                                                        | `DeletedSnapshot`           |
//! | `diff`            | `from`, `to` (optional: previous version of `from`)         | `SnapshotDiff`              |
//! | `search`          | `query`, `story` (optional)                                 | `[SearchHit]`               |
//! | `load_demo`       | `story` (optional title)                                    | `DemoLoaded`                |
//! | `timeline`        | `story`; optional `status`, `from`, `to`, `since`, `new` (bool), `key` (N) | `Timeline` |
//! | `changes`         | `snapshot`                                                  | `SnapshotChanges`           |
//! | `figures`         | `story`                                                     | `StoryFigures`              |
//! | `figure_changes`  | `snapshot`                                                  | `SnapshotFigureChanges`     |
//! | `export`          | `story`, `format` (`json`, `md`, `csv`, `timelinejs`, `ics`, `figures-csv`) | `{format, extension, content, events}` |
//! | `mark_seen`       | `story`, `snapshot_id` (one of its snapshots)               | `{story_id, snapshot_id}`   |
//! | `export_story`    | `story`                                                     | `Bundle` (the story as JSON) |
//! | `import_story`    | `bundle`, `title` (optional: else the bundle's)             | `Imported`                  |
//! | `backup`          | `path` (absolute, must not exist)                           | `Backup`                    |
//! | `preview_url`     | `url`                                                       | `UrlPreview` (nothing stored) |
//! | `add_url`         | [`AddUrl`]: `story`, `url`; optional `title`, `outlet`, `published` | `AddedVersion`      |
//! | `follow`          | [`Follow`]: `story`, `url`, optional `every_mins`           | `FollowResult`              |
//! | `follow_feed`     | [`Follow`]: `story`, `url`, optional `match`, `every_mins`  | `FollowResult`              |
//! | `unfollow`        | `source` (id or URL), optional `story`                      | `[SourceInfo]` removed      |
//! | `sources`         | `story` (optional)                                          | `[SourceInfo]`              |
//! | `refresh`         | `story` (optional), `due` (optional bool)                   | `RefreshReport`             |

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use super::bundle::Bundle;
use super::timeline::{ExportFormat, TimelineFilter};
use super::{AddSnapshot, AddUrl, Follow, Storyline};
use crate::error::Error;

/// Every command [`dispatch`] knows, in the order of the table above.
pub const COMMANDS: &[&str] = &[
    "commands",
    "now",
    "stories",
    "story",
    "create_story",
    "rename_story",
    "delete_story",
    "snapshots",
    "snapshot",
    "add_snapshot",
    "delete_snapshot",
    "diff",
    "search",
    "load_demo",
    "timeline",
    "changes",
    "figures",
    "figure_changes",
    "export",
    "mark_seen",
    "export_story",
    "import_story",
    "backup",
    "preview_url",
    "add_url",
    "follow",
    "follow_feed",
    "unfollow",
    "sources",
    "refresh",
];

/// What can go wrong in a dispatched call: the core's own errors, or a call that names no known
/// command or carries arguments of the wrong shape.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DispatchError {
    /// An error from the core API.
    #[error(transparent)]
    Core(#[from] Error),
    /// The command name is not one of [`COMMANDS`].
    #[error("unknown command {0:?}: the commands are {list}", list = COMMANDS.join(", "))]
    UnknownCommand(String),
    /// The arguments are missing a field or have one of the wrong type.
    #[error("bad arguments for {command}: {message}")]
    BadArgs { command: String, message: String },
}

impl DispatchError {
    /// A stable snake_case name for the kind of error (the core's kind for core errors).
    pub fn kind(&self) -> &'static str {
        match self {
            DispatchError::Core(e) => e.kind(),
            DispatchError::UnknownCommand(_) => "unknown_command",
            DispatchError::BadArgs { .. } => "bad_args",
        }
    }

    /// Whether the caller can fix it (bad input, unknown ids) as opposed to a machine failure.
    pub fn is_user_error(&self) -> bool {
        match self {
            DispatchError::Core(e) => e.is_user_error(),
            _ => true,
        }
    }

    /// Whether it says that something asked for does not exist (HTTP front ends answer 404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, DispatchError::UnknownCommand(_)) || self.kind().ends_with("_not_found")
    }
}

/// Serialised as `{"kind": "...", "message": "..."}`, the same shape as the core's [`Error`].
impl serde::Serialize for DispatchError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// Runs one API command. `now` is the time a write is stamped with (the caller's clock).
pub fn dispatch(
    sl: &mut Storyline,
    command: &str,
    args: Value,
    now: DateTime<Utc>,
) -> Result<Value, DispatchError> {
    // A bug must answer `internal_error`, not take the server or the app down with it.
    super::guard(|| run(sl, command, args, now))
        .map_err(DispatchError::from)
        .and_then(|r| r)
}

fn run(
    sl: &mut Storyline,
    command: &str,
    args: Value,
    now: DateTime<Utc>,
) -> Result<Value, DispatchError> {
    let a = Args::new(command, args)?;
    let out = match command {
        "commands" => json!(COMMANDS),
        "now" => json!(now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        "stories" => to_json(sl.stories()?),
        "story" => to_json(sl.story(&a.story("story")?)?),
        "create_story" => to_json(sl.create_story(&a.string("title")?, now)?),
        "rename_story" => to_json(sl.rename_story(&a.story("story")?, &a.string("title")?)?),
        "delete_story" => to_json(sl.delete_story(&a.story("story")?)?),
        "snapshots" => to_json(sl.snapshots(&a.story("story")?)?),
        "snapshot" => to_json(sl.snapshot(a.id("id")?)?),
        "add_snapshot" => to_json(sl.add_snapshot(a.whole::<AddSnapshot>()?, now)?),
        "delete_snapshot" => to_json(sl.delete_snapshot(a.id("id")?)?),
        "diff" => to_json(sl.diff(a.id("from")?, a.opt_id("to")?)?),
        "search" => to_json(sl.search(&a.string("query")?, a.opt_story("story")?.as_deref())?),
        "load_demo" => to_json(sl.load_demo(a.opt_string("story")?.as_deref(), now)?),
        "timeline" => {
            let story = a.story("story")?;
            let filter = TimelineFilter {
                status: a.opt_string("status")?,
                from: a.opt_string("from")?,
                to: a.opt_string("to")?,
                since: a.opt_id("since")?,
                new: a.opt_bool("new")?.unwrap_or(false),
                key: match a.opt_id("key")? {
                    Some(n) if n < 0 => return Err(a.bad("`key` must be 0 or more".into())),
                    n => n.map(|n| n as usize),
                },
            };
            to_json(sl.timeline(&story, &filter)?)
        }
        "changes" => to_json(sl.changes(a.id("snapshot")?)?),
        "figures" => to_json(sl.figures(&a.story("story")?)?),
        "figure_changes" => to_json(sl.figure_changes(a.id("snapshot")?)?),
        "export" => {
            let format = ExportFormat::parse(&a.string("format")?)?;
            let (content, events) = sl.export_counted(&a.story("story")?, format)?;
            json!({"format": a.string("format")?, "extension": format.extension(), "content": content, "events": events})
        }
        "mark_seen" => {
            let snapshot_id = a.id("snapshot_id")?;
            let story_id = sl.mark_seen(&a.story("story")?, snapshot_id)?;
            json!({"story_id": story_id, "snapshot_id": snapshot_id})
        }
        "export_story" => to_json(sl.export_story(&a.story("story")?)?),
        "import_story" => {
            let bundle: Bundle = match a.get("bundle") {
                Some(v) => serde_json::from_value(v.clone()).map_err(|e| a.bad(e.to_string()))?,
                None => return Err(a.bad("`bundle` is missing".into())),
            };
            to_json(sl.import_story(bundle, a.opt_string("title")?.as_deref(), now)?)
        }
        "backup" => {
            let path = std::path::PathBuf::from(a.string("path")?);
            // A front end's process may run anywhere: a relative path would land in a guess.
            if !path.is_absolute() {
                return Err(a.bad("`path` must be an absolute path".into()));
            }
            to_json(sl.backup(&path)?)
        }
        "preview_url" => to_json(sl.preview_url(&a.string("url")?)?),
        "add_url" => to_json(sl.add_url(a.whole::<AddUrl>()?, now)?),
        "follow" => to_json(sl.follow(a.whole::<Follow>()?, now)?),
        "follow_feed" => to_json(sl.follow_feed(a.whole::<Follow>()?, now)?),
        "unfollow" => to_json(sl.unfollow(&a.story("source")?, a.opt_story("story")?.as_deref())?),
        "sources" => to_json(sl.sources(a.opt_story("story")?.as_deref())?),
        "refresh" => to_json(sl.refresh(
            a.opt_story("story")?.as_deref(),
            a.opt_bool("due")?.unwrap_or(false),
            now,
            &mut |_| {},
        )?),
        _ => return Err(DispatchError::UnknownCommand(command.to_owned())),
    };
    Ok(out)
}

fn to_json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).expect("API records serialise to JSON")
}

/// A command's arguments with typed, error-reporting getters.
struct Args<'c> {
    command: &'c str,
    map: Map<String, Value>,
}

impl<'c> Args<'c> {
    fn new(command: &'c str, args: Value) -> Result<Args<'c>, DispatchError> {
        let map = match args {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                return Err(DispatchError::BadArgs {
                    command: command.to_owned(),
                    message: format!("expected a JSON object, got {}", kind_of(&other)),
                })
            }
        };
        Ok(Args { command, map })
    }

    fn bad(&self, message: String) -> DispatchError {
        DispatchError::BadArgs {
            command: self.command.to_owned(),
            message,
        }
    }

    /// The field, with JSON null counting as absent.
    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn opt_string(&self, key: &str) -> Result<Option<String>, DispatchError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.bad(format!("`{key}` must be a string, not {}", kind_of(v)))),
        }
    }

    fn string(&self, key: &str) -> Result<String, DispatchError> {
        self.opt_string(key)?
            .ok_or_else(|| self.bad(format!("`{key}` is missing")))
    }

    fn opt_bool(&self, key: &str) -> Result<Option<bool>, DispatchError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.bad(format!("`{key}` must be true or false, not {}", kind_of(v)))),
        }
    }

    fn opt_id(&self, key: &str) -> Result<Option<i64>, DispatchError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => Ok(s.trim().parse().ok()),
            Some(v) => Err(self.bad(format!("`{key}` must be an integer id, not {}", kind_of(v)))),
        }
    }

    fn id(&self, key: &str) -> Result<i64, DispatchError> {
        self.opt_id(key)?
            .ok_or_else(|| self.bad(format!("`{key}` is missing")))
    }

    /// A story reference: an id (number) or a title or id (string), as the core takes it.
    fn opt_story(&self, key: &str) -> Result<Option<String>, DispatchError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(Some(n.to_string())),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.bad(format!(
                "`{key}` must be a story id or title, not {}",
                kind_of(v)
            ))),
        }
    }

    fn story(&self, key: &str) -> Result<String, DispatchError> {
        self.opt_story(key)?
            .ok_or_else(|| self.bad(format!("`{key}` is missing")))
    }

    /// All the arguments read as one record (a story id given as a number becomes its string).
    fn whole<T: DeserializeOwned>(&self) -> Result<T, DispatchError> {
        let mut map = self.map.clone();
        if let Some(Value::Number(n)) = map.get("story") {
            let s = n.to_string();
            map.insert("story".into(), Value::String(s));
        }
        serde_json::from_value(Value::Object(map)).map_err(|e| self.bad(e.to_string()))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn call(sl: &mut Storyline, command: &str, args: Value) -> Result<Value, DispatchError> {
        dispatch(sl, command, args, now())
    }

    #[test]
    fn every_listed_command_is_dispatched() {
        let mut sl = Storyline::open_in_memory().unwrap();
        for c in COMMANDS {
            // Empty args: either a result or a bad-args/core error, never "unknown command".
            if let Err(e) = call(&mut sl, c, json!({})) {
                assert_ne!(e.kind(), "unknown_command", "{c}: {e}");
            }
        }
        let listed = call(&mut sl, "commands", Value::Null).unwrap();
        assert_eq!(listed, json!(COMMANDS));
        assert_eq!(
            call(&mut sl, "now", json!({})).unwrap(),
            json!("2026-03-10T12:00:00.000Z")
        );
    }

    #[test]
    fn story_lifecycle_through_json() {
        let mut sl = Storyline::open_in_memory().unwrap();
        let story = call(&mut sl, "create_story", json!({"title": "Bridge"})).unwrap();
        let id = story["id"].as_i64().unwrap();
        let added = call(
            &mut sl,
            "add_snapshot",
            json!({"story": id, "content": "On Monday the bridge closed.", "outlet": "Herald",
                   "published": "2026-03-10T08:15:00+01:00"}),
        )
        .unwrap();
        assert_eq!(added["version"], 1);
        assert_eq!(added["unchanged"], false);
        let again = call(
            &mut sl,
            "add_snapshot",
            json!({"story": id.to_string(), "content": "On Monday the bridge closed. It reopened.",
                   "version_of": added["snapshot_id"]}),
        )
        .unwrap();
        assert_eq!(again["version"], 2);

        let snaps = call(&mut sl, "snapshots", json!({"story": id})).unwrap();
        assert_eq!(snaps.as_array().unwrap().len(), 2);
        let diff = call(&mut sl, "diff", json!({"from": again["snapshot_id"]})).unwrap();
        assert_eq!(diff["stats"]["inserted_words"], 2);
        let hits = call(&mut sl, "search", json!({"query": "reopened"})).unwrap();
        assert_eq!(hits[0]["snapshot_id"], again["snapshot_id"]);

        let renamed = call(
            &mut sl,
            "rename_story",
            json!({"story": id, "title": "Bridge closure"}),
        )
        .unwrap();
        assert_eq!(renamed["title"], "Bridge closure");
        let stories = call(&mut sl, "stories", json!({})).unwrap();
        assert_eq!(stories[0]["snapshots"], 2);
        call(&mut sl, "delete_story", json!({"story": "Bridge closure"})).unwrap();
        assert_eq!(call(&mut sl, "stories", json!({})).unwrap(), json!([]));
    }

    #[test]
    fn timeline_changes_and_export_through_json() {
        let mut sl = Storyline::open_in_memory().unwrap();
        let first = call(
            &mut sl,
            "add_snapshot",
            json!({"story": "Quay", "published": "2026-03-10T08:00:00Z",
                   "content": "A fire broke out at the warehouse on Monday. The mayor will visit on Friday."}),
        )
        .unwrap();
        let tl = call(&mut sl, "timeline", json!({"story": "Quay"})).unwrap();
        let events = tl["events"].as_array().unwrap();
        assert!(!events.is_empty(), "{tl}");
        assert!(events.iter().any(|e| e["date"] == "2026-03-09"), "{tl}");
        let expected = call(
            &mut sl,
            "timeline",
            json!({"story": "Quay", "status": "expected"}),
        )
        .unwrap();
        assert!(expected["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "expected"));

        let changes = call(
            &mut sl,
            "changes",
            json!({"snapshot": first["snapshot_id"]}),
        )
        .unwrap();
        assert_eq!(changes["snapshot_id"], first["snapshot_id"]);
        assert!(
            !changes["added"].as_array().unwrap().is_empty(),
            "{changes}"
        );

        let md = call(&mut sl, "export", json!({"story": "Quay", "format": "md"})).unwrap();
        assert_eq!(md["extension"], "md");
        assert!(md["content"].as_str().unwrap().contains("warehouse"));
        assert_eq!(md["events"], events.len());
        // A calendar holds only expected events: the count says when there are none.
        let ics = call(&mut sl, "export", json!({"story": "Quay", "format": "ics"})).unwrap();
        assert_eq!(ics["events"], 1, "{ics}");
        call(
            &mut sl,
            "add_snapshot",
            json!({"story": "Calm", "published": "2026-03-10T08:00:00Z",
                   "content": "The warehouse fire was put out on Monday."}),
        )
        .unwrap();
        let empty = call(&mut sl, "export", json!({"story": "Calm", "format": "ics"})).unwrap();
        assert_eq!(empty["events"], 0, "{empty}");
        let e = call(&mut sl, "export", json!({"story": "Quay", "format": "pdf"})).unwrap_err();
        assert!(e.is_user_error());
        assert!(e.to_string().contains("pdf"), "{e}");
    }

    #[test]
    fn fetch_commands_check_their_arguments_before_any_fetch() {
        let mut sl = Storyline::open_in_memory().unwrap();
        assert_eq!(call(&mut sl, "sources", json!({})).unwrap(), json!([]));
        let r = call(&mut sl, "refresh", json!({})).unwrap();
        assert_eq!(r["checked"], 0);
        let e = call(&mut sl, "refresh", json!({"due": "yes"})).unwrap_err();
        assert_eq!(e.kind(), "bad_args");
        let e = call(&mut sl, "preview_url", json!({})).unwrap_err();
        assert_eq!(e.kind(), "bad_args");
        for (command, url) in [
            ("preview_url", "file:///etc/passwd"),
            ("add_url", "ftp://example.com/a"),
            ("follow", "data:text/html,x"),
            ("follow_feed", "file:///feed.xml"),
        ] {
            let e = call(&mut sl, command, json!({"story": "S", "url": url})).unwrap_err();
            assert_eq!(e.kind(), "unsupported_scheme", "{command}");
        }
        let e = call(&mut sl, "add_url", json!({"url": "https://a.example/x"})).unwrap_err();
        assert_eq!(e.kind(), "story_missing");
        let e = call(&mut sl, "unfollow", json!({"source": 7})).unwrap_err();
        assert_eq!(e.kind(), "source_not_found");
        assert!(e.is_not_found());
        assert_eq!(call(&mut sl, "stories", json!({})).unwrap(), json!([]));
    }

    #[test]
    fn errors_have_kinds_and_messages() {
        let mut sl = Storyline::open_in_memory().unwrap();
        let e = call(&mut sl, "no_such_thing", json!({})).unwrap_err();
        assert_eq!(e.kind(), "unknown_command");
        assert!(e.is_not_found());

        let e = call(&mut sl, "snapshot", json!({"id": "seven"})).unwrap_err();
        assert_eq!(e.kind(), "bad_args");
        assert!(e.to_string().contains("`id`"), "{e}");

        let e = call(&mut sl, "snapshot", json!({"id": 99})).unwrap_err();
        assert_eq!(e.kind(), "snapshot_not_found");
        assert!(e.is_not_found());

        let e = call(&mut sl, "stories", json!([1, 2])).unwrap_err();
        assert_eq!(e.kind(), "bad_args");

        let e = call(
            &mut sl,
            "add_snapshot",
            json!({"story": "S", "content": "  "}),
        )
        .unwrap_err();
        assert_eq!(e.kind(), "empty_text");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "empty_text");
        assert!(v["message"].as_str().unwrap().contains("empty"));
        // Nothing partial: the story named by the failed add was not created.
        assert_eq!(call(&mut sl, "stories", json!({})).unwrap(), json!([]));
    }
}
