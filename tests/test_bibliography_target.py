"""A citation that lands on a bibliography entry shows whose work it is and marks the entry, in
Chromium: a repeated author's "———" gives way to the names on the target entry only, and the
target entry is outlined (templates/bibliography.md.j2, edition.css)."""
import pytest

from browser_waits import wait_top_in_view

pytestmark = [pytest.mark.build, pytest.mark.browser]

STATE = """key => { const entry = document.getElementById(key), names = entry.querySelector('.bib-repeated__names');
    return {names: names.textContent, namesWidth: names.getBoundingClientRect().width,
            dash: getComputedStyle(entry.querySelector('.bib-repeated__dash')).display,
            outline: getComputedStyle(entry).outlineStyle}; }"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_target_entry_shows_the_names_and_is_marked(page, reader, width):
    dashed = [e["id"] for e in reader.page("bibliography/").select(".bib-entry") if e.select_one(".bib-repeated")]
    target, other = dashed[0], dashed[1]
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(page.base + f"/bibliography/#{target}")
    shown = page.evaluate(STATE, target)
    assert shown["dash"] == "none" and shown["namesWidth"] > 20, f"#{target}: {shown}"
    assert shown["outline"] != "none", f"#{target} is not marked: {shown}"
    wait_top_in_view(page, f"#{target}", 0.5, failing="the link did not bring its entry to the top half of the screen")
    elsewhere = page.evaluate(STATE, other)
    assert elsewhere["dash"] != "none" and elsewhere["namesWidth"] <= 1 and elsewhere["outline"] == "none", \
        f"#{other} (not the target): {elsewhere}"
