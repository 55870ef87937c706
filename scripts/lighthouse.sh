#!/bin/sh
# Lighthouse scores of a locally served strict build (not part of the test suite).
#   scripts/lighthouse.sh                 # /article/, Lighthouse's default mobile emulation
#   scripts/lighthouse.sh /glossary/ --preset=desktop
#   SITE=/tmp/site scripts/lighthouse.sh  # an existing build
# Needs Node 20 + npx (Lighthouse 12.x; 13.x needs Node >= 22.19) and Debian chromium.
# Targets (DESIGN.md, "Reader quality"): performance >= 95, accessibility 100,
# best practices >= 95, SEO >= 95. Performance is timed and moves with machine load, so it is
# measured here (a benchmark: run it on an idle machine), not asserted by tests/test_lighthouse.py,
# which runs this script for the other three.
set -eu
cd "$(dirname "$0")/.."
PAGE="${1:-/article/}"
[ $# -gt 0 ] && shift
PY=.venv/bin/python
OUT="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; [ -n "${KEEP_REPORT:-}" ] && cp "$OUT/report.json" "$KEEP_REPORT"; rm -rf "$OUT"' EXIT INT TERM

if [ -n "${SITE:-}" ]; then              # SITE=dir: score an existing build instead
  cp -r "$SITE" "$OUT/site"
else
  NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --site-dir "$OUT/site" >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
fi
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY scripts/serve_gzip.py "$PORT" "$OUT/site" &   # gzip, as static hosts serve
SERVER=$!
sleep 1

CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" npx --yes lighthouse@12 "http://127.0.0.1:$PORT$PAGE" \
  --quiet --output=json --output-path="$OUT/report.json" \
  --only-categories=performance,accessibility,best-practices,seo \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" "$@"

$PY - "$OUT/report.json" "$PAGE" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
cats = report["categories"]
print(f"Lighthouse {report['lighthouseVersion']} on {sys.argv[2]} ({report['configSettings']['formFactor']})")
for key in ("performance", "accessibility", "best-practices", "seo"):
    print(f"  {cats[key]['title']:<15} {round(cats[key]['score'] * 100):>3}")
for key in ("performance", "accessibility", "best-practices", "seo"):  # what cost points
    for ref in cats[key]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"  - {key}: {audit['title']} ({audit.get('displayValue', audit['score'])})")
EOF
