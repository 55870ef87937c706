"""features/content_security_policy.py: every written page carries one policy, before any script,
that allows exactly the inline scripts the build wrote and nothing from another host."""
import pytest
from mkdocs.exceptions import PluginError

from reference_edition.features import content_security_policy as csp

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


def test_the_policy_goes_right_after_the_charset_before_any_script():
    page = csp.insert(PAGE, csp.meta(csp.policy(csp.script_hashes(PAGE))), "t.html")
    assert page.index(b'http-equiv="Content-Security-Policy"') > page.index(b"<meta charset")
    assert page.index(b'http-equiv="Content-Security-Policy"') < page.index(b"<script")


def test_a_script_before_the_head_stops_the_build():
    with pytest.raises(PluginError, match="t.html: .*first <script>"):
        csp.insert(b"<script>x()</script><html><head></head></html>", b"<meta>", "t.html")


def test_no_unsafe_source_and_nothing_from_another_host():
    value = csp.policy({"'sha256-x'"}, csp.HEADER_ONLY)
    assert "unsafe" not in value and "*" not in value and "http" not in value
    assert "object-src 'none'" in value and "base-uri 'self'" in value


def test_serve_live_reload_script_is_allowed_in_its_page():
    page = csp.insert(PAGE, csp.meta(csp.policy(csp.script_hashes(PAGE))), "t.html")
    served = page.replace(b"</body>", b"<script>livereload(1, 2)</script></body>")
    assert csp.script_hashes(served) <= set(
        csp.with_script_hashes(served).split(b'content="')[1].split(b'"')[0].decode().replace(";", "").split())


@pytest.mark.build
def test_every_page_has_one_policy_before_any_script_allowing_its_inline_scripts(site):
    header = csp.header_value(site)
    for path in sorted(site.rglob("*.html")):
        page = path.read_bytes()
        metas = page.count(b'http-equiv="Content-Security-Policy"')
        assert metas == 1, f"{path.relative_to(site)}: {metas} policies"
        assert page.index(b"Content-Security-Policy") < page.index(b"<script"), f"{path}: script before policy"
        value = page.split(b'http-equiv="Content-Security-Policy" content="')[1].split(b'"')[0].decode()
        assert header == value + "; frame-ancestors 'self'", f"{path}: the meta and _headers differ"
        missing = csp.script_hashes(page) - set(value.replace(";", " ").split())
        assert not missing, f"{path.relative_to(site)}: inline scripts the policy blocks: {missing}"


def test_only_the_themes_own_inline_scripts_are_approved():
    """A script no theme template writes is never hashed into the policy: the build stops instead."""
    import material
    from pathlib import Path
    from reference_edition.features.content_security_policy import theme_scripts, unexpected_scripts
    dirs = (str(Path(material.__file__).parent / "templates"),)
    assert len(theme_scripts(dirs)) >= 3, "Material's inline scripts were not read from its templates"
    scope = b'<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),' \
            b'__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,' \
            b'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
    assert unexpected_scripts(b"<html><head>" + scope + b"</head></html>", dirs) == []
    planted = b"<html><body><p>x</p><script>alert(document.cookie)</script></body></html>"
    assert unexpected_scripts(planted, dirs) == ["alert(document.cookie)"]
    smuggled = scope.replace(b'"../.."', b'"x"),alert(1),("')
    assert unexpected_scripts(b"<html>" + smuggled + b"</html>", dirs), "a script that only looks like Material's passed"
