"""`mkdocs serve` (make serve) with bad data or a busy port.

MkDocs' dev server (mkdocs/livereload/__init__.py) marks a rebuild as wanted, runs it, and lets
a request through only once a rebuild has finished: a failed rebuild never finishes, so while a
data error stands every request waits for ever and no browser is told. Here a failed rebuild
counts as done: every request is answered at once with a page listing what the build reported
(file:line, field, what to do), and that page's live-reload script reloads it after the next
rebuild, which shows the site again once the data is fixed.

An impossible unquoted date saved into mkdocs.yml fails MkDocs' re-reading of the file with a
bare ValueError from PyYAML: the page names mkdocs.yml's line and key instead (data/mkdocs_yml.py).

A busy port is found before the first build (on_config), in one line naming `make serve PORT=`.
If the data is wrong when serve starts, MkDocs stops with the message (no server yet to show it).

Reaches into the dev server's private `_inject_js_into_html` and its epochs (MkDocs 1.6;
tests/test_serve_errors.py runs the real server)."""
import html
import logging
import socket
import threading
import traceback
from dataclasses import dataclass, field

from mkdocs.exceptions import MkDocsException, PluginError

from ..data import mkdocs_yml
from ..data.errors import DataError
from . import content_security_policy

log = logging.getLogger("mkdocs.plugins.reference_edition")


@dataclass
class State:
    server: object = None             # the dev server, once serving
    errors: list = field(default_factory=list)   # what the last build reported, if it failed


def check_port(plugin, config):
    """Before the first build of `mkdocs serve`: is its address free? (Later builds run while
    the server itself holds it.)"""
    if plugin.serving.server is not None:
        return
    host, port = config.dev_addr
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the server binds
        try:
            probe.bind((host, port))
        except OSError as err:
            raise PluginError(f"{host}:{port} is not free ({err.strerror}): stop what uses it, "
                              f"or serve on another port: make serve PORT={port + 1}") from None


class _Reported(logging.Handler):
    """The warnings and errors one build logs (its own thread only: requests log too)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.thread, self.messages = threading.get_ident(), []

    def emit(self, record):
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


def on_serve(plugin, server):
    state = plugin.serving
    state.server = server
    build, app, inject = server.builder, server.get_app(), server._inject_js_into_html

    def guarded_build(config=None):
        reported = _Reported()
        logging.getLogger("mkdocs").addHandler(reported)
        try:
            build(config)
        except Exception as err:   # any failure: the server must not wait for a build that never ends
            named = None if isinstance(err, MkDocsException) else _config_problem(plugin)
            if named:
                log.error(named)
            elif not isinstance(err, MkDocsException):
                traceback.print_exc()
            state.errors = [named] if named else reported.messages or [f"{type(err).__name__}: {err}"]
        else:
            state.errors = []
        finally:
            logging.getLogger("mkdocs").removeHandler(reported)
        if state.errors:
            log.error("Every page shows these errors until a rebuild succeeds (save the fixed file).")

    def answer(environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/livereload/"):
            return app(environ, start_response)
        with server._epoch_cond:   # a rebuild under way: its outcome is the answer, as MkDocs does
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch = server._visible_epoch
        if not state.errors:
            return app(environ, start_response)
        body = inject(error_page(state.errors), epoch)
        start_response("500 Internal Server Error",
                       [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]

    server.builder = guarded_build
    server.set_app(answer)
    # The server logs each error answer as a warning, which strict mode would count against a
    # rebuild running at that moment: the error is in the terminal once already.
    logging.getLogger("mkdocs.livereload").addFilter(lambda record: " code 500" not in record.getMessage())
    # Its live-reload script is inline: each page's policy is widened to allow it.
    server._inject_js_into_html = lambda content, epoch: content_security_policy.with_script_hashes(
        inject(content, epoch))
    return server


def _config_problem(plugin):
    """mkdocs.yml's problem with its line, when MkDocs re-read the edited file and PyYAML raised
    outside MkDocs' checks (an impossible unquoted date: a bare ValueError otherwise); or None."""
    config = plugin.mkdocs_config
    try:
        if config is not None:
            mkdocs_yml.check_dates(config.config_file_path)
    except DataError as err:
        return str(err)
    return None


def error_page(errors) -> bytes:
    items = "\n".join(f"<li><pre>{html.escape(message)}</pre></li>" for message in errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem">
<h1>The site did not build</h1>
<ul style="color: #a00; padding-left: 1.2rem">
{items}
</ul>
<p>Fix what is named above and save the file: this page reloads by itself when the site builds again.</p>
</body></html>
""".encode("utf-8")
