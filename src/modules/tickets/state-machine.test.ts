import { describe, expect, it } from 'vitest';
import type { StateType } from '../../db/schema';
import { canTransition, isOpenType } from './state-machine';

const s = (key: string, type: StateType) => ({ key, type });

describe('ticket state machine', () => {
  it.each([
    [s('new', 'new'), s('assigned', 'open'), true],
    [s('assigned', 'open'), s('inProgress', 'open'), true],
    [s('inProgress', 'open'), s('waitingForRequester', 'pendingAction'), true],
    [s('waitingForRequester', 'pendingAction'), s('inProgress', 'open'), true],
    [s('inProgress', 'open'), s('resolved', 'closed'), true],
    [s('resolved', 'closed'), s('closed', 'closed'), true],
    [s('resolved', 'closed'), s('inProgress', 'open'), true],
    [s('resolved', 'closed'), s('waitingForRequester', 'pendingAction'), false],
    [s('closed', 'closed'), s('new', 'new'), false],
    [s('new', 'new'), s('new', 'new'), false],
    [s('inProgress', 'open'), s('inProgress', 'open'), false],
    [s('merged', 'merged'), s('inProgress', 'open'), false],
    [s('inProgress', 'open'), s('merged', 'merged'), true],
    [s('inProgress', 'open'), s('new', 'new'), false],
  ])('%o → %o allowed: %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });

  it('treats closed and merged as not open', () => {
    expect(isOpenType('closed')).toBe(false);
    expect(isOpenType('merged')).toBe(false);
    expect(isOpenType('pendingReminder')).toBe(true);
  });
});
