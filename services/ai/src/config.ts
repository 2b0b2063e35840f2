// The AI service's configuration: parsed once by the app, frozen, passed down. Every knob a project may
// change at run time lives in the settings registry instead (settings/registry.ts).
export type Provider = 'openai' | 'anthropic' | 'google' | 'openrouter';

export interface AiConfig {
  /** Largest accepted upload or imported file, in bytes (413 `file_too_large` beyond). */
  maxUploadBytes: number;
  worker: {
    /** Run the background worker in this process (off: only enqueue, another process works the queue). */
    enabled: boolean;
    /** Jobs worked at once. */
    concurrency: number;
    /** Idle poll interval; NOTIFY wakes the worker sooner. */
    pollMs: number;
    /** A claimed job's lease; renewed every leaseMs/3 while it runs. A dead worker's job is re-claimed after it. */
    leaseMs: number;
    maxAttempts: number;
    /** Retry delay: backoffMs * 2^(attempt-1), at most backoffMaxMs. */
    backoffMs: number;
    backoffMaxMs: number;
  };
  /** The pool of worker threads for extraction, chunking and local embeddings. */
  threads: { max: number; idleTimeoutMs: number };
  localEmbedder: {
    /** Texts are embedded in windows of this many words, averaged (USE-lite was trained on short texts). */
    windowWords: number;
    /** Windows per model call. */
    batchSize: number;
  };
  ocr: {
    /** Executables looked up at run time; absent ones make OCR sources `attention_required`. */
    tesseract: string;
    pdftoppm: string;
    languages: string;
    /** Render PDF pages to PNG `image` derivatives (needs pdftoppm). */
    pageImages: boolean;
    pageImageDpi: number;
    /** A PDF page with fewer characters than this in its text layer is OCR'd when OCR is available. */
    minPageChars: number;
  };
  urlImport: {
    /** Refuse URLs resolving to private, loopback or link-local addresses (SSRF guard); tests turn it off. */
    blockPrivateAddresses: boolean;
    timeoutMs: number;
  };
  /** OpenAI-compatible endpoints: base URL per provider (OpenAI, or Ollama/vLLM/LM Studio via `openai`). */
  providerBaseUrls: Record<Provider, string>;
  /** Platform ("AI on us") keys by provider; listed by /api/ai-provider-keys/platform_supported. */
  platformKeys: Partial<Record<Provider, string>>;
  /** Check provider keys against the provider's API when saved or validated. */
  validateKeysOnline: boolean;
  /** Secret for encrypting provider keys and secret settings; default: derived from the project's JWT secret. */
  encryptionKey?: string;
  search: { efSearch: number };
  agents: {
    /** Retries of a failed LLM call (network, 429, 5xx) within a step. */
    maxRetries: number;
    /** Retry delay: retryBaseMs * 2^(attempt-1). */
    retryBaseMs: number;
    /** A `: keepalive` comment frame after this long without an event on a run stream. */
    keepaliveMs: number;
    /** How long a run waits for POST /agents/runs/{id}/approve when the approval hook sets no `timeout`. */
    approvalTimeoutMs: number;
    /** Compaction attempts after a prompt-too-long answer before the run fails (context_length_exceeded). */
    compactionAttempts: number;
    /** The stale-run sweeper: every sweepMs, runs still running after staleAfterMs (their process died) end failed. 0: off. */
    staleRunSweepMs: number;
    staleRunAfterMs: number;
  };
  /** Agent tools: every call is cut off after timeoutMs (custom and MCP settings may only shorten it); code_execute's sandbox. */
  tools: { timeoutMs: number; exaBaseUrl: string; codeSandboxUrl: string; codeSandboxApiKey: string };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const DEFAULTS: AiConfig = {
  maxUploadBytes: 50 * 1024 * 1024,
  worker: { enabled: true, concurrency: 2, pollMs: 1000, leaseMs: 60_000, maxAttempts: 3, backoffMs: 2000, backoffMaxMs: 60_000 },
  threads: { max: 2, idleTimeoutMs: 60_000 },
  localEmbedder: { windowWords: 96, batchSize: 32 },
  ocr: { tesseract: 'tesseract', pdftoppm: 'pdftoppm', languages: 'eng', pageImages: true, pageImageDpi: 72, minPageChars: 20 },
  urlImport: { blockPrivateAddresses: true, timeoutMs: 30_000 },
  providerBaseUrls: {
    openai: 'https://api.openai.com/v1',
    anthropic: 'https://api.anthropic.com/v1',
    google: 'https://generativelanguage.googleapis.com/v1beta',
    openrouter: 'https://openrouter.ai/api/v1',
  },
  platformKeys: {},
  validateKeysOnline: true,
  search: { efSearch: 100 },
  agents: { maxRetries: 3, retryBaseMs: 1000, keepaliveMs: 30_000, approvalTimeoutMs: 300_000, compactionAttempts: 3, staleRunSweepMs: 300_000, staleRunAfterMs: 600_000 },
  tools: { timeoutMs: 30_000, exaBaseUrl: 'https://api.exa.ai', codeSandboxUrl: '', codeSandboxApiKey: '' },
};

export function defaultAiConfig(overrides: DeepPartial<AiConfig> = {}): AiConfig {
  const o = overrides as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(DEFAULTS)) {
    const given = o[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? { ...v, ...(given as object ?? {}) } : given ?? v;
  }
  if (o.encryptionKey !== undefined) out.encryptionKey = o.encryptionKey;
  return deepFreeze(out) as unknown as AiConfig;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
