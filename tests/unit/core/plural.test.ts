import { plural } from '../../../lib/core/plural';

test('plural: singular only for exactly one', () => {
  expect(plural(1, 'member')).toBe('1 member');
  expect(plural(0, 'member')).toBe('0 members');
  expect(plural(3, 'trial')).toBe('3 trials');
  expect(plural(2, 'class', 'classes')).toBe('2 classes');
});
