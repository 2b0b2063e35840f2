// An in-memory provisioner for the control-plane tests: records calls, injects failures, and can hold a
// call open (to simulate a crash mid-creation) until the test releases it.
import type { AuthSettings } from '../src/auth-config/types.ts';
import type { ProjectSpec, ProvisionedProject, Provisioner } from '../src/provisioner.ts';

type Op = 'create' | 'pause' | 'resume' | 'remove' | 'health' | 'configureAuth';
type State = 'running' | 'paused' | 'half';

interface Held { reached: Promise<void>; release(error?: Error): void }

export class FakeProvisioner implements Provisioner {
  readonly name = 'fake';
  readonly projects = new Map<string, { state: State; spec?: ProjectSpec; port: number }>();
  readonly calls: Array<{ op: Op; ref: string }> = [];
  readonly unhealthy = new Set<string>();
  private failures: Array<{ op: Op; ref?: string; times: number; message: string }> = [];
  private holds = new Map<Op, { onReach: () => void; gate: Promise<void> }>();
  private nextPort = 54000;
  /** When set, every running project's Database URL is this one (tests that run real SQL). */
  dbUrl?: string;
  /** Database URLs for single projects (ref -> URL), ahead of `dbUrl`. */
  readonly dbUrls = new Map<string, string>();

  /** The next `times` calls of `op` (for `ref`, when given) throw. */
  fail(op: Op, opts: { ref?: string; times?: number; message?: string } = {}): void {
    this.failures.push({ op, ref: opts.ref, times: opts.times ?? 1, message: opts.message ?? `injected ${op} failure` });
  }

  /** The next call of `op` waits until released; `reached` resolves once it is waiting. */
  hold(op: Op): Held {
    let onReach!: () => void;
    let open!: () => void;
    let shut!: (e: Error) => void;
    const reached = new Promise<void>((r) => { onReach = r; });
    const gate = new Promise<void>((res, rej) => { open = res; shut = rej; });
    gate.catch(() => {});
    this.holds.set(op, { onReach, gate });
    return { reached, release: (e) => (e ? shut(e) : open()) };
  }

  /** A project a crashed create left behind: known to the provisioner but not running. */
  markHalfMade(ref: string): void {
    this.projects.set(ref, { state: 'half', port: this.nextPort += 2 });
  }

  count(op: Op, ref?: string): number {
    return this.calls.filter((c) => c.op === op && (ref === undefined || c.ref === ref)).length;
  }

  private async enter(op: Op, ref: string): Promise<void> {
    this.calls.push({ op, ref });
    const held = this.holds.get(op);
    if (held) {
      this.holds.delete(op);
      held.onReach();
      await held.gate;
    }
    const i = this.failures.findIndex((f) => f.op === op && (!f.ref || f.ref === ref));
    if (i >= 0) {
      const f = this.failures[i];
      if (--f.times <= 0) this.failures.splice(i, 1);
      throw new Error(f.message);
    }
  }

  async create(spec: ProjectSpec): Promise<ProvisionedProject> {
    await this.enter('create', spec.ref);
    const p = this.projects.get(spec.ref);
    this.projects.set(spec.ref, { state: 'running', spec, port: p?.port ?? (this.nextPort += 2) });
    return this.endpoints(spec.ref)!;
  }

  async pause(ref: string): Promise<void> {
    await this.enter('pause', ref);
    const p = this.projects.get(ref);
    if (!p) throw new Error(`no project ${ref}`);
    p.state = 'paused';
  }

  async resume(spec: ProjectSpec): Promise<ProvisionedProject> {
    await this.enter('resume', spec.ref);
    const p = this.projects.get(spec.ref);
    if (!p || p.state === 'half') throw new Error(`no project ${spec.ref} to resume`);
    p.state = 'running';
    p.spec = spec;
    return this.endpoints(spec.ref)!;
  }

  async remove(ref: string): Promise<void> {
    await this.enter('remove', ref);
    this.projects.delete(ref);
  }

  async health(ref: string): Promise<{ healthy: boolean; detail?: string }> {
    await this.enter('health', ref);
    const p = this.projects.get(ref);
    if (p?.state !== 'running') return { healthy: false, detail: 'not running' };
    return this.unhealthy.has(ref) ? { healthy: false, detail: 'gateway down' } : { healthy: true };
  }

  /** Auth settings pushed to running projects (ref -> the latest). */
  readonly authPushed = new Map<string, AuthSettings>();

  async configureAuth(ref: string, settings: AuthSettings): Promise<void> {
    await this.enter('configureAuth', ref);
    const p = this.projects.get(ref);
    if (p?.state === 'running' && p.spec) {
      p.spec = { ...p.spec, auth: settings };
      this.authPushed.set(ref, settings);
    }
  }

  endpoints(ref: string): ProvisionedProject | null {
    const p = this.projects.get(ref);
    if (p?.state !== 'running' || !p.spec) return null;
    return {
      url: `http://127.0.0.1:${p.port}`,
      dbUrl: this.dbUrls.get(ref) ?? this.dbUrl ?? `postgresql://postgres:${encodeURIComponent(p.spec.secrets.dbPassword)}@127.0.0.1:${p.port + 1}/postgres`,
    };
  }
}
