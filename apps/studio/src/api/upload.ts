// A file upload over XMLHttpRequest, the one browser API that reports upload progress (fetch does not).
// Resolves with the answer's status and body; a network failure or an abort rejects.
export interface Progress { loaded: number; total: number }

export interface XhrUpload {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: Blob;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export function xhrUpload(o: XhrUpload): Promise<{ status: number; statusText: string; body: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(o.method, o.url);
    for (const [k, v] of Object.entries(o.headers)) xhr.setRequestHeader(k, v);
    // Listeners on xhr.upload must exist before send(), or the browser reports no upload progress.
    xhr.upload.onprogress = (e) => o.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : o.body.size });
    xhr.onload = () => {
      o.onProgress?.({ loaded: o.body.size, total: o.body.size });
      resolve({ status: xhr.status, statusText: xhr.statusText, body: xhr.responseText });
    };
    xhr.onerror = () => reject(new Error('The upload failed: the project API could not be reached'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    if (o.signal?.aborted) { reject(new DOMException('The upload was cancelled', 'AbortError')); return; }
    o.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    o.onProgress?.({ loaded: 0, total: o.body.size });
    xhr.send(o.body);
  });
}
