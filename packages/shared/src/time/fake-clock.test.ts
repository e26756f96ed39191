import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in due order when advanced past them, and not before', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push('c'));
    clock.setTimer(100, () => fired.push('a'));
    clock.setTimer(200, () => fired.push('b'));
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(150);
    expect(fired).toEqual(['a', 'b']);
    clock.advance(1000);
    expect(fired).toEqual(['a', 'b', 'c']);
  });

  it('never fires a cancelled timer', () => {
    const clock = new FakeClock(0);
    let fired = false;
    const cancel = clock.setTimer(10, () => {
      fired = true;
    });
    cancel();
    clock.advance(100);
    expect(fired).toBe(false);
  });

  it('fires at once a timer scheduled in the past', () => {
    const clock = new FakeClock(1000);
    let fired = false;
    clock.setTimer(500, () => {
      fired = true;
    });
    expect(fired).toBe(true);
  });

  it('refuses to go back', () => {
    expect(() => new FakeClock(0).advance(-1)).toThrow(/>= 0/);
  });
});
