"""What MkDocs keeps of a page once it no longer needs it, released (memory, issue 20).

MkDocs holds every page's Markdown and converted HTML to the end of the build, and a generated
page's Markdown once more in its File: at 5,000 entries the bibliography's pages alone are
~12 MB of Markdown and ~12 MB of HTML, all alive when the last page is written. Here
  - a generated page, once converted: its Markdown, in the page and in the File (the
    glossary's pages, ~1 MB, stay in pages/glossary_pages.py's cache for serve rebuilds);
  - any page, once written: its HTML (MkDocs reads it only to render the page; the checks read
    it just before, features/written_pages.py), and what this plugin gave its template in page.meta (the
    citation box with its head metadata, features/cite_this_page.py; the ClaimReview JSON-LD,
    features/claim_reviews.py): templates read them for the page being rendered only.
Nothing reads either afterwards in the same build; a serve rebuild makes new Files and Pages."""


def on_page_content(plugin, page):
    if page.file.src_uri in plugin.edition.generated_pages:
        # "", not None: Page.title is None while markdown is None (the neighbours' links
        # name this page after it is converted); once rendered, the title is not read from it.
        page.markdown = ""
        page.file.content_string = ""


# page.meta keys this plugin sets for the page's own template (overrides/main.html and partials)
FOR_ITS_TEMPLATE = ("cite", "claim_reviews")


def on_post_page(page):
    page.content = None
    for key in FOR_ITS_TEMPLATE:
        page.meta.pop(key, None)
