"""Readers' privacy: no page loads anything from another host (fonts, scripts, styles, images)."""
import re

LOADS = {"link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src",
         "audio": "src", "video": "src", "embed": "src", "object": "data"}


def test_no_page_loads_from_another_host(reader):
    offenders = []
    for path in reader.all_html():
        doc = reader.page(str(path.relative_to(reader.root)))
        for tag, attr in LOADS.items():
            for el in doc.find_all(tag):
                if tag == "link" and not set(el.get("rel", [])) & {"stylesheet", "preload", "icon",
                                                                   "modulepreload", "prefetch", "manifest"}:
                    continue  # canonical/alternate links are addresses, not loads
                if re.match(r"^(https?:)?//", el.get(attr, "")):
                    offenders.append(f"{path.name}: <{tag} {attr}={el[attr]}>")
        for style in doc.find_all("style"):
            if re.search(r"@import|url\(\s*['\"]?(https?:)?//", style.get_text()):
                offenders.append(f"{path.name}: external url in <style>")
    assert offenders == []


def test_css_loads_nothing_from_other_hosts(site):
    sheets = sorted(site.rglob("*.css"))
    assert sheets, "the build has no CSS file"
    for css in sheets:
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+url\(\s*['\"]?https?:", css.read_text()), css
