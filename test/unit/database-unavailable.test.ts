import { ConnectionException, DriverException } from '@mikro-orm/core';
import { isDatabaseUnavailable } from '../../src/db/unavailable';

describe('isDatabaseUnavailable', () => {
  const withCode = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

  it('recognises a server that went away: terminated backend, refused connection, shutdown, lost client', () => {
    expect(
      isDatabaseUnavailable(
        new DriverException(withCode('terminating connection due to administrator command', '57P01')),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('the database system is shutting down', '57P03'))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('select 1 - Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    expect(isDatabaseUnavailable(new ConnectionException(new Error('boom')))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'outer', cause: withCode('inner', '08006') })).toBe(true);
  });

  it('leaves real bugs and constraint failures alone', () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(
      isDatabaseUnavailable(new DriverException(withCode('duplicate key value violates unique constraint', '23505'))),
    ).toBe(false);
    expect(isDatabaseUnavailable(withCode('invalid input syntax for type uuid', '22P02'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
