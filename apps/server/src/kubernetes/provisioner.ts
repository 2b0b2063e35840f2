// The `kubernetes` provisioner: applies a project's manifests (manifests.ts) with server-side apply through
// @kubernetes/client-node. Pause scales every workload to 0 (volumes and the Secret stay), resume re-applies with
// 1, remove deletes the namespace (and with it the volume claims). Untested against a real cluster here.
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject, type V1Deployment } from '@kubernetes/client-node';
import type { Logger } from '@powabase/core';
import type { AuthSettings, ProjectSpec, ProvisionedProject, Provisioner } from '@powabase/control-plane';
import { projectManifests, secret } from './manifests.ts';
import { namespaceOf, POSTGRES_NAME, PROJECT_SERVICES, type KubernetesOptions } from './types.ts';

const FIELD_MANAGER = 'powabase';

/** What the provisioner needs of the API: the slice of KubernetesObjectApi it calls (a test double fits). */
export interface ObjectApi {
  patch<T extends KubernetesObject>(spec: T, pretty?: string, dryRun?: string, fieldManager?: string, force?: boolean, strategy?: PatchStrategy): Promise<T>;
  read<T extends KubernetesObject>(spec: T): Promise<T>;
  delete(spec: KubernetesObject): Promise<unknown>;
}

const isNotFound = (e: unknown) => (e as { code?: number })?.code === 404;

export class KubernetesProvisioner implements Provisioner {
  readonly name = 'kubernetes';
  private readonly known = new Map<string, { spec: ProjectSpec; endpoints: ProvisionedProject; running: boolean }>();

  constructor(private readonly o: KubernetesOptions, private readonly api: ObjectApi, private readonly log: Logger) {}

  /** From the in-cluster service account, else the local kubeconfig. */
  static fromEnvironment(o: KubernetesOptions, log: Logger): KubernetesProvisioner {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubernetesProvisioner(o, KubernetesObjectApi.makeApiClient(kc) as unknown as ObjectApi, log);
  }

  private async apply(objects: KubernetesObject[]): Promise<void> {
    for (const obj of objects) {
      await this.api.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    }
  }

  private endpointsOf(spec: ProjectSpec): ProvisionedProject {
    const host = `${POSTGRES_NAME}.${namespaceOf(spec.ref)}.svc.cluster.local`;
    return { url: this.o.projectUrl(spec.ref), dbUrl: `postgresql://postgres:${encodeURIComponent(spec.secrets.dbPassword)}@${host}:5432/postgres` };
  }

  private async up(spec: ProjectSpec): Promise<ProvisionedProject> {
    await this.apply(projectManifests(spec, this.o));
    const endpoints = this.endpointsOf(spec);
    this.known.set(spec.ref, { spec, endpoints, running: true });
    this.log.info({ event: 'project_applied', ref: spec.ref, namespace: namespaceOf(spec.ref) }, 'project_applied');
    return endpoints;
  }

  create(spec: ProjectSpec): Promise<ProvisionedProject> { return this.up(spec); }
  resume(spec: ProjectSpec): Promise<ProvisionedProject> { return this.up(spec); }

  async pause(ref: string): Promise<void> {
    const k = this.known.get(ref);
    if (!k) {
      // Unknown here (after a restart): scale what exists without re-rendering it.
      for (const name of PROJECT_SERVICES) await this.scale('apps/v1', 'Deployment', ref, name);
      await this.scale('apps/v1', 'StatefulSet', ref, POSTGRES_NAME);
      return;
    }
    await this.apply(projectManifests(k.spec, this.o, { paused: true }));
    k.running = false;
  }

  private async scale(apiVersion: string, kind: string, ref: string, name: string): Promise<void> {
    const obj = { apiVersion, kind, metadata: { name, namespace: namespaceOf(ref) }, spec: { replicas: 0 } };
    await this.api.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.MergePatch).catch((e) => { if (!isNotFound(e)) throw e; });
  }

  async remove(ref: string): Promise<void> {
    await this.api.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceOf(ref) } }).catch((e) => { if (!isNotFound(e)) throw e; });
    this.known.delete(ref);
  }

  async health(ref: string): Promise<{ healthy: boolean; detail?: string }> {
    const notReady: string[] = [];
    for (const name of PROJECT_SERVICES) {
      const d = await this.api.read<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: namespaceOf(ref) } })
        .catch((e) => { if (isNotFound(e)) return null; throw e; });
      if (!d || (d.status?.readyReplicas ?? 0) < 1) notReady.push(name);
    }
    return notReady.length ? { healthy: false, detail: `not ready: ${notReady.join(', ')}` } : { healthy: true };
  }

  endpoints(ref: string): ProvisionedProject | null {
    const k = this.known.get(ref);
    return k?.running ? k.endpoints : null;
  }

  /** Re-applies the Secret with the new settings and the auth Deployment, whose settings hash rolls its pods. */
  async configureAuth(ref: string, settings: AuthSettings): Promise<void> {
    const k = this.known.get(ref);
    if (!k?.running) return;
    k.spec = { ...k.spec, auth: settings };
    const all = projectManifests(k.spec, this.o);
    await this.apply([secret(k.spec, this.o), ...all.filter((o) => o.kind === 'Deployment' && o.metadata?.name === 'auth')]);
  }
}
