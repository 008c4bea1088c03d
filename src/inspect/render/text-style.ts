/**
 * Terminal text helpers for the renderers: ANSI colour that can be switched off, control-character
 * scrubbing (span data is attacker-controlled: an ESC in a prompt must not drive the terminal), and
 * fitting text to a column width.
 */

/** ANSI styles the renderers use. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
};

/** Returns `paint(text, style)` that colours when `color` is true and is the identity otherwise. */
export function painter(color: boolean): (text: string, ...styles: Style[]) => string {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.reduce((acc, s) => `\u001b[${CODES[s][0]}m${acc}\u001b[${CODES[s][1]}m`, text);
}

// C0/C1 controls, DEL, and bidi overrides/isolates (Trojan-Source style reordering).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Makes span-derived text safe for a terminal: one line, no control or bidi characters. */
export function clean(text: string): string {
  return text.replace(/\r\n|\r|\n|\t/g, ' ').replace(UNSAFE, '\ufffd');
}

/** Cuts `text` to `width` columns (with an ellipsis) and pads it to exactly `width`. */
export function fitText(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  const cut = chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : text;
  const pad = ' '.repeat(Math.max(0, width - [...cut].length));
  return align === 'left' ? cut + pad : pad + cut;
}

export { formatClock, formatDuration, formatInt, formatTime, formatTokens } from '../display/format.ts';
