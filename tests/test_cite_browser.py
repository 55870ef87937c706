"""Citing in a real browser: the "Cite ¶" dialog opens from the keyboard, Escape closes it,
and the copy buttons put exactly the text shown on the clipboard."""
from playwright.sync_api import expect

from browser_waits import wait_until


def clipboard_page(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return page


def wait_for_clipboard(page, text, what):
    """Copying is asynchronous, and the clipboard is the browser's, shared with earlier tests'
    contexts: wait for this text itself, not for any text. Reading the clipboard returns a Promise,
    which a wait predicate cannot (wait_until): each poll starts a read and checks the last one's."""
    wait_until(page, "text => { navigator.clipboard.readText().then(t => { window.clipboardRead = t; });"
                     " return window.clipboardRead === text; }", text,
               failing=f"{what} did not copy the text shown {text[:60]!r}…",
               state="() => (window.clipboardRead ?? '(not read)').slice(0, 80)")


def test_cite_paragraph_dialog_keyboard_and_escape(page):
    page.goto(page.base + "/article/")
    button = page.locator("#p7 button.cite-para")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#cite-p7")
    expect(dialog, "Enter on the Cite ¶ button did not open the dialog").to_be_visible()
    expect(dialog.locator("#cite-p7-apa-in-text")).to_contain_text("para. 7")
    wait_until(page, "() => document.activeElement.closest('[popover]')?.id === 'cite-p7'",
               failing="focus did not move into the dialog", state="() => document.activeElement.outerHTML.slice(0, 80)")
    page.keyboard.press("Escape")
    expect(dialog, "Escape did not close the dialog").to_be_hidden()
    expect(button, "focus did not come back to the Cite ¶ button").to_be_focused()
    expect(page.locator("#cite-p8")).to_be_hidden()


def test_copy_button_copies_the_chicago_text_shown(page):
    clipboard_page(page).goto(page.base + "/article/")
    page.locator("#p7 button.cite-para").click()
    shown = page.locator("#cite-p7-chicago").inner_text()
    assert shown.endswith("/article/#p7."), shown
    page.locator('#cite-p7 button[data-clipboard-target="#cite-p7-chicago"]').click()
    wait_for_clipboard(page, shown, "the Chicago copy button")


def test_copy_button_copies_the_bibtex_shown(page):
    clipboard_page(page).goto(page.base + "/bibliography/")
    page.locator("#cite-this-page details.cite-formats summary").first.click()
    block = page.locator("#cite-bibtex").locator("xpath=..")
    block.hover()
    page.locator(".cite-format--bibtex button.md-code__button[data-md-type=copy]").first.click()
    shown = page.locator("#cite-bibtex").inner_text().rstrip()
    wait_for_clipboard(page, shown, "the page's BibTeX copy button")


def test_bibliography_entry_bibtex_copies_and_parses(page):
    """Each bibliography entry's BibTeX (plain preformatted text, no highlighting markup) has
    Material's copy button; what it copies is the record shown, and pybtex reads it back."""
    from pybtex.database import parse_string
    clipboard_page(page).goto(page.base + "/bibliography/#un-mt-1267-2023-32nd")
    entry = page.locator("#un-mt-1267-2023-32nd")
    entry.locator("details.bib-bibtex summary").click()
    entry.locator("details.bib-bibtex pre").hover()
    entry.locator("button.md-code__button[data-md-type=copy]").click()
    copied = entry.locator("details.bib-bibtex code").inner_text().rstrip()
    assert copied.startswith("@techreport"), copied
    wait_for_clipboard(page, copied, "the entry's BibTeX copy button")
    assert list(parse_string(copied, "bibtex").entries) == ["un-mt-1267-2023-32nd"]
    assert entry.locator("details.bib-bibtex code span").count() == 0
