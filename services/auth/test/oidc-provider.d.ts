// oidc-provider ships no type declarations; the tests use its constructor and `callback()` only.
declare module 'oidc-provider' {
  export default class Provider {
    constructor(issuer: string, config: unknown);
    callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
  }
}
