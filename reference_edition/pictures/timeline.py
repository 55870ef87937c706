"""A timeline of the glossary's dated facts (a fact with `date` and `event`): one row per event,
oldest first, with the gap between rows growing with the years between them, so both the order
and the spacing in time read at a glance. Each row links to the glossary fact (which cites its
sources); the table beside it lists the same events with their sources."""
import xml.etree.ElementTree as etree

from .svg import date_label, element, iso, picture, short_date, sources_cell

WIDTH, AXIS, ROW, PER_YEAR, MAX_GAP = 500, 100, 26, 3, 30


def events(glossary) -> list:
    """(date parts, event label, entry, fact number) for every dated fact, oldest first."""
    found = [(fact.date, fact.event, entry, n) for entry in glossary.entries.values()
             for n, fact in enumerate(entry.facts, 1) if fact.date]
    return sorted(found, key=lambda e: (e[0], e[1]))


def figure(glossary, links) -> etree.Element | None:
    """<figure> with the SVG and its table; `links.entry(slug)` is the link to an entry's page."""
    rows = events(glossary)
    if not rows:
        return None
    ys, y = [], 34
    for i, (date, *_rest) in enumerate(rows):
        if i:
            y += ROW + min(MAX_GAP, PER_YEAR * (date[0] - rows[i - 1][0][0]))
        ys.append(y)
    first, last = rows[0][0][0], rows[-1][0][0]
    svg = picture(f"Timeline, {first}–{last}",
                  f"{len(rows)} dated events from the glossary, oldest first. Each links to the glossary "
                  "fact that states it and cites its sources. The table below lists the same events.",
                  WIDTH, ys[-1] + 24, "timeline")
    element(svg, "line", x1=AXIS, y1=ys[0] - 14, x2=AXIS, y2=ys[-1] + 10, class_="edition-picture__axis")
    for (date, event, entry, n), y in zip(rows, ys):
        link = element(svg, "a", href=f"{links.entry(entry.slug)}#fact-{n}", class_="edition-picture__mark",
                       aria_label=f"{date_label(date)}: {event} ({entry.name}, fact {n})")
        element(link, "circle", cx=AXIS, cy=y, r=5)
        element(link, "text", short_date(date), x=AXIS - 12, y=y + 4, text_anchor="end", class_="edition-picture__date")
        element(link, "text", event, x=AXIS + 14, y=y + 4, class_="edition-picture__label")
    return _with_table(svg, rows, links, "Timeline", "The same events as a table")


def _with_table(svg, rows, links, caption, summary):
    fig = etree.Element("figure", {"class": "edition-picture edition-picture--timeline", "id": "timeline"})
    fig.append(svg)
    details = etree.SubElement(fig, "details", {"class": "edition-picture__data"})
    element(details, "summary", summary)
    table = element(details, "table")
    element(table, "caption", f"{caption}: {len(rows)} dated events and their sources")
    head = element(element(table, "thead"), "tr")
    for name in ("Date", "Event", "Glossary fact", "Sources"):
        element(head, "th", name, scope="col")
    body = element(table, "tbody")
    for date, event, entry, n in rows:
        tr = element(body, "tr")
        element(element(tr, "td"), "time", date_label(date), datetime=iso(date))
        element(tr, "td", event)
        element(element(tr, "td"), "a", f"{entry.name}, fact {n}", href=f"{links.entry(entry.slug)}#fact-{n}")
        sources_cell(tr, entry.facts[n - 1].cite, links)
    return fig
