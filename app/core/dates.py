"""Dates as a person reads them: in words and in their language ("1 January 2026", never 2026-01-01).

Every date shown on a page goes through here. Months and quarters used as keys ("2026-01",
"2026 Q1") stay keys in code and in CSV files (so a spreadsheet sorts them) and show in words on
a page: they are strings that render themselves through `__html__`.
"""
from datetime import date, datetime

from babel.dates import format_datetime, format_skeleton
from flask_babel import format_date, get_locale
from markupsafe import Markup, escape

from . import clock


def day(value: date) -> str:
    """"1 January 2026" in the current language."""
    return format_date(value, "d MMMM y")


def moment(value: datetime) -> str:
    """"1 January 2026, 14:05" in Hertfordshire's time, in the current language."""
    local = clock.aware(value).astimezone(clock.SITE_TIMEZONE)
    return format_datetime(local, "d MMMM y, HH:mm", tzinfo=clock.SITE_TIMEZONE, locale=get_locale())


def month(value: date) -> str:
    """"January 2026" in the current language."""
    return format_skeleton("yMMMM", value, locale=get_locale())


def quarter(value: date) -> str:
    """"1st quarter 2026" in the current language (the quarter that holds the day given)."""
    return format_skeleton("yQQQQ", value, locale=get_locale())


class MonthKey(str):
    """A "YYYY-MM" key that a template shows as "January 2026"."""

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self + "-01")

    def in_words(self) -> str:
        return month(self.first_day)

    def __html__(self) -> Markup:
        return escape(self.in_words())


class QuarterKey(str):
    """A "YYYY Qn" key that a template shows as "1st quarter 2026"."""

    @property
    def first_day(self) -> date:
        year, number = self.split(" Q")
        return date(int(year), (int(number) - 1) * 3 + 1, 1)

    def in_words(self) -> str:
        return quarter(self.first_day)

    def __html__(self) -> Markup:
        return escape(self.in_words())


def in_words(value) -> str:
    """Any date-like value as words: a moment, a day, a month key or a quarter key."""
    if isinstance(value, MonthKey | QuarterKey):
        return value.in_words()
    if isinstance(value, datetime):
        return moment(value)
    return day(value)
