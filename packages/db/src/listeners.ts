// Channel subscriptions shared by both engines: one LISTEN per channel however many callbacks, the first
// caller's LISTEN awaited by all, UNLISTEN when the last callback leaves. The engine supplies the two commands.
import type { Unlisten } from './types.ts';

export interface ChannelCommands {
  listen(channel: string): Promise<unknown>;
  unlisten(channel: string): Promise<unknown>;
}

export class Listeners {
  private readonly channels = new Map<string, { cbs: Set<(p: string) => void>; ready: Promise<unknown> }>();

  constructor(private readonly commands: ChannelCommands) {}

  dispatch(channel: string, payload: string): void {
    for (const cb of this.channels.get(channel)?.cbs ?? []) cb(payload);
  }

  async add(channel: string, cb: (payload: string) => void): Promise<Unlisten> {
    let entry = this.channels.get(channel);
    if (!entry) this.channels.set(channel, (entry = { cbs: new Set(), ready: this.commands.listen(channel) }));
    const e = entry;
    e.cbs.add(cb);
    try {
      await e.ready;
    } catch (err) {
      e.cbs.delete(cb);
      if (this.channels.get(channel) === e) this.channels.delete(channel);
      throw err;
    }
    return async () => {
      if (!e.cbs.delete(cb) || e.cbs.size > 0 || this.channels.get(channel) !== e) return;
      this.channels.delete(channel);
      await this.commands.unlisten(channel);
    };
  }
}
