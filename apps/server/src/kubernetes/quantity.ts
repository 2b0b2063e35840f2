// Kubernetes quantities for the compute settings: CPU (400m, 2) as millicores, memory (1Gi, 512Mi) as bytes,
// and the share of a project's compute each service container requests.

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, K: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1 };

export function cpuMillis(q: string): number {
  return q.endsWith('m') ? parseInt(q, 10) : Math.round(parseFloat(q) * 1000);
}

export function bytesOf(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  return Math.round(parseFloat(m[1]) * BIN[m[2] ?? '']);
}

/** `q` divided by `n`, at least `floor`: CPU in millicores (`50m`), memory in Mi (`128Mi`). */
export function cpuShare(q: string, n: number, floorMillis = 10): string {
  return `${Math.max(floorMillis, Math.floor(cpuMillis(q) / n))}m`;
}

export function memoryShare(q: string, n: number, floorMi = 32): string {
  return `${Math.max(floorMi, Math.floor(bytesOf(q) / n / 2 ** 20))}Mi`;
}
