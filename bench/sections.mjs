// The sections of `npm run bench`, in the order they run. `stack`: needs the Worker and the token
// server (started once, shared); `prepare`: runs as soon as the stack is up. Growth runs last: it
// empties the connections table to the sizes it measures.
import { clickSection } from './click.mjs';
import { cpuSection } from './cpu.mjs';
import { growthSection } from './growth.mjs';
import { sizeSection } from './size.mjs';
import { prepareStampede, stampedeSection } from './stampede.mjs';
import { startStack } from './stack.mjs';
import { tokenSection } from './token-api.mjs';

export { startStack };

export const SECTIONS = {
  size: { run: sizeSection },
  click: { run: clickSection, stack: true },
  token: { run: tokenSection, stack: true },
  stampede: { run: stampedeSection, stack: true, prepare: prepareStampede },
  cpu: { run: cpuSection, stack: true },
  growth: { run: growthSection, stack: true },
};
