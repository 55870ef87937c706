"""The verdicts as data (data/reviews.py): ClaimReview JSON-LD in each article page's head
(page.meta["claim_reviews"], printed by overrides/main.html) and the Web Annotation collection
beside each article (<article>/annotations.jsonld)."""
import json
import posixpath

from markupsafe import Markup
from mkdocs.structure.files import File

from ..data.reviews import annotations, claim_reviews, script_json
from ..data.unconfirmed import asserted, values

ANNOTATIONS = "annotations.jsonld"


def annotations_path(article_page: str) -> str:
    """article.md -> article/annotations.jsonld: the same address with directory URLs or without
    (the offline copy), beside the page in the first case."""
    return f"{posixpath.splitext(article_page)[0]}/{ANNOTATIONS}"


def _page_url(plugin, files, article):
    return plugin.settings.site_url + files.get_file_from_path(article.page).url


def on_files(plugin, files, config):
    for article in plugin.edition.articles:
        dest = annotations_path(article.page)
        collection = asserted(annotations(article, plugin.settings, _page_url(plugin, files, article),
                                          plugin.settings.site_url + dest, plugin.edition.refs),
                              values(plugin.edition.flags))   # data cannot show an [unconfirmed] flag: left out
        files.append(File.generated(config, dest, content=json.dumps(collection, ensure_ascii=False, indent=1) + "\n"))


def on_page_content(plugin, page, files):
    article = plugin.edition.article(page.file.src_uri)
    if article is not None:
        # Markup: script_json writes no <, > or & (the theme's head autoescapes everything else)
        page.meta["claim_reviews"] = Markup(script_json(asserted(
            claim_reviews(article, plugin.settings, _page_url(plugin, files, article), plugin.edition.refs),
            values(plugin.edition.flags))))
