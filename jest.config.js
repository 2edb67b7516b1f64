/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    // pg-boss 12, file-type and some of their dependencies ship only ES modules; Jest's module system loads
    // CommonJS (natively ESM only under --experimental-vm-modules), so they are compiled like our code
    // (otplib's and @simplewebauthn's crypto dependencies too).
    '^.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.test-esm.json' }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(pg-boss|serialize-error|non-error|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|otplib|@otplib|@scure|@noble|@simplewebauthn|@levischuck|@peculiar|@hexagon)/)',
  ],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
  // undici keeps idle keep-alive sockets to the closed test servers for a few seconds.
  forceExit: true,
};
