// The `rule` hook: local conditions on the tool arguments (or `{output}` on output events), config
// `{condition, action?, message?}` or `{rules: [condition | {condition, action?, message?}]}`. A condition reads
// `<field> [NOT] CONTAINS|STARTS_WITH|MATCHES|IN <value>` (field: a dotted path; value: quoted text, a JSON
// list for IN, or a bare word). The first matching rule decides (action `deny` by default, message
// "Blocked by rule"); a rule that cannot be parsed or evaluated blocks (fail-closed).
import type { HookDecision } from './types.ts';

const COND = /^\s*([\w.$-]+)\s+(NOT\s+)?(CONTAINS|STARTS_WITH|MATCHES|IN)\s+(.+?)\s*$/;
const MAX_PATTERN = 500;

interface Rule { condition: string; action: 'allow' | 'deny'; message?: string }

function rulesOf(config: Record<string, unknown>): Rule[] {
  const one = (r: unknown): Rule => {
    if (typeof r === 'string') return { condition: r, action: 'deny' };
    if (r && typeof r === 'object' && typeof (r as Rule).condition === 'string') {
      const x = r as Record<string, unknown>;
      return { condition: x.condition as string, action: x.action === 'allow' ? 'allow' : 'deny', ...(typeof x.message === 'string' ? { message: x.message } : {}) };
    }
    throw new Error('a rule needs a condition');
  };
  if (Array.isArray(config.rules) && config.rules.length) return config.rules.map(one);
  if (typeof config.condition === 'string') return [one(config)];
  throw new Error('a rule hook needs condition or rules');
}

function parseValue(raw: string): unknown {
  const t = raw.trim();
  if (/^'.*'$/s.test(t)) return t.slice(1, -1);
  if (t.startsWith('[')) return JSON.parse(t.replace(/'([^']*)'/g, (_m, x: string) => JSON.stringify(x)));
  try { return JSON.parse(t); } catch { return t; }
}

function lookup(subject: unknown, path: string): unknown {
  let v: unknown = subject;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

export function matches(condition: string, subject: unknown): boolean {
  const m = COND.exec(condition);
  if (!m) throw new Error(`cannot parse rule condition: ${condition}`);
  const [, field, not, op, rawValue] = m;
  const value = parseValue(rawValue);
  const actual = lookup(subject, field);
  let hit: boolean;
  if (op === 'CONTAINS') hit = text(actual).includes(String(value));
  else if (op === 'STARTS_WITH') hit = text(actual).startsWith(String(value));
  else if (op === 'MATCHES') {
    if (String(value).length > MAX_PATTERN) throw new Error('MATCHES pattern longer than 500 characters');
    hit = new RegExp(String(value)).test(text(actual));
  } else {
    if (!Array.isArray(value)) throw new Error('IN needs a JSON list');
    hit = value.some((x) => x === actual || text(x) === text(actual));
  }
  return not ? !hit : hit;
}

export function evaluateRules(config: Record<string, unknown>, subject: unknown): HookDecision {
  try {
    for (const r of rulesOf(config)) {
      if (!matches(r.condition, subject)) continue;
      return r.action === 'allow' ? { action: 'allow' } : { action: 'deny', message: r.message ?? (typeof config.message === 'string' ? config.message : 'Blocked by rule') };
    }
    return { action: 'allow' };
  } catch (e) {
    return { action: 'deny', message: `Blocked by rule (rule error: ${(e as Error).message})` };
  }
}
