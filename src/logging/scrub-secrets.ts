const REDACTED = '[redacted]';

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|password|passwordprofile|client_?secret|secret|access_?token|refresh_?token|id_?token|token|assertion|connection_?string|bot_password|azure_storage_connection_string|accountkey|sig|job_?data_?key(_?previous)?|private_?key|(?:azure_)?(?:openai_)?api[-_]?key)$/i;

const TOKEN_LIKE: ReadonlyArray<[RegExp, string]> = [
  // JWTs (Graph and Bot Framework access tokens)
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // Azure Storage connection strings and SAS signatures
  [/(AccountKey|SharedAccessSignature|SharedAccessKey)=[^;\s"']+/gi, `$1=${REDACTED}`],
  [/([?&]sig=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/((?:client_secret|password|access_token|refresh_token)=)[^&\s"']+/gi, `$1${REDACTED}`],
  // OpenAI API keys (`sk-…`, `sk-proj-…`); Azure OpenAI keys are bare hex, caught by their `api-key` header name
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
];

export function scrubString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of TOKEN_LIKE) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Deep copy with secret-named keys replaced and token-like text masked. Bounded in depth so that a
 * cyclic or enormous object cannot stall logging.
 */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  // Bytes are never useful in a log line and may be key material (JOB_DATA_KEY is a Buffer in the config).
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), stack: value.stack ? scrubString(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && inner !== undefined && inner !== null && inner !== '' ? REDACTED : scrubSecrets(inner, depth + 1);
  }
  return out;
}
