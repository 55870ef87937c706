"""The relations diagram: people and groups joined by typed relations (allegiance, leadership,
membership, hosting, hostility) from the glossary's `relations`, each stated by a cited fact.
People stand in the left column and organizations in the right; an arrow reads
"<subject> <verb> <object>" and links to the fact that states it. The table beside it says the
same, with the sources."""
import xml.etree.ElementTree as etree

from ..data.schema import RELATIONS
from .svg import element, picture, sources_cell

WIDTH, LEFT, RIGHT, BOX_W, BOX_H, GAP = 680, 10, 340, 240, 30, 20


def relations(glossary) -> list:
    return [r for entry in glossary.entries.values() for r in entry.relations]


def figure(glossary, links) -> etree.Element | None:
    found = relations(glossary)
    if not found:
        return None
    entries = glossary.entries
    slugs = list(dict.fromkeys(s for r in found for s in (r.subject, r.object)))
    people = sorted((s for s in slugs if entries[s].kind == "person"), key=lambda s: entries[s].name.casefold())
    groups = _ordered([s for s in slugs if entries[s].kind != "person"], people, found)
    place = {s: (LEFT, 40 + i * (BOX_H + GAP)) for i, s in enumerate(people)}
    place |= {s: (RIGHT, 40 + i * (BOX_H + GAP)) for i, s in enumerate(groups)}
    height = 40 + max(len(people), len(groups)) * (BOX_H + GAP) + 10
    svg = picture("Relations between the people and groups the glossary describes",
                  f"{len(found)} relations among {len(slugs)} glossary entries: people on the left, organizations "
                  "on the right. Each arrow reads from subject to object and links to the glossary fact that states "
                  "it. The table below lists the same relations with their sources.", WIDTH, height, "relations")
    marker = element(element(svg, "defs"), "marker", id="relations-arrow", viewBox="0 0 10 10", refX=10, refY=5,
                     markerWidth=7, markerHeight=7, orient="auto-start-reverse")
    element(marker, "path", d="M 0 0 L 10 5 L 0 10 z", class_="edition-picture__arrowhead")
    for i, r in enumerate(found):
        (x1, y1), (x2, y2) = place[r.subject], place[r.object]
        sentence = f"{entries[r.subject].name} {RELATIONS[r.type]} {entries[r.object].name}"
        link = element(svg, "a", href=f"{links.entry(r.entry)}#fact-{r.fact}", class_=f"edition-picture__edge edge--{r.type}",
                       aria_label=f"{sentence} ({entries[r.entry].name}, fact {r.fact})")
        if x1 == x2:   # two groups: an arc to the right of the column
            sx, sy, ex, ey = x1 + BOX_W, y1 + BOX_H / 2, x2 + BOX_W, y2 + BOX_H / 2
            bulge = sx + 40 + abs(ey - sy) / 4
            element(link, "path", d=f"M {sx} {sy} C {bulge} {sy}, {bulge} {ey}, {ex + 2} {ey}",
                    marker_end="url(#relations-arrow)", fill="none")
            lx, ly, anchor = bulge - 6, (sy + ey) / 2 + 4, "start"
        else:
            sx, sy = (x1 + BOX_W, y1 + BOX_H / 2) if x1 < x2 else (x1, y1 + BOX_H / 2)
            ex, ey = (x2 - 2, y2 + BOX_H / 2) if x1 < x2 else (x2 + BOX_W + 2, y2 + BOX_H / 2)
            element(link, "line", x1=sx, y1=sy, x2=ex, y2=ey, marker_end="url(#relations-arrow)")
            t = (0.3, 0.5, 0.7)[i % 3]   # labels spread along the edges, so neighbours' labels do not overlap
            lx, ly, anchor = sx + (ex - sx) * t, sy + (ey - sy) * t - 4, "middle"
        element(link, "text", r.type, x=lx, y=ly, text_anchor=anchor, class_="edition-picture__edge-label")
    for slug, (x, y) in place.items():
        link = element(svg, "a", href=links.entry(slug), class_=f"edition-picture__node node--{entries[slug].kind}",
                       aria_label=f"{entries[slug].name} (glossary entry)")
        element(link, "rect", x=x, y=y, width=BOX_W, height=BOX_H, rx=4)
        element(link, "text", entries[slug].name, x=x + BOX_W / 2, y=y + BOX_H / 2 + 5, text_anchor="middle")
    return _with_table(svg, found, entries, links)


def _ordered(groups, people, found):
    """Groups in the order of the mean row of the people they relate to (fewer crossings)."""
    row = {s: i for i, s in enumerate(people)}
    def weight(slug):
        rows = [row[o] for r in found for o in (r.subject, r.object) if slug in (r.subject, r.object) and o in row]
        return (sum(rows) / len(rows) if rows else len(people), slug)
    return sorted(groups, key=weight)


def _with_table(svg, found, entries, links):
    fig = etree.Element("figure", {"class": "edition-picture edition-picture--relations", "id": "relations"})
    fig.append(svg)
    details = etree.SubElement(fig, "details", {"class": "edition-picture__data"})
    element(details, "summary", "The same relations as a table")
    table = element(details, "table")
    element(table, "caption", f"Relations: {len(found)} relations and their sources")
    head = element(element(table, "thead"), "tr")
    for name in ("Subject", "Relation", "Object", "Stated in", "Sources"):
        element(head, "th", name, scope="col")
    body = element(table, "tbody")
    for r in found:
        tr = element(body, "tr")
        element(element(tr, "td"), "a", entries[r.subject].name, href=links.entry(r.subject))
        element(tr, "td", f"{r.type} ({RELATIONS[r.type]})")
        element(element(tr, "td"), "a", entries[r.object].name, href=links.entry(r.object))
        element(element(tr, "td"), "a", f"{entries[r.entry].name}, fact {r.fact}", href=f"{links.entry(r.entry)}#fact-{r.fact}")
        sources_cell(tr, entries[r.entry].facts[r.fact - 1].cite, links)
    return fig
