"""<caption> read as a block inside Markdown-in-HTML tables (`<table markdown>`, md_in_html).

Python-Markdown's list of block-level elements has table, thead, tbody, tr, th and td but not
caption, so a caption in a `<table markdown>` was read as a line of text and wrapped in <p>. A
<p> start tag inside <table> is invalid HTML and the W3C checker cannot parse the rest of the
page after it (issue 19). As a block, the caption is kept as written."""
from markdown.extensions import Extension


class TableCaptionExtension(Extension):
    def extendMarkdown(self, md):
        if "caption" not in md.block_level_elements:
            md.block_level_elements.append("caption")
