//! The app's clock: the wall clock, or a training clock that starts at a chosen
//! instant and runs `speed`× faster.

use chrono::{Duration, Utc};
use onshi::time::Instant;

/// Where "now" comes from. Both read the wall clock at every call, so a suspend or a
/// clock change shows up at the next reading instead of being counted by ticks.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    training: Option<Training>,
}

/// A simulated clock for drills: `start` at the moment the app started, then `speed`×.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    pub start: Instant,
    pub speed: f64,
    wall_start: Instant,
}

impl Clock {
    pub fn wall() -> Clock {
        Clock { training: None }
    }

    /// A training clock from `start` (default: now) at `speed`× (default 1).
    pub fn training(start: Option<Instant>, speed: Option<f64>) -> Clock {
        let wall_start = Utc::now();
        Clock {
            training: Some(Training {
                start: start.unwrap_or(wall_start),
                speed: speed.unwrap_or(1.0),
                wall_start,
            }),
        }
    }

    pub fn now(&self) -> Instant {
        match self.training {
            None => Utc::now(),
            Some(t) => {
                let wall = (Utc::now() - t.wall_start)
                    .num_microseconds()
                    .unwrap_or(i64::MAX);
                t.start + Duration::microseconds((wall as f64 * t.speed) as i64)
            }
        }
    }

    /// How much faster than the wall this clock runs (1 for the wall clock).
    pub fn speed(&self) -> f64 {
        self.training.map_or(1.0, |t| t.speed)
    }

    pub fn training_info(&self) -> Option<Training> {
        self.training
    }
}
