import { describe, expect, it } from 'vitest';
import { colors, tokensCss, type ThemeName } from './tokens.js';
import { contrastRatio } from './contrast.js';

const themes: ThemeName[] = ['dark', 'light'];
const foregrounds = ['text', 'textMuted', 'accent', 'up', 'degraded', 'down', 'unknown'] as const;
const surfaces = ['bg', 'surface', 'surfaceRaised'] as const;

describe('colour tokens meet WCAG AA', () => {
  for (const theme of themes) {
    for (const fg of foregrounds) {
      for (const bg of surfaces) {
        it(`${theme}: ${fg} on ${bg} ≥ 4.5:1`, () => {
          expect(contrastRatio(colors[theme][fg], colors[theme][bg])).toBeGreaterThanOrEqual(4.5);
        });
      }
    }
    for (const status of ['up', 'degraded', 'down', 'unknown'] as const) {
      it(`${theme}: ${status} text on its tinted badge ≥ 4.5:1`, () => {
        expect(
          contrastRatio(colors[theme][status], colors[theme][`${status}Bg`]),
        ).toBeGreaterThanOrEqual(4.5);
      });
    }
    it(`${theme}: accent button text ≥ 4.5:1`, () => {
      expect(contrastRatio(colors[theme].accentText, colors[theme].accent)).toBeGreaterThanOrEqual(
        4.5,
      );
    });
  }
});

describe('contrastRatio', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#767676', '#ffffff', 4.54],
  ])('%s on %s is %d', (fg, bg, expected) => {
    expect(contrastRatio(fg, bg)).toBeCloseTo(expected, 1);
  });
});

describe('tokensCss', () => {
  it('puts dark on :root and light under data-theme', () => {
    const css = tokensCss();
    expect(css).toContain(`--ae-color-bg: ${colors.dark.bg};`);
    expect(css).toMatch(/\[data-theme="light"\] \{[^}]*--ae-color-bg: #f5f6fa;/);
  });
});
