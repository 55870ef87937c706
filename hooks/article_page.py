"""Generates the article page from seeds/ at build time; the text is never retyped.

Each body paragraph becomes <p id="pN" class="para"> with a visible number that is its
permalink. Other hooks add claim markers and glossary links without changing the words."""
from mkdocs.structure.files import File

from edition.config import project_path
from edition.templates import templates
from edition.seed import load_article, markdown_literal

TEMPLATES = templates(keep_trailing_newline=True)


def on_files(files, config):
    article = load_article(project_path(config, "seed"))
    markdown = TEMPLATES.get_template("article.md.j2").render(
        article=article, meta=article.meta,
        paragraphs=[markdown_literal(p) for p in article.paragraphs])
    files.append(File.generated(config, f"{article.meta['slug']}.md", content=markdown))
    return files
