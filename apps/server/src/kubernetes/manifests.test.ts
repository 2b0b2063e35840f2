// The generated Kubernetes objects of a project (names, labels, limits, isolation policy, secrets only through the
// Secret) and the provisioner's calls against a recording stand-in for the API. No cluster is involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubernetesObject, V1Container, V1Deployment, V1Job, V1NetworkPolicy, V1Secret, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import { PatchStrategy } from '@kubernetes/client-node';
import type { ProjectSpec } from '@powabase/control-plane';
import { silentLogger } from '@powabase/core';
import { projectManifests } from './manifests.ts';
import { KubernetesProvisioner, type ObjectApi } from './provisioner.ts';
import { defaultKubernetesOptions, PROJECT_SERVICES } from './types.ts';

const ref = 'abcdefghijklmnopqrst';
const spec: ProjectSpec = {
  ref, name: 'Demo',
  secrets: { jwtSecret: 'jwt-secret-0123456789-0123456789-0123456789', anonKey: 'anon.key.jwt', serviceRoleKey: 'service.key.jwt', dbPassword: 'db-pass-xyz' },
  compute: { cpu: '400m', memory: '1Gi', disk: '10Gi' },
  auth: { site_url: 'https://app.example.com' } as never,
};
const opts = defaultKubernetesOptions({
  image: 'registry.example.com/powabase:1.2.3',
  projectUrl: (r) => `https://${r}.powabase.example.com`,
  s3: { bucket: 'objects', region: 'eu-west-1', endpoint: 'http://minio.shared-services:9000', forcePathStyle: true, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's3-secret-value' },
});

const byKind = <T extends KubernetesObject>(objs: KubernetesObject[], kind: string) => objs.filter((o) => o.kind === kind) as T[];
const containersOf = (objs: KubernetesObject[]): V1Container[] => [
  ...byKind<V1Deployment>(objs, 'Deployment').flatMap((d) => d.spec!.template.spec!.containers),
  ...byKind<V1StatefulSet>(objs, 'StatefulSet').flatMap((s) => s.spec!.template.spec!.containers),
  ...byKind<V1Job>(objs, 'Job').flatMap((j) => j.spec!.template.spec!.containers),
];

test('names: namespace project-{ref}, one Deployment + Service per service, postgres, the migrate Job', () => {
  const objs = projectManifests(spec, opts);
  assert.ok(objs.every((o) => o.kind === 'Namespace' || o.metadata?.namespace === `project-${ref}`));
  assert.deepEqual(objs[0], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `project-${ref}`, labels: objs[0].metadata!.labels } });
  assert.deepEqual(byKind(objs, 'Deployment').map((d) => d.metadata!.name), [...PROJECT_SERVICES]);
  assert.deepEqual(byKind(objs, 'Service').map((d) => d.metadata!.name).sort(), ['postgres', ...PROJECT_SERVICES].sort());
  assert.deepEqual(byKind(objs, 'StatefulSet').map((d) => d.metadata!.name), ['postgres']);
  assert.match(byKind(objs, 'Job')[0].metadata!.name!, /^migrate-[0-9a-f]{10}$/);
  assert.deepEqual(byKind(objs, 'NetworkPolicy').map((d) => d.metadata!.name), ['project-isolation']);
  // apply order: namespace first, secret before anything reading it
  assert.deepEqual(objs.slice(0, 3).map((o) => o.kind), ['Namespace', 'NetworkPolicy', 'Secret']);
});

test('labels: every object and pod carries the project and part-of labels; Services select their pods', () => {
  const objs = projectManifests(spec, opts);
  for (const o of objs) {
    assert.equal(o.metadata!.labels!['powabase.io/project'], ref, `${o.kind}/${o.metadata!.name}`);
    assert.equal(o.metadata!.labels!['app.kubernetes.io/part-of'], 'powabase');
  }
  for (const svc of byKind<V1Service>(objs, 'Service')) {
    const target = [...byKind<V1Deployment>(objs, 'Deployment'), ...byKind<V1StatefulSet>(objs, 'StatefulSet')].find((d) => d.metadata!.name === svc.metadata!.name)!;
    const podLabels = target.spec!.template.metadata!.labels!;
    for (const [k, v] of Object.entries(svc.spec!.selector!)) assert.equal(podLabels[k], v, `${svc.metadata!.name} selects ${k}`);
  }
});

test('limits: the compute settings (defaults 400m / 1Gi / 10Gi), pods together request the project size', () => {
  const def = projectManifests({ ...spec, compute: {} as never }, opts);
  for (const c of containersOf(def)) assert.deepEqual(c.resources!.limits, { cpu: '400m', memory: '1Gi' }, c.name);
  assert.deepEqual(byKind<V1StatefulSet>(def, 'StatefulSet')[0].spec!.volumeClaimTemplates![0].spec!.resources!.requests, { storage: '10Gi' });

  const big = projectManifests({ ...spec, compute: { cpu: '2', memory: '4Gi', disk: '50Gi' } }, opts);
  const pods = containersOf(big).filter((c) => c.name !== 'migrate');
  for (const c of pods) assert.deepEqual(c.resources!.limits, { cpu: '2', memory: '4Gi' });
  const cpu = pods.reduce((n, c) => n + parseInt(String(c.resources!.requests!.cpu), 10), 0);
  const mem = pods.reduce((n, c) => n + parseInt(String(c.resources!.requests!.memory), 10), 0);
  assert.ok(cpu <= 2000 && cpu > 1900, `cpu requests ${cpu}m`);
  assert.ok(mem <= 4096 && mem > 4000, `memory requests ${mem}Mi`);
  assert.deepEqual(byKind<V1StatefulSet>(big, 'StatefulSet')[0].spec!.volumeClaimTemplates![0].spec!.resources!.requests, { storage: '50Gi' });
  assert.equal(byKind<V1StatefulSet>(big, 'StatefulSet')[0].spec!.template.spec!.containers[0].image, 'pgvector/pgvector:pg16');
});

test('project-isolation: ingress only from the project itself and the shared-services and control-plane namespaces', () => {
  const p = byKind<V1NetworkPolicy>(projectManifests(spec, opts), 'NetworkPolicy')[0];
  assert.deepEqual(p.spec!.podSelector, {});
  assert.deepEqual(p.spec!.policyTypes, ['Ingress']);
  assert.equal(p.spec!.ingress!.length, 1);
  assert.deepEqual(p.spec!.ingress![0]._from, [
    { podSelector: {} },
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shared-services' } } },
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'control-plane' } } },
  ]);
});

test('secrets only in the Secret: containers take them through envFrom / secretKeyRef, never as plain values', () => {
  const objs = projectManifests(spec, opts);
  const sec = byKind<V1Secret>(objs, 'Secret')[0];
  assert.equal(sec.metadata!.name, 'project-secrets');
  assert.equal(sec.stringData!.POWABASE_JWT_SECRET, spec.secrets.jwtSecret);
  assert.match(sec.stringData!.POWABASE_DB_URL, /^postgresql:\/\/postgres:db-pass-xyz@postgres\.project-abcdefghijklmnopqrst\.svc\.cluster\.local:5432\/postgres$/);
  assert.deepEqual(JSON.parse(sec.stringData!.POWABASE_AUTH_SETTINGS), { site_url: 'https://app.example.com' });
  const secrets = [spec.secrets.jwtSecret, spec.secrets.anonKey, spec.secrets.serviceRoleKey, spec.secrets.dbPassword, opts.s3.secretAccessKey, opts.s3.accessKeyId];
  for (const c of containersOf(objs)) {
    for (const e of c.env ?? []) {
      for (const s of secrets) assert.ok(!(e.value ?? '').includes(s), `${c.name}: ${e.name} holds a secret in plain env`);
      if (/SECRET|KEY|PASSWORD|DB_URL/.test(e.name) && e.name !== 'POWABASE_S3_BUCKET') assert.ok(e.valueFrom?.secretKeyRef, `${c.name}: ${e.name} comes from the Secret`);
    }
    if (c.name !== 'postgres') assert.deepEqual(c.envFrom, [{ secretRef: { name: 'project-secrets' } }], c.name);
  }
  const pgEnv = byKind<V1StatefulSet>(objs, 'StatefulSet')[0].spec!.template.spec!.containers[0].env!;
  assert.deepEqual(pgEnv.find((e) => e.name === 'POSTGRES_PASSWORD')!.valueFrom, { secretKeyRef: { name: 'project-secrets', key: 'POSTGRES_PASSWORD' } });
});

test('plain env: each container runs its service; the gateway knows the upstreams; storage and api use S3 with a project prefix', () => {
  const objs = projectManifests(spec, opts);
  const env = (name: string) => Object.fromEntries(containersOf(objs).find((c) => c.name === name)!.env!.map((e) => [e.name, e.value]));
  for (const s of [...PROJECT_SERVICES, 'migrate']) assert.equal(env(s).POWABASE_SERVICE, s);
  assert.equal(env('gateway').POWABASE_UPSTREAM_REST, `http://rest.project-${ref}.svc.cluster.local`);
  assert.equal(env('gateway').POWABASE_UPSTREAM_REALTIME, `http://realtime.project-${ref}.svc.cluster.local`);
  assert.equal(env('rest').POWABASE_PROJECT_URL, `https://${ref}.powabase.example.com`);
  assert.equal(env('rest').POWABASE_TRUST_PROXY, '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16');
  assert.equal(env('storage').POWABASE_S3_PREFIX, `projects/${ref}/`);
  assert.equal(env('api').POWABASE_STORAGE_BACKEND, 's3');
  assert.equal(env('rest').POWABASE_S3_BUCKET, undefined);
  for (const c of containersOf(objs)) if (c.name !== 'postgres') assert.equal(c.image, opts.image);
});

test('paused: every workload at 0 replicas, no migrate Job; volumes and the Secret stay', () => {
  const objs = projectManifests(spec, opts, { paused: true });
  for (const d of [...byKind<V1Deployment>(objs, 'Deployment'), ...byKind<V1StatefulSet>(objs, 'StatefulSet')]) assert.equal(d.spec!.replicas, 0);
  assert.equal(byKind(objs, 'Job').length, 0);
  assert.equal(byKind(objs, 'Secret').length, 1);
  assert.equal(byKind<V1StatefulSet>(objs, 'StatefulSet')[0].spec!.volumeClaimTemplates!.length, 1);
});

test('auth settings change rolls the auth pods (template annotation), not the others', () => {
  const a = projectManifests(spec, opts);
  const b = projectManifests({ ...spec, auth: { site_url: 'https://other.example.com' } as never }, opts);
  const ann = (objs: KubernetesObject[], n: string) => byKind<V1Deployment>(objs, 'Deployment').find((d) => d.metadata!.name === n)!.spec!.template.metadata!.annotations;
  assert.notDeepEqual(ann(a, 'auth'), ann(b, 'auth'));
  assert.deepEqual(ann(a, 'rest'), ann(b, 'rest'));
});

/** Records calls; `missing` names objects that answer 404. */
function fakeApi(missing = new Set<string>()) {
  const calls: Array<{ op: string; kind: string; name: string; strategy?: string; manager?: string; force?: boolean; obj: KubernetesObject }> = [];
  const api: ObjectApi = {
    async patch(obj, _p, _d, manager, force, strategy) { calls.push({ op: 'patch', kind: obj.kind!, name: obj.metadata!.name!, strategy, manager, force, obj }); return obj; },
    async read(obj) {
      if (missing.has(obj.metadata!.name!)) throw Object.assign(new Error('not found'), { code: 404 });
      return { ...obj, status: { readyReplicas: 1 } } as never;
    },
    async delete(obj) {
      calls.push({ op: 'delete', kind: obj.kind!, name: obj.metadata!.name!, obj });
      if (missing.has(obj.metadata!.name!)) throw Object.assign(new Error('not found'), { code: 404 });
      return {};
    },
  };
  return { api, calls };
}

test('provisioner: create applies everything with server-side apply; pause re-applies at 0; remove deletes the namespace', async () => {
  const { api, calls } = fakeApi(new Set([`project-${ref}`]));
  const p = new KubernetesProvisioner(opts, api, silentLogger);
  const ep = await p.create(spec);
  assert.equal(ep.url, `https://${ref}.powabase.example.com`);
  assert.deepEqual(p.endpoints(ref), ep);
  assert.equal(calls.length, projectManifests(spec, opts).length);
  assert.ok(calls.every((c) => c.strategy === PatchStrategy.ServerSideApply && c.manager === 'powabase' && c.force === true));

  calls.length = 0;
  await p.pause(ref);
  assert.equal(p.endpoints(ref), null);
  const scaled = calls.filter((c) => c.kind === 'Deployment' || c.kind === 'StatefulSet');
  assert.equal(scaled.length, PROJECT_SERVICES.length + 1);
  assert.ok(scaled.every((c) => (c.obj as V1Deployment).spec!.replicas === 0));

  assert.deepEqual(await p.health(ref), { healthy: true });
  calls.length = 0;
  await p.remove(ref); // the namespace is already gone: 404 is fine
  assert.deepEqual(calls.map((c) => [c.op, c.kind, c.name]), [['delete', 'Namespace', `project-${ref}`]]);
});

test('provisioner: health names the deployments that are missing or not ready', async () => {
  const { api } = fakeApi(new Set(['realtime']));
  const p = new KubernetesProvisioner(opts, api, silentLogger);
  assert.deepEqual(await p.health(ref), { healthy: false, detail: 'not ready: realtime' });
});
