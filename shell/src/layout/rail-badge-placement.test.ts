/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// read from disk: vitest hands CSS modules (even ?raw) to tests as empty strings
const shellCss = readFileSync(join(import.meta.dirname, '../shell.css'), 'utf8');

// jsdom lays nothing out, so this reads the rail's own numbers from shell.css (through the
// browser's CSS parser) and places the boxes as the rail's flex layout does: the link's padding
// puts the icon at (padding-left, padding-top) inside the list item the badge is positioned in.
// A change to the padding, the icon or the badge that makes the count cover the icon's initials
// ("1" on top of "OP", seen at 390 px) fails here.

type Declarations = Map<string, string>;

function rulesFor(mobile: boolean): Map<string, Declarations> {
  const style = document.createElement('style');
  style.textContent = shellCss;
  document.head.append(style);
  const found = new Map<string, Declarations>();
  const take = (rules: CSSRuleList) => {
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSMediaRule) {
        if (mobile && rule.conditionText.includes('max-width: 760px')) take(rule.cssRules);
      } else if (rule instanceof CSSStyleRule) {
        for (const selector of rule.selectorText.split(',').map((s) => s.trim())) {
          const declarations = found.get(selector) ?? new Map<string, string>();
          for (const name of Array.from(rule.style)) {
            declarations.set(name, rule.style.getPropertyValue(name));
          }
          found.set(selector, declarations);
        }
      }
    }
  };
  take(style.sheet!.cssRules);
  style.remove();
  return found;
}

const px = (value: string | undefined, what: string): number => {
  const match = /^(-?\d+(?:\.\d+)?)px$/.exec(value?.trim() ?? '');
  if (!match) throw new Error(`${what} is not in px: ${value}`);
  return Number(match[1]);
};

/** x/y ranges relative to the rail's list item. */
type Box = { left: number; top: number; right: number; bottom: number };

function placement(mobile: boolean) {
  const rules = rulesFor(mobile);
  const get = (selector: string, name: string) => rules.get(selector)?.get(name);
  const link = {
    top: px(get('.rail__link', 'padding-top'), '.rail__link padding-top'),
    left: px(get('.rail__link', 'padding-left'), '.rail__link padding-left'),
  };
  const size = px(get('.rail__icon', 'width'), '.rail__icon width');
  const radius = px(get('.rail__icon', 'border-radius'), '.rail__icon border-radius');
  const icon: Box = {
    left: link.left,
    top: link.top,
    right: link.left + size,
    bottom: link.top + size,
  };
  const top = px(get('.rail__badge', 'top'), '.rail__badge top');
  const left = px(get('.rail__badge', 'left'), '.rail__badge left');
  const badge: Box = {
    left,
    top,
    // one digit: the badge is at its minimum width
    right: left + px(get('.rail__badge', 'min-width'), '.rail__badge min-width'),
    bottom: top + px(get('.rail__badge', 'height'), '.rail__badge height'),
  };
  const listTop = px(get('.rail ul', 'padding-top') ?? '0px', '.rail ul padding-top');
  const clips = /auto|hidden|scroll/.test(get('.rail ul', 'overflow-x') ?? '');
  return { icon, radius, badge, listTop, clips };
}

describe('the approvals badge on the nav rail', () => {
  it.each([
    ['desktop', false],
    ['390 px phone', true],
  ])('sits at the icon’s top-right corner without covering it (%s)', (_, mobile) => {
    const { icon, radius, badge, listTop, clips } = placement(mobile);
    // The initials live inside the icon's box less its rounded corners: the badge may overlap
    // only the top-right corner square, where the rounding leaves nothing to hide.
    expect(badge.left).toBeGreaterThanOrEqual(icon.right - radius);
    expect(badge.bottom).toBeLessThanOrEqual(icon.top + radius);
    // …and still touches the icon, so it reads as the icon's count, not a stray dot
    expect(badge.left).toBeLessThan(icon.right);
    expect(badge.bottom).toBeGreaterThan(icon.top);
    // A list that scrolls sideways (the phone's rail) clips what sticks out above it.
    if (clips) expect(badge.top).toBeGreaterThanOrEqual(-listTop);
  });
});
