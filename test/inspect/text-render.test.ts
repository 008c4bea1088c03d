import { describe, expect, it } from 'vitest';
import { summarizeConversations } from '../../src/inspect/model/conversation-list.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import { renderConversationListText, renderConversationText } from '../../src/inspect/render/text-render.ts';
import { DEMO, demoConversation, turnSpans } from './fixtures.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (line: string) => [...line.replace(ANSI, '')].length;

describe('terminal timeline (convtrace show)', () => {
  const c = assembleConversation(demoConversation(), DEMO.conv)!;

  it('prints the header, every turn in order with its span tree, branches and forks', () => {
    const out = renderConversationText(c, { width: 120, color: false });
    const lines = out.split('\n');
    expect(lines[0]).toBe(`Conversation ${DEMO.conv}`);
    // Cost: 1,230 in / 190 out on gpt-4o-mini ($0.15 / $0.60 per million) + 410 / 60 on gpt-4o ($2.50 / $10).
    expect(lines[1]).toBe(
      '4 turns · 16 spans · 4 traces · tokens 1,640→250 · cost $0.0019 · 1 error · 12.40s',
    );
    expect(out).toMatch(/prices as of \d{4}-\d{2}-\d{2}\n/);
    expect(out).toContain('models gpt-4o-2024-07-18, gpt-4o-mini-2024-07-18');
    expect(out).toContain(`↗ forked into ${DEMO.forkConv} (from run ${DEMO.runs[1]})`);
    const turnHeaders = lines.filter((l) => /^\s*#\d+ /.test(l)).map((l) => Number(/#(\d+)/.exec(l)![1]));
    expect(turnHeaders).toEqual([1, 2, 3, 4]);
    // Turn 1: header, run id, prompt, answer, then the tree in start order.
    const t1 = lines.findIndex((l) => l.startsWith('#1 '));
    expect(lines[t1]).toMatch(
      /^#1 10:00:00\.000 · support · 600ms · 290→70 tokens · \$0\.0001 · 2 model · 1 tool$/,
    );
    expect(lines[t1 + 1]!.trim()).toBe(`run ${DEMO.runs[0]}`);
    expect(lines[t1 + 2]!.trim()).toBe('user  What is the weather in Paris?');
    expect(lines[t1 + 3]!.trim()).toBe('agent Sunny, 21°C.');
    const tree = lines
      .slice(t1 + 4, t1 + 10)
      .map((l) => l.trim().replace(/\s+[█▓░\s]*\d+(\.\d+)?(µs|ms|s)\b.*$/, ''));
    expect(tree).toEqual([
      'invoke_agent support',
      '├─ chat gpt-4o-mini',
      '├─ execute_tool get_weather',
      '│  └─ GET',
      '│     └─ GET /weather [weather-svc]',
      '└─ chat gpt-4o-mini',
    ]);
    expect(lines[t1 + 5]).toMatch(/140ms\s+120→30$/);
    // Turn 2's failed tool is marked; turn 3 is a branch, indented one lane.
    expect(lines.find((l) => l.includes('execute_tool forecast'))).toMatch(/✗$/);
    const t3 = lines.findIndex((l) => /^\s+#3 /.test(l));
    expect(lines[t3]!.startsWith('  #3')).toBe(true);
    expect(lines[t3 + 2]!.trim()).toBe('↳ branch of #1 (lane 1)');
  });

  it.each([50, 72, 100, 160])('fits every line in %i columns', (width) => {
    const out = renderConversationText(c, { width, color: true });
    for (const line of out.split('\n')) expect(visible(line)).toBeLessThanOrEqual(width);
  });

  it('colours only when asked, with the same structure either way', () => {
    const plain = renderConversationText(c, { width: 110, color: false });
    const colored = renderConversationText(c, { width: 110, color: true });
    expect(plain).not.toMatch(ANSI);
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, '')).toBe(plain);
  });

  it('scrubs control and bidi characters from span data', () => {
    const evil = turnSpans({
      conversationId: 'evil',
      runId: 'run\u001b]0;owned\u0007',
      at: 0,
      prompt: 'hi\u001b[2J\u001b[31mred\u202eevil\nnext line',
    });
    const out = renderConversationText(assembleConversation(evil, 'evil')!, { width: 100, color: false });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none are left
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(out).toContain('user  hi\ufffd[2J\ufffd[31mred\ufffdevil next line');
  });

  it('lists conversations as a table', () => {
    const out = renderConversationListText(summarizeConversations(demoConversation()), { width: 120 });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONVERSATION\s+TURNS\s+TOKENS in→out\s+COST\s+ERR\s+LAST ACTIVITY\s+MODELS$/);
    expect(lines[1]).toMatch(
      new RegExp(`^${DEMO.forkConv}\\s+1\\s+230→34\\s+\\$0\\.0001\\s+0\\s+2026-11-22 10:00:15`),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^${DEMO.conv}\\s+4\\s+1,640→250\\s+\\$0\\.0019\\s+1\\s+2026-11-22 10:00:12`),
    );
    expect(renderConversationListText([], {})).toBe('No conversations found.\n');
  });
});
