#!/usr/bin/env node
// Compares amilint's HCL parser with HashiCorp's on every .tf file under a
// directory: HashiCorp's parser is the Go HCL library compiled to WebAssembly in
// the npm package @cdktf/hcl2json (installed by `npm ci` in this directory);
// amilint's side is tests/tools/hcl2json_main.cpp, which renders our AST in the
// same JSON form. The two JSON documents must be deeply equal, and every file
// HashiCorp rejects must be rejected by amilint on the same line.
//
//   node hcl_compare.js [--tool PATH] [--dir DIR] [--min-identical PCT] [--verbose]
//
// --tool defaults to build/amilint_hcl2json, --dir to ../shared/corpus beside the
// repository, --min-identical to 99.5 (percent of the files HashiCorp accepts).
// Exits 1 when the share of identical files is lower, or when a file HashiCorp
// rejects is accepted by amilint or rejected on another line.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
  const opts = {
    tool: path.join(repoRoot, 'build', 'amilint_hcl2json'),
    dir: path.resolve(repoRoot, '..', 'shared', 'corpus'),
    minIdentical: 99.5,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--tool') opts.tool = path.resolve(value());
    else if (a === '--dir') opts.dir = path.resolve(value());
    else if (a === '--min-identical') opts.minIdentical = Number(value());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

function usage(message) {
  console.error(`hcl_compare: ${message}`);
  console.error('usage: node hcl_compare.js [--tool PATH] [--dir DIR] [--min-identical PCT] [--verbose]');
  process.exit(2);
}

// Every .tf file below dir, sorted, without following symbolic links.
function findTfFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.tf')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// Runs our tool on the files in batches (one process per batch); resolves to a
// Map file -> {json} | {error: {kind, line, column, message}}.
function runOurs(tool, files) {
  const batches = [];
  for (let i = 0; i < files.length; i += 400) batches.push(files.slice(i, i + 400));
  const results = new Map();
  const runBatch = (batch) =>
    new Promise((resolve, reject) => {
      const child = spawn(tool, ['--jsonl', ...batch], { stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks = [];
      let stderr = '';
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (signal || (code !== 0 && code !== 1)) {
          reject(new Error(`${tool} exited with ${signal || code}: ${stderr.slice(0, 2000)}`));
          return;
        }
        for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
          if (!line) continue;
          const r = JSON.parse(line);
          results.set(r.file, r);
        }
        resolve();
      });
    });
  return batches.reduce((p, b) => p.then(() => runBatch(b)), Promise.resolve()).then(() => results);
}

// HashiCorp's verdict: {json} or {error: {kind: 'syntax'|'convert', line, message}}.
async function runHashicorp(hcl2json, file) {
  const text = fs.readFileSync(file, 'utf8');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HashiCorp's parser did not answer for ${file}`)), 30000);
  });
  try {
    const json = await Promise.race([hcl2json.parse('input.tf', text), timeout]);
    return { json };
  } catch (e) {
    const message = String(e && e.message ? e.message : e);
    if (message.startsWith("HashiCorp's parser did not answer")) throw e;
    const m = /^parse config: \[input\.tf:(\d+),(\d+)-/.exec(message);
    if (m) return { error: { kind: 'syntax', line: Number(m[1]), column: Number(m[2]), message } };
    if (message.startsWith('convert to HCL')) return { error: { kind: 'convert', line: 0, message } };
    return { error: { kind: 'other', line: 0, message } };
  } finally {
    clearTimeout(timer);
  }
}

// The first path where a and b differ, or null when they are deeply equal.
function firstDifference(a, b, where) {
  if (a === b) return null;
  const ta = Array.isArray(a) ? 'array' : a === null ? 'null' : typeof a;
  const tb = Array.isArray(b) ? 'array' : b === null ? 'null' : typeof b;
  if (ta !== tb) return { path: where, ours: a, theirs: b };
  if (ta === 'array') {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (ta === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], where ? `${where}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return { path: where, ours: a, theirs: b };
}

function short(v) {
  const s = v === undefined ? '(missing)' : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 160)}...` : s;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let hcl2json;
  try {
    hcl2json = require(path.join(__dirname, 'node_modules', '@cdktf', 'hcl2json'));
  } catch (e) {
    console.error(`hcl_compare: @cdktf/hcl2json is not installed: run "npm ci" in ${__dirname} (${e.message})`);
    process.exit(1);
  }
  if (!fs.existsSync(opts.tool)) usage(`no tool at ${opts.tool} (build the amilint_hcl2json target)`);
  if (!fs.existsSync(opts.dir)) usage(`no directory ${opts.dir}`);

  const started = Date.now();
  const files = findTfFiles(opts.dir);
  if (files.length === 0) usage(`no .tf files under ${opts.dir}`);
  const oursPromise = runOurs(opts.tool, files);
  const theirs = new Map();
  for (const f of files) theirs.set(f, await runHashicorp(hcl2json, f));
  const ours = await oursPromise;

  const rel = (f) => path.relative(opts.dir, f);
  let accepted = 0;
  let identical = 0;
  const different = [];
  let rejected = 0;
  let rejectedSame = 0;
  const exceptions = [];
  for (const f of files) {
    const h = theirs.get(f);
    const o = ours.get(f);
    if (!o) {
      exceptions.push(`${rel(f)}: no answer from ${path.basename(opts.tool)}`);
      continue;
    }
    if (h.json !== undefined) {
      accepted++;
      if (o.error) {
        different.push(`${rel(f)}: ours rejects it at ${o.error.line}:${o.error.column}: ${o.error.message}`);
        continue;
      }
      const d = firstDifference(o.json, h.json, '');
      if (!d) identical++;
      else different.push(`${rel(f)}: at ${d.path || '(top)'}: ours ${short(d.ours)}, HashiCorp ${short(d.theirs)}`);
      continue;
    }
    rejected++;
    const he = h.error;
    const first = he.message.replace(/^parse config: \[/, '').split('\n')[0].slice(0, 300);
    if (!o.error) {
      exceptions.push(`${rel(f)}: HashiCorp rejects it (${first}) but ours accepts it`);
    } else if (he.kind === 'syntax' && o.error.kind === 'syntax' && o.error.line === he.line) {
      rejectedSame++;
      if (opts.verbose) console.log(`  same line ${he.line}: ${rel(f)}\n    HashiCorp: ${first}\n    ours: ${o.error.message}`);
    } else if (he.kind === 'convert' && o.error.kind === 'convert') {
      rejectedSame++;
      if (opts.verbose) console.log(`  both cannot convert: ${rel(f)}\n    HashiCorp: ${first}\n    ours: ${o.error.message}`);
    } else {
      exceptions.push(
        `${rel(f)}: HashiCorp rejects it at line ${he.line || '?'} (${first}); ours at line ${o.error.line} ` +
          `(${o.error.kind}: ${o.error.message})`);
    }
  }

  const pct = accepted ? (100 * identical) / accepted : 100;
  console.log(`files: ${files.length}`);
  console.log(`accepted by HashiCorp: ${accepted}`);
  console.log(`  identical JSON: ${identical} (${pct.toFixed(2)}%)`);
  console.log(`  different: ${different.length}`);
  for (const d of different) console.log(`    ${d}`);
  console.log(`rejected by HashiCorp: ${rejected}`);
  console.log(`  rejected by ours on the same line: ${rejectedSame}`);
  console.log(`exceptions: ${exceptions.length}`);
  for (const e of exceptions) console.log(`    ${e}`);
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const ok = pct >= opts.minIdentical && exceptions.length === 0;
  console.log(ok ? 'OK' : `FAILED (need >= ${opts.minIdentical}% identical and no exceptions)`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`hcl_compare: ${e.stack || e}`);
  process.exit(1);
});
