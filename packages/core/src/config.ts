// Typed config parsing: read once at an app's entry from env/flags, validated, frozen, passed down.
export class ConfigError extends Error {}

type Kind = 'string' | 'int' | 'bool' | 'list';
export interface FieldSpec<K extends Kind = Kind> {
  env: string;
  kind: K;
  default: K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;
  doc: string;
}

type ValueOf<F> = F extends FieldSpec<infer K> ? (K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string) : never;
export type ConfigOf<S extends Record<string, FieldSpec>> = { readonly [K in keyof S]: ValueOf<S[K]> };

export function parseConfig<S extends Record<string, FieldSpec>>(
  spec: S,
  env: Record<string, string | undefined>,
  overrides: Partial<Record<keyof S, unknown>> = {},
): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(spec)) {
    const given = overrides[key as keyof S];
    if (given !== undefined) { out[key] = given; continue; }
    const raw = env[f.env];
    if (raw === undefined || raw === '') { out[key] = f.default; continue; }
    out[key] = parseValue(f, raw);
  }
  return Object.freeze(out) as ConfigOf<S>;
}

function parseValue(f: FieldSpec, raw: string): unknown {
  switch (f.kind) {
    case 'int': {
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new ConfigError(`${f.env} must be an integer, got "${raw}"`);
      return n;
    }
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new ConfigError(`${f.env} must be true or false, got "${raw}"`);
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      return raw;
  }
}

/** Rows for the README's configuration table. */
export function configDocs(spec: Record<string, FieldSpec>): string[] {
  return Object.values(spec).map((f) => `| \`${f.env}\` | ${JSON.stringify(f.default)} | ${f.doc} |`);
}
