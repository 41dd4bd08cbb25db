// package.json's "engines" tells the truth: every Node version it admits is one every installed package declares it runs on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// npm's own range logic, installed with patch-package (a dependency) and dependency-cruiser; untyped, hence require.
const semver = createRequire(import.meta.url)('semver') as { subset(sub: string, sup: string): boolean };

const ours = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('engines', () => {
  it('admits no Node version a dependency (direct or not, dev included) says it does not support', () => {
    const narrower = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, p]) => {
        const theirs = !Array.isArray(p.engines) ? p.engines?.node : undefined;
        return theirs && !semver.subset(ours, theirs) ? [`${path.replace(/^.*node_modules\//, '')}@${p.version}: ${theirs}`] : [];
      });
    expect(narrower).toEqual([]);
  });

  it('is the same in package-lock.json, which npm ci reads', () => {
    expect((lock.packages[''] as { engines: { node: string } }).engines.node).toBe(ours);
  });
});
