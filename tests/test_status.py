"""The portfolio goal's period and pace."""

from __future__ import annotations

import datetime as dt

from byline.config import GoalsConfig
from byline.status import add_months, goal_progress


def test_add_months_clamps_to_the_month_and_to_the_calendar() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(9999, 12, 31), 3) == dt.date.max
    assert add_months(dt.date(2026, 1, 1), 100_000_000) == dt.date.max


def test_a_goal_that_ends_past_the_calendar_is_reported_not_a_crash() -> None:
    today = dt.date(2026, 12, 6)
    far = goal_progress(GoalsConfig(months=100_000_000), [], today)
    assert (far.start, far.end, far.published) == ("2026-12-06", "9999-12-30", 0)
    late = goal_progress(GoalsConfig(start=dt.date(9999, 12, 31)), [], today)
    assert (late.start, late.end, late.published, late.expected_by_now) == (
        "9999-12-31",
        "9999-12-31",
        0,
        0,
    )
