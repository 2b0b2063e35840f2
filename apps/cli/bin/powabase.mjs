#!/usr/bin/env node
// Entry for the installed `powabase` command: load the TypeScript loader, then the CLI.
import { register } from 'tsx/esm/api';
register();
await import('../src/bin.ts');
