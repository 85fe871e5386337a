//! One function per statement over the core tables. Reads take `&Connection`; writes are called
//! with a `&Transaction` (which derefs to a connection) from [`super::Store::write`].

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Snapshot, SnapshotInfo, Story, StorySummary};

fn story_from_row(r: &Row<'_>) -> rusqlite::Result<Story> {
    Ok(Story {
        id: r.get("id")?,
        title: r.get("title")?,
        created_at: r.get("created_at")?,
    })
}

/// The story titled `arg` (case-insensitive), or else the story whose id is `arg`.
pub fn find_story(conn: &Connection, arg: &str) -> Result<Option<Story>> {
    let arg = arg.trim();
    let by_title = conn
        .query_row(
            "SELECT id, title, created_at FROM story WHERE title = ?1",
            [arg],
            story_from_row,
        )
        .optional()?;
    if by_title.is_some() {
        return Ok(by_title);
    }
    let Ok(id) = arg.trim_start_matches('#').parse::<i64>() else {
        return Ok(None);
    };
    story_by_id(conn, id)
}

/// Like [`find_story`], but a missing story is [`Error::StoryNotFound`].
pub fn story(conn: &Connection, arg: &str) -> Result<Story> {
    find_story(conn, arg)?.ok_or_else(|| Error::StoryNotFound(arg.trim().to_owned()))
}

pub fn story_by_id(conn: &Connection, id: i64) -> Result<Option<Story>> {
    Ok(conn
        .query_row(
            "SELECT id, title, created_at FROM story WHERE id = ?1",
            [id],
            story_from_row,
        )
        .optional()?)
}

pub fn insert_story(conn: &Connection, title: &str, created_at: &str) -> Result<Story> {
    conn.execute(
        "INSERT INTO story(title, created_at) VALUES (?1, ?2)",
        params![title, created_at],
    )?;
    Ok(Story {
        id: conn.last_insert_rowid(),
        title: title.to_owned(),
        created_at: created_at.to_owned(),
    })
}

pub fn rename_story(conn: &Connection, id: i64, title: &str) -> Result<()> {
    conn.execute(
        "UPDATE story SET title = ?2 WHERE id = ?1",
        params![id, title],
    )?;
    Ok(())
}

/// Deletes a story; its articles and snapshots go with it (ON DELETE CASCADE).
pub fn delete_story(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM story WHERE id = ?1", [id])?;
    Ok(())
}

pub fn story_summaries(conn: &Connection) -> Result<Vec<StorySummary>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.title, s.created_at,
                (SELECT count(*) FROM article a WHERE a.story_id = s.id) AS articles,
                count(n.id) AS snapshots,
                min(n.published_utc) AS first_published,
                max(n.published_utc) AS last_published
           FROM story s
           LEFT JOIN article a ON a.story_id = s.id
           LEFT JOIN snapshot n ON n.article_id = a.id
          GROUP BY s.id
          ORDER BY s.created_at, s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StorySummary {
            id: r.get("id")?,
            title: r.get("title")?,
            created_at: r.get("created_at")?,
            articles: r.get("articles")?,
            snapshots: r.get("snapshots")?,
            first_published: r.get("first_published")?,
            last_published: r.get("last_published")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count_story_contents(conn: &Connection, story_id: i64) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(DISTINCT a.id), count(n.id)
           FROM article a LEFT JOIN snapshot n ON n.article_id = a.id
          WHERE a.story_id = ?1",
        [story_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// An article: its id, story and normalised URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: i64,
    pub story_id: i64,
    pub url: Option<String>,
}

pub fn article_by_url(conn: &Connection, story_id: i64, url: &str) -> Result<Option<Article>> {
    Ok(conn
        .query_row(
            "SELECT id, story_id, url FROM article WHERE story_id = ?1 AND url = ?2",
            params![story_id, url],
            |r| {
                Ok(Article {
                    id: r.get(0)?,
                    story_id: r.get(1)?,
                    url: r.get(2)?,
                })
            },
        )
        .optional()?)
}

pub fn article(conn: &Connection, id: i64) -> Result<Article> {
    Ok(conn.query_row(
        "SELECT id, story_id, url FROM article WHERE id = ?1",
        [id],
        |r| {
            Ok(Article {
                id: r.get(0)?,
                story_id: r.get(1)?,
                url: r.get(2)?,
            })
        },
    )?)
}

pub fn insert_article(
    conn: &Connection,
    story_id: i64,
    url: Option<&str>,
    created_at: &str,
) -> Result<Article> {
    conn.execute(
        "INSERT INTO article(story_id, url, created_at) VALUES (?1, ?2, ?3)",
        params![story_id, url, created_at],
    )?;
    Ok(Article {
        id: conn.last_insert_rowid(),
        story_id,
        url: url.map(str::to_owned),
    })
}

pub fn set_article_url(conn: &Connection, article_id: i64, url: &str) -> Result<()> {
    conn.execute(
        "UPDATE article SET url = ?2 WHERE id = ?1",
        params![article_id, url],
    )?;
    Ok(())
}

pub fn delete_article(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM article WHERE id = ?1", [id])?;
    Ok(())
}

/// The highest version number of an article, if it has any snapshot.
pub fn max_version(conn: &Connection, article_id: i64) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(version) FROM snapshot WHERE article_id = ?1",
        [article_id],
        |r| r.get(0),
    )?)
}

/// A version of the article with this text hash, any version (an older text re-added is as
/// unchanged as the latest): (snapshot id, version).
pub fn version_with_sha(
    conn: &Connection,
    article_id: i64,
    sha256: &str,
) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .query_row(
            "SELECT id, version FROM snapshot WHERE article_id = ?1 AND sha256 = ?2
              ORDER BY version DESC LIMIT 1",
            params![article_id, sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A URL-less article of the story with a version of this text hash (any version): (article
/// id, snapshot id, version). Pasting the same text again then reports "unchanged".
pub fn pasted_article_with_sha(
    conn: &Connection,
    story_id: i64,
    sha256: &str,
) -> Result<Option<(i64, i64, i64)>> {
    Ok(conn
        .query_row(
            "SELECT a.id, n.id, n.version FROM article a JOIN snapshot n ON n.article_id = a.id
              WHERE a.story_id = ?1 AND a.url IS NULL AND n.sha256 = ?2
              ORDER BY a.id, n.version DESC LIMIT 1",
            params![story_id, sha256],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// The latest version of an article: (snapshot id, version, sha256).
pub fn latest_version(conn: &Connection, article_id: i64) -> Result<Option<(i64, i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, version, sha256 FROM snapshot WHERE article_id = ?1
              ORDER BY version DESC LIMIT 1",
            [article_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Renumbers an article's versions in publication order (ties: the order they were added), so
/// an older text added late becomes the version it was, not the next one.
pub fn renumber_versions(conn: &Connection, article_id: i64) -> Result<()> {
    // Out of the way first, so `UNIQUE (article_id, version)` holds at every step.
    conn.execute(
        "UPDATE snapshot SET version = version + 1000000000 WHERE article_id = ?1",
        [article_id],
    )?;
    conn.execute(
        "UPDATE snapshot SET version = (
             SELECT count(*) FROM snapshot p
              WHERE p.article_id = snapshot.article_id
                AND (p.published_utc < snapshot.published_utc
                     OR (p.published_utc = snapshot.published_utc AND p.id <= snapshot.id)))
          WHERE article_id = ?1",
        [article_id],
    )?;
    Ok(())
}

/// The columns of a new snapshot row.
#[derive(Debug, Clone)]
pub struct NewSnapshot<'a> {
    pub article_id: i64,
    pub version: i64,
    pub title: &'a str,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub published_at: &'a str,
    pub published_utc: &'a str,
    pub published_assumed: bool,
    pub captured_at: &'a str,
    pub text: &'a str,
    pub raw_html: Option<&'a str>,
    pub sha256: &'a str,
    pub word_count: i64,
    /// The page's own last-modified time (RFC 3339), when it gives one.
    pub modified_at: Option<&'a str>,
}

/// Raw HTML is stored deflate-compressed (pages are mostly markup and shrink several times).
fn compress(html: &str) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(html.as_bytes())
        .and_then(|()| z.finish())
        .expect("writing into a Vec cannot fail")
}

fn decompress(z: &[u8]) -> Result<String> {
    use std::io::Read;
    let mut html = String::new();
    flate2::read::DeflateDecoder::new(z)
        .read_to_string(&mut html)
        .map_err(|e| Error::Html(format!("the stored HTML cannot be read back: {e}")))?;
    Ok(html)
}

pub fn insert_snapshot(conn: &Connection, s: &NewSnapshot<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO snapshot(article_id, version, title, outlet, url, published_at,
             published_utc, published_assumed, captured_at, text, raw_html_z, sha256, word_count,
             modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            s.article_id,
            s.version,
            s.title,
            s.outlet,
            s.url,
            s.published_at,
            s.published_utc,
            s.published_assumed,
            s.captured_at,
            s.text,
            s.raw_html.map(compress),
            s.sha256,
            s.word_count,
            s.modified_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

const INFO_COLUMNS: &str = "n.id, a.story_id, n.article_id, n.version, n.title, n.outlet, n.url,
    n.published_at, n.published_assumed, n.captured_at, n.word_count, n.sha256";

fn info_from_row(r: &Row<'_>) -> rusqlite::Result<SnapshotInfo> {
    Ok(SnapshotInfo {
        id: r.get(0)?,
        story_id: r.get(1)?,
        article_id: r.get(2)?,
        version: r.get(3)?,
        title: r.get(4)?,
        outlet: r.get(5)?,
        url: r.get(6)?,
        published_at: r.get(7)?,
        published_assumed: r.get(8)?,
        captured_at: r.get(9)?,
        word_count: r.get(10)?,
        sha256: r.get(11)?,
    })
}

/// A story's snapshots, oldest publication first.
pub fn snapshots_of_story(conn: &Connection, story_id: i64) -> Result<Vec<SnapshotInfo>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {INFO_COLUMNS} FROM snapshot n JOIN article a ON a.id = n.article_id
          WHERE a.story_id = ?1 ORDER BY n.published_utc, n.id"
    ))?;
    let rows = stmt.query_map([story_id], info_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn snapshot_info(conn: &Connection, id: i64) -> Result<SnapshotInfo> {
    conn.query_row(
        &format!(
            "SELECT {INFO_COLUMNS} FROM snapshot n JOIN article a ON a.id = n.article_id
              WHERE n.id = ?1"
        ),
        [id],
        info_from_row,
    )
    .optional()?
    .ok_or(Error::SnapshotNotFound(id))
}

pub fn snapshot(conn: &Connection, id: i64) -> Result<Snapshot> {
    conn.query_row(
        &format!(
            "SELECT {INFO_COLUMNS}, s.title, n.text,
                    n.raw_html IS NOT NULL OR n.raw_html_z IS NOT NULL, n.modified_at
               FROM snapshot n JOIN article a ON a.id = n.article_id JOIN story s ON s.id = a.story_id
              WHERE n.id = ?1"
        ),
        [id],
        |r| {
            Ok(Snapshot {
                info: info_from_row(r)?,
                story_title: r.get(12)?,
                text: r.get(13)?,
                has_html: r.get(14)?,
                modified_at: r.get(15)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::SnapshotNotFound(id))
}

pub fn snapshot_html(conn: &Connection, id: i64) -> Result<Option<String>> {
    let (plain, z): (Option<String>, Option<Vec<u8>>) = conn
        .query_row(
            "SELECT raw_html, raw_html_z FROM snapshot WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::SnapshotNotFound(id))?;
    match (plain, z) {
        (Some(html), _) => Ok(Some(html)),
        (None, Some(z)) => decompress(&z).map(Some),
        (None, None) => Ok(None),
    }
}

/// The snapshot of the same article with the next lower version, if any.
pub fn previous_version(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT p.id FROM snapshot n JOIN snapshot p ON p.article_id = n.article_id
              WHERE n.id = ?1 AND p.version < n.version ORDER BY p.version DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn snapshot_text(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT text FROM snapshot WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(Error::SnapshotNotFound(id))
}

pub fn delete_snapshot(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM snapshot WHERE id = ?1", [id])?;
    Ok(())
}

pub fn article_snapshot_count(conn: &Connection, article_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM snapshot WHERE article_id = ?1",
        [article_id],
        |r| r.get(0),
    )?)
}

/// One full-text hit.
#[derive(Debug, Clone)]
pub struct FtsHit {
    pub info: SnapshotInfo,
    pub story_title: String,
    pub text: String,
    /// BM25 rank: lower is better; title matches count double.
    pub rank: f64,
}

/// Snapshots matching an FTS5 query, best first: those matching `phrase` (the words as one
/// exact phrase), if given, before the rest.
pub fn search(
    conn: &Connection,
    fts_query: &str,
    phrase: Option<&str>,
    story_id: Option<i64>,
    limit: i64,
) -> Result<Vec<FtsHit>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {INFO_COLUMNS}, s.title, n.text, bm25(snapshot_fts, 2.0, 1.0) AS rank
           FROM snapshot_fts f
           JOIN snapshot n ON n.id = f.rowid
           JOIN article a ON a.id = n.article_id
           JOIN story s ON s.id = a.story_id
          WHERE snapshot_fts MATCH ?1 AND (?2 IS NULL OR a.story_id = ?2)
          ORDER BY ?4 IS NOT NULL
                   AND f.rowid IN (SELECT rowid FROM snapshot_fts WHERE snapshot_fts MATCH ?4) DESC,
                   rank, n.published_utc, n.id
          LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![fts_query, story_id, limit, phrase], |r| {
        Ok(FtsHit {
            info: info_from_row(r)?,
            story_title: r.get(12)?,
            text: r.get(13)?,
            rank: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Row counts of the core tables: (stories, articles, snapshots). Tests use it to prove that a
/// rejected input left the database unchanged.
pub fn row_counts(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM story), (SELECT count(*) FROM article),
                (SELECT count(*) FROM snapshot)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// A story's articles as (id, url, created_at), oldest first.
pub fn articles_of_story(
    conn: &Connection,
    story_id: i64,
) -> Result<Vec<(i64, Option<String>, String)>> {
    let mut stmt =
        conn.prepare("SELECT id, url, created_at FROM article WHERE story_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([story_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every stored column of an article's snapshots that is not derived from another, by version.
pub fn snapshot_rows_of_article(conn: &Connection, article_id: i64) -> Result<Vec<SnapshotRow>> {
    let mut stmt = conn.prepare(
        "SELECT version, title, outlet, url, published_at, published_assumed, captured_at, text,
                raw_html, raw_html_z FROM snapshot WHERE article_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([article_id], |r| {
        let z: Option<Vec<u8>> = r.get(9)?;
        Ok((
            SnapshotRow {
                version: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                url: r.get(3)?,
                published_at: r.get(4)?,
                published_assumed: r.get(5)?,
                captured_at: r.get(6)?,
                text: r.get(7)?,
                raw_html: r.get(8)?,
            },
            z,
        ))
    })?;
    // Newer rows keep their HTML compressed (schema step 4): a bundle carries it as text.
    let mut out = Vec::new();
    for row in rows {
        let (mut row, z) = row?;
        if row.raw_html.is_none() {
            if let Some(z) = z {
                row.raw_html = Some(decompress(&z)?);
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// A snapshot as a story bundle carries it (see `api::bundle`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnapshotRow {
    pub version: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published_at: String,
    pub published_assumed: bool,
    pub captured_at: String,
    pub text: String,
    pub raw_html: Option<String>,
}

/// Each snapshot of a story with its outlet (empty when none was given), for ranking events.
pub fn outlets_of_story(conn: &Connection, story_id: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, coalesce(n.outlet, '') FROM snapshot n JOIN article a ON a.id = n.article_id
          WHERE a.story_id = ?1",
    )?;
    let rows = stmt.query_map([story_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
