import { createTheme, NavLink, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's default shades fail WCAG AA contrast for text on filled buttons and for dimmed text:
 * shade 8 of the primary colour, automatic contrast for filled variants and darker dimmed text.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  luminanceThreshold: 0.4,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'sm',
  components: {
    // The current page's entry keeps AA contrast on its tinted background, hovered or not.
    NavLink: NavLink.extend({
      vars: () => ({
        root: {
          '--nl-color': 'var(--mantine-color-blue-9)',
          '--nl-bg': 'var(--mantine-color-blue-0)',
          '--nl-hover': 'var(--mantine-color-blue-1)',
        },
        children: {},
      }),
    }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-9)',
    // Field errors (text and border) in a red that passes AA on white.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
