// Validates an AsyncAPI document against the official AsyncAPI JSON Schema of its version
// (npm @asyncapi/specs), with ajv: the schema and validator AsyncAPI's own tools use.
// Usage: node validate-asyncapi.js FILE. Exit 0: valid; 1: invalid, with the errors; 2: unusable input.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const specs = require('@asyncapi/specs');

const file = process.argv[2];
if (!file) {
    console.error('usage: node validate-asyncapi.js FILE');
    process.exit(2);
}
let document;
try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
    console.error(`${file}: not readable JSON: ${e.message}`);
    process.exit(2);
}
const schema = specs.schemas[document.asyncapi];
if (!schema) {
    console.error(`${file}: asyncapi "${document.asyncapi}" is not a version @asyncapi/specs knows`);
    process.exit(1);
}
// The bundled schema carries its own copy of the draft-07 meta-schema: do not add ajv's as well.
const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
addFormats(ajv);
const validate = ajv.compile(schema);
if (validate(document)) {
    console.log(`${file}: valid AsyncAPI ${document.asyncapi} (${Object.keys(document.channels || {}).length} channels)`);
    process.exit(0);
}
for (const error of validate.errors.slice(0, 20))
    console.log(`${error.instancePath || '/'}: ${error.message} ${JSON.stringify(error.params)}`);
process.exit(1);
