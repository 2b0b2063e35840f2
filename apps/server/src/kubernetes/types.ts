// Settings of the `kubernetes` provisioner (passed down by the app that builds it) and the names it gives things.

/** The services of a project, each one Deployment + Service running `bin/service.mjs` with POWABASE_SERVICE. */
export const PROJECT_SERVICES = ['gateway', 'rest', 'auth', 'storage', 'realtime', 'api'] as const;
export type ProjectService = (typeof PROJECT_SERVICES)[number];

/** Container port of every service (POWABASE_PORT); the Kubernetes Services listen on 80. */
export const SERVICE_PORT = 8080;
export const SECRET_NAME = 'project-secrets';
export const POSTGRES_NAME = 'postgres';

export interface S3Settings {
  bucket: string;
  region: string;
  /** S3-compatible endpoint (MinIO …); empty: AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface KubernetesOptions {
  /** The Powabase image (deploy/Dockerfile), e.g. `ghcr.io/acme/powabase:0.1.0`. */
  image: string;
  /** PostgreSQL with pgvector. */
  postgresImage: string;
  /** Public Project URL of a ref, e.g. `https://${ref}.powabase.example.com` (the shared ingress routes it to the gateway). */
  projectUrl: (ref: string) => string;
  /** Objects: one bucket, a prefix `projects/<ref>/` per project. */
  s3: S3Settings;
  /** StorageClass of the database volume (cluster default when unset). */
  storageClassName?: string;
  /** Whose X-Forwarded-For the services believe (the gateway pods): CIDRs of the pod network. */
  trustedProxyCidrs: string[];
  /** Names of the namespaces allowed in by the project-isolation NetworkPolicy. */
  allowedNamespaces: string[];
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

export const defaultKubernetesOptions = (o: Pick<KubernetesOptions, 'image' | 'projectUrl' | 's3'> & Partial<KubernetesOptions>): KubernetesOptions => ({
  postgresImage: 'pgvector/pgvector:pg16',
  trustedProxyCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
  allowedNamespaces: ['shared-services', 'control-plane'],
  ...o,
});

export const namespaceOf = (ref: string) => `project-${ref}`;
