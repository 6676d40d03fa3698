import { isInvisibleControl, truncateText } from './escape-card-text';

/** Button titles and input values are plain text (no markdown), so they are shortened and cleaned, not escaped. */
export function cardPlainText(value: string, maxLength = 60): string {
  const visible = value
    .split('')
    .map((c) => (isInvisibleControl(c.charCodeAt(0)) ? ' ' : c))
    .join('');
  const oneLine = visible.replace(/\s+/g, ' ').trim();
  return truncateText(oneLine, maxLength);
}
