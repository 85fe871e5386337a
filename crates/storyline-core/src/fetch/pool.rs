//! Runs fetch jobs on a few threads at once, at most `per_host` of them against one host, and
//! hands each result to the caller's thread as soon as it is ready (so the caller can store it
//! while the others are still fetching). A job that panics is reported, not propagated: one
//! bad source never stops the others.

use std::collections::{HashMap, VecDeque};
use std::sync::{mpsc, Condvar, Mutex};

struct Queue<J> {
    pending: VecDeque<(usize, String, J)>,
    active: HashMap<String, usize>,
}

/// Runs `work` on every job. `host` names a job's host; `on_result` gets `(index of the job,
/// its result or None if it panicked)` on the calling thread, in completion order.
pub fn run<J, R>(
    jobs: Vec<J>,
    parallel: usize,
    per_host: usize,
    host: impl Fn(&J) -> String,
    work: impl Fn(J) -> R + Sync,
    mut on_result: impl FnMut(usize, Option<R>),
) where
    J: Send,
    R: Send,
{
    let total = jobs.len();
    if total == 0 {
        return;
    }
    let per_host = per_host.max(1);
    let queue = Mutex::new(Queue {
        pending: jobs
            .into_iter()
            .enumerate()
            .map(|(i, j)| (i, host(&j), j))
            .collect(),
        active: HashMap::new(),
    });
    let wake = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, Option<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..parallel.clamp(1, total) {
            let tx = tx.clone();
            let (queue, wake, work) = (&queue, &wake, &work);
            scope.spawn(move || loop {
                let (index, host, job) = {
                    let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
                    loop {
                        let free = q
                            .pending
                            .iter()
                            .position(|(_, h, _)| q.active.get(h).copied().unwrap_or(0) < per_host);
                        match free {
                            Some(at) => {
                                let taken = q.pending.remove(at).expect("position is in range");
                                *q.active.entry(taken.1.clone()).or_default() += 1;
                                break taken;
                            }
                            None if q.pending.is_empty() => return,
                            None => q = wake.wait(q).unwrap_or_else(|p| p.into_inner()),
                        }
                    }
                };
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(job))).ok();
                {
                    let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
                    if let Some(n) = q.active.get_mut(&host) {
                        *n -= 1;
                    }
                }
                wake.notify_all();
                if tx.send((index, result)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        for (index, result) in rx {
            on_result(index, result);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_job_runs_once_within_the_host_limit() {
        let jobs: Vec<(String, u64)> = (0..12).map(|i| (format!("h{}", i % 3), i)).collect();
        let running: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
        let worst = AtomicUsize::new(0);
        let mut seen = vec![];
        run(
            jobs,
            4,
            1,
            |j| j.0.clone(),
            |(h, i)| {
                let n = {
                    let mut r = running.lock().unwrap();
                    let n = r.entry(h.clone()).or_default();
                    *n += 1;
                    *n
                };
                worst.fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                *running.lock().unwrap().get_mut(&h).unwrap() -= 1;
                if i == 5 {
                    panic!("job 5 fails");
                }
                i * 10
            },
            |i, r| seen.push((i, r)),
        );
        assert_eq!(worst.load(Ordering::SeqCst), 1);
        seen.sort();
        assert_eq!(seen.len(), 12);
        assert_eq!(seen[5], (5, None));
        assert_eq!(seen[7], (7, Some(70)));
    }
}
