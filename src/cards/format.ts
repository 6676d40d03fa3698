const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return COUNT_FORMAT.format(Math.max(0, Math.round(n)));
}

/** "1 row", "1,000 rows". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** Whole percent; 100 only when everything is done, 0 only when nothing is. */
export function percentDone(done: number, total: number): number {
  if (total <= 0 || done <= 0) return 0;
  if (done >= total) return 100;
  return Math.min(99, Math.max(1, Math.floor((done * 100) / total)));
}

/** "12 rows per second", "40 rows per minute", or '' when the rate is not known yet. */
export function formatRate(perSecond: number | undefined, unit = 'rows'): string {
  if (perSecond === undefined || !Number.isFinite(perSecond) || perSecond <= 0) return '';
  if (perSecond >= 10) return `${formatCount(perSecond)} ${unit} per second`;
  if (perSecond >= 1) return `${perSecond.toFixed(1).replace(/\.0$/, '')} ${unit} per second`;
  return `${formatCount(Math.max(1, perSecond * 60))} ${unit} per minute`;
}

/** Plain words for time left: "less than a minute left", "about 12 minutes left", "about 3 hours left". */
export function formatTimeLeft(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 45) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${countOf(Math.max(1, minutes), 'minute')} left`;
  if (minutes < 120) {
    const extra = Math.round((minutes - 60) / 10) * 10;
    if (extra === 0) return 'about 1 hour left';
    if (extra === 60) return 'about 2 hours left';
    return `about 1 hour ${extra} minutes left`;
  }
  const hours = seconds / 3600;
  if (hours < 48) return `about ${countOf(Math.round(hours), 'hour')} left`;
  return `about ${countOf(Math.round(hours / 24), 'day')} left`;
}

/** "45 seconds", "3 minutes 12 seconds", "1 hour 4 minutes". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return countOf(s, 'second');
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    const rest = s % 60;
    return rest === 0 ? countOf(minutes, 'minute') : `${countOf(minutes, 'minute')} ${countOf(rest, 'second')}`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes === 0 ? countOf(hours, 'hour') : `${countOf(hours, 'hour')} ${countOf(restMinutes, 'minute')}`;
}

/**
 * An instant in the form Adaptive Card `{{DATE()}}`/`{{TIME()}}` functions accept (no milliseconds), so Teams shows it
 * in the viewer's own time zone and locale. Returns undefined for anything that is not a valid date.
 */
export function cardInstant(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function cardDate(value: string | Date | undefined): string {
  const instant = cardInstant(value);
  return instant === undefined ? 'an unknown date' : `{{DATE(${instant}, SHORT)}}`;
}

export function cardTime(value: string | Date | undefined): string {
  const instant = cardInstant(value);
  return instant === undefined ? 'an unknown time' : `{{TIME(${instant})}}`;
}
