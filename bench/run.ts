// `npm run bench -- NAME` runs bench/NAME.ts (default: foundation).
const name = process.argv[2] ?? 'foundation';
if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad benchmark name: ${name}`);
await import(`./${name}.ts`);
