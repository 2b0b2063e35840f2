// A tiny backtracking parser cursor for the query-string grammars, and the conversion of a parse
// failure into PGRST100 with PostgREST's message shape: `"failed to parse <what> (<input>)" (line l, column c)`.
import { restError, type RestError } from '../errors.ts';

/** Internal signal of a failed parse at `pos`; never escapes `runParser`. */
export class ParseFailure {
  constructor(readonly pos: number, readonly expecting: string[]) {}
}

export class Cursor {
  pos = 0;
  /** Failures of backtracked alternatives, with the position each alternative started at. */
  private readonly tried: { start: number; failure: ParseFailure }[] = [];
  constructor(readonly src: string) {}

  get eof(): boolean { return this.pos >= this.src.length; }
  peek(offset = 0): string { return this.src.charAt(this.pos + offset); }
  rest(): string { return this.src.slice(this.pos); }
  startsWith(s: string): boolean { return this.src.startsWith(s, this.pos); }

  /** Consumes `s` if it is next. */
  eat(s: string): boolean {
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string, label = JSON.stringify(s)): void {
    if (!this.eat(s)) this.fail(label);
  }

  /** Consumes a run of characters matching `re` (a single-character class). */
  takeWhile(re: RegExp): string {
    const start = this.pos;
    while (!this.eof && re.test(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  skipWs(): void { this.takeWhile(/[ \t]/); }

  fail(...expecting: string[]): never {
    throw new ParseFailure(this.pos, expecting);
  }

  /** Runs `fn`; on failure restores the position and returns undefined (Parsec `try` + `optional`). */
  attempt<T>(fn: () => T): T | undefined {
    const start = this.pos;
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      this.tried.push({ start, failure: e });
      this.pos = start;
      return undefined;
    }
  }

  /**
   * The error to report for a final failure, merged like Parsec: alternatives that started where
   * the final failure happened (nothing consumed since) compete, the deepest wins, ties merge.
   */
  report(f: ParseFailure): ParseFailure {
    let best = f;
    for (const t of this.tried) {
      if (t.start !== f.pos) continue;
      if (t.failure.pos > best.pos) best = t.failure;
      else if (t.failure.pos === best.pos) {
        best = new ParseFailure(best.pos, [...new Set([...best.expecting, ...t.failure.expecting])]);
      }
    }
    return best;
  }
}

/** Parses `input` with `fn`, which must consume everything; failures become PGRST100. */
export function runParser<T>(what: string, shown: string, input: string, fn: (c: Cursor) => T): T {
  const c = new Cursor(input);
  try {
    const value = fn(c);
    if (!c.eof) c.fail('end of input');
    return value;
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    throw parseError(what, shown, input, c.report(e));
  }
}

function parseError(what: string, shown: string, input: string, f: ParseFailure): RestError {
  const before = Array.from(input.slice(0, f.pos));
  const nl = before.lastIndexOf('\n');
  const line = before.filter((ch) => ch === '\n').length + 1;
  const column = before.length - nl;
  const ch = Array.from(input.slice(f.pos))[0];
  const unexpected = ch === undefined ? 'end of input' : JSON.stringify(ch);
  const expecting = f.expecting.length ? ` expecting ${joinOr(f.expecting)}` : '';
  return restError('PGRST100', {
    message: `"failed to parse ${what} (${shown})" (line ${line}, column ${column})`,
  }, { details: `unexpected ${unexpected}${expecting}` });
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
