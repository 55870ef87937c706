#!/usr/bin/env python3
"""Serve a built site on 127.0.0.1 with gzip, as static hosts (GitHub Pages, nginx) do, so
Lighthouse measures what readers download.   serve_gzip.py PORT SITE_DIR"""
import functools
import gzip
import http.server
import os
import sys

TEXT = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
        "image/svg+xml", "text/xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        url = self.path.split("?")[0].split("#")[0]
        path = self.translate_path(url)
        if os.path.isdir(path):
            if not url.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url + "/")
                self.end_headers()
                return
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            data = f.read()
        ctype = self.guess_type(path)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if ctype.split(";")[0] in TEXT and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    handler = functools.partial(GzipHandler, directory=sys.argv[2])
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
