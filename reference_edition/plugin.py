"""The reference edition as one MkDocs plugin (entry point `reference-edition`, see pyproject.toml).

The plugin holds the build's state and says in which order things happen. Each concern is a
small module that takes the plugin as its first argument: page generators in pages/ (article,
claims, glossary, bibliography, method, editions) and features that cross every page in features/
(citing, ClaimReview, site files, the CSP, escaping, the offline shim, atomic builds, serve
errors, unconfirmed flags, search spellings). They are not MkDocs hooks: mkdocs.yml lists none.

  on_startup    --dirty: unchanged generated pages are skipped, strict does not abort (features/dirty_builds.py)
  on_serve      a failed rebuild shows its errors on every page (features/serve_errors.py)
  on_config     load the edition model from data (data/model.py), every check first, and check
                the fixed editions' anchors against it (pages/editions_page.py);
                add the edition's Markdown extensions (markdown/): citations, glossary links, the
                paragraph table of contents, pictures, table captions, earlier editions' anchors,
                unconfirmed values flagged
  on_files      generate the pages from the model: articles, claims, glossary, bibliography,
                method, editions; then the citation downloads of every page
  on_page_*     tell the extensions which page they convert; per-page citation metadata;
                characters the door wrote for Markdown's sake restored (data/safe_html.py);
                a page's reference list held out of page.content while the search plugin reads
                it (features/search_held_references.py)
  on_env        every page is converted: fill the bibliography's "Cited in" lists
  on_post_page, on_post_template  each page's final HTML checked for unflagged unconfirmed values
                and given its Content-Security-Policy before MkDocs writes it (features/written_pages.py);
                then what MkDocs keeps of the page is released (features/released_pages.py)
  on_post_build first: note the pages as written; last: the same for HTML files written otherwise
                or changed since; the other written files checked for unflagged values; the
                site-wide policy in _headers; swap the site into place

Bad data raises reference_edition.data.errors.DataError (the data layer imports no MkDocs); it becomes
MkDocs' PluginError here, so the build stops with the message and no traceback."""
import functools
import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .data.errors import DataError
from .data.index import PageCitations
from .data.model import load_edition
from .data.safe_html import restore_punctuation
from .data.unconfirmed import FlaggedBlocks
from .features import (atomic_site_dir, cite_this_page, claim_reviews, dirty_builds, escape_head_text,
                       offline_shim,
                       released_pages, search_held_references, search_spellings, serve_errors, site_files,
                       written_pages)
from .markdown.anchor_aliases import AnchorAliasesExtension
from .pages import article_page, bibliography_page, claims_page, editions_page, glossary_pages, method_page
from .markdown.citations import CitationsExtension
from .markdown.glossary_links import GlossaryLinksExtension
from .markdown.paragraph_toc import ParagraphTocExtension
from .markdown.pictures import PicturesExtension
from .markdown.table_caption import TableCaptionExtension
from .markdown.unconfirmed_flags import UnconfirmedFlagsExtension
from .options import EditionConfig


def reported(event):
    """A DataError from anywhere below becomes the PluginError MkDocs prints as it is."""
    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except DataError as err:
            raise PluginError(str(err)) from err
    return run


class EditionPlugin(BasePlugin[EditionConfig]):
    def __init__(self):
        self.edition = None              # data.model.Edition of this build
        self.written = PageCitations()   # citations of hand-written pages, kept across serve rebuilds
        self.page = None                 # source path of the page being converted
        self.mkdocs_config = None
        self.atomic = atomic_site_dir.State()
        self.serving = serve_errors.State()
        self.downloads = {}              # cite_this_page: dest path -> File
        self.search_indexed = 0          # search_spellings: sections of the search index already given spellings
        self.settings = None             # data.pagemeta.Settings: what a citation names (cite_this_page.on_config)
        self.editions = ()               # data.editions.Loaded, oldest first (pages/editions_page.py)
        self.aliases = ()                # data.editions.Alias: editions/aliases.yml
        self.anchor_aliases = {}         # page -> {paragraph: [anchors of earlier editions]} (editions_page)
        self.built = {}                  # dirty_builds: generated file -> digest of its content in the last build
        self.flagged_html = FlaggedBlocks()   # raw HTML the page generators flagged (markdown/unconfirmed_flags.py)
        self.pages = written_pages.State()   # pages checked and given their policy in this build
        self.held_references = {}        # search_held_references: page -> its reference list, while search reads it
        self.files = None                # this build's (on_files)
        self.page_url = None             # the built address of the page being converted

    # ------------------------------------------------------------------ what the extensions read
    @property
    def refs(self):
        return self.edition.refs

    @property
    def glossary(self):
        return self.edition.glossary

    def is_article(self, page) -> bool:
        return self.edition.article(page) is not None

    @staticmethod
    def error(err: DataError) -> PluginError:
        return PluginError(str(err))

    def entry_href(self, key) -> str:
        """The built address of entry `key` from the page being converted: the citations
        extension writes its links to entries final (markdown/citations.py, FinalLinks)."""
        try:
            return bibliography_page.entry_url(self.edition, self.files, key, self.page_url, self.page)
        except DataError as err:   # raised inside Markdown's conversion, where no event reports it
            raise self.error(err) from err

    def cited(self, page, citations):
        """The citations extension's report for one page (see pages/bibliography_page.py)."""
        bibliography_page.record(self, page, citations)

    def load_model(self, config):
        """The edition model of this configuration (scripts/release_edition.py and print_pdf.py read it too)."""
        return load_edition(self.config.bibliography, [(a.seed, a.claims) for a in self.config.articles],
                            self.config.glossary, self.config.bibliography_corrections,
                            root=os.path.dirname(config.config_file_path))

    # ------------------------------------------------------------------ events
    def on_startup(self, *, command, dirty):
        # Defining on_startup also makes MkDocs keep this plugin object across serve rebuilds.
        atomic_site_dir.on_startup(self, dirty)
        dirty_builds.on_startup(self, dirty)

    def on_shutdown(self):
        atomic_site_dir.on_shutdown(self)
        dirty_builds.on_shutdown(self)
        self.serving = serve_errors.State()

    def on_serve(self, server, config, builder):
        return serve_errors.on_serve(self, server)

    @event_priority(1000)   # first: site_dir (atomic build) and the offline shim before other plugins read them
    @reported
    def on_config(self, config):
        self.mkdocs_config = config
        self.pages = written_pages.State()
        self.held_references = {}   # none left by a build that stopped between hold and restore
        if atomic_site_dir.serving(config["site_dir"]):
            serve_errors.check_port(self, config)
        atomic_site_dir.on_config(self, config)
        offline_shim.on_config(config)
        escape_head_text.on_config(config)
        self.edition = self.load_model(config)
        editions_page.on_config(self, config)   # the editions' anchors checked against this model
        cite_this_page.on_config(self, config)
        glossary_pages.on_config(self, config)
        search_spellings.on_config(self, config)
        bibliography_page.on_config(self, config)   # a split bibliography's pages join the nav
        config.markdown_extensions += [CitationsExtension(self), GlossaryLinksExtension(self), ParagraphTocExtension(),
                                       PicturesExtension(self), TableCaptionExtension(), AnchorAliasesExtension(self),
                                       UnconfirmedFlagsExtension(self)]
        return config

    @reported
    def on_files(self, files, config):
        self.files = files
        for concern in (article_page, claims_page, glossary_pages, bibliography_page, method_page, editions_page):
            concern.on_files(self, files, config)
        self.written.keep_only(f.src_uri for f in files.documentation_pages())
        site_files.on_files(self, files, config)
        claim_reviews.on_files(self, files, config)
        cite_this_page.on_files(self, files, config)   # a download for every page
        dirty_builds.on_files(self, files, config)     # last: every generated file is known
        return files

    @reported
    def on_page_markdown(self, markdown, page, config, files):
        self.page = page.file.src_uri   # the extensions convert this page next
        self.page_url = page.file.url
        return markdown

    @event_priority(-100)   # after other plugins' changes to the page's HTML
    @reported
    def on_page_content(self, html, page, config, files):
        cite_this_page.on_page_content(self, page, config, files)
        claim_reviews.on_page_content(self, page, files)
        released_pages.on_page_content(self, page)   # a generated page's Markdown, once converted
        return restore_punctuation(html)   # converted: characters written for Markdown's sake are text again

    @reported
    def on_env(self, env, config, files):
        bibliography_page.on_env(self, files, config)
        dirty_builds.on_env(self, files, config)     # every page is converted: the skipped pages' downloads
        escape_head_text.on_env(files)   # after "Cited in" has read titles as text
        site_files.on_env(self, files, config)
        return env

    @event_priority(100)    # before the search plugin reads the page (its priority is 0)
    def _hold_references(self, context, page, config, nav):
        search_held_references.hold(self, page)
        return context

    @event_priority(-50)    # after the search plugin; before anyone else after it reads the page
    def _restore_references(self, context, page, config, nav):
        search_held_references.restore(self, page)
        return context

    @event_priority(-100)   # last: escaping titles for the theme comes after anyone reads them as text
    @reported
    def _page_context(self, context, page, config, nav):
        cite_this_page.on_page_context(self, page)
        search_spellings.on_page_context(self, config)
        escape_head_text.on_page_context(page)
        return context

    on_page_context = CombinedEvent(_hold_references, _restore_references, _page_context)

    @event_priority(-1000)  # last: the page's final HTML, after other plugins' changes; MkDocs writes what this returns
    @reported
    def on_post_page(self, output, page, config):
        output = written_pages.on_page(self, output, page.file.dest_uri, config) if output.strip() else output
        released_pages.on_post_page(page)   # no one reads the page's HTML again
        return output

    @event_priority(-1000)  # as on_post_page: 404.html (other theme templates are not HTML)
    @reported
    def on_post_template(self, output_content, template_name, config):
        if not template_name.endswith(".html") or not output_content.strip():   # MkDocs writes no empty page
            return output_content
        return written_pages.on_page(self, output_content, template_name, config)

    @event_priority(1000)   # first: the pages as written, before another plugin's post-build can change one
    def _note_written(self, config):
        written_pages.note_written(self, config)

    @event_priority(-1000)  # last: after the search index, the offline plugin and any other post-build change
    @reported
    def _check_and_swap(self, config):
        written_pages.on_post_build(self, config)
        atomic_site_dir.on_post_build(self, config)

    on_post_build = CombinedEvent(_note_written, _check_and_swap)

    def on_build_error(self, error):
        atomic_site_dir.on_build_error(self, error)
