// Reads each file named on the command line with citation-js (BibTeX, RIS or CSL-JSON, told
// apart by citation-js itself) and prints one JSON object: file -> its CSL-JSON items.
// Run by tests/test_cite_roundtrip.py with NODE_PATH pointing at its npm install.
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");

const out = {};
for (const file of process.argv.slice(2)) {
  out[file] = new Cite(fs.readFileSync(file, "utf8")).data.map(({ _graph, ...item }) => item);
}
process.stdout.write(JSON.stringify(out));
