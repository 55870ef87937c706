"""features/content_security_policy.py: every written page carries one policy, before any script,
that allows exactly its own inline scripts and nothing from another host; _headers allows every
page's."""
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import build_site
from reference_edition.features import content_security_policy as csp
from sites import make_site

THEME = Path(material.__file__).parent / "templates"


def theme(folder, scripts):
    """A theme folder whose one template writes these inline scripts."""
    (folder / "main.html").write_text("".join(f"<script>{s}</script>" for s in scripts), encoding="utf-8")
    return (str(folder),)

PAGE = (b'<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        b'<script>var a=1</script><script type="application/ld+json">{"a": 1}</script>'
        b'<script src="x.js"></script></head><body><script>b()</script></body></html>')


def test_only_scripts_that_run_are_hashed():
    hashes = csp.script_hashes(PAGE)
    # echo -n 'var a=1' | openssl dgst -sha256 -binary | base64
    assert "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='" in hashes
    assert len(hashes) == 2, "the JSON-LD block or the external script was hashed"


def test_inline_scripts_are_read_as_the_browser_reads_them():
    """The parser target (no tree of the page) gives each running script's text whole: CR LF as
    LF, markup-like text inside a script kept raw, non-ASCII text as UTF-8, modules included."""
    page = ("<!doctype html><html><head><meta charset='utf-8'><script>a()\r\nb()</script>"
            "<script type='module'>import x from './x.js'</script>"
            "<script type='application/json'>{}</script></head>"
            "<body><p>text</p><script>if (a<b && c>d) s = '<p>’</p>'</script><script></script></body></html>")
    assert csp.inline_scripts(page.encode("utf-8")) == [
        "a()\nb()", "import x from './x.js'", "if (a<b && c>d) s = '<p>’</p>'", ""], \
        "the inline scripts read from the page are not the ones a browser runs"
    assert csp.inline_scripts(b"<p>no script</p>") == [], "a page without scripts has no inline scripts"


def test_scripts_are_found_where_a_browser_that_runs_scripts_finds_them():
    """HTML5's tree, as Chromium builds it (tests/test_csp_scripts_browser.py runs these): a
    <noscript> is raw text to such a browser, so a </noscript> inside its comment ends it; an
    SVG script's text has its character references decoded and only its own text nodes; a type
    runs with spaces around it, in any case, as any JavaScript MIME type."""
    page = ("<!doctype html><html><head><meta charset='utf-8'></head><body>"
            "<noscript><!-- </noscript><script>a()</script> --></noscript>"
            "<svg><script>b(1&lt;2)<g>x</g>;c()</script></svg>"
            "<script type=' Text/JavaScript\n'>d()</script><script type='text/ecmascript'>e()</script>"
            "<script type='text/javascript; charset=utf-8'>never()</script><script src=''>never()</script>"
            "</body></html>")
    assert csp.inline_scripts(page.encode("utf-8")) == ["a()", "b(1<2);c()", "d()", "e()"], \
        "the inline scripts read from the page are not the ones a browser runs"


def test_scripts_that_would_run_if_moved_or_without_scripting_are_checked_too(tmp_path):
    """A script in a <template> (script code may clone it into the page) or in a <noscript>
    (markup where scripts are off) runs nowhere as it stands, but one no theme template writes
    still stops the build, as any other would."""
    page = ("<!doctype html><html><head><meta charset='utf-8'></head><body>"
            "<template><script>t()</script><p><template><script>u()</script></template></p></template>"
            "<noscript><p><script>n()</script></p></noscript><script>v()</script></body></html>")
    assert sorted(csp.inline_scripts(page.encode("utf-8"))) == ["n()", "t()", "u()", "v()"], \
        "a script in a <template> or a <noscript> was not read"
    with pytest.raises(PluginError, match=r"t.html: an inline script no theme template writes \('[ntu]\(\)'\)"):
        csp.protect(page, "t.html", theme(tmp_path, ["v()"]))


def test_the_policy_goes_right_after_the_charset_before_any_script(tmp_path):
    dirs = theme(tmp_path, ["var a=1", "b()"])
    page, hashes, _ = csp.protect(PAGE.decode(), "t.html", dirs)
    assert hashes == csp.script_hashes(PAGE), "the page's policy does not allow exactly its inline scripts"
    assert page.index('http-equiv="Content-Security-Policy"') > page.index("<meta charset")
    assert page.index('http-equiv="Content-Security-Policy"') < page.index("<script")
    assert csp.protect(page, "t.html", dirs)[0] == page, "a page given its policy again changed (a second policy?)"


def test_the_size_given_is_that_of_the_bytes_mkdocs_writes(tmp_path):
    """written_pages.py keeps each page's size to know it unchanged on disk: as MkDocs encodes it
    (UTF-8, a lone surrogate as a character reference), with its policy added, or replaced."""
    dirs = theme(tmp_path, ["var a=1", "b()"])
    page = PAGE.decode().replace("<title>t", "<title>’ \ud800")
    for given in (page, csp.protect(page, "t.html", dirs)[0]):   # without a policy, with one
        protected, _, size = csp.protect(given, "t.html", dirs)
        assert size == len(protected.encode("utf-8", "xmlcharrefreplace")), "the size given is not that of the page MkDocs writes"


def test_a_script_no_theme_template_writes_stops_the_build_naming_the_page(tmp_path):
    with pytest.raises(PluginError, match=r"t.html: an inline script no theme template writes \('b\(\)'\)"):
        csp.protect(PAGE.decode(), "t.html", theme(tmp_path, ["var a=1"]))


def test_a_script_before_the_head_stops_the_build():
    with pytest.raises(PluginError, match="t.html: .*first <script>"):
        csp.insert("<script>x()</script><html><head></head></html>", "<meta>", "t.html")


def test_no_unsafe_source_and_nothing_from_another_host():
    value = csp.policy({"'sha256-x'"}, csp.HEADER_ONLY)
    assert "unsafe" not in value and "*" not in value and "http" not in value
    assert "object-src 'none'" in value and "base-uri 'self'" in value


def test_serve_live_reload_script_is_allowed_in_its_page(tmp_path):
    page = csp.protect(PAGE.decode(), "t.html", theme(tmp_path, ["var a=1", "b()"]))[0].encode()
    served = page.replace(b"</body>", b"<script>livereload(1, 2)</script></body>")
    assert csp.script_hashes(served) <= set(
        csp.with_script_hashes(served).split(b'content="')[1].split(b'"')[0].decode().replace(";", "").split())


@pytest.mark.build
def test_every_page_has_one_policy_before_any_script_allowing_its_inline_scripts(site):
    every = set()
    for path in sorted(site.rglob("*.html")):
        page = path.read_bytes()
        metas = page.count(b'http-equiv="Content-Security-Policy"')
        assert metas == 1, f"{path.relative_to(site)}: {metas} policies"
        assert page.index(b"Content-Security-Policy") < page.index(b"<script"), f"{path}: script before policy"
        value = page.split(b'http-equiv="Content-Security-Policy" content="')[1].split(b'"')[0].decode()
        hashes = csp.script_hashes(page)
        assert hashes, f"{path.relative_to(site)}: no inline script (Material writes three on every page)"
        assert value == csp.policy(hashes), \
            f"{path.relative_to(site)}: the policy does not allow exactly the page's inline scripts: {value}"
        every |= hashes
    assert csp.header_value(site) == csp.policy(every, csp.HEADER_ONLY), \
        "_headers does not allow exactly the inline scripts of every page"
    assert len(every) > 3, "every page has the same scripts: the per-page policies were not tested"


def test_only_the_themes_own_inline_scripts_are_approved():
    """A script no theme template writes is never hashed into the policy: the build stops instead."""
    from reference_edition.features.content_security_policy import theme_scripts, unexpected_scripts
    dirs = (str(THEME),)
    assert len(theme_scripts(dirs)) >= 3, "Material's inline scripts were not read from its templates"
    scope = b'<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),' \
            b'__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,' \
            b'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
    assert unexpected_scripts(b"<html><head>" + scope + b"</head></html>", dirs) == []
    planted = b"<html><body><p>x</p><script>alert(document.cookie)</script></body></html>"
    assert unexpected_scripts(planted, dirs) == ["alert(document.cookie)"]
    smuggled = scope.replace(b'"../.."', b'"x"),alert(1),("')
    assert unexpected_scripts(b"<html>" + smuggled + b"</html>", dirs), "a script that only looks like Material's passed"


STATIC = '<!doctype html><html><head><meta charset="utf-8"><title>Static</title></head><body><p>Static.</p>%s</body></html>'
HOME = "# Home\n\nA source.[@known-2020]\n\n"


@pytest.mark.build
def test_html_files_mkdocs_does_not_render_get_their_policy_too(tmp_path):
    """A page is given its policy in memory (on_post_page, on_post_template); an HTML file copied
    from docs/ never passes there, so the file pass after the build gives it its own."""
    out = build_site(make_site(tmp_path, {"index.md": HOME, "static.html": STATIC % ""}), tmp_path / "out")
    assert (out / "static.html").read_text(encoding="utf-8") == csp.insert(STATIC % "", csp.meta(csp.policy(set())), ""), \
        "the copied HTML file did not get exactly a policy allowing no inline script"
    every = set()
    pages = sorted(out.rglob("*.html"))
    assert {"index.html", "404.html"} <= {p.name for p in pages}   # a page, a theme template
    for page in pages:
        text = page.read_bytes()
        assert text.count(b"Content-Security-Policy") == 1, f"{page.relative_to(out)}: not one policy"
        assert csp.policy(csp.script_hashes(text)).encode() in text, f"{page.relative_to(out)}: not its own scripts' policy"
        every |= csp.script_hashes(text)
    assert csp.header_value(out) == csp.policy(every, csp.HEADER_ONLY), "_headers is not every page's union"


@pytest.mark.build
def test_rendered_pages_are_not_read_back(tmp_path, monkeypatch):
    """MkDocs writes each rendered page once, checked and with its policy (features/written_pages.py):
    after the build, only the HTML files it did not render are read (and rewritten)."""
    import pathlib
    out = tmp_path / "out"
    read, read_bytes = [], pathlib.Path.read_bytes
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: read.append(self) or read_bytes(self))
    build_site(make_site(tmp_path, {"index.md": HOME, "static.html": STATIC % ""}), out)
    site_read = [p.name for p in read if p.suffix == ".html" and str(p).startswith(str(out))]   # out.partial-PID
    assert site_read == ["static.html"], f"pages MkDocs rendered were read back after the build: {site_read}"


@pytest.mark.build
@pytest.mark.parametrize("where", ["index.md", "static.html"])
def test_a_planted_inline_script_stops_the_build_naming_the_page(tmp_path, caplog, where):
    """In a rendered page (checked in memory) and in a copied HTML file (checked after the build)."""
    planted = "<script>alert(1)</script>"
    pages = {"index.md": HOME + planted + "\n" if where == "index.md" else HOME,
             "static.html": STATIC % (planted if where == "static.html" else "")}
    with pytest.raises((Abort, PluginError)):
        build_site(make_site(tmp_path, pages), tmp_path / "out")
    page = "index.html" if where == "index.md" else "static.html"
    assert f"{page}: an inline script no theme template writes ('alert(1)')" in caplog.text, caplog.text[-2000:]


LATER_HOOK = '''\
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(-2000)   # after the edition's own post-page event
def on_post_page(output, page, config):
    return output.replace("</body>", "%(post_page)s</body>")

def on_post_build(config):   # between the edition's first and last post-build events
    page = Path(config["site_dir"]) / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "%(post_build)s</body>"), encoding="utf-8")
'''


@pytest.mark.build
@pytest.mark.parametrize("when", ["post_page", "post_build"])
def test_a_page_changed_after_it_was_checked_is_checked_again(tmp_path, caplog, when):
    """A page is checked in memory as MkDocs hands it over; another plugin or hook may change it
    after that (a later post-page event, its own post-build): such a page is read back and
    checked as it was written, so a script it gained still stops the build naming the page."""
    planted = "<script>alert(2)</script>"
    config = make_site(tmp_path, {"index.md": HOME})
    hook = tmp_path / "later_hook.py"
    hook.write_text(LATER_HOOK % {"post_page": planted if when == "post_page" else "",
                                  "post_build": planted if when == "post_build" else ""}, encoding="utf-8")
    import yaml
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**settings, "hooks": [str(hook)]}), encoding="utf-8")
    with pytest.raises((Abort, PluginError)):
        build_site(config, tmp_path / "out")
    assert "index.html: an inline script no theme template writes ('alert(2)')" in caplog.text, \
        f"a script added by a {when} hook after the page was checked got past the build: {caplog.text[-2000:]}"
