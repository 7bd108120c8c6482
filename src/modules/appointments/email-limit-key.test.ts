import { describe, expect, it } from 'vitest';
import { emailLimitKey } from './email-limit-key';

describe('emailLimitKey', () => {
  it.each([
    ['sb@x.example', 'sb@x.example'],
    ['sb+1@x.example', 'sb@x.example'],
    ['SB+Termine@X.Example', 'sb@x.example'],
    ['  sb+a+b@x.example ', 'sb@x.example'],
    ['+tag@x.example', '@x.example'],
    ['first.last@x.example', 'first.last@x.example'],
    ['sb@x+y.example', 'sb@x+y.example'],
  ])('%j → %j', (input, key) => {
    expect(emailLimitKey(input)).toBe(key);
  });
});
