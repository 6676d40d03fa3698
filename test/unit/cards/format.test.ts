import { describe, expect, it } from 'vitest';
import { cardDate, cardInstant, countOf, formatCount, formatDuration, formatRate, formatTimeLeft, percentDone } from '../../../src/cards/format';
import { daysLeftColor, daysLeftText } from '../../../src/cards/days-left';
import { safeCardUrl } from '../../../src/cards/safe-card-url';

describe('formatting for cards', () => {
  it('counts with separators and singular/plural', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(countOf(1, 'row')).toBe('1 row');
    expect(countOf(1000, 'row')).toBe('1,000 rows');
    expect(countOf(2, 'match', 'matches')).toBe('2 matches');
  });

  it('rounds percent down, reserving 0 and 100 for nothing and everything', () => {
    expect(percentDone(0, 10)).toBe(0);
    expect(percentDone(1, 1000)).toBe(1);
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(1000, 1000)).toBe(100);
    expect(percentDone(5, 0)).toBe(0);
  });

  it('says the time left in plain words', () => {
    expect(formatTimeLeft(10)).toBe('less than a minute left');
    expect(formatTimeLeft(60)).toBe('about 1 minute left');
    expect(formatTimeLeft(12 * 60)).toBe('about 12 minutes left');
    expect(formatTimeLeft(3600)).toBe('about 1 hour left');
    expect(formatTimeLeft(5400)).toBe('about 1 hour 30 minutes left');
    expect(formatTimeLeft(3 * 3600)).toBe('about 3 hours left');
    expect(formatTimeLeft(4 * 86400)).toBe('about 4 days left');
    expect(formatTimeLeft(undefined)).toBe('');
    expect(formatTimeLeft(Number.NaN)).toBe('');
  });

  it('gives the rate per second, or per minute when slow', () => {
    expect(formatRate(25.6)).toBe('26 rows per second');
    expect(formatRate(2.45)).toBe('2.5 rows per second');
    expect(formatRate(3)).toBe('3 rows per second');
    expect(formatRate(0.5)).toBe('30 rows per minute');
    expect(formatRate(0)).toBe('');
    expect(formatRate(undefined)).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration(45)).toBe('45 seconds');
    expect(formatDuration(192)).toBe('3 minutes 12 seconds');
    expect(formatDuration(120)).toBe('2 minutes');
    expect(formatDuration(3840)).toBe('1 hour 4 minutes');
  });

  it('produces instants the Adaptive Card DATE/TIME functions accept', () => {
    expect(cardInstant('2026-11-23T09:01:02.345Z')).toBe('2026-11-23T09:01:02Z');
    expect(cardInstant('2026-11-23T10:01:02+01:00')).toBe('2026-11-23T09:01:02Z');
    expect(cardInstant('not a date')).toBeUndefined();
    expect(cardDate('2026-11-23T09:01:02Z')).toBe('{{DATE(2026-11-23T09:01:02Z, SHORT)}}');
    expect(cardDate('garbage')).toBe('an unknown date');
  });

  it('colours days left: warning under a week, attention under a day', () => {
    expect([daysLeftColor(12), daysLeftColor(6), daysLeftColor(0)]).toEqual(['default', 'warning', 'attention']);
    expect(daysLeftText(1)).toBe('1 day left');
    expect(daysLeftText(0)).toBe('less than a day left');
  });

  it('only lets https (and loopback http) links become buttons', () => {
    expect(safeCardUrl('https://contoso.sharepoint.com/x.csv')).toBe('https://contoso.sharepoint.com/x.csv');
    expect(safeCardUrl('http://127.0.0.1:3978/files/x.csv')).toBe('http://127.0.0.1:3978/files/x.csv');
    expect(safeCardUrl('http://evil.example/x')).toBeUndefined();
    expect(safeCardUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeCardUrl('not a url')).toBeUndefined();
  });
});
