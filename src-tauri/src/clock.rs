//! The app's clock: the wall clock, a training clock that starts at a chosen instant and
//! runs `speed`× faster, or (in tests) a clock moved by hand.

use std::sync::{Arc, Mutex};

use chrono::{Duration, Utc};
use onshi::time::Instant;

/// Where "now" comes from. The wall and training clocks read the wall clock at every
/// call, so a suspend or a clock change shows up at the next reading instead of being
/// counted by ticks.
#[derive(Debug, Clone)]
pub struct Clock {
    source: Source,
}

#[derive(Debug, Clone)]
enum Source {
    Wall,
    Training(Training),
    Manual(Arc<Mutex<Instant>>),
}

/// A simulated clock for drills: `start` at the moment the app started, then `speed`×.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    pub start: Instant,
    pub speed: f64,
    wall_start: Instant,
}

/// Moves a [`Clock::manual`] clock: forward, backward, anywhere — as suspend/resume and
/// clock changes do to the wall clock.
#[derive(Debug, Clone)]
pub struct Hand(Arc<Mutex<Instant>>);

impl Hand {
    pub fn set(&self, t: Instant) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }
}

impl Clock {
    pub fn wall() -> Clock {
        Clock {
            source: Source::Wall,
        }
    }

    /// A training clock from `start` (default: now) at `speed`× (default 1).
    pub fn training(start: Option<Instant>, speed: Option<f64>) -> Clock {
        let wall_start = Utc::now();
        Clock {
            source: Source::Training(Training {
                start: start.unwrap_or(wall_start),
                speed: speed.unwrap_or(1.0),
                wall_start,
            }),
        }
    }

    /// A clock that stands at `start` until its [`Hand`] moves it.
    pub fn manual(start: Instant) -> (Clock, Hand) {
        let cell = Arc::new(Mutex::new(start));
        (
            Clock {
                source: Source::Manual(cell.clone()),
            },
            Hand(cell),
        )
    }

    pub fn now(&self) -> Instant {
        match &self.source {
            Source::Wall => Utc::now(),
            Source::Training(t) => {
                let wall = (Utc::now() - t.wall_start)
                    .num_microseconds()
                    .unwrap_or(i64::MAX);
                t.start + Duration::microseconds((wall as f64 * t.speed) as i64)
            }
            Source::Manual(cell) => *cell.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// How much faster than the wall this clock runs (1 for the wall clock).
    pub fn speed(&self) -> f64 {
        self.training_info().map_or(1.0, |t| t.speed)
    }

    pub fn training_info(&self) -> Option<Training> {
        match &self.source {
            Source::Training(t) => Some(*t),
            _ => None,
        }
    }
}
