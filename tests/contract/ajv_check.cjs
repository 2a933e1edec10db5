// Validates documents against a JSON Schema with ajv in strict Draft 2020-12 mode, as an outside
// tool would: `node ajv_check.cjs SCHEMA.json DOCS.ndjson` reads one JSON document per line and
// prints one character per document: 1 accepted, 0 refused.
"use strict";
const fs = require("fs");
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const lines = readline.createInterface({ input: fs.createReadStream(process.argv[3]) });
const out = [];
lines.on("line", (line) => { if (line.trim()) out.push(validate(JSON.parse(line)) ? "1" : "0"); });
lines.on("close", () => process.stdout.write(out.join("")));
