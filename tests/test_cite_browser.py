"""Citing in a real browser: the "Cite ¶" dialog opens from the keyboard, Escape closes it,
and the copy buttons put exactly the text shown on the clipboard."""


def clipboard_page(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return page


def test_cite_paragraph_dialog_keyboard_and_escape(page):
    page.goto(page.base + "/article/")
    button = page.locator("#p7 button.cite-para")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#cite-p7")
    assert dialog.is_visible()
    assert "para. 7" in dialog.locator("#cite-p7-apa-in-text").inner_text()
    focused = "document.activeElement.closest('[popover]')?.id || document.activeElement.className"
    assert page.evaluate(focused) == "cite-p7"          # focus moved into the dialog
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert "cite-para" in page.evaluate("document.activeElement.className")  # and came back
    assert page.locator("#cite-p8").is_hidden()


def test_copy_button_copies_the_chicago_text_shown(page):
    clipboard_page(page).goto(page.base + "/article/")
    page.locator("#p7 button.cite-para").click()
    page.locator('#cite-p7 button[data-clipboard-target="#cite-p7-chicago"]').click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-p7-chicago").inner_text()
    assert copied.endswith("/article/#p7.")


def test_copy_button_copies_the_bibtex_shown(page):
    clipboard_page(page).goto(page.base + "/bibliography/")
    page.locator("#cite-this-page details.cite-formats summary").first.click()
    block = page.locator("#cite-bibtex").locator("xpath=..")
    block.hover()
    page.locator(".cite-format--bibtex button.md-code__button[data-md-type=copy]").first.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('@misc'))")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#cite-bibtex").inner_text().rstrip()


def test_bibliography_entry_bibtex_copies_and_parses(page):
    """Each bibliography entry's BibTeX (plain preformatted text, no highlighting markup) has
    Material's copy button; what it copies is the record shown, and pybtex reads it back."""
    from pybtex.database import parse_string
    clipboard_page(page).goto(page.base + "/bibliography/#un-mt-1267-2023-32nd")
    entry = page.locator("#un-mt-1267-2023-32nd")
    entry.locator("details.bib-bibtex summary").click()
    entry.locator("details.bib-bibtex pre").hover()
    entry.locator("button.md-code__button[data-md-type=copy]").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('@techreport'))")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == entry.locator("details.bib-bibtex code").inner_text().rstrip()
    assert list(parse_string(copied, "bibtex").entries) == ["un-mt-1267-2023-32nd"]
    assert entry.locator("details.bib-bibtex code span").count() == 0
