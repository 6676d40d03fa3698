export type TokenResult =
  | { ok: true; token: string; expiresOn: number }
  | { ok: false; reason: 'sign-in-required' | 'expired' | 'unavailable'; message: string };

/** A delegated access token for one acting user. Implementations cache and refresh as they see fit. */
export interface TokenProvider {
  getToken(): Promise<TokenResult>;
  /** Drops a cached token after Graph rejected it, so the next getToken fetches a fresh one. */
  invalidate?(): void;
}

/** A fixed token, for tests and for callers that already hold one (e.g. the bot's SSO exchange). */
export class StaticTokenProvider implements TokenProvider {
  constructor(
    private readonly token: string,
    private readonly expiresOn: number = Number.MAX_SAFE_INTEGER,
    private readonly now: () => number = Date.now,
  ) {}

  async getToken(): Promise<TokenResult> {
    if (this.now() >= this.expiresOn) {
      return { ok: false, reason: 'expired', message: 'The access token has expired; sign in again.' };
    }
    return { ok: true, token: this.token, expiresOn: this.expiresOn };
  }
}
