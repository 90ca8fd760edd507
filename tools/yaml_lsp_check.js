#!/usr/bin/env node
// Drives yaml-language-server (the server behind VS Code's YAML extension)
// over stdio as an editor does, and checks what it reports for spec files
// against schemas/spec.schema.json (run by CTest when tools/lsp is
// installed: tools/install-deps.sh).
//
// usage: yaml_lsp_check.js SCHEMA [--readme README.md] GOOD_FILE... --bad BAD_FILE...
// Every GOOD_FILE, and every whole spec among the README's ```yaml blocks,
// must get no diagnostic; every document (--- separated) of each BAD_FILE
// must get at least one.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const schema = path.resolve(args.shift());
// Whole specs in a README: ```yaml blocks whose first key is `table:`
// (abridged ones, with a `...` line, are left out).
const texts = new Map();  // file -> its text
if (args[0] === '--readme') {
  const readme = path.resolve(args[1]);
  args.splice(0, 2);
  const blocks = fs.readFileSync(readme, 'utf8').split('```yaml\n').slice(1).map((b) => b.split('```')[0]);
  blocks.forEach((b, i) => {
    const first = b.split('\n').find((l) => l.trim() && !l.startsWith('#'));
    if (first && first.startsWith('table:') && !/^\s*\.\.\.\s*$/m.test(b)) {
      texts.set(`${readme}.block${i + 1}.yaml`, b);
      args.unshift(`${readme}.block${i + 1}.yaml`);
    }
  });
}
args.unshift(schema);
const split = args.indexOf('--bad');
const good = (split < 0 ? args.slice(1) : args.slice(1, split)).map((f) => path.resolve(f));
const bad = split < 0 ? [] : args.slice(split + 1).map((f) => path.resolve(f));
const uri = (f) => 'file://' + f;

const server = spawn(process.execPath,
                     [path.join(__dirname, 'lsp/node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio']);
const settings = {
  yaml: {
    validate: true, hover: false, completion: false, yamlVersion: '1.2',
    schemaStore: { enable: false },
    schemas: { [uri(schema)]: ['*.yaml'] },
  },
};

let nextId = 1;
function send(message) {
  const body = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, message));
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
function request(method, params) { send({ id: nextId++, method, params }); }
function notify(method, params) { send({ method, params }); }

const diagnostics = new Map();  // uri -> the last published list
let lastPublish = Date.now();
let buffer = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const header = buffer.indexOf('\r\n\r\n');
    if (header < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, header).toString())[1]);
    if (buffer.length < header + 4 + length) return;
    const message = JSON.parse(buffer.slice(header + 4, header + 4 + length).toString());
    buffer = buffer.slice(header + 4 + length);
    handle(message);
  }
});

function handle(m) {
  if (m.method === 'workspace/configuration') {
    send({ id: m.id, result: m.params.items.map((i) => (i.section === 'yaml' ? settings.yaml : null)) });
  } else if (m.method === 'textDocument/publishDiagnostics') {
    diagnostics.set(m.params.uri, m.params.diagnostics);
    lastPublish = Date.now();
  } else if (m.id === 1 && m.result) {  // initialize answered
    notify('initialized', {});
    notify('workspace/didChangeConfiguration', { settings });
    for (const f of good.concat(bad))
      notify('textDocument/didOpen', {
        textDocument: { uri: uri(f), languageId: 'yaml', version: 1, text: texts.get(f) || fs.readFileSync(f, 'utf8') },
      });
    waitForDiagnostics();
  } else if (m.id !== undefined && m.method) {
    send({ id: m.id, result: null });  // any other request of the server's
  }
}

// Done when every file has diagnostics and none came for a while (the
// server may publish once before it has loaded the schema).
function waitForDiagnostics(started = Date.now()) {
  const all = good.concat(bad);
  const ready = all.every((f) => diagnostics.has(uri(f))) && Date.now() - lastPublish > 1500;
  if (ready || Date.now() - started > 60000) return report(ready);
  setTimeout(() => waitForDiagnostics(started), 200);
}

function report(ready) {
  let failed = ready ? 0 : 1;
  if (!ready) console.log('yaml-language-server did not answer for every file within 60 s');
  for (const f of good) {
    for (const d of diagnostics.get(uri(f)) || []) {
      console.log(`${f}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
      failed++;
    }
  }
  for (const f of bad) {
    // The line ranges of the documents, split at '---' lines.
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    const starts = [0];
    lines.forEach((l, i) => { if (l === '---') starts.push(i + 1); });
    const found = new Array(starts.length).fill(0);
    for (const d of diagnostics.get(uri(f)) || []) {
      let doc = 0;
      while (doc + 1 < starts.length && d.range.start.line >= starts[doc + 1]) doc++;
      found[doc]++;
    }
    found.forEach((n, doc) => {
      if (n === 0) {
        console.log(`${f}: document ${doc + 1} (line ${starts[doc] + 1}): expected a diagnostic, got none`);
        failed++;
      }
    });
  }
  const total = good.length + bad.length;
  console.log(`yaml-language-server: ${total} files checked, ${failed} problems`);
  server.kill();
  process.exit(failed ? 1 : 0);
}

request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
