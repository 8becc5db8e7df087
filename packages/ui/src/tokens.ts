/**
 * Design tokens of AETHER GRID. One source for the CSS custom properties (dist/tokens.css,
 * generated from this file) and for code that needs a value (charts, motion).
 * Every foreground colour meets WCAG AA (4.5:1) on every surface of its theme; tokens.test.ts
 * holds that line.
 */

export type ThemeName = 'dark' | 'light';

export interface ColorTokens {
  bg: string;
  surface: string;
  surfaceRaised: string;
  border: string;
  borderStrong: string;
  text: string;
  textMuted: string;
  accent: string;
  accentText: string;
  focus: string;
  up: string;
  degraded: string;
  down: string;
  unknown: string;
  /** Tinted backgrounds behind status text; the text colour keeps AA on them. */
  upBg: string;
  degradedBg: string;
  downBg: string;
  unknownBg: string;
  overlay: string;
}

export const colors: Record<ThemeName, ColorTokens> = {
  dark: {
    bg: '#0b0e14',
    surface: '#121722',
    surfaceRaised: '#1a2030',
    border: '#262d3d',
    borderStrong: '#3a4358',
    text: '#e7eaf2',
    textMuted: '#a3acbe',
    accent: '#8fb0ff',
    accentText: '#0b0e14',
    focus: '#8fb0ff',
    up: '#5ddb8f',
    degraded: '#f5c451',
    down: '#ff8a8a',
    unknown: '#a3acbe',
    upBg: '#12291e',
    degradedBg: '#2b2412',
    downBg: '#2e1619',
    unknownBg: '#1d2230',
    overlay: 'rgba(5, 7, 12, 0.66)',
  },
  light: {
    bg: '#f5f6fa',
    surface: '#ffffff',
    surfaceRaised: '#eef0f5',
    border: '#d9dde6',
    borderStrong: '#b5bccb',
    text: '#151a26',
    textMuted: '#4f5869',
    accent: '#2a55c9',
    accentText: '#ffffff',
    focus: '#2a55c9',
    up: '#15703a',
    degraded: '#7f5200',
    down: '#b3202a',
    unknown: '#545d6e',
    upBg: '#e3f4ea',
    degradedBg: '#fbf0d9',
    downBg: '#fbe5e6',
    unknownBg: '#eceef3',
    overlay: 'rgba(20, 24, 36, 0.36)',
  },
};

/** 4px grid. */
export const space = {
  0: '0',
  1: '4px',
  2: '8px',
  3: '12px',
  4: '16px',
  5: '24px',
  6: '32px',
  7: '48px',
  8: '64px',
} as const;

export const radius = { sm: '6px', md: '10px', lg: '14px', pill: '999px' } as const;

export const font = {
  sans: "'Inter', ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  mono: "'JetBrains Mono', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  size: { xs: '12px', sm: '13px', md: '14px', lg: '16px', xl: '20px', xxl: '28px' },
  weight: { regular: '400', medium: '500', semibold: '600' },
  lineHeight: { tight: '1.25', normal: '1.5' },
} as const;

/** Durations in ms and easings; motion code reads these, CSS reads the variables. */
export const motion = {
  fast: 120,
  base: 200,
  slow: 320,
  easeOut: [0.16, 1, 0.3, 1] as const,
  easeInOut: [0.65, 0, 0.35, 1] as const,
} as const;

export const shadow = {
  dark: '0 1px 0 rgba(255,255,255,0.03) inset, 0 8px 24px rgba(0,0,0,0.35)',
  light: '0 1px 2px rgba(20,24,36,0.06), 0 8px 24px rgba(20,24,36,0.08)',
} as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** CSS custom properties of one theme, e.g. { '--ae-color-bg': '#0b0e14', ... }. */
export function themeVariables(theme: ThemeName): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(colors[theme]))
    vars[`--ae-color-${kebab(name)}`] = value;
  vars['--ae-shadow'] = shadow[theme];
  return vars;
}

/** Variables that do not change with the theme. */
export function baseVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(space)) vars[`--ae-space-${name}`] = value;
  for (const [name, value] of Object.entries(radius)) vars[`--ae-radius-${name}`] = value;
  for (const [name, value] of Object.entries(font.size)) vars[`--ae-font-size-${name}`] = value;
  vars['--ae-font-sans'] = font.sans;
  vars['--ae-font-mono'] = font.mono;
  vars['--ae-motion-fast'] = `${motion.fast}ms`;
  vars['--ae-motion-base'] = `${motion.base}ms`;
  vars['--ae-motion-slow'] = `${motion.slow}ms`;
  vars['--ae-ease-out'] = `cubic-bezier(${motion.easeOut.join(', ')})`;
  return vars;
}

/** The whole stylesheet of variables: dark on :root (the default), light under [data-theme="light"]. */
export function tokensCss(): string {
  const block = (selector: string, vars: Record<string, string>) =>
    `${selector} {\n${Object.entries(vars)
      .map(([k, v]) => `  ${k}: ${v};`)
      .join('\n')}\n}\n`;
  return [
    block(':root, [data-theme="dark"]', {
      ...baseVariables(),
      ...themeVariables('dark'),
      'color-scheme': 'dark',
    }),
    block('[data-theme="light"]', { ...themeVariables('light'), 'color-scheme': 'light' }),
  ].join('\n');
}
