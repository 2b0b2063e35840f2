// Postgres types as Swagger 2.0 types and formats, the mapping PostgREST's OpenAPI output uses.
export function swaggerType(t: string): string | undefined {
  switch (t) {
    case 'character varying': case 'character': case 'text': return 'string';
    case 'boolean': return 'boolean';
    case 'smallint': case 'integer': case 'bigint': return 'integer';
    case 'numeric': case 'real': case 'double precision': return 'number';
    case 'json': case 'jsonb': return undefined;
    default: return t.endsWith('[]') ? 'array' : 'string';
  }
}

export function swaggerFormat(t: string): string {
  return t === 'smallint' || t === 'integer' ? 'int32' : t === 'bigint' ? 'int64' : t;
}

/** A column default as a JSON value for `default` (strings unwrapped from `'x'::type`), or undefined. */
export function swaggerDefault(type: string, def: string | null): unknown {
  if (def === null) return undefined;
  if (swaggerType(type) === 'string') {
    const stripped = def.endsWith(`::${type}`) ? def.slice(0, -(type.length + 2)).replace(/^'|'$/g, '') : def;
    return stripped;
  }
  try { return JSON.parse(def); } catch { return undefined; }
}
