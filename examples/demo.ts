/** `npm start`: the demo. */
import { formatByConversation, runCoreDemo } from './demo-spans.ts';

console.log(formatByConversation(await runCoreDemo()));
