import fs from 'node:fs';
import path from 'node:path';
import { assertServerConfig, loadConfig } from '../../src/config';

describe('the built-in development JWT secret', () => {
  it('refuses it when NODE_ENV is unset', () => {
    expect(() => assertServerConfig(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1:1/x' }))).toThrow(
      /JWT_SECRET is not set and NODE_ENV is not explicitly development or test/,
    );
  });

  it('accepts it only when NODE_ENV is explicitly development or test', () => {
    expect(() => assertServerConfig(loadConfig({ NODE_ENV: 'development' }))).not.toThrow();
    expect(() => assertServerConfig(loadConfig({ NODE_ENV: 'test' }))).not.toThrow();
  });

  it('accepts any mode with a JWT_SECRET of its own', () => {
    expect(() => assertServerConfig(loadConfig({ JWT_SECRET: 'x'.repeat(32) }))).not.toThrow();
  });

  it('keeps the README commands working: npm start and npm run dev (its API half) default NODE_ENV to development', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toMatch(/^NODE_ENV=\$\{NODE_ENV:-development\} /);
    expect(pkg.scripts['dev:api']).toMatch(/^NODE_ENV=\$\{NODE_ENV:-development\} /);
  });
});
