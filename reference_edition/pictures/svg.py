"""Small helpers for SVG built as ElementTree elements (Python-Markdown serialises them)."""
import xml.etree.ElementTree as etree

from markdown.util import AtomicString


def element(parent, tag, text=None, **attributes):
    """A child element; attribute names use _ for - (font_size -> font-size); text is literal."""
    node = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): _value(v) for k, v in attributes.items()})
    if text is not None:
        node.text = AtomicString(text)
    return node


def _value(v) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def picture(title: str, description: str, width: int, height: int, ident: str):
    """<svg> with its accessible name and description: role=group, so the links inside stay
    reachable and named for keyboard and screen-reader users."""
    svg = etree.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}",
                                "class": "edition-picture__svg", "role": "group",
                                "aria-labelledby": f"{ident}-title", "aria-describedby": f"{ident}-desc"})
    element(svg, "title", title, id=f"{ident}-title")
    element(svg, "desc", description, id=f"{ident}-desc")
    return svg


def sources_cell(row, cites, links):
    """A table cell linking each source of a fact to its bibliography entry (locator after it)."""
    cell = etree.SubElement(row, "td")
    for n, (key, locator) in enumerate(cites):
        href, label = links.source(key)
        link = element(cell, "a", label, href=href)
        link.tail = AtomicString((f", {locator}" if locator else "") + ("; " if n < len(cites) - 1 else ""))
    return cell


def date_label(parts: tuple) -> str:
    """(2020, 2, 29) -> "29 February 2020"; (2014, 9) -> "September 2014"; (1994,) -> "1994"."""
    months = ("January February March April May June July August September October November December").split()
    if len(parts) == 3:
        return f"{parts[2]} {months[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def short_date(parts: tuple) -> str:
    """(2020, 2, 29) -> "29 Feb 2020"; (2014, 9) -> "Sep 2014"; (1994,) -> "1994"."""
    words = date_label(parts).split()
    return " ".join(w[:3] if not w.isdigit() else w for w in words)


def iso(parts: tuple) -> str:
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))
