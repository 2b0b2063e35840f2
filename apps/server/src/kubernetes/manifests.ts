// Pure functions: the Kubernetes objects of one project, typed with @kubernetes/client-node's models. Namespace
// `project-{ref}`, the project-isolation NetworkPolicy, the Secret (every secret, only ever read through envFrom /
// secretKeyRef), PostgreSQL (pgvector image, PVC sized by the compute settings) + Service, the migrate Job, and one
// Deployment + Service per service, with requests/limits from the compute settings. Applying them is provisioner.ts.
import { createHash } from 'node:crypto';
import type {
  KubernetesObject, V1Container, V1Deployment, V1EnvVar, V1Job, V1Namespace, V1NetworkPolicy, V1ResourceRequirements,
  V1Secret, V1Service, V1StatefulSet,
} from '@kubernetes/client-node';
import type { ComputeSettings, ProjectSpec } from '@powabase/control-plane';
import { cpuShare, memoryShare } from './quantity.ts';
import { namespaceOf, POSTGRES_NAME, PROJECT_SERVICES, SECRET_NAME, SERVICE_PORT, type KubernetesOptions, type ProjectService } from './types.ts';

export const DEFAULT_COMPUTE: ComputeSettings = { cpu: '400m', memory: '1Gi', disk: '10Gi' };
/** Pods sharing a project's requests: the services and PostgreSQL. */
const PODS = PROJECT_SERVICES.length + 1;

export interface ManifestState { paused: boolean }

export function labels(ref: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/part-of': 'powabase',
    'app.kubernetes.io/managed-by': 'powabase',
    'powabase.io/project': ref,
  };
}
const selector = (ref: string, component: string) => ({ 'app.kubernetes.io/name': component, 'powabase.io/project': ref });

export function namespace(ref: string): V1Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceOf(ref), labels: labels(ref, 'project') } };
}

/** Ingress from the project's own pods (gateway → services → database) and from the allowed namespaces only. */
export function isolationPolicy(ref: string, o: KubernetesOptions): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name: 'project-isolation', namespace: namespaceOf(ref), labels: labels(ref, 'project-isolation') },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        _from: [
          { podSelector: {} },
          ...o.allowedNamespaces.map((n) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } } })),
        ],
      }],
    },
  };
}

const dbUrlOf = (ref: string, password: string) =>
  `postgresql://postgres:${encodeURIComponent(password)}@${POSTGRES_NAME}.${namespaceOf(ref)}.svc.cluster.local:5432/postgres`;

/** Keys are env var names, so containers take them whole with envFrom. */
export function secret(spec: ProjectSpec, o: KubernetesOptions): V1Secret {
  return {
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: { name: SECRET_NAME, namespace: namespaceOf(spec.ref), labels: labels(spec.ref, 'secrets') },
    stringData: {
      POWABASE_JWT_SECRET: spec.secrets.jwtSecret,
      POWABASE_ANON_KEY: spec.secrets.anonKey,
      POWABASE_SERVICE_KEY: spec.secrets.serviceRoleKey,
      POWABASE_DB_URL: dbUrlOf(spec.ref, spec.secrets.dbPassword),
      POSTGRES_PASSWORD: spec.secrets.dbPassword,
      POWABASE_S3_ACCESS_KEY_ID: o.s3.accessKeyId,
      POWABASE_S3_SECRET_ACCESS_KEY: o.s3.secretAccessKey,
      POWABASE_AUTH_SETTINGS: JSON.stringify(spec.auth ?? {}),
    },
  };
}

export function resources(c: ComputeSettings): V1ResourceRequirements {
  // Each pod may burst to the project's size; together the pods request exactly it.
  return { requests: { cpu: cpuShare(c.cpu, PODS), memory: memoryShare(c.memory, PODS) }, limits: { cpu: c.cpu, memory: c.memory } };
}

function clusterService(ref: string, name: string, port: number, targetPort: number): V1Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: namespaceOf(ref), labels: labels(ref, name) },
    spec: { selector: selector(ref, name), ports: [{ name: 'main', port, targetPort }] },
  };
}

export function postgres(spec: ProjectSpec, o: KubernetesOptions, s: ManifestState): [V1StatefulSet, V1Service] {
  const c = spec.compute;
  const set: V1StatefulSet = {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: POSTGRES_NAME, namespace: namespaceOf(spec.ref), labels: labels(spec.ref, POSTGRES_NAME) },
    spec: {
      serviceName: POSTGRES_NAME,
      replicas: s.paused ? 0 : 1,
      selector: { matchLabels: selector(spec.ref, POSTGRES_NAME) },
      template: {
        metadata: { labels: labels(spec.ref, POSTGRES_NAME) },
        spec: {
          containers: [{
            name: POSTGRES_NAME,
            image: o.postgresImage,
            ports: [{ name: 'postgres', containerPort: 5432 }],
            env: [
              { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: 'POSTGRES_PASSWORD' } } },
              { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
            ],
            resources: resources(c),
            readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 5 },
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
          }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data', labels: labels(spec.ref, POSTGRES_NAME) },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: c.disk } },
          ...(o.storageClassName ? { storageClassName: o.storageClassName } : {}),
        },
      }],
    },
  };
  return [set, clusterService(spec.ref, POSTGRES_NAME, 5432, 5432)];
}

/** Plain (non-secret) env of a service container; secrets come from the Secret through envFrom. */
export function plainEnv(spec: ProjectSpec, o: KubernetesOptions, service: ProjectService | 'migrate'): V1EnvVar[] {
  const env: Record<string, string> = {
    POWABASE_SERVICE: service,
    POWABASE_PROJECT_REF: spec.ref,
    POWABASE_PROJECT_URL: o.projectUrl(spec.ref),
    POWABASE_PORT: String(SERVICE_PORT),
    POWABASE_HOST: '0.0.0.0',
  };
  if (service === 'gateway') {
    for (const s of PROJECT_SERVICES) if (s !== 'gateway') env[`POWABASE_UPSTREAM_${s.toUpperCase()}`] = `http://${s}.${namespaceOf(spec.ref)}.svc.cluster.local`;
  } else if (service !== 'migrate') {
    env.POWABASE_TRUST_PROXY = o.trustedProxyCidrs.join(',');
  }
  if (service === 'storage' || service === 'api') {
    Object.assign(env, {
      POWABASE_STORAGE_BACKEND: 's3',
      POWABASE_S3_BUCKET: o.s3.bucket,
      POWABASE_S3_PREFIX: `projects/${spec.ref}/`,
      POWABASE_S3_REGION: o.s3.region,
      ...(o.s3.endpoint ? { POWABASE_S3_ENDPOINT: o.s3.endpoint } : {}),
      ...(o.s3.forcePathStyle ? { POWABASE_S3_FORCE_PATH_STYLE: 'true' } : {}),
    });
  }
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

function container(spec: ProjectSpec, o: KubernetesOptions, service: ProjectService | 'migrate'): V1Container {
  const probe = { httpGet: { path: '/api/health', port: SERVICE_PORT }, periodSeconds: 10 };
  return {
    name: service,
    image: o.image,
    ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
    env: plainEnv(spec, o, service),
    envFrom: [{ secretRef: { name: SECRET_NAME } }],
    resources: resources(spec.compute),
    ...(service === 'migrate' ? {} : { ports: [{ name: 'http', containerPort: SERVICE_PORT }], readinessProbe: probe, livenessProbe: { ...probe, initialDelaySeconds: 30 } }),
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000 },
  };
}

/** Changes when the auth settings change, so configureAuth's re-apply rolls the auth pods. */
const settingsHash = (spec: ProjectSpec) => createHash('sha256').update(JSON.stringify(spec.auth ?? {})).digest('hex').slice(0, 16);

export function serviceDeployment(spec: ProjectSpec, o: KubernetesOptions, service: ProjectService, s: ManifestState): [V1Deployment, V1Service] {
  const annotations = service === 'auth' ? { 'powabase.io/auth-settings': settingsHash(spec) } : undefined;
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: service, namespace: namespaceOf(spec.ref), labels: labels(spec.ref, service) },
    spec: {
      replicas: s.paused ? 0 : 1,
      selector: { matchLabels: selector(spec.ref, service) },
      template: {
        metadata: { labels: labels(spec.ref, service), ...(annotations ? { annotations } : {}) },
        // realtime says goodbye to its sockets and the AI worker stops its jobs on SIGTERM
        spec: { containers: [container(spec, o, service)], terminationGracePeriodSeconds: 30 },
      },
    },
  };
  return [deployment, clusterService(spec.ref, service, 80, SERVICE_PORT)];
}

/** Named by image, so a new release runs its own Job (a Job's template cannot be changed in place). */
export function migrateJob(spec: ProjectSpec, o: KubernetesOptions): V1Job {
  const tag = createHash('sha256').update(o.image).digest('hex').slice(0, 10);
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: `migrate-${tag}`, namespace: namespaceOf(spec.ref), labels: labels(spec.ref, 'migrate') },
    spec: {
      backoffLimit: 10, // the database may still be starting
      ttlSecondsAfterFinished: 3600,
      template: { metadata: { labels: labels(spec.ref, 'migrate') }, spec: { restartPolicy: 'OnFailure', containers: [container(spec, o, 'migrate')] } },
    },
  };
}

/** Every object of a project, in apply order. */
export function projectManifests(spec: ProjectSpec, o: KubernetesOptions, s: ManifestState = { paused: false }): KubernetesObject[] {
  const full = { ...spec, compute: { ...DEFAULT_COMPUTE, ...spec.compute } };
  return [
    namespace(spec.ref),
    isolationPolicy(spec.ref, o),
    secret(full, o),
    ...postgres(full, o, s),
    ...(s.paused ? [] : [migrateJob(full, o)]),
    ...PROJECT_SERVICES.flatMap((svc) => serviceDeployment(full, o, svc, s)),
  ];
}
