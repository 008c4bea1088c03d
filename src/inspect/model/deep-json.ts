/**
 * JSON text of values nested deeper than the call stack allows. A span tree mirrors its parent chain,
 * and a producer can send a chain thousands of spans deep: `JSON.stringify` recurses per level and
 * throws a RangeError there. The native one is tried first (fast, and enough for every real tree); a
 * value it cannot serialise is written by an explicit-stack walk with the same output.
 */

type Frame = { ref: object; pad: string; i: number } & (
  | { array: true; items: readonly unknown[] }
  | { array: false; entries: Array<[string, unknown]> }
);

/** `JSON.stringify(value, null, indent)` for plain JSON data, at any nesting depth. */
export function toJsonText(value: unknown, indent = 0): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  return stringifyIteratively(value, ' '.repeat(indent));
}

function stringifyIteratively(root: unknown, unit: string): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const seen = new Set<object>();
  const open = (raw: unknown, pad: string, inArray: boolean): void => {
    let v = raw;
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
      v = (v as { toJSON: () => unknown }).toJSON();
    if (v === null || typeof v !== 'object') {
      const scalar = JSON.stringify(v);
      out.push(scalar === undefined ? (inArray ? 'null' : '') : scalar);
      return;
    }
    if (seen.has(v)) throw new TypeError('Converting circular structure to JSON');
    seen.add(v);
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ ref: v, array: true, items: v, i: 0, pad });
    } else {
      const entries = Object.entries(v).filter(
        ([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol',
      );
      out.push('{');
      stack.push({ ref: v, array: false, entries, i: 0, pad });
    }
  };
  open(root, '', true);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const length = f.array ? f.items.length : f.entries.length;
    const inner = f.pad + unit;
    const nl = unit ? '\n' : '';
    if (f.i === length) {
      stack.pop();
      seen.delete(f.ref);
      if (length > 0) out.push(nl + f.pad);
      out.push(f.array ? ']' : '}');
      continue;
    }
    out.push(f.i > 0 ? `,${nl}${inner}` : nl + inner);
    if (f.array) open(f.items[f.i++], inner, true);
    else {
      const [key, val] = f.entries[f.i++]!;
      out.push(`${JSON.stringify(key)}:${unit ? ' ' : ''}`);
      open(val, inner, false);
    }
  }
  return out.join('');
}
