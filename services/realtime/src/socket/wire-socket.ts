// What the domain needs of a websocket: the http layer adapts `ws` to this, so nothing below it sees `ws`.
export interface WireSocket {
  /** Bytes queued and not yet written to the network. */
  readonly bufferedAmount: number;
  send(data: string | Buffer): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake. */
  terminate(): void;
}
