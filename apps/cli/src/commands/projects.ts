// `powabase projects …`: list, create, get, connect, pause, resume, delete against the running platform.
import { apiClient } from '../client.ts';
import { CliError, printJson, printTable, progress } from '../output.ts';

export interface ProjectsFlags { dataDir: string; json?: boolean; name?: string; org?: string; url?: string; token?: string; yes?: boolean }

const COLS = ['ref', 'name', 'status', 'organization_id', 'created_at'];

export async function projects(sub: string | undefined, args: string[], flags: ProjectsFlags) {
  const api = await apiClient({ dataDir: flags.dataDir, url: flags.url, token: flags.token });
  const p = progress(!flags.json);
  const needRef = () => {
    if (!args[0]) throw new CliError(`usage: powabase projects ${sub} <ref>`);
    return encodeURIComponent(args[0]);
  };
  switch (sub) {
    case 'list': {
      const rows = await api.call<Record<string, unknown>[]>('GET', '/v1/projects');
      return flags.json ? printJson(rows) : printTable(rows, COLS);
    }
    case 'create': {
      if (!flags.name) throw new CliError('usage: powabase projects create --name NAME [--org SLUG]');
      let org = flags.org;
      if (!org) {
        const orgs = await api.call<{ id: string; slug: string }[]>('GET', '/v1/organizations');
        if (!orgs.length) throw new CliError('you belong to no organization: pass --org');
        org = orgs[0].slug;
      }
      p.step(`Creating project ${flags.name}`);
      const created = await api.call<{ ref: string }>('POST', '/v1/projects', { name: flags.name, organization_id: org }).catch((e) => { p.fail('Project was not created'); throw e; });
      const info = await api.call('GET', `/v1/projects/${created.ref}/connect`);
      p.done(`Project ${created.ref} is ready`);
      return flags.json ? printJson(info) : printConnect(info);
    }
    case 'get': {
      const row = await api.call('GET', `/v1/projects/${needRef()}`);
      return flags.json ? printJson(row) : printTable([row], COLS);
    }
    case 'connect': {
      const info = await api.call('GET', `/v1/projects/${needRef()}/connect`);
      return flags.json ? printJson(info) : printConnect(info);
    }
    case 'pause':
    case 'resume': {
      const ref = needRef();
      p.step(`${sub === 'pause' ? 'Pausing' : 'Resuming'} ${args[0]}`);
      const row = await api.call('POST', `/v1/projects/${ref}/${sub === 'pause' ? 'pause' : 'restore'}`).catch((e) => { p.fail(`${sub} failed`); throw e; });
      p.done(`${args[0]} is ${(row as any)?.status ?? 'done'}`);
      return flags.json ? printJson(row) : undefined;
    }
    case 'delete': {
      const ref = needRef();
      p.step(`Deleting ${args[0]}`);
      const row = await api.call('DELETE', `/v1/projects/${ref}`).catch((e) => { p.fail('delete failed'); throw e; });
      p.done(`${args[0]} deleted`);
      return flags.json ? printJson(row ?? { ref: args[0], status: 'REMOVED' }) : undefined;
    }
    default:
      throw new CliError('usage: powabase projects list|create|get|connect|pause|resume|delete [--json]');
  }
}

function printConnect(c: any) {
  const lines = [
    `Project        ${c.name} (${c.ref}) — ${c.status}`,
    `Project URL    ${c.url}`,
    `anon key       ${c.anon_key}`,
    `service_role   ${c.service_role_key}`,
    `JWT secret     ${c.jwt_secret}`,
    `Database URL   ${c.db_url}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
