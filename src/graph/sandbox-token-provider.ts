import { z } from 'zod';
import type { TokenProvider, TokenResult } from './token-provider';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

export interface SandboxTokenProviderOptions {
  /** The sandbox origin, e.g. `http://127.0.0.1:4010` (not the `/v1.0` Graph base). */
  sandboxOrigin: string;
  /** UPN or object id of the acting user. */
  user: string;
  /** Scopes for the token's `scp`; the sandbox's default (the app registration's scopes) when left out. */
  scopes?: readonly string[];
  /** Refresh this long before expiry. */
  refreshMarginMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Tokens from the local Graph sandbox (`POST /_sandbox/token`), cached until shortly before they expire. */
export class SandboxTokenProvider implements TokenProvider {
  private cached: { token: string; expiresOn: number } | undefined;
  private pending: Promise<TokenResult> | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly margin: number;

  constructor(private readonly options: SandboxTokenProviderOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.margin = options.refreshMarginMs ?? 60_000;
  }

  async getToken(): Promise<TokenResult> {
    if (this.cached && this.now() < this.cached.expiresOn - this.margin) {
      return { ok: true, ...this.cached };
    }
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<TokenResult> {
    const url = new URL('/_sandbox/token', this.options.sandboxOrigin).toString();
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: this.options.user, ...(this.options.scopes ? { scopes: this.options.scopes } : {}) }),
      });
    } catch (error) {
      return { ok: false, reason: 'unavailable', message: `The Graph sandbox at ${url} did not answer: ${String(error)}` };
    }
    const text = await response.text();
    if (!response.ok) {
      return {
        ok: false,
        reason: response.status === 400 || response.status === 404 ? 'sign-in-required' : 'unavailable',
        message: `The Graph sandbox refused a token for ${this.options.user} (HTTP ${response.status}): ${text.slice(0, 200)}`,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      return { ok: false, reason: 'unavailable', message: 'The Graph sandbox returned a token response without access_token/expires_in.' };
    }
    const expiresOn = this.now() + parsed.data.expires_in * 1000;
    this.cached = { token: parsed.data.access_token, expiresOn };
    return { ok: true, token: parsed.data.access_token, expiresOn };
  }
}
