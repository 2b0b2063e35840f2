// Compute settings: Kubernetes-style quantities for CPU (e.g. 400m, 2), memory and disk (e.g. 512Mi, 1Gi).
import type { ComputeSettings } from './provisioner.ts';

const CPU = /^(?:\d+m|\d+(?:\.\d{1,3})?)$/;
const BYTES = /^\d+(?:Ki|Mi|Gi|Ti|K|M|G|T)?$/;

/** The names of the fields that are invalid (empty when all are fine). */
export function invalidComputeFields(c: Partial<ComputeSettings>): string[] {
  const bad: string[] = [];
  if (c.cpu !== undefined && !(CPU.test(c.cpu) && parseFloat(c.cpu) > 0)) bad.push('cpu');
  if (c.memory !== undefined && !(BYTES.test(c.memory) && parseInt(c.memory, 10) > 0)) bad.push('memory');
  if (c.disk !== undefined && !(BYTES.test(c.disk) && parseInt(c.disk, 10) > 0)) bad.push('disk');
  return bad;
}

export function mergeCompute(base: ComputeSettings, patch: Partial<ComputeSettings> | undefined): ComputeSettings {
  return { cpu: patch?.cpu ?? base.cpu, memory: patch?.memory ?? base.memory, disk: patch?.disk ?? base.disk };
}
