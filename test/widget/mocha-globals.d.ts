// web-test-runner runs these files with Mocha's BDD globals; these are the ones the tests use.
declare function describe(title: string, suite: () => void): void;
declare function it(title: string, test: () => unknown): void;
declare function beforeEach(hook: () => unknown): void;
declare function afterEach(hook: () => unknown): void;
