/** The README's code blocks that tests run or compare with their example files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from './binaries.ts';

/**
 * The first fenced block of `lang` after the marker `<!-- readme-example: NAME -->` in README.md, or
 * undefined when the marker or block is missing.
 */
export function readmeExample(name: string, lang = 'ts'): string | undefined {
  const readme = readFileSync(join(ROOT_DIR, 'README.md'), 'utf8');
  const after = readme.split(`<!-- readme-example: ${name} -->`)[1];
  return after?.match(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``))?.[1];
}
