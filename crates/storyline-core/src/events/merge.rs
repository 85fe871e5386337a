//! Merging mentions from many snapshots into events, and what an event's sources make of it.
//!
//! An event is its set of sources; everything else about it (date, status, text, history) is
//! derived from the sources read in publication order by [`derive`]. So the result does not
//! depend on the order in which snapshots were added, and the store can recompute just the
//! events a new snapshot touched.

use super::date::{DateBasis, EventDate, Granularity};
use super::extract::Mention;
use super::status::{MentionStatus, Status};
use super::words;
use chrono::Datelike;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// Publication order of sources: time, snapshot, index in the snapshot.
type OrderKey = (DateTime<FixedOffset>, i64, usize);

/// One mention attached to an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub snapshot_id: i64,
    pub published_at: DateTime<FixedOffset>,
    /// Index of the mention within its snapshot; with `snapshot_id` it identifies the source.
    pub ord: usize,
    pub mention: Mention,
    /// The content keys of the mention's text ([`words::keys`]), computed once.
    pub keys: BTreeSet<String>,
}

impl Source {
    pub fn new(
        snapshot_id: i64,
        published_at: DateTime<FixedOffset>,
        ord: usize,
        mention: Mention,
    ) -> Source {
        let keys = words::keys(&mention.text);
        Source::with_keys(snapshot_id, published_at, ord, mention, keys)
    }

    /// A source whose content keys were computed with their article ([`words::article_keys`]).
    pub fn with_keys(
        snapshot_id: i64,
        published_at: DateTime<FixedOffset>,
        ord: usize,
        mention: Mention,
        keys: BTreeSet<String>,
    ) -> Source {
        Source {
            snapshot_id,
            published_at,
            ord,
            mention,
            keys,
        }
    }

    /// Whether the source's date is its publication day rather than a date the text gives: said
    /// by its `date_basis`, or (for a source read back without one) a day that is its
    /// publication day.
    pub fn placed_by_publication(&self) -> bool {
        placed_by_publication(&self.mention, Some(self.published_at))
    }

    fn order_key(&self) -> OrderKey {
        (self.published_at, self.snapshot_id, self.ord)
    }

    /// [`Source`]s in publication order sort as these strings do (the store's index key).
    pub fn order_string(&self) -> String {
        format!(
            "{}|{:012}|{:06}",
            self.published_at.to_utc().format("%Y-%m-%dT%H:%M:%S%.9f"),
            self.snapshot_id,
            self.ord
        )
    }
}

/// What one snapshot did to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Change {
    /// First told as done.
    Reported,
    /// First told as to come (or back on after a postponement).
    Announced,
    /// Told as done after being announced.
    Confirmed,
    /// Given a more precise date.
    Redated,
    Postponed,
    Cancelled,
    /// Told with different figures than before.
    Contradicted,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Reported => "reported",
            Change::Announced => "announced",
            Change::Confirmed => "confirmed",
            Change::Redated => "redated",
            Change::Postponed => "postponed",
            Change::Cancelled => "cancelled",
            Change::Contradicted => "contradicted",
        }
    }

    pub fn parse(s: &str) -> Option<Change> {
        Some(match s {
            "reported" => Change::Reported,
            "announced" => Change::Announced,
            "confirmed" => Change::Confirmed,
            "redated" => Change::Redated,
            "postponed" => Change::Postponed,
            "cancelled" => Change::Cancelled,
            "contradicted" => Change::Contradicted,
            _ => return None,
        })
    }
}

/// One step in an event's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub snapshot_id: i64,
    pub published_at: DateTime<FixedOffset>,
    pub change: Change,
    /// The event's status and date after this step.
    pub status: Status,
    pub date: String,
    /// What it was before: the earlier date for `redated`, the earlier text for `contradicted`.
    pub detail: Option<String>,
}

/// What an event's sources say, taken together.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub date: EventDate,
    /// `Text` when any source dates the event from its text; `Publication` when every source
    /// only falls back on its publication date.
    pub date_basis: DateBasis,
    pub status: Status,
    pub text: String,
    pub first_seen_snapshot: i64,
    pub history: Vec<HistoryEntry>,
}

/// Reads the sources in publication order. `sources` must not be empty.
pub fn derive(sources: &[Source]) -> Derived {
    fold_sources(sources).derived()
}

/// The state of reading an event's sources in publication order. [`derive`] folds all of
/// them; the store keeps the state so that a source published after all the others is one
/// more [`Fold::step`].
#[derive(Debug, Clone, PartialEq)]
pub struct Fold {
    pub date: EventDate,
    pub date_basis: DateBasis,
    pub status: Option<Status>,
    /// The latest figure told for each counted word, and the text that told it.
    pub figures: BTreeMap<String, (String, String)>,
    pub history: Vec<HistoryEntry>,
    pub first_seen_snapshot: i64,
    pub text: String,
}

impl Fold {
    /// Before the first source.
    pub fn start(first: &Source) -> Fold {
        Fold {
            date: first.mention.date.clone(),
            date_basis: first.mention.date_basis,
            status: None,
            figures: BTreeMap::new(),
            history: Vec::new(),
            first_seen_snapshot: first.snapshot_id,
            text: first.mention.text.clone(),
        }
    }

    /// Reads one more source, published after those read so far.
    pub fn step(&mut self, src: &Source) {
        let m = &src.mention;
        if m.date_basis == DateBasis::Text {
            self.date_basis = DateBasis::Text;
        }
        let mut changes: Vec<(Change, Option<String>)> = Vec::new();
        let before = self.status;
        let after = Status::then(before, m.status);
        if before.is_none() {
            changes.push((
                match after {
                    Status::Expected => Change::Announced,
                    Status::Cancelled => Change::Cancelled,
                    Status::Postponed => Change::Postponed,
                    _ => Change::Reported,
                },
                None,
            ));
        } else if before != Some(after) {
            let c = match after {
                Status::ExpectedThenHappened => Change::Confirmed,
                Status::Cancelled => Change::Cancelled,
                Status::Postponed => Change::Postponed,
                Status::Expected => Change::Announced,
                Status::Happened => Change::Reported,
            };
            changes.push((c, None));
        }
        self.status = Some(after);
        let by_publication = src.placed_by_publication();
        if before.is_some() && !m.date.compatible(&self.date) {
            // Joined by linking, not by the calendar: a text date places an event that was
            // placed by a publication day, and a report that a plan happened dates it.
            let confirms = before == Some(Status::Expected) && m.status == MentionStatus::Happened;
            if !by_publication || confirms {
                changes.push((Change::Redated, Some(self.date.value().to_string())));
                self.date = m.date.clone();
            }
        } else if m.date_basis == DateBasis::Publication && before.is_some() {
            // A publication day says when the happening was told, not when it was: it never
            // refines a date. (Only the extractor's basis counts here: a day read back that
            // equals its publication day may be the text's "today", which does refine.)
        } else if m.date.finer_than(&self.date) && m.date.compatible(&self.date) {
            if before.is_some() {
                changes.push((Change::Redated, Some(self.date.value().to_string())));
            }
            self.date = m.date.clone();
        } else if m.date.value() == self.date.value()
            && self.date.part_of_day().is_none()
            && m.date.part_of_day().is_some()
        {
            // "Monday morning" after "Monday": the same date, told more fully.
            self.date = m.date.clone();
        }
        for (noun, num) in words::figures(&m.text) {
            if let Some((was, said)) = self.figures.get(&noun) {
                if *was != num && !changes.iter().any(|c| c.0 == Change::Contradicted) {
                    changes.push((Change::Contradicted, Some(said.clone())));
                }
            }
            self.figures.insert(noun, (num, m.text.clone()));
        }
        for (change, detail) in changes {
            // One snapshot telling the event twice makes one step, not two.
            if let Some(last) = self.history.last_mut() {
                if last.snapshot_id == src.snapshot_id && last.change == change {
                    last.status = after;
                    last.date = self.date.value().to_string();
                    continue;
                }
            }
            self.history.push(HistoryEntry {
                snapshot_id: src.snapshot_id,
                published_at: src.published_at,
                change,
                status: after,
                date: self.date.value().to_string(),
                detail,
            });
        }
        // The latest telling shows, unless it says far less than the one shown: a passing
        // mention ("after Monday's fire at the warehouse") is no better account of the event.
        let words = |t: &str| t.split_whitespace().count();
        if 2 * words(&m.text) >= words(&self.text) {
            self.text = m.text.clone();
        }
    }

    /// What the sources read so far make of the event. Call after at least one step.
    pub fn derived(&self) -> Derived {
        Derived {
            date: self.date.clone(),
            date_basis: self.date_basis,
            status: self.status.unwrap_or(Status::Happened),
            text: self.text.clone(),
            first_seen_snapshot: self.first_seen_snapshot,
            history: self.history.clone(),
        }
    }
}

/// Smallest share of content words (of the shorter text) two mentions must have in common.
const MIN_SCORE: f64 = 0.4;
/// Fewest content words they must share.
const MIN_SHARED: usize = 2;
/// Smallest share when a publication day, not the text, places one of the two.
const LINK_SCORE: f64 = 0.5;
/// Sharing this many content words is enough whatever the share.
const ENOUGH_SHARED: usize = 5;

/// Most distinct tellings of one event a mention is scored against. An event told in more
/// ways than this is matched against the first ones; without a bound, matching would cost more
/// with every telling.
pub const MAX_TELLINGS: usize = 64;

/// What a mention is matched against for one event: its date, one source per distinct telling
/// (text and date: versions of one article repeat sentences, and scoring one telling twice
/// would cost time for nothing), and the sentences its sources came from.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub date: EventDate,
    tellings: Vec<Source>,
    /// Hashes of the (text, date) of `tellings` (a hash, not a copy of each text).
    told: HashSet<u64>,
    sentences: HashSet<(i64, usize)>,
}

impl Candidate {
    pub fn new(date: EventDate) -> Candidate {
        Candidate {
            date,
            tellings: Vec::new(),
            told: HashSet::new(),
            sentences: HashSet::new(),
        }
    }

    /// Records one more source of the event.
    pub fn add(&mut self, src: &Source) {
        let m = &src.mention;
        self.add_sentence(src.snapshot_id, m.start);
        if self.wants(&m.text, m.date.value()) {
            self.told.insert(telling_hash(&m.text, m.date.value()));
            self.tellings.push(src.clone());
        }
    }

    /// Records the sentence of a source without the rest of it.
    pub fn add_sentence(&mut self, snapshot_id: i64, start: usize) {
        self.sentences.insert((snapshot_id, start));
    }

    /// Whether a source telling `text` at date value `date` would be a new telling to match
    /// against (so that a caller can skip building one that is not).
    pub fn wants(&self, text: &str, date: &str) -> bool {
        self.tellings.len() < MAX_TELLINGS && !self.told.contains(&telling_hash(text, date))
    }

    /// How well `m` (with content keys `mk`) fits the event: whether the calendar agrees (not
    /// only a link through a publication day), the share and the count of keys shared; `None`
    /// if it cannot be the same event.
    pub fn fit(
        &self,
        m: &Mention,
        mk: &BTreeSet<String>,
        snapshot_id: i64,
    ) -> Option<(bool, f64, usize)> {
        // Two clauses of one sentence are two happenings.
        if self.sentences.contains(&(snapshot_id, m.start)) {
            return None;
        }
        let m_open = placed_by_publication(m, None);
        let calendar = self.date.compatible(&m.date);
        let mut best: Option<(bool, f64, usize)> = None;
        for s in &self.tellings {
            // Between dates that agree, only a basis the extractor gave asks for more words: a
            // day read back that merely equals its publication day may be the text's "today".
            let s_open = s.placed_by_publication();
            let told = m_open || s.mention.date_basis == DateBasis::Publication;
            // A publication day says when a happening was told, not when it happened: two
            // clauses of one report placed by it are two happenings (one report tells each once).
            if (told || s_open) && s.snapshot_id == snapshot_id {
                continue;
            }
            let link = if calendar && !told {
                Link::Calendar
            } else {
                match linked(&s.mention, s_open, m, m_open) {
                    Some(l) => l,
                    None if calendar => Link::Calendar,
                    None => continue,
                }
            };
            let (score, shared) = words::similarity(mk, &s.keys);
            let ok = match link {
                // Placed by a publication day: the day says little, the words must say more.
                Link::Told => {
                    shared >= ENOUGH_SHARED || (shared >= MIN_SHARED && score >= LINK_SCORE)
                }
                Link::Calendar if s.mention.date.granularity() != m.date.granularity() => {
                    // Joining a vaguer and a finer date re-dates the event: ask for more.
                    shared >= ENOUGH_SHARED
                        || (shared >= 3 && score >= MIN_SCORE)
                        || (score >= 0.6 && shared >= 2)
                }
                Link::Calendar => {
                    let same_date = s.mention.date.value() == m.date.value();
                    // A plan on one exact day, or its outcome, rarely has a namesake: one
                    // shared word can do then. So can a figure update on the same day ("the
                    // death toll from Sunday's flood rose to nine").
                    let planned = s.mention.status != MentionStatus::Happened
                        || m.status != MentionStatus::Happened
                        || words::updates_figure(&m.text);
                    shared >= ENOUGH_SHARED
                        || (shared >= MIN_SHARED && score >= MIN_SCORE)
                        || (same_date && shared >= 1 && (score >= 0.5 || planned))
                }
            };
            let f = (link == Link::Calendar, score, shared);
            if ok && best.is_none_or(|b| f > b) {
                best = Some(f);
            }
        }
        best
    }
}

/// How two tellings' dates let them be one happening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// One date contains the other.
    Calendar,
    /// At least one is placed by its publication day, and the days fit what each says: a report
    /// on or after the happening, a plan confirmed after it was announced.
    Told,
}

/// Longest time between a plan's announcement and the report that it happened, or between a
/// happening and a report of it that gives no date, for the two to be linked. Bounds the
/// events a mention is compared with.
pub const LINK_DAYS: i64 = 45;

/// Whether `m` is placed by its publication day (`published`, when known) rather than by a date
/// in its text. A plan read back from the store without its basis counts as placed by its
/// publication day when its date is that day.
fn placed_by_publication(m: &Mention, published: Option<DateTime<FixedOffset>>) -> bool {
    m.date_basis == DateBasis::Publication
        // Only a plan is guessed: a happening told "today" read as placed by publication would
        // link to happenings of the days before.
        || (m.status == MentionStatus::Expected
            && m.date.granularity() == Granularity::Day
            && published.is_some_and(|p| {
                p.year() > 1970 && m.date.value() == p.date_naive().format("%Y-%m-%d").to_string()
            }))
}

/// Whether telling `a` and mention `b` can be one happening by what their dates mean, when one
/// of them is placed by its publication day (`a_open`, `b_open`).
fn linked(a: &Mention, a_open: bool, b: &Mention, b_open: bool) -> Option<Link> {
    let days = |x: &EventDate, y: &EventDate| (y.start() - x.start()).num_days();
    let within = |x: &EventDate, y: &EventDate| (0..=LINK_DAYS).contains(&days(x, y));
    let fits = |open: &Mention, open_is_plan: bool, other: &Mention| {
        if open_is_plan {
            // Announced on day D: the happening (told as done or to come) is on or after D.
            within(&open.date, &other.date)
                || (other.date.start() <= open.date.start() && open.date.end() <= other.date.end())
        } else {
            // Reported done on day D: the happening was on or before D.
            other.status != MentionStatus::Expected
                && (within(&other.date, &open.date) || other.date.compatible(&open.date))
        }
    };
    let expected = |x: &Mention| x.status == MentionStatus::Expected;
    let ok = (a_open && fits(a, expected(a), b)) || (b_open && fits(b, expected(b), a));
    ok.then_some(Link::Told)
}

fn telling_hash(text: &str, date: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (text, date).hash(&mut h);
    h.finish()
}

/// Events being merged, indexed by the years their dates cover, so that finding the event a
/// mention joins looks at the events of its years, not at every event.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    pub list: Vec<Candidate>,
    years: HashMap<i32, Vec<usize>>,
    /// Events whose dates span more than [`INDEXED_YEARS`] years (decades, centuries): few,
    /// and looked at for every mention.
    wide: Vec<usize>,
}

/// Widest date span, in calendar years, that goes into the year index.
const INDEXED_YEARS: i32 = 3;

fn years_of(date: &EventDate) -> (i32, i32) {
    let last = date.end() - chrono::Duration::minutes(1);
    (date.start().year(), last.year().max(date.start().year()))
}

impl Candidates {
    pub fn new() -> Candidates {
        Candidates::default()
    }

    /// Adds an event; returns its index.
    pub fn push(&mut self, c: Candidate) -> usize {
        let i = self.list.len();
        self.index(i, &c.date);
        self.list.push(c);
        i
    }

    fn index(&mut self, i: usize, date: &EventDate) {
        let (y0, y1) = years_of(date);
        if y1 - y0 >= INDEXED_YEARS {
            if !self.wide.contains(&i) {
                self.wide.push(i);
            }
        } else {
            for y in y0..=y1 {
                let v = self.years.entry(y).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
    }

    /// The event `i`.
    // `i` is an index this list handed out (`push`, `best`): entries are never removed.
    #[allow(clippy::indexing_slicing)]
    pub fn get_mut(&mut self, i: usize) -> &mut Candidate {
        &mut self.list[i]
    }

    /// Gives event `i` a new date (a finer one, as sources refine it). It stays indexed under
    /// its old years too, which costs a look, never a miss.
    // `i` is an index this list handed out (`push`, `best`): entries are never removed.
    #[allow(clippy::indexing_slicing)]
    pub fn set_date(&mut self, i: usize, date: EventDate) {
        if date != self.list[i].date {
            self.index(i, &date);
            self.list[i].date = date;
        }
    }

    /// The index of the event that `m` belongs to, if any.
    pub fn best(&self, m: &Mention, snapshot_id: i64) -> Option<usize> {
        self.best_keys(m, &words::keys(&m.text), snapshot_id)
    }

    /// The index of the event that `m`, with content keys `mk` ([`words::article_keys`]),
    /// belongs to, if any.
    // `i` is an index this list handed out (`push`, `best`): entries are never removed.
    #[allow(clippy::indexing_slicing)]
    pub fn best_keys(&self, m: &Mention, mk: &BTreeSet<String>, snapshot_id: i64) -> Option<usize> {
        let (y0, y1) = years_of(&m.date);
        let mut idx: Vec<usize> = if y1 - y0 >= INDEXED_YEARS {
            (0..self.list.len()).collect()
        } else {
            let mut v: Vec<usize> = (y0..=y1)
                .filter_map(|y| self.years.get(&y))
                .flatten()
                .chain(&self.wide)
                .copied()
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        if idx.is_empty() {
            return None;
        }
        let mut best: Option<(usize, (bool, f64, usize), bool)> = None;
        for i in idx.drain(..) {
            let c = &self.list[i];
            if let Some(f) = c.fit(m, mk, snapshot_id) {
                // Prefer an event the calendar agrees with over one only linked through a
                // publication day, and one at exactly this date over one it falls inside.
                let exact = c.date.value() == m.date.value();
                let better = match best {
                    None => true,
                    Some((_, bf, bexact)) => (f.0, exact, f.1, f.2) > (bf.0, bexact, bf.1, bf.2),
                };
                if better {
                    best = Some((i, f, exact));
                }
            }
        }
        best.map(|(i, _, _)| i)
    }
}

/// Matches one snapshot's mentions to events: the one merge loop, used by [`Merger`] in memory
/// and by the store. `index` holds the events a mention may join (every event in memory; the
/// store loads those sharing a date and a word). A mention that joins none starts a new event,
/// pushed onto `index`, which the snapshot's later mentions may join. A finer date refines its
/// event at once, so later mentions match against it.
///
/// Returns, per event touched (first touched first), its index in `index` and its new sources.
// Indexes come from `index` (`best`, `push`) and `groups` grows with `slot`: all in range.
#[allow(clippy::indexing_slicing)]
pub fn assign(
    index: &mut Candidates,
    snapshot_id: i64,
    published_at: DateTime<FixedOffset>,
    mentions: Vec<Mention>,
) -> Vec<(usize, Vec<Source>)> {
    // Keys are read with the article: a reference ("the firm") takes the actor named before it.
    let keys = words::article_keys(mentions.iter().map(|m| (&*m.text, &*m.sentence)));
    assign_keyed(index, snapshot_id, published_at, mentions, keys)
}

/// [`assign`] with each mention's article keys ([`words::article_keys`]) already read (the
/// store needs them first, to load the candidate events).
// Indexes come from `index` (`best_keys`, `push`) and `groups` grows with `slot`: in range.
#[allow(clippy::indexing_slicing)]
pub fn assign_keyed(
    index: &mut Candidates,
    snapshot_id: i64,
    published_at: DateTime<FixedOffset>,
    mentions: Vec<Mention>,
    keys: Vec<BTreeSet<String>>,
) -> Vec<(usize, Vec<Source>)> {
    let mut groups: Vec<(usize, Vec<Source>)> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for ((ord, m), mk) in mentions.into_iter().enumerate().zip(keys) {
        let idx = index.best_keys(&m, &mk, snapshot_id);
        let src = Source::with_keys(snapshot_id, published_at, ord, m, mk);
        let i = match idx {
            Some(i) => {
                let c = index.get_mut(i);
                c.add(&src);
                // A publication day never re-dates an event (the fold agrees).
                if src.mention.date_basis == DateBasis::Text
                    && src.mention.date.finer_than(&c.date)
                    && src.mention.date.compatible(&c.date)
                {
                    index.set_date(i, src.mention.date.clone());
                }
                i
            }
            None => {
                let mut c = Candidate::new(src.mention.date.clone());
                c.add(&src);
                index.push(c)
            }
        };
        let g = *slot.entry(i).or_insert_with(|| {
            groups.push((i, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(src);
    }
    groups
}

/// The one fold update, used by [`Merger`] and by the store: the fold of an event once `new`
/// sources join it, and the order key ([`Source::order_string`]) of its latest source.
/// `last` is the order key of the latest source read so far (`None`: a new event). When every
/// new source comes after it, the fold so far (`folded`) takes one more step per source;
/// otherwise the fold starts again over every earlier source (`earlier`) and the new ones.
pub fn fold_in<E>(
    last: Option<&str>,
    new: &[Source],
    folded: impl FnOnce() -> Result<Fold, E>,
    earlier: impl FnOnce() -> Result<Vec<Source>, E>,
) -> Result<(Fold, String), E> {
    let latest = new
        .iter()
        .map(Source::order_string)
        .chain(last.map(str::to_owned))
        .max()
        .unwrap_or_default();
    let fold = match last {
        None => fold_sources(new),
        Some(last) if new.iter().all(|s| s.order_string().as_str() > last) => {
            let mut fold = folded()?;
            let mut ordered: Vec<&Source> = new.iter().collect();
            ordered.sort_by_key(|s| s.order_key());
            for s in ordered {
                fold.step(s);
            }
            fold
        }
        Some(_) => {
            let mut all = earlier()?;
            all.extend(new.iter().cloned());
            fold_sources(&all)
        }
    };
    Ok((fold, latest))
}

/// An event being built in memory: its sources and what they make of it.
#[derive(Debug, Clone)]
pub struct Event {
    pub sources: Vec<Source>,
    pub derived: Derived,
}

/// Merges snapshots into events in memory with the store's loop ([`assign`]) and fold
/// ([`fold_in`]). Used by tests, the benchmark and anything that wants a timeline without a
/// database.
#[derive(Debug, Default, Clone)]
pub struct Merger {
    pub events: Vec<Event>,
    index: Candidates,
    /// Per event, the fold over its sources and the order key of the latest one.
    folds: Vec<(Fold, String)>,
}

impl Merger {
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Adds one snapshot's mentions; returns the indexes of the events it touched.
    // `events`, `folds` and `index` grow together, one entry per event; `assign` hands out new
    // indexes in order, so a new event's index is `events.len()` when it comes: all in range.
    #[allow(clippy::indexing_slicing)]
    pub fn add(
        &mut self,
        snapshot_id: i64,
        published_at: DateTime<FixedOffset>,
        mentions: Vec<Mention>,
    ) -> Vec<usize> {
        let groups = assign(&mut self.index, snapshot_id, published_at, mentions);
        let mut touched = Vec::with_capacity(groups.len());
        for (i, new) in groups {
            let stored = (i < self.events.len()).then(|| self.folds[i].1.as_str());
            let (fold, last) = match fold_in(
                stored,
                &new,
                || Ok::<_, std::convert::Infallible>(self.folds[i].0.clone()),
                || Ok(self.events[i].sources.clone()),
            ) {
                Ok(v) => v,
                Err(never) => match never {},
            };
            let derived = fold.derived();
            // As the store reads it back for the next snapshot: the event's derived date.
            self.index.set_date(i, derived.date.clone());
            if i < self.events.len() {
                self.events[i].sources.extend(new);
                self.events[i].derived = derived;
                self.folds[i] = (fold, last);
            } else {
                self.events.push(Event {
                    sources: new,
                    derived,
                });
                self.folds.push((fold, last));
            }
            touched.push(i);
        }
        touched
    }

    /// Events in timeline order.
    pub fn timeline(&self) -> Vec<&Event> {
        let mut v: Vec<&Event> = self.events.iter().collect();
        v.sort_by(|a, b| a.derived.date.timeline_cmp(&b.derived.date));
        v
    }
}

/// The fold over `sources` read in publication order. `sources` must not be empty.
// Every event has at least one source (an ARCHITECTURE invariant); an empty list is a bug.
#[allow(clippy::indexing_slicing)]
pub fn fold_sources(sources: &[Source]) -> Fold {
    let mut ordered: Vec<&Source> = sources.iter().collect();
    ordered.sort_by_key(|s| s.order_key());
    let mut fold = Fold::start(ordered[0]);
    for src in ordered {
        fold.step(src);
    }
    fold
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn mention(text: &str, date: &str, status: MentionStatus) -> Mention {
        Mention {
            date_basis: Default::default(),
            date: EventDate::parse(date).unwrap(),
            status,
            text: text.to_string(),
            sentence: text.into(),
            start: 0,
            end: text.len(),
        }
    }

    use crate::events::MentionStatus::{Expected, Happened};

    #[test]
    fn same_event_from_two_outlets_is_one_event() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2025-12-02T08:00:00Z"),
            vec![mention(
                "A Russian missile strike on Dnipro killed four people.",
                "2025-12-01",
                Happened,
            )],
        );
        m.add(
            2,
            at("2025-12-02T09:00:00Z"),
            vec![mention(
                "Four people died when a Russian missile hit Dnipro.",
                "2025-12-01",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1);
        assert_eq!(m.events[0].sources.len(), 2);
        assert_eq!(m.events[0].derived.status, Status::Happened);
    }

    #[test]
    fn two_events_on_one_day_stay_two() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2025-12-02T08:00:00Z"),
            vec![
                mention(
                    "A Russian missile strike on Dnipro killed four people.",
                    "2025-12-01",
                    Happened,
                ),
                mention(
                    "Zelensky met the French president in Paris.",
                    "2025-12-01",
                    Happened,
                ),
            ],
        );
        assert_eq!(m.events.len(), 2);
    }

    #[test]
    fn announced_then_held_keeps_its_history() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2025-12-01T08:00:00Z"),
            vec![mention(
                "The mayor will hold a news conference.",
                "2025-12-03",
                Expected,
            )],
        );
        m.add(
            2,
            at("2025-12-03T18:00:00Z"),
            vec![mention(
                "At a news conference, the mayor said the bridge would reopen.",
                "2025-12-03",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1);
        let d = &m.events[0].derived;
        assert_eq!(d.status, Status::ExpectedThenHappened);
        let steps: Vec<(i64, Change)> = d
            .history
            .iter()
            .map(|h| (h.snapshot_id, h.change))
            .collect();
        assert_eq!(steps, [(1, Change::Announced), (2, Change::Confirmed)]);
        assert_eq!(d.first_seen_snapshot, 1);
    }

    #[test]
    fn finer_date_refines_and_figures_contradict() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2025-12-20T08:00:00Z"),
            vec![mention(
                "A missile strike on Dnipro killed four people.",
                "2025-12",
                Happened,
            )],
        );
        m.add(
            2,
            at("2025-12-21T08:00:00Z"),
            vec![mention(
                "The missile strike on Dnipro killed six people.",
                "2025-12-01",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1);
        let d = &m.events[0].derived;
        assert_eq!(d.date.value(), "2025-12-01");
        assert!(d.text.contains("six"));
        let steps: Vec<Change> = d.history.iter().map(|h| h.change).collect();
        assert_eq!(
            steps,
            [Change::Reported, Change::Redated, Change::Contradicted]
        );
        assert_eq!(d.history[1].detail.as_deref(), Some("2025-12"));
        assert_eq!(
            d.history[2].detail.as_deref(),
            Some("A missile strike on Dnipro killed four people.")
        );
    }

    #[test]
    fn order_of_adding_does_not_change_the_result() {
        let a = mention(
            "The mayor will hold a news conference on the bridge.",
            "2025-12-03",
            Expected,
        );
        let b = mention(
            "At a news conference, the mayor said the bridge would reopen.",
            "2025-12-03",
            Happened,
        );
        let mut one = Merger::new();
        one.add(1, at("2025-12-01T08:00:00Z"), vec![a.clone()]);
        one.add(2, at("2025-12-03T18:00:00Z"), vec![b.clone()]);
        let mut two = Merger::new();
        two.add(2, at("2025-12-03T18:00:00Z"), vec![b]);
        two.add(1, at("2025-12-01T08:00:00Z"), vec![a]);
        assert_eq!(one.events[0].derived, two.events[0].derived);
    }

    fn reported(text: &str, day: &str, status: MentionStatus) -> Mention {
        Mention {
            date_basis: DateBasis::Publication,
            ..mention(text, day, status)
        }
    }

    #[test]
    fn paraphrases_merge_by_meaning() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-10T08:00:00Z"),
            vec![mention(
                "Nurses walked out on Tuesday.",
                "2026-03-10",
                Happened,
            )],
        );
        m.add(
            2,
            at("2026-03-11T08:00:00Z"),
            vec![mention(
                "The walkout, which began on Tuesday, closed two wards.",
                "2026-03-10",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1, "{:?}", m.events);
    }

    #[test]
    fn a_reference_meets_the_actor_named_before() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-10T08:00:00Z"),
            vec![mention(
                "Acme reported the outage on Monday.",
                "2026-03-09",
                Happened,
            )],
        );
        let second = |text: &str| Mention {
            sentence: text.into(),
            ..mention(text, "2026-03-09", Happened)
        };
        m.add(
            2,
            at("2026-03-10T09:00:00Z"),
            vec![
                second("Acme shares fell on Monday."),
                second("On Monday the firm first disclosed the outage to customers."),
            ],
        );
        // The shares clause shares only the actor: it stays apart; the disclosure joins.
        assert_eq!(m.events.len(), 2, "{:?}", m.events);
        assert_eq!(m.events[0].sources.len(), 2);
    }

    #[test]
    fn an_undated_plan_is_confirmed_by_a_later_dated_report() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-02T08:00:00Z"),
            vec![reported(
                "Envoy Lena Marsh is scheduled to meet the Veyran president.",
                "2026-03-02",
                Expected,
            )],
        );
        m.add(
            2,
            at("2026-03-06T08:00:00Z"),
            vec![mention(
                "Marsh met the Veyran president in Tallis on Thursday.",
                "2026-03-05",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1, "{:?}", m.events);
        let d = &m.events[0].derived;
        assert_eq!(d.status, Status::ExpectedThenHappened);
        assert_eq!(d.date.value(), "2026-03-05");
        let steps: Vec<Change> = d.history.iter().map(|h| h.change).collect();
        assert_eq!(
            steps,
            [Change::Announced, Change::Confirmed, Change::Redated]
        );
    }

    #[test]
    fn an_undated_plan_is_confirmed_by_a_later_undated_report() {
        let mut m = Merger::new();
        let plan = "Envoy Lena Marsh is scheduled to meet the Veyran president.";
        m.add(
            1,
            at("2026-03-02T08:00:00Z"),
            vec![reported(plan, "2026-03-02", Expected)],
        );
        m.add(
            2,
            at("2026-03-07T08:00:00Z"),
            vec![reported(
                "Marsh has met the Veyran president.",
                "2026-03-07",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1, "{:?}", m.events);
        let d = &m.events[0].derived;
        assert_eq!(d.status, Status::ExpectedThenHappened);
        assert_eq!(d.date.value(), "2026-03-07");
        // A report before the announcement cannot be its outcome.
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-07T08:00:00Z"),
            vec![reported(plan, "2026-03-07", Expected)],
        );
        m.add(
            2,
            at("2026-03-02T08:00:00Z"),
            vec![mention(
                "Marsh met the Veyran president on Monday.",
                "2026-03-02",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 2, "{:?}", m.events);
    }

    #[test]
    fn a_report_without_a_date_joins_the_dated_happening() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-03T08:00:00Z"),
            vec![mention(
                "Interior minister Tomas Reyd resigned on Monday after the raid.",
                "2026-03-02",
                Happened,
            )],
        );
        m.add(
            2,
            at("2026-03-04T08:00:00Z"),
            vec![
                reported(
                    "The resignation of interior minister Tomas Reyd followed the raid.",
                    "2026-03-04",
                    Happened,
                ),
                reported(
                    "The interior ministry opened a tender for border cameras.",
                    "2026-03-04",
                    Happened,
                ),
            ],
        );
        assert_eq!(m.events.len(), 2, "{:?}", m.events);
        let d = &m.events[0].derived;
        assert_eq!(m.events[0].sources.len(), 2);
        // The text's date stays: a publication day never re-dates a happening.
        assert_eq!(d.date.value(), "2026-03-02");
    }

    #[test]
    fn unrelated_reports_of_one_day_stay_apart() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-04T08:00:00Z"),
            vec![
                reported("Acme hired a new chief executive.", "2026-03-04", Happened),
                reported("Acme closed its plant in Dorna.", "2026-03-04", Happened),
            ],
        );
        m.add(
            2,
            at("2026-03-04T10:00:00Z"),
            vec![reported("Acme raised its prices.", "2026-03-04", Happened)],
        );
        assert_eq!(m.events.len(), 3, "{:?}", m.events);
    }

    #[test]
    fn a_figure_update_joins_its_event() {
        let mut m = Merger::new();
        m.add(
            1,
            at("2026-03-09T08:00:00Z"),
            vec![mention(
                "A flash flood swept through Carrow on Sunday, killing five people.",
                "2026-03-08",
                Happened,
            )],
        );
        m.add(
            2,
            at("2026-03-10T08:00:00Z"),
            vec![mention(
                "The death toll from Sunday's flood rose to nine.",
                "2026-03-08",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1, "{:?}", m.events);
    }

    #[test]
    fn a_passing_mention_does_not_replace_the_account_shown() {
        let mut m = Merger::new();
        let full = "A fire broke out at the old grain warehouse on the Port Ellis quay.";
        m.add(
            1,
            at("2026-03-10T08:00:00Z"),
            vec![mention(full, "2026-03-09", Happened)],
        );
        m.add(
            2,
            at("2026-03-12T08:00:00Z"),
            vec![mention("The grain warehouse fire.", "2026-03-09", Happened)],
        );
        assert_eq!(m.events.len(), 1, "{:?}", m.events);
        assert_eq!(m.events[0].derived.text, full);
        // A later telling that says as much is shown.
        let later = "Fire investigators said the grain warehouse fire at Port Ellis was arson.";
        m.add(
            3,
            at("2026-03-13T08:00:00Z"),
            vec![mention(later, "2026-03-09", Happened)],
        );
        assert_eq!(m.events[0].derived.text, later);
    }

    #[test]
    fn incompatible_dates_never_merge() {
        let mut m = Merger::new();
        let t = "A missile strike on Dnipro killed four people.";
        m.add(
            1,
            at("2025-12-20T08:00:00Z"),
            vec![mention(t, "2025-12-01", Happened)],
        );
        m.add(
            2,
            at("2025-12-20T08:00:00Z"),
            vec![mention(t, "2025-12-02", Happened)],
        );
        assert_eq!(m.events.len(), 2);
    }

    #[test]
    fn an_event_is_dated_from_text_when_any_source_is() {
        let undated = |text: &str| Mention {
            date_basis: DateBasis::Publication,
            ..mention(text, "2025-12-01", Happened)
        };
        let mut m = Merger::new();
        m.add(
            1,
            at("2025-12-01T20:00:00Z"),
            vec![undated("A missile strike on Dnipro killed four people.")],
        );
        assert_eq!(m.events[0].derived.date_basis, DateBasis::Publication);
        m.add(
            2,
            at("2025-12-02T08:00:00Z"),
            vec![mention(
                "A missile strike on Dnipro killed four people on Monday.",
                "2025-12-01",
                Happened,
            )],
        );
        assert_eq!(m.events.len(), 1);
        assert_eq!(m.events[0].derived.date_basis, DateBasis::Text);
        // A later undated telling does not take it back.
        m.add(
            3,
            at("2025-12-03T08:00:00Z"),
            vec![undated("The missile strike on Dnipro killed four people.")],
        );
        assert_eq!(m.events[0].derived.date_basis, DateBasis::Text);
    }
}
