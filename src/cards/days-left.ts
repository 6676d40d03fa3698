import { countOf } from './format';

/** Deleted objects can be restored for 30 days; under a week left is worth a warning colour. */
export const DAYS_LEFT_WARNING = 7;

export function daysLeftText(daysLeft: number): string {
  if (daysLeft <= 0) return 'less than a day left';
  return `${countOf(Math.floor(daysLeft), 'day')} left`;
}

export function daysLeftColor(daysLeft: number): 'attention' | 'warning' | 'default' {
  if (daysLeft < 1) return 'attention';
  if (daysLeft < DAYS_LEFT_WARNING) return 'warning';
  return 'default';
}
