// The `kubernetes` provisioner: manifests per project (pure) and the class applying them.
export { projectManifests, DEFAULT_COMPUTE, namespace, isolationPolicy, secret, postgres, serviceDeployment, migrateJob, plainEnv, resources } from './manifests.ts';
export { KubernetesProvisioner, type ObjectApi } from './provisioner.ts';
export { defaultKubernetesOptions, namespaceOf, PROJECT_SERVICES, type KubernetesOptions, type S3Settings, type ProjectService } from './types.ts';
