// CLI output: progress on stderr (a spinner on a terminal, plain lines otherwise), results on stdout.
import ora, { type Ora } from 'ora';

export interface Progress { step(text: string): void; done(text?: string): void; fail(text: string): void }

export function progress(enabled: boolean): Progress {
  if (!enabled) return { step() {}, done() {}, fail() {} };
  if (!process.stderr.isTTY) {
    return {
      step: (t) => process.stderr.write(`… ${t}\n`),
      done: (t) => { if (t) process.stderr.write(`✔ ${t}\n`); },
      fail: (t) => process.stderr.write(`✖ ${t}\n`),
    };
  }
  let spin: Ora | null = null;
  return {
    step(t) { if (spin) spin.text = t; else spin = ora({ text: t, stream: process.stderr }).start(); },
    done(t) { if (t) spin?.succeed(t); else spin?.stop(); spin = null; },
    fail(t) { spin ? spin.fail(t) : process.stderr.write(`✖ ${t}\n`); spin = null; },
  };
}

export class CliError extends Error {}

export function printJson(v: unknown) {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n');
}

export function printTable(rows: Record<string, unknown>[], cols: string[]) {
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(line(cols.map((c) => c.toUpperCase())) + '\n');
  for (const r of rows) process.stdout.write(line(cols.map((c) => String(r[c] ?? ''))) + '\n');
}
