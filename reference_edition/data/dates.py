"""Dates as the edition prints and reads them: English month names (never the machine's
locale, which must not change a citation) and an entry's day-precision date."""
import datetime as dt

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def day_date(csl: dict) -> dt.date | None:
    """The date of a CSL-JSON item when it has year, month and day; else None."""
    parts = (csl.get("issued") or {}).get("date-parts") or [[]]
    return dt.date(*parts[0]) if len(parts[0]) == 3 else None
