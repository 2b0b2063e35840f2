// Token counting with tiktoken's cl100k_base (the OpenAI embedding models' tokenizer), loaded once per
// thread from the ranks bundled in js-tiktoken (no network).
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';

let enc: Tiktoken | null = null;

function encoder(): Tiktoken {
  enc ??= new Tiktoken(cl100k);
  return enc;
}

export function countTokens(text: string): number {
  return text ? encoder().encode(text).length : 0;
}
