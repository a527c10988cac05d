"""The state of a blog: posts by lifecycle stage, words against budgets, the portfolio goal."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass

from byline.config import GoalsConfig
from byline.content.document import Document
from byline.templates import load_template

__all__ = ["GoalProgress", "PostStatus", "add_months", "goal_progress", "post_status"]


@dataclass(frozen=True, slots=True)
class PostStatus:
    """One post's line in ``byline status``."""

    path: str
    slug: str
    title: str
    status: str
    type: str | None
    date: str | None
    words: int
    budget_min: int | None
    budget_max: int | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """Progress towards ``[goals]``: N posts published within M months."""

    target: int
    months: int
    start: str
    end: str
    published: int
    days_left: int
    expected_by_now: float
    """Posts a steady pace would have published by today."""

    @property
    def on_track(self) -> bool:
        return self.published >= int(self.expected_by_now)

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "on_track": self.on_track}


def post_status(doc: Document) -> PostStatus:
    fm = doc.front_matter
    template = load_template(fm.type) if fm.type else None
    return PostStatus(
        path=str(doc.path),
        slug=doc.slug,
        title=doc.title,
        status=fm.status,
        type=fm.type,
        date=fm.date.isoformat() if fm.date else None,
        words=doc.words,
        budget_min=template.min_words if template else None,
        budget_max=template.max_words if template else None,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on, clamped to the month's length (and
    to the calendar's last day, for a goal period that would end after the year 9999)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def goal_progress(goals: GoalsConfig, docs: list[Document], today: dt.date) -> GoalProgress:
    """How many posts were published in the goal period, and how much of it is left.

    The period starts at ``[goals] start``, else at the first published post's date,
    else today.
    """
    published = sorted(
        d.front_matter.date
        for d in docs
        if d.front_matter.status == "published" and d.front_matter.date
    )
    start = goals.start or (published[0] if published else today)
    end = add_months(start, goals.months)
    count = sum(1 for day in published if start <= day < end and day <= today)
    total_days = max(1, (end - start).days)
    elapsed = min(max(0, (today - start).days), total_days)
    return GoalProgress(
        target=goals.posts,
        months=goals.months,
        start=start.isoformat(),
        end=max(start, end - dt.timedelta(days=1)).isoformat(),
        published=count,
        days_left=max(0, (end - today).days),
        expected_by_now=round(goals.posts * elapsed / total_days, 1),
    )
