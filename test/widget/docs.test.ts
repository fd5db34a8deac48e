import { expect } from '@open-wc/testing';

/** The first code block after `heading` in the README. */
async function readmeBlock(heading: string): Promise<string> {
  const readme = await (await fetch('/README.md')).text();
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  return section.match(/```\w*\n([\s\S]*?)\n```/)![1]!;
}

describe('the docs', () => {
  it('the demo page shows the README’s React snippet, word for word', async () => {
    const page = new DOMParser().parseFromString(await (await fetch('/demo/index.html')).text(), 'text/html');
    const snippet = page.querySelector('#react .snippet code')!.textContent;
    expect(snippet).to.equal(await readmeBlock('## Use it from React'));
  });
});
