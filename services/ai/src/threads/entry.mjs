// Compute-thread entry: worker threads do not inherit the TypeScript loader in every launch mode, so
// register tsx here, then load the TypeScript module whose default export piscina calls.
import { register } from 'tsx/esm/api';
register();
const mod = await import('./compute.ts');
export default mod.default;
