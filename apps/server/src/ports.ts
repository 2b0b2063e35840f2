// Finds free loopback ports, skipping ones other projects already hold.
import net from 'node:net';

export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

export async function findFreePort(start: number, host: string, taken: Set<number>, span = 2000): Promise<number> {
  for (let p = start; p < start + span; p++) {
    if (taken.has(p)) continue;
    if (await portFree(p, host)) return p;
  }
  throw new Error(`no free port in ${start}-${start + span - 1}`);
}
