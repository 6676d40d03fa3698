/** A string as an OData literal in `$filter`: single-quoted, with quotes inside doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A `$filter` query part, URL-encoded: UPNs such as guests' `…#EXT#@…` contain URL delimiters. */
export function filterParam(expression: string): string {
  return `$filter=${encodeURIComponent(expression)}`;
}
