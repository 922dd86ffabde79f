//! Rates and time left for the two progress displays (rows of the file, links being
//! resolved): plain arithmetic on counts and clock readings in milliseconds.

use crate::protocol::{RowProgress, Stage};

/// The rate of rows within one stage of the work: it starts over when the stage changes,
/// so reading's rate says nothing about writing's.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageRate {
    /// The stage being timed, when it was first seen (ms) and its rows done then.
    start: Option<(Stage, f64, usize)>,
}

/// Seconds a stage must have run before its rate means anything.
const SETTLE_SECONDS: f64 = 0.3;

impl StageRate {
    /// Rows per second so far in `progress`'s stage at `now_ms`; `None` for a stage just
    /// begun (it is timed from here), a finished one, or one too young to tell.
    pub fn update(&mut self, progress: RowProgress, now_ms: f64) -> Option<f64> {
        let (stage, since, from) = match self.start {
            Some(start) if start.0 == progress.stage => start,
            _ => {
                self.start = Some((progress.stage, now_ms, progress.done));
                return None;
            }
        };
        let seconds = (now_ms - since) / 1000.0;
        let rows = progress.done.saturating_sub(from) as f64;
        (stage != Stage::Done && seconds > SETTLE_SECONDS && rows > 0.0).then(|| rows / seconds)
    }
}

/// Rows still to do in `progress`'s stage; 0 while reading, whose total is not known.
pub fn rows_left(progress: RowProgress) -> usize {
    match progress.stage {
        Stage::Reading => 0,
        _ => progress.total.saturating_sub(progress.done),
    }
}

/// Links per second since `started_ms`, with `done` answered at `now_ms` (a clock that has
/// not moved counts as a millisecond, not as forever).
pub fn links_per_second(done: usize, started_ms: f64, now_ms: f64) -> f64 {
    let seconds = ((now_ms - started_ms) / 1000.0).max(0.001);
    done as f64 / seconds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stage: Stage, done: usize, total: usize) -> RowProgress {
        RowProgress { stage, done, total }
    }

    #[test]
    fn a_stage_is_timed_from_when_it_is_first_seen() {
        let mut rate = StageRate::default();
        assert_eq!(rate.update(at(Stage::Converting, 1000, 10_000), 5000.0), None);
        // 4,000 rows in 2 s.
        assert_eq!(rate.update(at(Stage::Converting, 5000, 10_000), 7000.0), Some(2000.0));
    }

    #[test]
    fn a_new_stage_starts_over() {
        let mut rate = StageRate::default();
        rate.update(at(Stage::Reading, 0, 0), 0.0);
        assert_eq!(rate.update(at(Stage::Reading, 100_000, 0), 1000.0), Some(100_000.0));
        assert_eq!(rate.update(at(Stage::Writing, 0, 50), 1000.0), None);
        assert_eq!(rate.update(at(Stage::Writing, 10, 50), 2000.0), Some(10.0));
    }

    #[test]
    fn no_rate_too_early_without_rows_or_when_done() {
        let mut rate = StageRate::default();
        rate.update(at(Stage::Converting, 0, 100), 0.0);
        // Under 0.3 s: too young.
        assert_eq!(rate.update(at(Stage::Converting, 50, 100), 200.0), None);
        // No row since the start.
        let mut idle = StageRate::default();
        idle.update(at(Stage::Converting, 7, 100), 0.0);
        assert_eq!(idle.update(at(Stage::Converting, 7, 100), 5000.0), None);
        // A count that went back (a new file) gives no negative rate.
        assert_eq!(idle.update(at(Stage::Converting, 3, 100), 6000.0), None);
        let mut done = StageRate::default();
        done.update(at(Stage::Done, 100, 100), 0.0);
        assert_eq!(done.update(at(Stage::Done, 100, 100), 9000.0), None);
    }

    #[test]
    fn rows_left_are_unknown_while_reading() {
        assert_eq!(rows_left(at(Stage::Reading, 5000, 0)), 0);
        assert_eq!(rows_left(at(Stage::Converting, 30, 100)), 70);
        assert_eq!(rows_left(at(Stage::Writing, 120, 100)), 0);
    }

    #[test]
    fn links_per_second_never_divides_by_zero() {
        assert_eq!(links_per_second(50, 1000.0, 3000.0), 25.0);
        assert_eq!(links_per_second(3, 1000.0, 1000.0), 3000.0);
        // A clock that went back counts as the shortest time, not a negative rate.
        assert!(links_per_second(3, 2000.0, 1000.0) > 0.0);
        assert_eq!(links_per_second(0, 0.0, 0.0), 0.0);
    }
}
