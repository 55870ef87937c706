"""Robust Links (https://robustlinks.mementoweb.org/spec/) to every source address refs.bib gives.

A link to an entry's `url` carries data-originalurl (the address), data-versiondate (the date
someone saw the page at that address: the entry's `urldate`) and data-versionurl (a copy of
the page as it was then: the Internet Archive's address for that URL at that date, which
resolves to the snapshot nearest it), so a reader can still reach what the editors read after
the page changes or disappears. A date is never guessed: an address nobody has seen is listed
in the entry's `unconfirmed` field instead, and its links carry no version at all.

The rule, checked when refs.bib is read (check): every entry with a url has a urldate or lists
its url as unconfirmed, never both and never neither; a urldate is a calendar date, YYYY-MM-DD,
not in the future, and only beside a url."""
import datetime as dt
from html import escape

from .dates import iso_date
from .errors import DataError
from .unconfirmed_field import items as unconfirmed_items

ARCHIVE = "https://web.archive.org/web/{stamp}/{url}"   # the Wayback Machine redirects to the nearest snapshot


def seen(ref) -> dt.date | None:
    """The date the entry's address was seen (`urldate`), if it records one."""
    value = ref.fields.get("urldate")
    return dt.date.fromisoformat(value) if value else None   # check() has made sure it is a date


def version_url(ref) -> str | None:
    """A copy of the page at the entry's address as it was when it was seen, if it was seen."""
    date = seen(ref)
    return ARCHIVE.format(stamp=date.strftime("%Y%m%d"), url=ref.url) if date and ref.url else None


def attributes(ref) -> str:
    """The Robust Links attributes of a link to the entry's own address, as HTML ("" if unseen)."""
    version = version_url(ref)
    if not version:
        return ""
    return (f' data-originalurl="{escape(ref.url)}" data-versiondate="{seen(ref).isoformat()}"'
            f' data-versionurl="{escape(version)}"')


def check(path, refs: dict, today: dt.date | None = None):
    """Every address has a seen-date or is listed unconfirmed (see the module's docstring)."""
    today = today or dt.date.today()
    for ref in refs.values():
        value = ref.fields.get("urldate")
        where = dict(line=ref.line)
        unconfirmed = any(i.what == "url" for i in unconfirmed_items(ref))
        if value is not None:
            try:
                date = iso_date(value)
            except ValueError:
                date = None
            if date is None:
                raise DataError(path, f"entry '{ref.key}': field `urldate`: {value!r} is not a date",
                                "write the day the page at `url` was seen as YYYY-MM-DD, e.g. 2026-12-06", **where)
            if date > today:
                raise DataError(path, f"entry '{ref.key}': field `urldate`: {value} is in the future",
                                "give the day someone actually saw the page at `url`", **where)
            if not ref.url:
                raise DataError(path, f"entry '{ref.key}': field `urldate` without a `url`",
                                "delete `urldate`, or give the address that was seen on that date", **where)
            if unconfirmed:
                raise DataError(path, f"entry '{ref.key}': field `urldate` says its url was seen, and "
                                "`unconfirmed` lists the url as not confirmed",
                                "keep one: the date the page at `url` was seen, or the url in `unconfirmed`", **where)
        elif ref.url and not unconfirmed:
            raise DataError(path, f"entry '{ref.key}' has a `url` and no field `urldate` (the date the "
                            "page at that address was seen)", "add `urldate = {YYYY-MM-DD}`, the day someone "
                            "saw the page at `url` (never a guess), or, if nobody has, list it in `unconfirmed`: "
                            "url (why it was not seen)", **where)
