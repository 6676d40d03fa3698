import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/bot/command-parser';

describe('the undo command', () => {
  it('reads a job id, with or without "job" and #, in its original case', () => {
    expect(parseCommand('undo 3F9A1C')).toEqual({ intent: 'undo', job: '3F9A1C' });
    expect(parseCommand('undo job #3f9a1c')).toEqual({ intent: 'undo', job: '3f9a1c' });
    expect(parseCommand('please undo 3F9A1C')).toEqual({ intent: 'undo', job: '3F9A1C' });
  });

  it('reads the last job', () => {
    expect(parseCommand('undo my last job')).toEqual({ intent: 'undo', last: true });
    expect(parseCommand('undo last')).toEqual({ intent: 'undo', last: true });
  });

  it('asks which job when none is named', () => {
    expect(parseCommand('undo')).toEqual({ intent: 'undo' });
  });
});
