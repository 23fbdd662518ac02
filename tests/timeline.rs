//! A prefecture's timeline read at instants that are not whole seconds.

use onshi::time::parse_instant as t;
use onshi::{Schedule, State};

#[test]
fn a_fraction_of_a_second_sits_on_the_right_side_of_a_change() {
    let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
    let at = |s| tl.span_at(t(s).unwrap()).0;
    assert_eq!(at("2024-12-31T02:59:59.999+09:00"), State::Normal);
    assert_eq!(at("2024-12-31T03:00:00.001+09:00"), State::FullOutage);
    assert_eq!(at("2024-12-31T05:19:59.999+09:00"), State::FullOutage);
    assert_eq!(at("2024-12-31T05:20:00.001+09:00"), State::Normal);
    // Before 1970 the floor goes down, not toward zero.
    assert_eq!(at("1969-12-31T23:59:59.5Z"), State::Normal);
}
