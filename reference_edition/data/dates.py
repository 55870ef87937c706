"""Dates as the edition prints and reads them: English month names (never the machine's
locale, which must not change a citation) and an entry's day-precision date."""
import datetime as dt
import re

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def day_date(csl: dict) -> dt.date | None:
    """The date of a CSL-JSON item when it has year, month and day; else None."""
    parts = (csl.get("issued") or {}).get("date-parts") or [[]]
    return dt.date(*parts[0]) if len(parts[0]) == 3 else None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: str) -> dt.date:
    """A date written "YYYY-MM-DD" (refs.bib's urldate, mkdocs.yml's quoted dates); a ValueError
    saying what is wrong otherwise: the form, or a day the calendar does not have."""
    if not _ISO_DATE.fullmatch(value):
        raise ValueError("not a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"not a calendar date ({err})") from None
